"""Benchmark of documents: 300 diplomas in bulk (time, peak memory of the process tree) and a
protocol of a 200-entry category (time).

    .venv/bin/python bench/documents.py [--diplomas 300] [--protocol-entries 200] [--workers 2]

Prints a few lines of figures and, as its last line, one JSON object.

This process plays the web process: the app loaded, the contest in the database. The data are
written by a separate process beforehand (in production they are in the database, not built in
the web process's memory). The diplomas' peak memory counts this process and every descendant.
The protocol's headline time (protocol_seconds) is what an organiser waits for when no worker
pool is running (it is kept only POOL_IDLE_SECONDS after a bulk run): data, HTML and drawing in the
web process, which has WeasyPrint loaded (it has drawn a document since it started). Beside it:
the same right after the server started (WeasyPrint's start included), and with the pool running.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_of_tree(root: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, read from /proc."""
    return sum(rss_by_process(root).values())


def _tree_stats(root: int) -> dict[int, list[str]]:
    """The /proc/<pid>/stat fields (after the command name) of a process and of each descendant."""
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        stats[int(entry)] = fields
    found, stack = {}, [root]
    while stack:
        pid = stack.pop()
        if pid in stats:
            found[pid] = stats[pid]
        stack.extend(children.get(pid, []))
    return found


def rss_by_process(root: int) -> dict[int, int]:
    """Resident memory (bytes) of a process and of each of its descendants, read from /proc."""
    page = os.sysconf("SC_PAGE_SIZE")
    return {pid: int(fields[21]) * page for pid, fields in _tree_stats(root).items()}


def process_name(pid: int) -> str:
    """What a process of the tree is: this one, a pool worker, multiprocessing's resource tracker."""
    if pid == os.getpid():
        return "web"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            command = fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "gone"
    if "resource_tracker" in command:
        return "tracker"
    return "worker" if "spawn_main" in command else "other"


class PeakSampler(threading.Thread):
    """Samples the RSS of this process tree every 20 ms and keeps the peak and its make-up."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.make_up = ""  # «web 98 + tracker 12 + worker 76 + worker 79» MB at the peak
        self.running = True

    def run(self) -> None:
        while self.running:
            sample = rss_by_process(os.getpid())
            if sum(sample.values()) > self.peak:
                self.peak = sum(sample.values())
                self.make_up = " + ".join(f"{process_name(pid)} {rss / 2**20:.0f}" for pid, rss in sorted(sample.items()))
            time.sleep(0.02)

    def stop(self) -> int:
        self.running = False
        self.join()
        return self.peak


def _cpu() -> float:
    """CPU seconds used so far by this process, its finished children and its living descendants (user + system).

    The documents' worker pool outlives a run (it is kept warm for a while), so its processes' CPU is
    read from /proc while they live.
    """
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime + _living_descendants_cpu(os.getpid())


def _living_descendants_cpu(root: int) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    return sum((int(fields[11]) + int(fields[12])) / tick
               for pid, fields in _tree_stats(root).items() if pid != root)


def build_data(db, n_diplomas: int, protocol_entries: int):
    """An edition with n_diplomas entries in categories of 30, and one category of protocol_entries."""
    from judging.models import Category, Edition, Entry, Judge, Mark, Series, Sheet
    from judging.results import recompute
    from tests.conftest import VOCAL_PARAMS

    rnd = random.Random(7)
    series = Series(key="vocal", name={"kk": "Жұлдыздар", "ru": "Звёзды"})
    edition = Edition(
        series=series, slug="bench", year=2026,
        title={"kk": "«Есіл өңірінің жұлдыздары» облыстық жас вокалистер байқауы — 2026",
               "ru": "Областной конкурс юных вокалистов «Звёзды Приишимья» — 2026"},
        city={"kk": "Петропавл", "ru": "Петропавловск"}, venue={"kk": "Көрермендер залы", "ru": "Зрительный зал"},
        organiser_name={"kk": "Балалар мен жас өспірімдер шығармашылығының облыстық орталығы",
                        "ru": "Областной центр детского и юношеского творчества"},
        director_name="Ә. Қ. Сейітова",
    )
    db.session.add_all([series, edition])
    judges = []
    for i in range(5):
        judge = Judge(edition=edition, position=i, name=f"Әділқазы {i + 1}", role="chair" if i == 0 else "member")
        judges.append(judge)
        db.session.add(judge)
    first_names = ["Әлия", "Ғалым", "Қуаныш", "Өмірзақ", "Ұлжан", "Үміт", "Іңкәр", "Айгүл", "Дана", "Нұрлан"]
    last_names = ["Қасымова", "Омаров", "Сейітова", "Һашимов", "Құдайбергенова", "Жұмабаев", "Бекова"]

    def category(position: int, size: int, owner=None) -> Category:
        cat = Category(
            edition=owner or edition, position=position, nomination_key=f"pop{position}",
            nomination={"kk": "Эстрадалық вокал", "ru": "Эстрадный вокал"},
            age_group_key="10-13", age_group={"kk": "10–13 жас", "ru": "10–13 лет"},
            form_key="solo", form={"kk": "Жеке орындау", "ru": "Соло"},
            rule="criteria_panel", params=VOCAL_PARAMS,
            labels={"voice": {"kk": "Дауыс", "ru": "Голос"}, "technique": {"kk": "Техника", "ru": "Техника"},
                    "artistry": {"kk": "Әртістік", "ru": "Артистизм"}},
        )
        db.session.add(cat)
        db.session.flush()
        for judge in judges:
            judge.categories.append(cat)
        for n in range(1, size + 1):
            entry = Entry(category=cat, number=n, name=f"{rnd.choice(first_names)} {rnd.choice(last_names)}",
                          institution=f"№{rnd.randint(1, 40)} мектеп-гимназия", teacher=f"{rnd.choice(last_names)} Ғ. Ә.",
                          repertoire="«Қара жорға» — қазақ халық әні")
            db.session.add(entry)
            for judge in judges:
                sheet = Sheet(judge=judge, category_id=cat.id, entry=entry)
                db.session.add(sheet)
                for key in ("voice", "technique", "artistry"):
                    sheet.marks.append(Mark(criterion=key, value=Decimal(str(rnd.choice([6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10])))))
        return cat

    categories = []
    remaining, position = n_diplomas, 1
    while remaining > 0:
        size = min(30, remaining)
        categories.append(category(position, size))
        remaining -= size
        position += 1
    # the big category is for the protocol only: in an edition of its own, out of the diploma count
    other = Edition(series=series, slug="bench-protocol", year=2026, title=dict(edition.title), city=dict(edition.city),
                    venue=dict(edition.venue), organiser_name=dict(edition.organiser_name), director_name="Ә. Қ. Сейітова")
    db.session.add(other)
    big = category(1, protocol_entries, other)
    # every sheet is marked: the results are final and published, as diplomas need
    for cat in [*categories, big]:
        cat.judging, cat.visibility = "finalised", "published"
    db.session.commit()
    for cat in [*categories, big]:
        recompute(cat)
    return edition, categories, big


def write_data(workdir: Path, diplomas: int, protocol_entries: int) -> None:
    """Create the bench's database (run in a child process: see the module's docstring)."""
    from judging import create_app
    from judging.extensions import db

    app = create_app(bench_config(workdir))
    with app.app_context():
        db.create_all()
        build_data(db, diplomas, protocol_entries)


def bench_config(workdir: Path):
    import config

    class BenchConfig(config.Config):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{workdir / 'bench.db'}"
        DOCUMENTS_DIR = str(workdir / "documents")
        SOCKETIO_ASYNC_MODE = "threading"
        LOG_LEVEL = "WARNING"

    return BenchConfig


def timed(action):
    """(result, seconds, CPU seconds of the whole process tree) of action()."""
    cpu0, t0 = _cpu(), time.perf_counter()
    result = action()
    return result, time.perf_counter() - t0, _cpu() - cpu0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--diplomas", type=int, default=300)
    parser.add_argument("--protocol-entries", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write-data", metavar="DIR", help=argparse.SUPPRESS)  # the child that writes the data
    args = parser.parse_args()

    if args.write_data:
        write_data(Path(args.write_data), args.diplomas, args.protocol_entries)
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench-documents-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.db'}"
    os.environ["DOCUMENTS_DIR"] = str(workdir / "documents")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--write-data", str(workdir), "--diplomas", str(args.diplomas),
                    "--protocol-entries", str(args.protocol_entries)], check=True)
    print(f"data: {args.diplomas} + {args.protocol_entries} entries, 5 judges, written in {time.perf_counter() - t0:.1f} s")

    from sqlalchemy import select

    from judging import create_app
    from judging.extensions import db
    from judging.models import Edition

    app = create_app(bench_config(workdir))
    with app.app_context():
        from judging.documents import build, bulk

        edition = db.session.scalar(select(Edition).where(Edition.slug == "bench"))
        big = db.session.scalar(select(Edition).where(Edition.slug == "bench-protocol")).categories[0]

        base_rss = rss_of_tree(os.getpid())
        sampler = PeakSampler()
        sampler.start()
        outcome, bulk_seconds, bulk_cpu = timed(
            lambda: bulk.run(edition, "diplomas", "https://judging.example", workdir / "out", workers=args.workers))
        peak = sampler.stop()
        print(f"bulk: {outcome.documents} diplomas, {outcome.pages} pages, {bulk_seconds:.2f} s, "
              f"peak RSS of the process tree {peak / 2**20:.0f} MB = {sampler.make_up} MB "
              f"(this process before: {base_rss / 2**20:.0f} MB); CPU {bulk_cpu:.1f} s over all processes")

        again, cached_seconds, _ = timed(
            lambda: bulk.run(edition, "diplomas", "https://judging.example", workdir / "out2", workers=args.workers))
        print(f"bulk again (all cached: {again.reused}): {cached_seconds:.2f} s")

        # The protocol as an organiser gets it: the pool is stopped (it outlives a bulk run only
        # POOL_IDLE_SECONDS). This process has drawn nothing yet: the first time, WeasyPrint starts too.
        bulk.shutdown_pool()
        time.sleep(0.5)
        assert "weasyprint" not in sys.modules, "the web process drew something before the protocol"

        def protocol() -> tuple[bytes, build.Document]:
            document = build.Builder(big.edition, "https://judging.example").protocol(big)
            build.cache_path(document.key).unlink(missing_ok=True)  # drawn, not taken from the cache
            return build.pdf_of(document), document

        (pdf, document), first_seconds, first_cpu = timed(protocol)
        print(f"protocol as the first document since the server started (WeasyPrint's start included): "
              f"{first_seconds:.2f} s, CPU {first_cpu:.2f} s")
        (pdf, document), protocol_seconds, protocol_cpu = timed(protocol)
        import io

        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(f"protocol: {args.protocol_entries} entries, {pages} pages: {protocol_seconds:.2f} s, CPU {protocol_cpu:.2f} s "
              "(no pool running: data, HTML and drawing in this process, WeasyPrint loaded)")

        # Within POOL_IDLE_SECONDS of a bulk run the pool is still up: a long protocol is then drawn
        # in parts on both cores. Starting the pool is not counted here: it is already running.
        bulk.start_pool(args.workers)
        _, pool_seconds, pool_cpu = timed(protocol)
        parts = len(document.parts or [document.html])
        print(f"protocol with the pool already running (in {parts} parts on both cores): {pool_seconds:.2f} s, "
              f"CPU {pool_cpu:.2f} s")
        bulk.shutdown_pool()
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
              "(figures from a busy machine are slower than on an idle one; CPU seconds are not)")

    print(json.dumps({
        "diplomas": outcome.documents,
        "diplomas_pages": outcome.pages,
        "diplomas_seconds": round(bulk_seconds, 2),
        "diplomas_peak_rss_mb": round(peak / 2**20, 1),
        "diplomas_peak_rss_make_up_mb": sampler.make_up,
        "diplomas_workers": args.workers,
        "diplomas_cpu_seconds": round(bulk_cpu, 1),
        "diplomas_cached_rerun_seconds": round(cached_seconds, 2),
        "protocol_entries": args.protocol_entries,
        "protocol_pages": pages,
        "protocol_seconds": round(protocol_seconds, 2),
        "protocol_cpu_seconds": round(protocol_cpu, 2),
        "protocol_first_document_seconds": round(first_seconds, 2),
        "protocol_first_document_cpu_seconds": round(first_cpu, 2),
        "protocol_pool_running_seconds": round(pool_seconds, 2),
        "protocol_pool_running_cpu_seconds": round(pool_cpu, 2),
        "protocol_parts_with_pool": parts,
        "load_average": round(os.getloadavg()[0], 1),
    }))


if __name__ == "__main__":
    main()
