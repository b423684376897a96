"""Drawing documents with WeasyPrint: shipped fonts only, nothing fetched from a file or the network.

A top-level module on purpose: the bulk pool's spawned worker processes import only this file
(and WeasyPrint), not the web app, which keeps each worker about 45 MB smaller. Pure: no Flask,
no database; judging.documents.render is the app's side of it.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from pathlib import Path
from urllib.request import url2pathname

log = logging.getLogger(__name__)
# WeasyPrint reports every step at INFO: far too chatty for a server log.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

ROOT = Path(__file__).resolve().parent

FONTS_DIR = (ROOT / "static" / "fonts").resolve()
STYLESHEET = ROOT / "templates" / "pdf" / "documents.css"
# Bumped when the way documents are drawn changes, so cached PDFs are made again.
RENDER_VERSION = "1"
# Relative URLs in a document resolve against this address, which the fetcher refuses.
BASE_URL = "https://documents.invalid/"

FONT_FACES = (
    ("DocSans", "normal", "normal", "DejaVuSans.ttf"),
    ("DocSans", "bold", "normal", "DejaVuSans-Bold.ttf"),
    ("DocSerif", "normal", "normal", "DejaVuSerif.ttf"),
    ("DocSerif", "bold", "normal", "DejaVuSerif-Bold.ttf"),
    ("DocSerif", "normal", "italic", "DejaVuSerif-Italic.ttf"),
    ("DocMono", "normal", "normal", "DejaVuSansMono.ttf"),
)


def font_face_css() -> str:
    """@font-face rules naming our shipped files (distinct family names: never a system font)."""
    rules = []
    for family, weight, style, filename in FONT_FACES:
        url = (FONTS_DIR / filename).as_uri()
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; src: url("{url}"); }}'
        )
    return "\n".join(rules)


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class DocumentFetcher(URLFetcher):
        """Serves our font files and data: URIs; refuses every other file and every network address."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data", "file"), timeout=1)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                path = Path(url2pathname(url.split("?")[0].removeprefix("file:"))).resolve()
                if path.parent == FONTS_DIR and path.suffix == ".ttf" and path.is_file():
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/ttf"})
            self.refused.append(url[:200])
            log.info("document asked for %s: refused", url[:200])
            raise ValueError(f"documents may not load {url[:200]}")

    return DocumentFetcher


class Renderer:
    """WeasyPrint with one font configuration and one compiled stylesheet, reused."""

    def __init__(self) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.fetcher = _fetcher_class()()
        self.font_config = FontConfiguration()
        css = font_face_css() + "\n" + STYLESHEET.read_text(encoding="utf-8")
        self.css = CSS(string=css, font_config=self.font_config, url_fetcher=self.fetcher, base_url=BASE_URL)

    def pdf(self, html: str) -> bytes:
        """The PDF of one HTML document."""
        from weasyprint import HTML

        document = HTML(string=html, base_url=BASE_URL, url_fetcher=self.fetcher)
        return document.write_pdf(stylesheets=[self.css], font_config=self.font_config)


_local = threading.local()
# Drop the main thread's renderer before interpreter teardown, when WeasyPrint's __del__ would fail noisily.
atexit.register(lambda: _local.__dict__.clear())


def renderer() -> Renderer:
    """This thread's renderer (WeasyPrint objects are not shared between threads)."""
    current = getattr(_local, "renderer", None)
    if current is None:
        current = _local.renderer = Renderer()
    return current


def html_to_pdf(html: str) -> bytes:
    """Render one document."""
    return renderer().pdf(html)


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so a reader never sees half of it (two workers may make the same document)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def render_batch(items: list[tuple[str, str]]) -> list[str]:
    """Bulk worker: render each (html, target path) to its file; returns the paths written."""
    done = []
    for html, target in items:
        write_atomically(Path(target), html_to_pdf(html))
        done.append(target)
    return done


def warm_up() -> None:
    """Pool initializer: import WeasyPrint and load fonts before the first task arrives."""
    renderer()
