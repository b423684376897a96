"""Honest judges while the sockets are abused: ack times with and without floods, and nothing lost.

    .venv/bin/python bench/abuse.py                  # 10 judges x 40 marks, each phase
    .venv/bin/python bench/abuse.py --marks 20 --rounds 10

Starts the app as in production (`python wsgi.py`, gevent, one process, a SQLite file) on
127.0.0.1 and runs two phases. In each, ten judges (python-socketio clients, WebSocket transport,
one thread each) submit their marks one after another, each waiting for its ack, as tablets do.
In the second phase, at the same time, two abusers in another process:

- an anonymous client on /board sends `watch` events back to back, --burst at a time without
  reading; when the server hangs up on it, it connects again (at most --rounds times);
- an eleventh judge's tablet replays one submission (the same client id) the same way.

Everything is bounded: --rounds bursts of --burst messages each, and --timeout seconds per phase.
After the run, every submission acked `ok` is looked up in the database: `lost` counts those
missing (it must be 0). The last line printed is one JSON object with every figure: the honest
judges' ack times (p50, p99, max, in ms) per phase, their refusals by code, the phase's length
and the server's CPU seconds in it (the abusers are processes on the same machine: on a small one
they take CPU from the server, which the ack times then show too), and what the abusers sent and
were told.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.live import CATEGORIES, cpu_seconds, free_port, seed, wait_port  # noqa: E402

HONEST = 10


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def honest_judges(url: str, plan: dict, phase: int, marks: int, timeout: float) -> dict:
    """Ten judges marking, one ack awaited at a time; their ack times and the client ids acked ok."""
    import socketio

    times: list[float] = []
    codes: Counter = Counter()
    stored: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + timeout

    def judge(j: int) -> None:
        client = socketio.Client(reconnection=False)
        client.connect(url, namespaces=["/judge"], transports=["websocket"], auth={"token": plan["tokens"][j]},
                       wait_timeout=10)
        try:
            for m in range(marks):
                if time.monotonic() > deadline:
                    break
                category = m % CATEGORIES
                entry = plan["entries"][category][phase * marks // CATEGORIES + m // CATEGORIES]
                client_id = str(uuid.uuid4())
                payload = {"client_id": client_id, "entry": entry,
                           "marks": {"voice": 5 + j / 10, "technique": 6, "artistry": 7}}
                started = time.monotonic()
                try:
                    ack = client.call("submit", payload, namespace="/judge", timeout=30)
                except socketio.exceptions.TimeoutError:
                    ack = {"ok": False, "error": {"code": "no answer in 30 s"}}
                elapsed = time.monotonic() - started
                with lock:
                    times.append(elapsed)
                    if ack.get("ok"):
                        stored.append(client_id)
                    else:
                        codes[ack["error"]["code"]] += 1
                if not ack.get("ok") and ack["error"]["code"] in ("rate_limited", "retry"):
                    time.sleep(1)  # as the tablet does, more eagerly
        finally:
            client.disconnect()

    threads = [threading.Thread(target=judge, args=(j,)) for j in range(HONEST)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "acks": len(times),
        "ok": len(stored),
        "refused": dict(codes),
        "ack_ms": {"p50": _ms(percentile(times, 50)), "p99": _ms(percentile(times, 99)), "max": _ms(max(times, default=None))},
        "client_ids": stored,
    }


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def flooder(url: str, namespace: str, event: str, payload: dict, auth: dict | None, rounds: int, burst: int,
            stop, out) -> None:
    """Bursts of one event without reading, reconnecting when hung up on; what it was told."""
    import websocket

    told: Counter = Counter()
    sent = hung_up = 0
    frame = json.dumps([event, payload])
    for _ in range(rounds):
        if stop.is_set():
            break
        try:
            ws = websocket.create_connection(url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
                                             timeout=10)
            ws.recv()
            ws.send(f"40{namespace}," + (json.dumps(auth) if auth else ""))
            ws.recv()
            for i in range(burst):
                ws.send(f"42{namespace},{i}{frame}")
                sent += 1
            while True:
                message = ws.recv()
                if message.startswith(f"43{namespace},"):
                    ack = json.loads(message[message.index("["):])[0]
                    told["ok" if ack.get("ok") else ack["error"]["code"]] += 1
                elif message.startswith(f"41{namespace}") or message in ("1", ""):
                    hung_up += 1
                    break
                elif message == "2":
                    ws.send("3")  # answer the ping: this client is only rude, not dead
        except (OSError, websocket.WebSocketException):
            hung_up += 1
        finally:
            try:
                ws.close()
            except Exception:
                pass
    out.put({"namespace": namespace, "sent": sent, "told": dict(told), "hung_up": hung_up})


def lost(database: Path, client_ids: list[str]) -> int:
    """Submissions acked ok whose sheet the database does not hold."""
    import sqlite3

    with sqlite3.connect(database) as conn:
        sheets = {row[0] for row in conn.execute("SELECT id FROM sheet")}
        receipts = {row[0]: json.loads(row[1]) for row in conn.execute("SELECT client_id, receipt FROM submission")}
    return sum(1 for c in client_ids if (receipts.get(c) or {}).get("sheet") not in sheets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marks", type=int, default=40, help="marks per honest judge per phase")
    parser.add_argument("--burst", type=int, default=3000, help="messages per flood burst")
    parser.add_argument("--rounds", type=int, default=30, help="flood bursts per abuser, at most")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per phase, at most")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-abuse-"))
    database = workdir / "abuse.db"
    per_category = max(2, -(-2 * args.marks // CATEGORIES))
    plan = seed(f"sqlite:///{database}", HONEST + 1, per_category)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "SOCKETIO_MESSAGE_QUEUE"}
    env.update(DATABASE_URL=f"sqlite:///{database}", PORT=str(port), HOST="127.0.0.1", SOCKETIO_ASYNC_MODE="gevent",
               LOG_LEVEL="ERROR", SECRET_KEY="bench")
    server = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    figures: dict = {"honest_judges": HONEST, "marks_per_judge": args.marks, "burst": args.burst,
                     "rounds": args.rounds}
    acked: list[str] = []
    try:
        wait_port(url, "/healthz", server)
        started, cpu = time.monotonic(), cpu_seconds(server.pid)
        quiet = honest_judges(url, plan, 0, args.marks, args.timeout)
        quiet["seconds"] = round(time.monotonic() - started, 2)
        quiet["server_cpu_s"] = round(cpu_seconds(server.pid) - cpu, 2)
        acked += quiet.pop("client_ids")
        figures["without_floods"] = quiet

        stop, out = multiprocessing.Event(), multiprocessing.Queue()
        replay = {"client_id": "replayed-again-and-again", "entry": plan["entries"][0][0],
                  "marks": {"voice": 5, "technique": 5, "artistry": 5}}
        abusers = [
            multiprocessing.Process(target=flooder, args=(url, "/board", "watch", {"edition": plan["edition"]}, None,
                                                          args.rounds, args.burst, stop, out)),
            multiprocessing.Process(target=flooder, args=(url, "/judge", "submit", replay,
                                                          {"token": plan["tokens"][HONEST]},
                                                          args.rounds, args.burst, stop, out)),
        ]
        for a in abusers:
            a.start()
        time.sleep(0.5)  # the floods under way before the judges start
        started, cpu = time.monotonic(), cpu_seconds(server.pid)
        flooded = honest_judges(url, plan, 1, args.marks, args.timeout)
        flooded["seconds"] = round(time.monotonic() - started, 2)
        flooded["server_cpu_s"] = round(cpu_seconds(server.pid) - cpu, 2)
        acked += flooded.pop("client_ids")
        stop.set()
        figures["with_floods"] = flooded
        figures["abusers"] = [out.get(timeout=60) for _ in abusers]
        for a in abusers:
            a.join(timeout=30)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    figures["lost"] = lost(database, acked)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
