"""Drawing under gevent happens off the server's loop: in a native thread, one at a time."""

import threading

import pytest
from gevent.threadpool import ThreadPool

from judging.documents import render


def test_a_drawing_step_runs_in_the_drawing_thread_and_returns_its_result(monkeypatch):
    pool = ThreadPool(1)
    monkeypatch.setattr(render, "_drawing_thread", lambda: pool)
    drawn_on = []

    def draw(html):
        drawn_on.append(threading.get_ident())
        return render.html_to_pdf(html)

    try:
        pdf = render.off_loop(draw, "<p>Әлия Қасымова</p>")
    finally:
        pool.kill()
    assert pdf.startswith(b"%PDF")
    assert drawn_on and drawn_on[0] != threading.get_ident()


def test_a_failing_step_raises_where_it_was_asked_for(monkeypatch):
    pool = ThreadPool(1)
    monkeypatch.setattr(render, "_drawing_thread", lambda: pool)

    def broken():
        raise ValueError("no such font")

    try:
        with pytest.raises(ValueError, match="no such font"):
            render.off_loop(broken)
    finally:
        pool.kill()


def test_without_gevent_the_step_runs_in_place():
    assert render._drawing_thread() is None  # the tests run unpatched
    assert render.off_loop(threading.get_ident) == threading.get_ident()
