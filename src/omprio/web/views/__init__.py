"""The routes, one module per area: ``catalogs`` (reading pages), ``measures`` (a measure, its
edit form and live preview), ``manage`` (import, stage, public), ``account`` (login), ``api``
(REST API) and ``system`` (health check, API docs). Routes stay thin: they call the workspace
and render a template or return JSON."""
