"""QR codes drawn here as SVG (never fetched): judges' links, the hall screen's results link."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(text: str, scale: int = 6) -> Markup:
    """An inline SVG QR code with a light quiet zone, so phones read it off a screen or paper."""
    return Markup(segno.make(text, error="m").svg_inline(scale=scale, border=2, dark="#000", light="#fff"))
