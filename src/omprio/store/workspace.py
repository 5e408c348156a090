"""The workspace: the one service the web app, the API and the CLI call to keep catalogs.

Importing a document creates a catalog with version 1; every edit, stage change or re-import
creates the next version with who, when and why. Each version is written in one transaction, so
an import or edit that fails halfway leaves nothing behind. Two people editing the same measure
from the same version: the second gets :class:`~omprio.store.errors.Conflict`, never a silent
overwrite; edits of different measures merge. Every method takes the acting user (``None`` for
an anonymous reader) and checks what that actor may do.

:class:`Workspace` is made of one part per subject, each in its own module:

* :mod:`~omprio.store.versions` - sessions, access checks, versions read and written (the base);
* :mod:`~omprio.store.catalogs` - the list, import, history, stages, public or not, delete;
* :mod:`~omprio.store.renames` - a catalog's name, description and department, renamed;
* :mod:`~omprio.store.edits` - editing one measure, conflicts, the overview following;
* :mod:`~omprio.store.authoring` - a new catalog, measures added, deleted, renumbered, moved,
  themes and sections (the changes as values in :mod:`~omprio.store.catalog_changes`);
* :mod:`~omprio.store.submissions` - each measure's status in the making of the catalog;
* :mod:`~omprio.store.comments` - the comment thread of each measure, mentions, notifications;
* :mod:`~omprio.store.scenarios` - scenarios kept with their catalog;
* :mod:`~omprio.store.rounds` - budget rounds in numbered versions;
* :mod:`~omprio.store.followups` - the budget agreement and its dated follow-ups;
* :mod:`~omprio.store.profiles` - column mappings kept by name (mapping profiles);
* :mod:`~omprio.store.hearing` - the hearing: responses, their links to measures, the purge;
* :mod:`~omprio.store.backup` - backup and restore;
* :mod:`~omprio.store.users` - users, logins, sessions and API tokens.

The records and constants of those modules are importable from here too.
"""

from __future__ import annotations

from omprio.store.account_mappings import AccountMappings
from omprio.store.authoring import Authoring, NewCatalog
from omprio.store.backup import Backup
from omprio.store.catalogs import (
    MAX_UPLOAD_BYTES,
    STAGES,
    CatalogSummary,
    VersionStamp,
)
from omprio.store.edits import EDITABLE, apply_edit
from omprio.store.followups import FollowupInfo, Followups, StoredAgreement, StoredFollowup
from omprio.store.game import BudgetGame
from omprio.store.hearing import Hearing
from omprio.store.identity import RenameInfo
from omprio.store.profiles import MappingProfile, Profiles
from omprio.store.renames import CatalogDetails, Renames
from omprio.store.rounds import Rounds, RoundSummary, RoundVersion, StoredRound
from omprio.store.scenarios import Scenarios, StoredScenario
from omprio.store.submissions import Submissions
from omprio.store.targets import Targets
from omprio.store.users import Accounts
from omprio.store.versions import StoredVersion, VersionInfo

__all__ = [
    "EDITABLE",
    "MAX_UPLOAD_BYTES",
    "STAGES",
    "CatalogDetails",
    "CatalogSummary",
    "FollowupInfo",
    "MappingProfile",
    "NewCatalog",
    "RenameInfo",
    "RoundSummary",
    "RoundVersion",
    "StoredAgreement",
    "StoredFollowup",
    "StoredRound",
    "StoredScenario",
    "StoredVersion",
    "VersionInfo",
    "VersionStamp",
    "Workspace",
    "apply_edit",
]


class Workspace(
    Authoring, Renames, Targets, Submissions, Scenarios, Rounds, Followups, AccountMappings,
    Profiles, Hearing, BudgetGame, Backup, Accounts,
):
    """All catalogs, versions, scenarios and users of one database."""
