"""Benchmark of documents: 300 diplomas in bulk (time, peak memory of the process tree) and a
protocol of a 200-entry category (time).

    .venv/bin/python bench/documents.py [--diplomas 300] [--protocol-entries 200] [--workers 2]

Prints a few lines of figures and, as its last line, one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_of_tree(root: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


class PeakSampler(threading.Thread):
    """Samples the RSS of this process tree every 20 ms and keeps the peak."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_of_tree(os.getpid()))
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
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    total, stack = 0.0, list(children.get(root, []))
    while stack:
        pid = stack.pop()
        total += cpu.get(pid, 0.0)
        stack.extend(children.get(pid, []))
    return total


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
    db.session.commit()
    for cat in [*categories, big]:
        recompute(cat)
    return edition, categories, big


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--diplomas", type=int, default=300)
    parser.add_argument("--protocol-entries", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-documents-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.db'}"
    os.environ["DOCUMENTS_DIR"] = str(workdir / "documents")
    import config

    class BenchConfig(config.Config):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{workdir / 'bench.db'}"
        DOCUMENTS_DIR = str(workdir / "documents")
        SOCKETIO_ASYNC_MODE = "threading"
        LOG_LEVEL = "WARNING"

    from judging import create_app
    from judging.extensions import db

    app = create_app(BenchConfig)
    with app.app_context():
        db.create_all()
        t0 = time.perf_counter()
        edition, categories, big = build_data(db, args.diplomas, args.protocol_entries)
        print(f"data: {args.diplomas} + {args.protocol_entries} entries, 5 judges, in {time.perf_counter() - t0:.1f} s")

        from judging.documents import build, bulk, render

        base_rss = rss_of_tree(os.getpid())
        sampler = PeakSampler()
        sampler.start()
        cpu0 = _cpu()
        t0 = time.perf_counter()
        outcome = bulk.run(edition, "diplomas", "https://judging.example", workdir / "out", workers=args.workers)
        bulk_seconds = time.perf_counter() - t0
        bulk_cpu = _cpu() - cpu0
        peak = sampler.stop()
        children_maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        print(f"bulk: {outcome.documents} diplomas, {outcome.pages} pages, {bulk_seconds:.2f} s, "
              f"peak RSS of the process tree {peak / 2**20:.0f} MB (before: {base_rss / 2**20:.0f} MB; "
              f"largest child {children_maxrss / 2**20:.0f} MB); CPU {bulk_cpu:.1f} s over all processes")

        t0 = time.perf_counter()
        again = bulk.run(edition, "diplomas", "https://judging.example", workdir / "out2", workers=args.workers)
        cached_seconds = time.perf_counter() - t0
        print(f"bulk again (all cached: {again.reused}): {cached_seconds:.2f} s")

        t0 = time.perf_counter()
        render.renderer()
        init_seconds = time.perf_counter() - t0
        # The worker pool is still up from the diplomas (it is kept POOL_IDLE_SECONDS after use), as in a
        # server that has been running; a long protocol is drawn in two parts, one per core.
        cpu0 = _cpu()
        t0 = time.perf_counter()
        document = build.Builder(big.edition, "https://judging.example").protocol(big)
        html_seconds = time.perf_counter() - t0
        pdf = build.pdf_of(document)
        protocol_seconds = time.perf_counter() - t0
        protocol_cpu = _cpu() - cpu0
        import io

        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        parts = len(document.parts or [document.html])
        print(f"protocol: {args.protocol_entries} entries, {pages} pages, drawn in {parts} part(s): {protocol_seconds:.2f} s "
              f"(data and HTML {html_seconds:.2f} s; renderer start {init_seconds:.2f} s not included); "
              f"CPU {protocol_cpu:.2f} s (workers' CPU counts once they have exited)")
        bulk.shutdown_pool()
        time.sleep(0.5)
        t0 = time.perf_counter()
        if document.parts:
            bulk.draw_parts(document.parts, document.footer, document.landscape, workers=args.workers)
        cold_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        cpu0 = _cpu()
        render.html_to_pdf(document.html)
        one_core_seconds, one_core_cpu = time.perf_counter() - t0, _cpu() - cpu0
        print(f"protocol with no pool running (drawn here, part after part): {cold_seconds:.2f} s; "
              f"whole in this process: {one_core_seconds:.2f} s, CPU {one_core_cpu:.2f} s")
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
              "(figures from a busy machine are slower than on an idle one; CPU seconds are not)")

    print(json.dumps({
        "diplomas": outcome.documents,
        "diplomas_pages": outcome.pages,
        "diplomas_seconds": round(bulk_seconds, 2),
        "diplomas_peak_rss_mb": round(peak / 2**20, 1),
        "diplomas_workers": args.workers,
        "diplomas_cpu_seconds": round(bulk_cpu, 1),
        "diplomas_cached_rerun_seconds": round(cached_seconds, 2),
        "protocol_entries": args.protocol_entries,
        "protocol_pages": pages,
        "protocol_seconds": round(protocol_seconds, 2),
        "protocol_cpu_seconds": round(protocol_cpu, 2),
        "protocol_parts": parts,
        "protocol_no_pool_seconds": round(cold_seconds, 2),
        "protocol_one_process_seconds": round(one_core_seconds, 2),
        "protocol_one_process_cpu_seconds": round(one_core_cpu, 2),
        "load_average": round(os.getloadavg()[0], 1),
    }))


if __name__ == "__main__":
    main()
