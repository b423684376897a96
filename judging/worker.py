"""The gunicorn worker for production: `gunicorn -k judging.worker.Worker -w 1 wsgi:app`.

gunicorn's own gevent worker (`-k gevent`) serves no WebSockets at all: python-engineio needs
gevent-websocket's handler, and a tablet or a hall screen (which connect over WebSockets only)
could not connect. This is gevent-websocket's worker with the app's own handler, the one
`python wsgi.py` serves with (judging/serving.py): replies sent at once, a message framed once
for every screen.
"""

from __future__ import annotations

from geventwebsocket.gunicorn.workers import GeventWebSocketWorker

from judging import serving


class Worker(GeventWebSocketWorker):
    wsgi_handler = serving.handler_class()
