"""Access taken away ends the sockets that used it, and every event checks its right again."""

from __future__ import annotations

from flask import g

from judging.extensions import db
from judging.jury import operations as jury
from tests.realtime.conftest import GOOD, submit


def test_revoking_a_chairs_link_ends_its_tablet_and_its_console_at_once(app, tablet, vocal):
    edition, category, entries, judges = vocal
    chair = judges[0]
    browser = app.test_client()
    assert browser.get(f"/t/{chair.token}").status_code == 200  # the link opens a session
    by_token = tablet(chair.token)
    console = tablet(flask_client=browser, console=edition.id)
    assert by_token.is_connected("/judge") and console.is_connected("/judge")
    jury.revoke_token(chair)
    assert not by_token.is_connected("/judge")
    assert not console.is_connected("/judge")
    # and they are refused when they try again
    assert not tablet(chair.token).is_connected("/judge")
    assert not tablet(flask_client=browser, console=edition.id).is_connected("/judge")


def test_a_new_link_ends_the_old_ones_but_not_the_judges_other_seats(app, tablet, vocal, make_user, client, login):
    edition, category, entries, judges = vocal
    member = judges[1]
    user = make_user("judge")
    member.user_id = user.id
    db.session.commit()
    login(user)
    by_account = tablet(flask_client=client, judge=member.id)
    by_token = tablet(member.token)
    other = tablet(judges[2].token)
    jury.reissue_token(member)
    assert not by_token.is_connected("/judge")
    assert by_account.is_connected("/judge") and other.is_connected("/judge")
    assert submit(by_account, {"entry": entries[0].id, "marks": GOOD})["ok"] is True


def test_unlinking_an_account_ends_its_sockets(app, tablet, vocal, make_user):
    edition, category, entries, judges = vocal
    member = judges[1]
    user = make_user("judge")
    member.user_id = user.id
    db.session.commit()
    phone = app.test_client()
    phone.post("/login", data={"username": user.username, "password": "secret"})
    socket = tablet(flask_client=phone, judge=member.id)
    assert socket.is_connected("/judge")
    jury.update_judge(member, {"name": member.name, "role": "member", "user_id": None})
    assert not socket.is_connected("/judge")
    assert not tablet(flask_client=phone, judge=member.id).is_connected("/judge")


def test_demoting_the_chair_ends_its_console(app, tablet, vocal, make_user):
    edition, category, entries, judges = vocal
    chair = judges[0]
    user = make_user("chair")
    chair.user_id = user.id
    db.session.commit()
    browser = app.test_client()
    browser.post("/login", data={"username": user.username, "password": "secret"})
    console = tablet(flask_client=browser, console=edition.id)
    assert console.is_connected("/judge")
    jury.update_judge(chair, {"name": chair.name, "role": "member", "user_id": user.id})
    assert not console.is_connected("/judge")
    assert not tablet(flask_client=browser, console=edition.id).is_connected("/judge")


def test_signing_out_ends_the_consoles_of_that_sign_in_only(app, tablet, vocal, make_user):
    edition, category, entries, judges = vocal
    user = make_user("organiser")
    office, phone = app.test_client(), app.test_client()
    for browser in (office, phone):
        browser.post("/login", data={"username": user.username, "password": "secret"})
    in_office = tablet(flask_client=office, console=edition.id)
    on_phone = tablet(flask_client=phone, console=edition.id)
    office.post("/logout")
    assert not in_office.is_connected("/judge")
    assert on_phone.is_connected("/judge")


def test_every_event_checks_its_right_again(app, tablet, vocal, make_user):
    """A change made where no socket of this process hears of it (another process, the database)."""
    edition, category, entries, judges = vocal
    member = judges[1]
    user = make_user("judge")
    member.user_id = user.id
    organiser = make_user("organiser")
    db.session.commit()
    phone, office = app.test_client(), app.test_client()
    phone.post("/login", data={"username": user.username, "password": "secret"})
    by_account = tablet(flask_client=phone, judge=member.id)
    office.post("/login", data={"username": organiser.username, "password": "secret"})
    console = tablet(flask_client=office, console=edition.id)
    by_token = tablet(judges[2].token)
    assert all(c.is_connected("/judge") for c in (by_account, console, by_token))
    get_matrix = {"category": category.id}
    assert console.emit("get_matrix", get_matrix, namespace="/judge", callback=True)["ok"] is True

    member.user_id = None
    judges[2].revoke_token()
    organiser.active = False
    db.session.commit()

    assert submit(by_account, {"entry": entries[0].id, "marks": GOOD})["error"]["code"] == "unauthorized"
    assert submit(by_token, {"entry": entries[0].id, "marks": GOOD})["error"]["code"] == "unauthorized"
    assert console.emit("get_matrix", get_matrix, namespace="/judge", callback=True)["error"]["code"] == "unauthorized"



def test_a_session_opened_again_by_remember_me_is_ended_by_signing_out_too(app, tablet, vocal, make_user):
    edition, category, entries, judges = vocal
    user = make_user("organiser")
    browser = app.test_client()
    browser.post("/login", data={"username": user.username, "password": "secret", "remember": "y"})
    browser.delete_cookie("session")  # the browser was closed; the remember-me cookie stays
    g.pop("_login_user", None)  # the fixture's one app context would keep the user of the last request
    assert browser.get("/admin/").status_code == 200
    console = tablet(flask_client=browser, console=edition.id)
    assert console.is_connected("/judge")
    browser.post("/logout")
    assert not console.is_connected("/judge")
