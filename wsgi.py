"""The production entry point: `gunicorn -k gevent -w 1 wsgi:app`, or `python wsgi.py`."""

if __name__ == "__main__":
    # Served by `python wsgi.py`: gevent must own the network before anything opens a socket.
    # (gunicorn's gevent worker patches by itself; `flask --app wsgi ...` commands need no patching.)
    from gevent import monkey

    monkey.patch_all()

from judging import create_app  # noqa: E402
from judging.extensions import socketio  # noqa: E402

app = create_app()

if __name__ == "__main__":
    socketio.run(app, host=app.config["HOST"], port=app.config["PORT"])
