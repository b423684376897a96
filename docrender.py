"""Drawing documents with WeasyPrint: shipped fonts only, nothing fetched from a file or the network.

A top-level module on purpose: the bulk pool's spawned worker processes import only this file
(and WeasyPrint), not the web app, which keeps each worker about 45 MB smaller. Pure: no Flask,
no database; judging.documents.render is the app's side of it.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import re
import threading
from contextlib import contextmanager
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
RENDER_VERSION = "3"
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


def _lean_html_class():
    """weasyprint.HTML with a leaner user-agent stylesheet, or plain HTML if that sheet has changed.

    WeasyPrint's own sheet styles `::marker` and five footnote/note pseudo-elements for EVERY
    element, so each element gets six extra computed styles: a sixth of a long protocol's time.
    Our documents use no footnotes, and only list items draw markers.
    """
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA, UA_FORM_STYLESHEET

    lean = UA.replace("\n::marker {", "\nli::marker {")
    lean, dropped = re.subn(r"\n::(?:footnote|note)-[a-z-]+ \{[^}]*\}", "", lean)
    if lean.count("li::marker {") != 1 or dropped != 5 or not hasattr(HTML, "_ua_stylesheets"):
        log.warning("WeasyPrint's user-agent stylesheet is not the expected one: drawing with it unchanged")
        return HTML
    # its @counter-style rules are already in WeasyPrint's own counter styles, which every document copies
    sheet = CSS(string=lean, counter_style=CounterStyle())

    class LeanHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [sheet, UA_FORM_STYLESHEET] if forms else [sheet]

    return LeanHTML


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


@contextmanager
def older_objects_left_alone():
    """While a document is drawn, the garbage collector passes over the objects that existed before.

    Laying out a long document makes a few hundred thousand objects that live until it is written,
    so the collector's full passes run several times during one draw, and each walks every object
    of the process: in the web process the whole app, a tenth of a second a pass, a sixth of a
    200-entry protocol's time. Frozen (gc.freeze), the older objects are skipped. At the end one
    pass over the draw's own objects frees the laid-out document's reference cycles at once, rather
    than at a later full pass. Only the collector's bookkeeping changes: nothing still referenced is
    freed; an older object that becomes garbage meanwhile is freed after the draw.

    When objects are frozen already (the server freezes what it loaded at start, see wsgi.py, or
    another draw is under way), nothing is done: unfreezing would give back theirs too.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.collect()
        gc.unfreeze()


class Renderer:
    """WeasyPrint with one font configuration, one compiled stylesheet and one image cache, reused."""

    # Decoded images are kept between documents (the frame, the logo); QR codes differ per document,
    # so the cache is emptied now and then rather than allowed to grow without end.
    MAX_CACHED_IMAGES = 64

    def __init__(self) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.fetcher = _fetcher_class()()
        self.html_class = _lean_html_class()
        self.font_config = FontConfiguration()
        self.images: dict = {}
        css = font_face_css() + "\n" + STYLESHEET.read_text(encoding="utf-8")
        self.css = CSS(string=css, font_config=self.font_config, url_fetcher=self.fetcher, base_url=BASE_URL)

    def document(self, html: str):
        """One HTML document laid out into pages (a weasyprint Document), not yet written."""
        document = self.html_class(string=html, base_url=BASE_URL, url_fetcher=self.fetcher)
        return document.render(stylesheets=[self.css], font_config=self.font_config, cache=self.images)

    def trim_cache(self) -> None:
        """Forget decoded images between jobs (never while laid-out documents still refer to them)."""
        if len(self.images) > self.MAX_CACHED_IMAGES:
            self.images.clear()

    def pdf(self, html: str) -> bytes:
        """The PDF of one HTML document."""
        self.trim_cache()
        with older_objects_left_alone():
            return self.document(html).write_pdf(cache=self.images)

    def pdf_of_pages(self, documents: list) -> bytes:
        """Several laid-out documents as one PDF: fonts are subset and written once for all pages."""
        if len(documents) == 1:
            return documents[0].write_pdf(cache=self.images)
        pages = [page for document in documents for page in document.pages]
        return documents[0].copy(pages).write_pdf(cache=self.images)


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
    """Bulk worker: render each (html, target path) to its own file; returns the paths written."""
    done = []
    for html, target in items:
        write_atomically(Path(target), html_to_pdf(html))
        done.append(target)
    return done


def render_chunk(items: list[tuple[str, str]], chunk_target: str) -> list[str]:
    """Bulk worker: lay out several documents, write them as ONE PDF (chunk_target), then one file each.

    Writing a PDF is a third of a diploma's cost, mostly subsetting and embedding the fonts; written
    together, a chunk's pages share one copy of each font. Each document's own file (for the cache,
    the ZIP and single downloads) is cut from the chunk's PDF with pypdf, which is cheaper than
    writing it again. Returns the per-document paths written.
    """
    import io

    from pypdf import PdfReader, PdfWriter

    current = renderer()
    current.trim_cache()
    documents = [current.document(html) for html, _ in items]
    data = current.pdf_of_pages(documents)
    write_atomically(Path(chunk_target), data)
    reader = PdfReader(io.BytesIO(data))
    first, done = 0, []
    for document, (_, target) in zip(documents, items, strict=True):
        writer = PdfWriter()
        for index in range(first, first + len(document.pages)):
            writer.add_page(_own_resources(reader.pages[index]))
        first += len(document.pages)
        if document.metadata.title:
            writer.add_metadata({"/Title": document.metadata.title})
        out = io.BytesIO()
        writer.write(out)
        write_atomically(Path(target), out.getvalue())
        done.append(target)
    del documents, reader
    _give_back_memory()
    return done


_DRAWN = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s+Do\b")


def _own_resources(page):
    """The page with only the images and forms it draws: a chunk's pages share one resource
    dictionary holding every QR code of the chunk, which a one-page file must not carry."""
    from pypdf.generic import DictionaryObject, NameObject

    resources = page.get("/Resources")
    if resources is None or "/XObject" not in resources.get_object():
        return page
    resources = resources.get_object()
    contents = page.get_contents()
    drawn = {b"/" + name for name in _DRAWN.findall(contents.get_data())} if contents is not None else set()
    objects = resources["/XObject"].get_object()
    own = DictionaryObject({key: value for key, value in resources.items() if key != "/XObject"})
    own[NameObject("/XObject")] = DictionaryObject(
        {key: value for key, value in objects.items() if key.encode() in drawn}
    )
    page[NameObject("/Resources")] = own
    return page


def _give_back_memory() -> None:
    """Return freed memory to the system after a task, so an idle worker stays small (glibc only)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def merge_files(paths: list[str], target: str) -> int:
    """Join PDF files into one (written so no reader sees half of it); returns its page count.

    A bulk run's pool task: pypdf and the merged pages then take memory in a worker, which
    already holds pypdf, rather than in the web process.
    """
    from pypdf import PdfWriter

    writer = PdfWriter()
    for path in paths:
        writer.append(path)
    out = Path(target)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    with tmp.open("wb") as fh:
        writer.write(fh)
    os.replace(tmp, out)
    return len(writer.pages)


def render_pdf(html: str) -> bytes:
    """Pool task: one document's PDF bytes (a part of a long protocol drawn on another core)."""
    return html_to_pdf(html)


def number_pages(pdf: bytes, label: str, landscape: bool) -> bytes:
    """Print «label» bottom left and «N / M» bottom right on every page of a PDF made of parts.

    A long protocol is drawn in parts on both cores; no part knows the page count of the whole, so
    the footers are drawn afterwards: a document of empty pages holding only the footers, laid
    over the parts' pages.
    """
    import html as html_module
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    count = len(writer.pages)
    page = "A4 landscape" if landscape else "A4"
    margins = "12mm 12mm 14mm 12mm" if landscape else "15mm 14mm 16mm 14mm"
    footers = (
        '<!doctype html><html><head><meta charset="utf-8"><style>'
        f"@page {{ size: {page}; margin: {margins};"
        " @bottom-left { content: string(label); font-size: 7pt; color: #666; }"
        ' @bottom-right { content: counter(page) " / " counter(pages); font-size: 7.5pt; color: #666; } }'
        " .label { string-set: label content(); height: 0; overflow: hidden; }"
        f'</style></head><body><div class="label">{html_module.escape(label)}</div>'
        + '<div style="page-break-before: always"></div>' * (count - 1) + "</body></html>"
    )
    stamps = PdfReader(io.BytesIO(html_to_pdf(footers)))
    for target, stamp in zip(writer.pages, stamps.pages, strict=True):
        target.merge_page(stamp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def warm_up() -> None:
    """Pool initializer: import WeasyPrint and load fonts before the first task arrives."""
    renderer()
