"""A preset that cannot be used is refused in the organiser's language; the preset's English is the detail."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from judging.admin.operations import AdminError, start_edition


def test_an_unusable_preset_is_refused_in_russian(app):
    with force_locale("ru"), pytest.raises(AdminError) as caught:
        start_edition("no_such_preset", 2026)
    assert caught.value.message.startswith("Шаблон «no_such_preset» нельзя использовать. Подробности: ")
    assert "unknown preset" in caught.value.message  # what exactly is wrong stays readable for support
    assert caught.value.field == "preset"
