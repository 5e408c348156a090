#!/usr/bin/env bash
# The main job: set up, check the bundled reference catalog, then start the web app on the
# embedded SQLite database (first start: the reference catalog is imported and an admin created;
# the URL and the admin's password are printed). Extra arguments go to `omprio serve`.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh
.venv/bin/omprio check tests/data/aarhus-msb-2024-2027.txt || [ $? -eq 1 ]
exec .venv/bin/omprio serve "$@"
