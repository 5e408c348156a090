"""The web app: server-rendered pages (Jinja2 + htmx), the REST API under ``/api/v1`` and the
health check, all calling the :class:`~omprio.store.workspace.Workspace` service.

:func:`omprio.web.app.create_app` builds the app. Modules: ``app`` (the factory), ``auth``
(sessions, CSRF, API tokens), ``errors`` (one error shape), ``middleware``, ``i18n`` (every UI
string, Danish and English), ``templating``, ``figures`` (overview totals and the target),
``effects`` (what an edit does), ``charts`` (inline SVG), ``forms`` (the measure edit form),
``changes`` (diffs for people), ``schemas`` and ``payloads`` (the API's JSON), and ``views/``
(the routes).
"""
