"""The production entry point: `gunicorn -k gevent -w 1 wsgi:app`, or `python wsgi.py`."""

import gc

if __name__ == "__main__":
    # Served by `python wsgi.py`: gevent must own the network before anything opens a socket.
    # (gunicorn's gevent worker patches by itself; `flask --app wsgi ...` commands need no patching.)
    from gevent import monkey

    monkey.patch_all()

from judging import create_app, serving  # noqa: E402
from judging.extensions import socketio  # noqa: E402

app = create_app()
# What is loaded by now (the app, its libraries, their tables) stays for the life of the process:
# moved out of the collector's sight, the full collections that every burst of marks triggers no
# longer walk through it again and again.
gc.collect()
gc.freeze()

if __name__ == "__main__":
    serving.run(app, socketio)
