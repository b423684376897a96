"""The app's side of drawing documents: cache keys, and the renderer (see docrender.py).

One FontConfiguration and the compiled stylesheet are made once per process (per thread) and
reused: that is what makes a one-page diploma take a tenth of a second.
"""

from __future__ import annotations

import functools
import hashlib
from functools import lru_cache

from docrender import (  # noqa: F401  (re-exported: the app imports drawing from here)
    BASE_URL,
    FONT_FACES,
    FONTS_DIR,
    RENDER_VERSION,
    STYLESHEET,
    Renderer,
    _local,
    html_to_pdf,
    merge_files,
    number_pages,
    render_batch,
    render_chunk,
    render_pdf,
    renderer,
    warm_up,
    write_atomically,
)


@lru_cache(maxsize=1)
def fonts_version() -> str:
    """A fingerprint of what drawing depends on besides the HTML: fonts, stylesheet, WeasyPrint."""
    # the installed version, read without importing WeasyPrint (about 20 MB the web process need not hold)
    from importlib.metadata import version

    digest = hashlib.sha256()
    digest.update(f"{RENDER_VERSION}|{version('weasyprint')}|".encode())
    for _family, _weight, _style, filename in FONT_FACES:
        path = FONTS_DIR / filename
        digest.update(f"{filename}:{path.stat().st_size}|".encode())
    digest.update(STYLESHEET.read_bytes())
    return digest.hexdigest()[:16]


def document_hash(html: str) -> str:
    """The cache key of a document: its HTML (data + template) and the fonts version."""
    return hashlib.sha256(f"{fonts_version()}\n{html}".encode()).hexdigest()


def off_loop(function, *args):
    """Run a drawing step (pure: no app, no database) where it does not stop the server.

    Under gevent (`python wsgi.py`) one thread serves every tablet, console and hall screen, and
    drawing is seconds of pure Python: a protocol drawn in place froze every websocket of the
    contest for over two seconds. There the step runs in one native thread of its own (the GIL
    lets the server's loop in every few milliseconds), one at a time, which also keeps that
    thread's renderer (fonts, stylesheet) for the next document. Elsewhere it runs here.
    """
    pool = _drawing_thread()
    return function(*args) if pool is None else pool.apply(function, args)


@functools.cache
def _drawing_thread():
    from gevent import monkey

    if not monkey.is_module_patched("threading"):
        return None
    # WeasyPrint finds its C libraries at import through a subprocess (ldconfig), which gevent can
    # only watch from its main loop: imported first in the drawing thread, it failed.
    import weasyprint  # noqa: F401
    from gevent.threadpool import ThreadPool

    return ThreadPool(1)
