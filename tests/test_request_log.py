"""The server's request log shows tablet links without the token that opens them."""

from __future__ import annotations

import logging

import pytest

from judging import serving
from judging.request_log import mask_tokens

TOKEN = "Qm9vLXNlY3JldC10b2tlbi1mb3ItanVkZ2UtMQ"


@pytest.mark.parametrize(("line", "masked"), [
    (f'127.0.0.1 - - [x] "GET /t/{TOKEN} HTTP/1.1" 200', '127.0.0.1 - - [x] "GET /t/*** HTTP/1.1" 200'),
    (f'"POST /t/{TOKEN}/language HTTP/1.1" 302', '"POST /t/***/language HTTP/1.1" 302'),
    (f'"GET /t/{TOKEN}?x=1 HTTP/1.1" 200', '"GET /t/***?x=1 HTTP/1.1" 200'),
    ('"GET /results/vocal-2026/t/abc HTTP/1.1" 200', '"GET /results/vocal-2026/t/abc HTTP/1.1" 200'),
    ('"GET /static/js/tablet.js HTTP/1.1" 200', '"GET /static/js/tablet.js HTTP/1.1" 200'),
])
def test_tokens_are_masked_in_request_lines(line, masked):
    assert mask_tokens(line) == masked


def _handler(requestline: str):
    handler_class = serving.handler_class()
    handler = handler_class.__new__(handler_class)  # what the log line is made of, no connection
    handler.requestline, handler.status, handler._orig_status = requestline, "200 OK", "200 OK"
    handler.client_address, handler.response_length = ("127.0.0.1", 5000), 10
    handler.time_start = handler.time_finish = 0
    handler.server = type("Server", (), {})()
    return handler


def test_the_production_server_logs_no_token(app, caplog):
    with caplog.at_level(logging.INFO):
        _handler(f"GET /t/{TOKEN} HTTP/1.1").log_request()
    assert "GET /t/*** HTTP/1.1" in caplog.text
    assert TOKEN not in caplog.text


def test_the_development_server_logs_no_token(app, caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info('%s - - [%s] %s\n', "127.0.0.1", "x",
                                           f'"GET /t/{TOKEN} HTTP/1.1" 200 -')
    assert "/t/***" in caplog.text and TOKEN not in caplog.text
