"""The review app (extra: `greenpen[web]`): the teacher checks, edits and releases feedback.

    from greenpen.web.app import create_app
    app = create_app("greenpen.db")              # a Starlette app; `greenpen serve` runs it

A thin shell over the store (`greenpen.store.db.Store`): pages are server-rendered Jinja2
templates with autoescape on, edits are plain form POSTs (a little JavaScript in
`static/app.js` saves on change and adds keyboard shortcuts), and nothing is loaded from
the network. Only this package and `greenpen serve` open a socket.

Modules: `app` (the application, access token, error pages), `common` (rendering, errors,
flash messages), `pages` (GET routes),
`actions` (POST routes), `queries` (reads the store has no method for), `grouping`
(answers that say the same thing), `highlight` (evidence marked in a student's text).
"""
