"""Live judging under load: judges' marks to hall screens, against a bare Socket.IO relay.

    .venv/bin/python bench/live.py                      # 10 judges x 100 marks; 50 then 500 screens
    .venv/bin/python bench/live.py --screens 50 --marks 20

Starts the app as in production (`python wsgi.py`, gevent, one process, a SQLite file), connects
N judges (/judge, token) and M hall screens (/board, `watch` the edition) with real python-socketio
clients on the WebSocket transport, and submits marks. Latency is submit-to-screen: from a judge
sending `submit` to each screen receiving the `standings` it causes. The same run measures a bare
python-socketio gevent server that only relays the same messages to the same screens.

Correlation is exact: at most one mark per category is in flight at a time (a lock per category
in the client), and the server emits a category's standings before it acks, so the k-th
`standings` of a category on a screen belongs to the k-th mark sent in that category.
The last line printed is one JSON object with every figure. The run stops by itself (--timeout).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CATEGORIES = 10


# ---------------------------------------------------------------------------- the relay server


def run_relay(port: int) -> None:
    """A bare python-socketio gevent server relaying each submit to the watching screens."""
    from gevent import monkey

    monkey.patch_all()
    import socketio
    from gevent import pywsgi
    from geventwebsocket.handler import WebSocketHandler

    server = socketio.Server(async_mode="gevent")
    rows = [{"entry": i, "name": "Ә. Қ.", "place": i, "place_to": i, "score": 9.12, "award": "laureate_1"}
            for i in range(10)]

    @server.on("watch", namespace="/board")
    def watch(sid, data):
        server.enter_room(sid, f"edition:{data['edition']}", namespace="/board")
        return {"ok": True}

    @server.on("connect", namespace="/judge")
    def connect(sid, environ, auth=None):
        return True

    @server.on("submit", namespace="/judge")
    def submit(sid, data):
        server.emit("standings", {"category": data["category"], "visibility": "live", "rows": rows},
                    to=f"edition:{data['edition']}", namespace="/board")
        return {"ok": True, "status": "submitted", "duplicate": False}

    app = socketio.WSGIApp(server)
    pywsgi.WSGIServer(("127.0.0.1", port), app, handler_class=WebSocketHandler, log=None).serve_forever()


# ---------------------------------------------------------------------------- seeding


def seed(database_url: str, judges: int, per_category: int) -> dict:
    """An edition with CATEGORIES live categories, every judge on every panel."""
    from config import TestConfig
    from judging import create_app
    from judging.extensions import db
    from judging.models import Category, Edition, Entry, Judge, Series
    from tests.conftest import VOCAL_PARAMS

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(BenchConfig)
    with app.app_context():
        db.create_all()
        series = Series(key="bench", name={"ru": "Bench"})
        edition = Edition(series=series, slug="bench", year=2026, title={"ru": "Bench"})
        categories = [
            Category(edition=edition, position=i, nomination_key=f"n{i}", rule="criteria_panel",
                     params=VOCAL_PARAMS, visibility="live")
            for i in range(CATEGORIES)
        ]
        panel = [Judge(edition=edition, name=f"Judge {j}", role="member") for j in range(judges)]
        db.session.add_all([series, edition, *categories, *panel])
        for c in categories:
            for j in panel:
                j.categories.append(c)
            for n in range(per_category):
                db.session.add(Entry(category=c, number=n + 1, name=f"Әлия Қасымова {n + 1}"))
        db.session.commit()
        return {
            "edition": edition.id,
            "tokens": [j.token for j in panel],
            "entries": [[e.id for e in c.entries] for c in categories],
            "categories": [c.id for c in categories],
        }


# ---------------------------------------------------------------------------- the load (clients)


def run_clients(url: str, plan: dict, screens: int, marks: int, deadline: float) -> dict:
    """Connect the screens and the judges, submit, and time every mark's arrival on every screen."""
    import gevent
    import socketio
    from gevent.lock import Semaphore
    from gevent.pool import Pool

    edition = plan["edition"]
    categories = plan["categories"]
    arrivals = [{c: [] for c in categories} for _ in range(screens)]
    sent = {c: [] for c in categories}
    locks = {c: Semaphore() for c in categories}
    clients = []

    def connect_screen(i):
        client = socketio.Client(reconnection=False)

        def on_standings(data, i=i):
            if data.get("category") in arrivals[i]:
                arrivals[i][data["category"]].append(time.perf_counter())

        client.on("standings", on_standings, namespace="/board")
        client.connect(url, namespaces=["/board"], transports=["websocket"], wait_timeout=30)
        client.call("watch", {"edition": edition}, namespace="/board", timeout=30)
        clients.append(client)

    pool = Pool(50)
    for i in range(screens):
        pool.spawn(connect_screen, i)
    pool.join(timeout=max(1, deadline - time.monotonic()))
    judges = []
    for token in plan["tokens"]:
        client = socketio.Client(reconnection=False)
        client.connect(url, namespaces=["/judge"], transports=["websocket"], auth={"token": token}, wait_timeout=30)
        judges.append(client)
    clients.extend(judges)
    errors = []

    def judge_work(j, client):
        for s in range(marks):
            if time.monotonic() > deadline:
                return
            k = (j + s) % len(categories)  # judges start on different categories
            index = s // len(categories)
            category = categories[k]
            entry = plan["entries"][k][index]
            payload = {"client_id": f"bench-{j}-{s}-{time.time_ns()}", "entry": entry, "category": category,
                       "edition": edition, "marks": {"voice": 9, "technique": 8.5, "artistry": 9.5}}
            with locks[category]:
                sent[category].append(time.perf_counter())
                ack = client.call("submit", payload, namespace="/judge", timeout=60)
            if not ack or not ack.get("ok"):
                errors.append(ack)

    started = time.perf_counter()
    workers = [gevent.spawn(judge_work, j, c) for j, c in enumerate(judges)]
    gevent.joinall(workers, timeout=max(1, deadline - time.monotonic()))
    elapsed = time.perf_counter() - started
    total = sum(len(v) for v in sent.values())
    gevent.sleep(1.0)  # the last pushes are on their way
    latencies, missing = [], 0
    for screen in arrivals:
        for c in categories:
            got = screen[c]
            for k, t0 in enumerate(sent[c]):
                if k < len(got):
                    latencies.append(got[k] - t0)
                else:
                    missing += 1
    for client in clients:
        try:
            client.disconnect()
        except Exception:
            pass
    latencies.sort()

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1) if latencies else None

    return {
        "screens": screens, "connected_screens": sum(1 for a in arrivals if any(a.values())),
        "marks": total, "seconds": round(elapsed, 2), "marks_per_s": round(total / elapsed, 1) if elapsed else None,
        "p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": pct(1.0), "deliveries": len(latencies),
        "missing_deliveries": missing, "refused": len(errors), "first_refusal": errors[0] if errors else None,
    }


def client_main(args) -> None:
    from gevent import monkey

    monkey.patch_all()
    plan = json.loads(Path(args.plan).read_text())
    result = run_clients(args.url, plan, args.screens, args.marks, time.monotonic() + args.timeout)
    print("RESULT " + json.dumps(result), flush=True)


# ---------------------------------------------------------------------------- orchestration


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(url: str, path: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url + path, timeout=1):
                return
        except OSError as exc:
            if getattr(exc, "code", None):  # an HTTP error still means it listens
                return
            time.sleep(0.2)
    raise SystemExit(f"{url} did not start")


def measure(kind: str, screens: int, judges: int, marks: int, timeout: float, workdir: Path) -> dict:
    """One server (the app, or the relay) on a fresh database, one client run against it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database = workdir / f"{kind}-{screens}.db"
    plan = seed(f"sqlite:///{database}", judges, max(10, -(-marks // CATEGORIES)))
    plan_file = workdir / f"plan-{kind}-{screens}.json"
    plan_file.write_text(json.dumps(plan))
    env = {k: v for k, v in os.environ.items() if k != "SOCKETIO_MESSAGE_QUEUE"}
    env.update(DATABASE_URL=f"sqlite:///{database}", PORT=str(port), SOCKETIO_ASYNC_MODE="gevent",
               LOG_LEVEL="WARNING", SECRET_KEY="bench")
    command = [sys.executable, "wsgi.py"] if kind == "app" else [sys.executable, __file__, "--relay", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(url, "/healthz" if kind == "app" else "/socket.io/?EIO=4&transport=polling", server)
        client = subprocess.run(
            [sys.executable, __file__, "--client", "--url", url, "--plan", str(plan_file),
             "--screens", str(screens), "--marks", str(marks), "--timeout", str(timeout)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout + 120,
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    line = next((ln for ln in client.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"the {kind} client failed:\n{client.stderr[-3000:]}")
    return json.loads(line[len("RESULT "):])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judges", type=int, default=10)
    parser.add_argument("--marks", type=int, default=100, help="marks per judge")
    parser.add_argument("--screens", default="50,500", help="comma-separated screen counts")
    parser.add_argument("--timeout", type=float, default=180, help="seconds per run, at most")
    parser.add_argument("--relay", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.relay:
        run_relay(args.relay)
        return
    if args.client:
        args.screens = int(args.screens)
        client_main(args)
        return
    figures: dict = {"judges": args.judges, "marks_per_judge": args.marks, "runs": {}}
    with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
        for screens in [int(s) for s in args.screens.split(",") if s]:
            app = measure("app", screens, args.judges, args.marks, args.timeout, Path(tmp))
            relay = measure("relay", screens, args.judges, args.marks, args.timeout, Path(tmp))
            ratio = round(app["p99_ms"] / relay["p99_ms"], 2) if app["p99_ms"] and relay["p99_ms"] else None
            figures["runs"][str(screens)] = {"app": app, "relay": relay, "p99_ratio": ratio}
            print(f"{screens} screens: app p50 {app['p50_ms']} ms, p99 {app['p99_ms']} ms, "
                  f"{app['marks_per_s']} marks/s | relay p50 {relay['p50_ms']} ms, p99 {relay['p99_ms']} ms, "
                  f"{relay['marks_per_s']} marks/s | p99 ratio {ratio}", flush=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
