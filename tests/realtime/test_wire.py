"""The sockets' JSON: letters travel as UTF-8, and text that has no UTF-8 still goes out."""

import json

import pytest
from socketio import packet

from judging.realtime import wire


def test_kazakh_and_russian_letters_are_not_escaped():
    text = wire.dumps({"name": "Әлия Қасымова", "award": "Лауреат"}, separators=(",", ":"))
    assert text == '{"name":"Әлия Қасымова","award":"Лауреат"}'
    assert wire.loads(text) == {"name": "Әлия Қасымова", "award": "Лауреат"}


def test_a_lone_surrogate_falls_back_to_escapes():
    text = wire.dumps({"client_id": "\ud800x"})
    text.encode("utf-8")  # would raise if the surrogate were left raw
    assert json.loads(text) == {"client_id": "\ud800x"}


def test_the_socket_server_encodes_with_it(app):
    encoded = packet.Packet(packet.EVENT, data=["standings", {"name": "Ұлжан"}], namespace="/board").encode()
    assert encoded == '2/board,["standings",{"name":"Ұлжан"}]'


def test_what_clients_send_keeps_the_guard_against_huge_integers():
    with pytest.raises(ValueError):
        wire.loads('{"entry": ' + "9" * 101 + "}")
    assert wire.loads('{"entry": 12}') == {"entry": 12}
