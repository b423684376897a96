"""Live judging under load: judges' marks to hall screens, against a bare Socket.IO relay.

    .venv/bin/python bench/live.py                      # 10 judges x 100 marks; 50 then 500 screens
    .venv/bin/python bench/live.py --screens 50 --marks 20

Starts the app as in production (`python wsgi.py`, gevent, one process, a SQLite file), connects
N judges (/judge, token) and M hall screens (/board, `watch` the edition) with real python-socketio
clients on the WebSocket transport, and submits marks. Latency is submit-to-screen: from a judge
sending `submit` to each screen receiving the first `standings` that includes that mark. The same
run measures a bare python-socketio gevent server (same server setup as `python wsgi.py`) that
receives the same `submit` and sends a standings message of the same shape and size to the same
screens, with no database and no scoring.

The clients are asyncio python-socketio clients in several processes (the judges in one, the
screens shared among --client-processes others), so the client side keeps up with the deliveries;
times are `time.monotonic()`, which on Linux is one clock for every process of the machine. The
screens stand in for browsers, each on its own machine in a hall, yet here 500 share two cores
with the server: they decode with orjson, nearer a browser's native JSON.parse than Python's json
module, and without python-engineio's default guard (a Python call per integer, which a server
needs against what clients send): decoding was 60% of a screen process's time. The same clients
measure the app and the relay.

The workload is a contest's: a stage's whole panel marks the performer on it at about the same
moment, then the next performer comes on. Each of --stages stages (default 2: a festival's two
halls; the edition has 10 categories, one stage per category judged now) has its own category,
and every judge's tablet goes round the stages: its s-th mark is for stage s mod stages, entry
s div stages of that stage's running order, so the ten judges of a panel all send their marks
for one entry within a few milliseconds of each other. That is what the server's coalescing
(RESULTS_COALESCE_MS) is for. (A first version spread the judges over every category, each
judge on a different entry, which is the least coalescable load there is but not one a contest
ever makes: a judge never marks ten performers at once.) The marks are sent as fast as the acks
come back, far faster than any real panel, to find the ceiling.

Correlation is by content, so it stays exact whether the server pushes once per mark or once per
burst, and whatever order the panel's marks reach the server in. Judge j marks every criterion
2^j / 1000, the category's panel is a plain mean shown to 6 decimals, and the ack's sheet id
gives the order the server stored an entry's marks in (SQLite has one writer at a time, so its
ids are handed out in commit order). So
the score a screen shows once the entry has its first k stored marks is known after the run, and
no two of those k = 1, 2, ... scores are equal: one would need two disjoint sets of powers of two
with the same mean, and there are none among 13 (checked exhaustively). A screen's score thus
says exactly how many stored marks it includes. Latency is timed from each judge's own send. The
panel sends concurrently, as a real one does (an earlier version queued the panel on a lock per
entry, so as to number the marks in the order sent, which capped the marks in flight at one per
stage). At most 13 judges.

The last line printed is one JSON object with every figure. Beside latency and throughput it
has what tells a server-bound run from a client-bound one: the server's own CPU per mark (the
times depend on what else the two cores run; this hardly does), the judges' ack times, how many
standings messages each screen got and what each cost its client process. The run stops by
itself (--timeout).
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CATEGORIES = 10
MAX_JUDGES = 13  # judge j marks 2^j / 1000, within 0..10 and distinct in every mean (see above)


def _quiet():
    """A logger for the clients' Engine.IO: a screen closed while a backlog drains is not news."""
    import logging

    logger = logging.getLogger("bench.live.clients")
    logger.setLevel(logging.CRITICAL)
    return logger


DECIMALS = 6  # the bench category's scores: distinct means of up to 13 marks stay distinct


def mark_value(judge: int) -> float:
    """Every criterion of judge number `judge`'s marks."""
    return 2**judge / 1000


def shown_mean(values: list[float]) -> float:
    """A plain mean as the app prints it: exact, rounded half up to DECIMALS places."""
    from fractions import Fraction

    mean = sum(Fraction(v) for v in values) / len(values)
    return math.floor(mean * 10**DECIMALS + Fraction(1, 2)) / 10**DECIMALS


def prefix_scores(judges_in_stored_order: list[int]) -> list[float]:
    """The score shown once an entry has its first k stored marks, for k = 1, 2, ..."""
    values = [mark_value(j) for j in judges_in_stored_order]
    return [shown_mean(values[:k]) for k in range(1, len(values) + 1)]


def marks_covered(score, prefixes: list[float]) -> int:
    """How many stored marks a shown score includes (0 for a score of no prefix)."""
    if score is None:
        return 0
    for k, value in enumerate(prefixes, 1):
        if abs(value - float(score)) < 0.5 * 10**-DECIMALS:
            return k
    return 0


# ---------------------------------------------------------------------------- the relay server


def run_relay(port: int, plan_file: str) -> None:
    """A bare python-socketio gevent server: each submit becomes a same-sized standings push."""
    from gevent import monkey

    monkey.patch_all()
    import socketio

    from judging import serving
    from judging.realtime import wire

    plan = json.loads(Path(plan_file).read_text())

    server = socketio.Server(async_mode="gevent", json=wire)  # the app's JSON: same bytes on the wire
    category_of = {e: c for c, entries in zip(plan["categories"], plan["entries"], strict=True) for e in entries}
    entries_of = dict(zip(plan["categories"], plan["entries"], strict=True))
    names = {int(k): v for k, v in plan["names"].items()}
    values: dict[int, list[float]] = {}
    stored = iter(range(1, 10**9))  # sheet ids in the order submissions arrive, as the app's commits
    label = {"kk": "Эстрада · 10–13 · жеке", "ru": "Эстрада · 10–13 · соло"}

    def payload(category: int) -> dict:
        rows = []
        for entry in entries_of[category]:
            marks = values.get(entry)
            score = shown_mean(marks) if marks else None
            rows.append({"entry": entry, "number": entry, "name": names[entry], "place": None, "place_to": None,
                         "score": score, "award": "laureate_1" if marks else None})
        rows.sort(key=lambda r: -(r["score"] or 0))
        for place, row in enumerate(rows, 1):
            row["place"] = row["place_to"] = place
        return {"category": category, "visibility": "live", "label": label, "show_places": True, "rows": rows,
                "award_labels": {"laureate_1": {"kk": "I дәрежелі лауреат", "ru": "Лауреат I степени"}}}

    @server.on("watch", namespace="/board")
    def watch(sid, data):
        server.enter_room(sid, f"edition:{data['edition']}:board", namespace="/board")
        return {"ok": True}

    @server.on("connect", namespace="/judge")
    def connect(sid, environ, auth=None):
        return True

    @server.on("submit", namespace="/judge")
    def submit(sid, data):
        entry = int(data["entry"])
        values.setdefault(entry, []).append(float(data["marks"]["voice"]))  # all criteria are equal
        server.emit("standings", payload(category_of[entry]), to=f"edition:{plan['edition']}:board",
                    namespace="/board")
        return {"ok": True, "status": "submitted", "duplicate": False, "sheet": next(stored)}

    serving.serve(socketio.WSGIApp(server), "127.0.0.1", port)  # as the app is served


# ---------------------------------------------------------------------------- seeding


def seed(database_url: str, judges: int, per_category: int) -> dict:
    """An edition with CATEGORIES live categories, every judge on every panel."""
    from config import TestConfig
    from judging import create_app
    from judging.extensions import db
    from judging.models import Category, Edition, Entry, Judge, Series
    from judging.privacy import display_name
    from tests.conftest import VOCAL_PARAMS

    criteria = [{"key": key, "min": 0, "max": 10, "step": 0.001} for key in ("voice", "technique", "artistry")]
    BENCH_PARAMS = {**VOCAL_PARAMS, "criteria": criteria, "panel": "mean", "decimals": DECIMALS}

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(BenchConfig)
    with app.app_context():
        db.create_all()
        series = Series(key="bench", name={"ru": "Bench"})
        edition = Edition(series=series, slug="bench", year=2026, title={"ru": "Bench"})
        categories = [
            Category(edition=edition, position=i, nomination_key=f"n{i}", rule="criteria_panel",
                     params=BENCH_PARAMS, visibility="live")
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
            "names": {e.id: display_name(e, edition) for c in categories for e in c.entries},
        }


# ---------------------------------------------------------------------------- the load (clients)


class _BrowserJson:
    """What the simulated screens decode with: orjson, nearer a browser's native JSON.parse than
    the standard module (they only send a `watch` each, with the standard one)."""

    dumps = staticmethod(json.dumps)

    @staticmethod
    def loads(text, **_kwargs):
        import orjson

        return orjson.loads(text)


async def _screens(url: str, plan: dict, count: int, conn) -> None:
    """Open `count` screens, report, get the marks sent, wait for them to arrive, send the latencies."""
    import asyncio

    import socketio

    # seen[i][entry]: (when, score) each time screen i showed the entry with a new score
    seen: list[dict[int, list[tuple[float, float | None]]]] = [{} for _ in range(count)]
    received = [0]  # standings messages, all screens together
    clients = []

    def handler(i: int):
        shown = seen[i]
        last: dict[int, float | None] = {}  # entry -> the score this screen shows now

        def on_standings(data):
            # As little as a screen can do per row: the simulated screens share the server's cores.
            now = time.monotonic()
            received[0] += 1
            for row in data.get("rows") or ():
                entry, score = row["entry"], row.get("score")
                if entry not in last or last[entry] != score:
                    last[entry] = score
                    shown.setdefault(entry, []).append((now, score))
        return on_standings

    gate = asyncio.Semaphore(50)

    async def open_screen(i: int) -> None:
        client = socketio.AsyncClient(reconnection=False, engineio_logger=_quiet(), json=_BrowserJson)
        client.on("standings", handler(i), namespace="/board")
        async with gate:
            try:
                await client.connect(url, namespaces=["/board"], transports=["websocket"], wait_timeout=30)
                await client.call("watch", {"edition": plan["edition"]}, namespace="/board", timeout=30)
            except Exception:
                return
        clients.append(client)

    await asyncio.gather(*(open_screen(i) for i in range(count)))
    conn.send({"connected": len(clients)})
    await asyncio.to_thread(conn.recv)  # the go
    cpu_at_go = time.process_time()
    order = await asyncio.to_thread(conn.recv)  # {"sent": [[entry, judge, sheet, t]], "settle": seconds}
    stored: dict[int, list[tuple[int, int, float]]] = {}  # entry -> (sheet, judge, t) in the order stored
    for entry, judge, sheet, t in order["sent"]:
        stored.setdefault(entry, []).append((sheet, judge, t))
    prefixes = {}
    for entry, marks in stored.items():
        marks.sort()
        prefixes[entry] = prefix_scores([judge for _sheet, judge, _t in marks])

    def settled() -> bool:
        return all(shown.get(entry) and marks_covered(shown[entry][-1][1], scores) == len(scores)
                   for shown in seen for entry, scores in prefixes.items())

    deadline = time.monotonic() + order["settle"]
    while time.monotonic() < deadline and not settled():
        await asyncio.sleep(0.1)
    cpu = time.process_time() - cpu_at_go
    histogram: Counter = Counter()  # latency in 0.1 ms -> deliveries
    missing = 0
    for shown in seen:  # a screen that could not connect misses everything
        for entry, marks in stored.items():
            changes = shown.get(entry, ())
            covered = [(when, marks_covered(score, prefixes[entry])) for when, score in changes]
            for k, (_sheet, _judge, t) in enumerate(marks, 1):
                when = next((when for when, c in covered if c >= k), None)
                if when is None:
                    missing += 1
                else:
                    histogram[max(0, round((when - t) * 10_000))] += 1
    await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)
    conn.send({"histogram": dict(histogram), "missing": missing, "messages": received[0], "cpu": cpu})


async def _judges(url: str, plan: dict, marks: int, timeout: float, conn) -> None:
    """Connect the judges, wait for the go, submit as fast as the acks come, send what was sent when."""
    import asyncio

    import socketio

    judges = []
    for token in plan["tokens"]:
        client = socketio.AsyncClient(reconnection=False, engineio_logger=_quiet())
        await client.connect(url, namespaces=["/judge"], transports=["websocket"], auth={"token": token},
                             wait_timeout=30)
        judges.append(client)
    conn.send({"connected": len(judges)})
    await asyncio.to_thread(conn.recv)
    deadline = time.monotonic() + timeout
    sent: list[tuple[int, int, int, float]] = []
    acks: list[float] = []  # seconds from each send to its ack
    errors: list = []
    stages = plan["stages"]

    async def work(j: int, client) -> None:
        for s in range(marks):
            if time.monotonic() > deadline:
                return
            # the whole panel on the same performer of the same stage, then the next one
            entry = plan["entries"][s % stages][s // stages]
            value = mark_value(j)
            payload = {"client_id": f"bench-{j}-{s}-{time.time_ns()}", "entry": entry,
                       "marks": {"voice": value, "technique": value, "artistry": value}}
            t = time.monotonic()
            try:
                ack = await client.call("submit", payload, namespace="/judge", timeout=60)
            except Exception as exc:  # a timeout: the server is stuck or gone
                ack = {"ok": False, "error": repr(exc)}
            acks.append(time.monotonic() - t)
            if ack and ack.get("ok"):
                sent.append((entry, j, ack["sheet"], t))
            else:
                errors.append(ack)

    started = time.monotonic()
    await asyncio.gather(*(work(j, c) for j, c in enumerate(judges)))
    elapsed = time.monotonic() - started
    await asyncio.gather(*(c.disconnect() for c in judges), return_exceptions=True)
    acks.sort()
    ack_ms = {f"ack_p{p}_ms": round(1000 * acks[min(len(acks) - 1, len(acks) * p // 100)], 1) if acks else None
              for p in (50, 99)}
    conn.send({"sent": sent, "elapsed": elapsed, **ack_ms, "refused": len(errors), "first_refusal": errors[0] if errors else None})


def _process_main(role: str, url: str, plan: dict, arg: int, timeout: float, conn) -> None:
    import asyncio

    if role == "screens":
        asyncio.run(_screens(url, plan, arg, conn))
    else:
        asyncio.run(_judges(url, plan, arg, timeout, conn))


def run_clients(url: str, plan: dict, screens: int, marks: int, timeout: float, processes: int,
                server_pid: int) -> dict:
    """Screens in `processes` processes and the judges in one more; the latencies of every delivery."""
    context = multiprocessing.get_context("spawn")
    shares = [screens // processes + (1 if i < screens % processes else 0) for i in range(processes)]
    workers = []
    for share in [s for s in shares if s]:
        mine, theirs = context.Pipe()
        process = context.Process(target=_process_main, args=("screens", url, plan, share, timeout, theirs), daemon=True)
        process.start()
        workers.append((process, mine))
    judge_conn, theirs = context.Pipe()
    judges = context.Process(target=_process_main, args=("judges", url, plan, marks, timeout, theirs), daemon=True)
    judges.start()
    try:
        connected = sum(_receive(conn, process, 120)["connected"] for process, conn in workers)
        _receive(judge_conn, judges, 60)
        judge_conn.send("go")
        for _process, conn in workers:
            conn.send("go")
        cpu_at_go = cpu_seconds(server_pid)
        done = _receive(judge_conn, judges, timeout + 70)
        for _process, conn in workers:
            conn.send({"sent": done["sent"], "settle": 10.0})
        histogram: Counter = Counter()
        missing = messages = 0
        screens_cpu = 0.0
        for process, conn in workers:
            part = _receive(conn, process, 120)
            histogram.update({int(k): v for k, v in part["histogram"].items()})
            missing += part["missing"]
            messages += part["messages"]
            screens_cpu += part["cpu"]
        # The server's own CPU: unlike the times, hardly moved by what else the cores run (the
        # clients share them). From the go until every screen has everything (and disconnected).
        server_cpu = cpu_seconds(server_pid) - cpu_at_go
    finally:
        for process in [p for p, _c in workers] + [judges]:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
    total, elapsed = len(done["sent"]), done["elapsed"]
    deliveries = sum(histogram.values())

    def pct(p: float):
        if not deliveries:
            return None
        rank, counted = min(deliveries - 1, int(p * deliveries)), 0
        for tenths in sorted(histogram):
            counted += histogram[tenths]
            if counted > rank:
                return round(tenths / 10, 1)
        return None

    return {
        "screens": screens, "connected_screens": connected,
        "marks": total, "seconds": round(elapsed, 2), "marks_per_s": round(total / elapsed, 1) if elapsed else None,
        "p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": pct(1.0), "deliveries": deliveries,
        "missing_deliveries": missing, "refused": done["refused"], "first_refusal": done["first_refusal"],
        "standings_per_screen": round(messages / connected, 1) if connected else None,
        # what a screen costs its client process (a Python client: a browser is its own machine)
        "screens_cpu_us_per_message": round(1e6 * screens_cpu / messages) if messages else None,
        "ack_p50_ms": done["ack_p50_ms"], "ack_p99_ms": done["ack_p99_ms"],
        "server_cpu_s": round(server_cpu, 2),
        "server_cpu_ms_per_mark": round(1000 * server_cpu / total, 2) if total else None,
    }


def _receive(conn, process, timeout: float):
    if not conn.poll(timeout):
        raise SystemExit(f"a client process did not answer in {timeout:.0f} s (alive: {process.is_alive()})")
    return conn.recv()


# ---------------------------------------------------------------------------- orchestration


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


def measure(kind: str, screens: int, judges: int, marks: int, stages: int, timeout: float, processes: int,
            workdir: Path) -> dict:
    """One server (the app, or the relay) on a fresh database, one client run against it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database = workdir / f"{kind}-{screens}.db"
    plan = seed(f"sqlite:///{database}", judges, max(10, -(-marks // stages)))
    plan["stages"] = stages
    plan_file = workdir / f"plan-{kind}-{screens}.json"
    plan_file.write_text(json.dumps(plan))
    env = {k: v for k, v in os.environ.items() if k != "SOCKETIO_MESSAGE_QUEUE"}
    env.update(DATABASE_URL=f"sqlite:///{database}", PORT=str(port), SOCKETIO_ASYNC_MODE="gevent",
               LOG_LEVEL="WARNING", SECRET_KEY="bench")
    command = ([sys.executable, "wsgi.py"] if kind == "app"
               else [sys.executable, __file__, "--relay", str(port), "--plan", str(plan_file)])
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(url, "/healthz" if kind == "app" else "/socket.io/?EIO=4&transport=polling", server)
        plan["names"] = {}  # the clients need ids only
        return run_clients(url, plan, screens, marks, timeout, processes, server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judges", type=int, default=10, choices=range(1, MAX_JUDGES + 1), metavar="1..13")
    parser.add_argument("--marks", type=int, default=100, help="marks per judge")
    parser.add_argument("--screens", default="50,500", help="comma-separated screen counts")
    parser.add_argument("--stages", type=int, default=2, choices=range(1, CATEGORIES + 1), metavar="1..10",
                        help="stages (categories) judged at once, each by the whole panel")
    parser.add_argument("--client-processes", type=int, default=2, help="processes sharing the screens")
    parser.add_argument("--timeout", type=float, default=180, help="seconds of submitting per run, at most")
    parser.add_argument("--only", choices=("app", "relay"), help="measure one server only")
    parser.add_argument("--relay", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.relay:
        run_relay(args.relay, args.plan)
        return
    figures: dict = {"judges": args.judges, "marks_per_judge": args.marks, "stages": args.stages,
                     "client_processes": args.client_processes,
                     "cpus": os.cpu_count(), "runs": {}}
    kinds = [args.only] if args.only else ["app", "relay"]
    with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
        for screens in [int(s) for s in args.screens.split(",") if s]:
            run = {kind: measure(kind, screens, args.judges, args.marks, args.stages, args.timeout,
                              args.client_processes, Path(tmp))
                   for kind in kinds}
            app, relay = run.get("app"), run.get("relay")
            if app and relay:
                run["p99_ratio"] = (round(app["p99_ms"] / relay["p99_ms"], 2)
                                    if app["p99_ms"] and relay["p99_ms"] else None)
            figures["runs"][str(screens)] = run
            print(f"{screens} screens: " + " | ".join(
                f"{kind} p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, {r['marks_per_s']} marks/s, "
                f"{r['missing_deliveries']} missing, server CPU {r['server_cpu_ms_per_mark']} ms/mark" for kind, r in run.items() if isinstance(r, dict))
                + (f" | p99 ratio {run['p99_ratio']}" if "p99_ratio" in run else ""), flush=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
