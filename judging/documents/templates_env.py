"""Document templates: shipped defaults and organisers' own versions, rendered in a Jinja sandbox.

An organiser's template is untrusted text. It is rendered by an `ImmutableSandboxedEnvironment`
(no `__class__`, no `mro`, no mutation of the data), with autoescaping on, and it only ever sees
plain data (dicts, lists, strings): no model object, no app, no request. The HTML it produces is
then rendered by WeasyPrint with a URL fetcher that refuses everything but our fonts and data: URIs
(see render.py), so a template can neither read a file nor reach the network.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from jinja2 import BaseLoader, TemplateNotFound, TemplateSyntaxError, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from config import ROOT

DEFAULTS_DIR = ROOT / "templates" / "pdf"
# The kinds of document an organiser can edit, each a file in templates/pdf/.
KINDS = ("diploma", "thanks", "protocol", "sheet", "blank_sheet", "cards", "confirmation")
_NAME = re.compile(r"_?[a-z_]+\.html")
MAX_TEMPLATE_CHARS = 100_000


def default_source(kind: str) -> str:
    """The shipped template of a document kind."""
    if kind not in KINDS:
        raise TemplateNotFound(kind)
    return (DEFAULTS_DIR / f"{kind}.html").read_text(encoding="utf-8")


class DocumentLoader(BaseLoader):
    """Templates by kind: the edition's own version first, else the shipped file; nothing else."""

    def __init__(self, overrides: dict[str, str] | None = None) -> None:
        self.overrides = dict(overrides or {})

    def get_source(self, environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        kind = template.removesuffix(".html")
        if kind in self.overrides:
            return self.overrides[kind], None, lambda: True
        # Only plain names of shipped files (kind.html, _macros.html): no paths, no "..".
        if not _NAME.fullmatch(template):
            raise TemplateNotFound(template)
        path: Path = DEFAULTS_DIR / template
        if not path.is_file():
            raise TemplateNotFound(template)
        return path.read_text(encoding="utf-8"), None, lambda: True


def each_language(texts: dict | None, languages: list[str] | tuple[str, ...] = ("kk", "ru")) -> list[str]:
    """The texts of a {"kk", "ru", "en"} dict in the document's languages, skipping missing and repeated ones."""
    if not texts:
        return []
    if isinstance(texts, str):
        return [texts]
    seen: list[str] = []
    for lang in languages:
        text = texts.get(lang)
        if text and text not in seen:
            seen.append(text)
    return seen


def both(texts: dict | None, languages: list[str] | tuple[str, ...] = ("kk", "ru"), sep: str = " / ") -> str:
    """«Kazakh / Russian» from a {"kk", "ru", "en"} dict, skipping missing and repeated texts."""
    return sep.join(each_language(texts, languages))


def one(texts: dict | None, lang: str) -> str:
    """One language's text from a dict, falling back to any other."""
    if not texts:
        return ""
    if isinstance(texts, str):
        return texts
    return texts.get(lang) or texts.get("ru") or texts.get("kk") or next((v for v in texts.values() if v), "")


def number(value, decimals: int | None = None) -> str:
    """A score as printed: 9.5, 8.73, 10 (no trailing zeros unless decimals is given)."""
    if value is None or value == "":
        return "—"
    text = str(value)
    try:
        from decimal import Decimal

        d = Decimal(text)
    except ArithmeticError:
        return text
    if decimals is not None:
        return f"{d:.{decimals}f}"
    text = format(d.normalize(), "f")
    return text


def make_env(overrides: dict[str, str] | None = None) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment for documents, with the edition's own templates over the defaults."""
    env = ImmutableSandboxedEnvironment(
        loader=DocumentLoader(overrides),
        autoescape=True,
        undefined=Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["both"] = both
    env.filters["one"] = one
    env.filters["number"] = number
    env.globals["both"] = both
    env.globals["each_language"] = each_language
    env.globals["one"] = one
    return env


def render(kind: str, context: dict, overrides: dict[str, str] | None = None) -> str:
    """Render a document kind to HTML with plain data."""
    return make_env(overrides).get_template(f"{kind}.html").render(**context)


@dataclass
class TemplateProblem(Exception):
    """What is wrong with an organiser's template: the line (when known), the message in the
    organiser's language, and Jinja's own English text as the technical detail."""

    message: str
    line: int | None = None
    detail: str = ""

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


def check(kind: str, body: str, context: dict) -> str:
    """Compile and trial-render an edited template with real-looking data; TemplateProblem if it fails."""
    if len(body) > MAX_TEMPLATE_CHARS:
        raise TemplateProblem(_("A template may have at most %(n)s characters.", n=MAX_TEMPLATE_CHARS))
    env = make_env({kind: body})
    try:
        template = env.get_template(f"{kind}.html")
    except TemplateSyntaxError as exc:
        raise TemplateProblem(_("The template has a syntax error."), exc.lineno, exc.message or str(exc)) from None
    try:
        return template.render(**context)
    except SecurityError as exc:
        raise TemplateProblem(_("The template uses something a document template may not use."),
                              _line_of(exc, kind), str(exc)) from None
    except Exception as exc:  # a template can fail in any way (bad filter, division by zero, ...)
        raise TemplateProblem(_("The template fails on the sample data."), _line_of(exc, kind),
                              f"{type(exc).__name__}: {exc}") from None


def _line_of(exc: BaseException, kind: str) -> int | None:
    """The template line where rendering failed: Jinja puts template frames in the traceback."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in (f"{kind}.html", "<template>"):
            line = frame.lineno
    return line


def safe_markup(svg_or_html: str) -> Markup:
    """Mark our own generated markup (never organiser or participant text) as safe."""
    return Markup(svg_or_html)
