"""kg.extract.periods against jionlp's time parser on tests/data/period_cases.yaml.

    python bench/periods_compare.py            # the table, the totals, the speeds
    python bench/periods_compare.py --failures # only the cases one of them gets wrong

Each case is a clause holding a time expression and the document's date; the answer
is the period a figure at the end of the clause would take.

- ours: `kg.extract.periods.find_periods` on the clause as the extractor sees it
  (`kg.text.normalize`: Simplified, half-width), last period found;
- jio-parse: `jionlp.parse_time(expr, time_base=<date 12:00>)` on the time expression
  alone, i.e. with the extraction done for it (its docs ask for a clean time string);
- jio-extract: `jionlp.ner.extract_time(text, time_base=<timestamp>)` on the clause,
  last time entity found: what it would give in the extractor, end to end.

jionlp's time_point / time_span become (start, end) dates ('inf' = open); time_delta
and time_period are no period; an exception is no period.

Speed: the import time of each (fresh interpreter), then calls/s of each on the case
texts (ours: find_periods on the clause; jionlp: parse_time on the expression and
extract_time on the clause), and per document of the seeds (find_periods against
extract_time), against the build's budget: 10,000 documents in 60 s on two cores.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CASES = ROOT / "tests" / "data" / "period_cases.yaml"


def _iso(value) -> str | None:
    return None if value is None else str(value)


def ours(text: str, base: str | None) -> tuple[str | None, str | None]:
    from kg.extract.periods import find_periods
    from kg.text import normalize

    found = find_periods(normalize(text), base)
    return (found[-1].first, found[-1].last) if found else (None, None)


def _jio_result(res) -> tuple[str | None, str | None]:
    if not isinstance(res, dict) or res.get("type") not in ("time_point", "time_span"):
        return None, None
    start, end = res["time"]

    def day(s: str) -> str | None:
        return None if "inf" in s else s[:10]

    return day(start), day(end)


def jio_parse(jio, expr: str, base: str | None) -> tuple[str | None, str | None]:
    kwargs = {"time_base": datetime.fromisoformat(base + " 12:00:00")} if base else {}
    try:
        return _jio_result(jio.parse_time(expr, **kwargs))
    except Exception:  # noqa: BLE001 - a string it cannot parse raises ValueError and others
        return None, None


def jio_extract(jio, text: str, base: str | None) -> tuple[str | None, str | None]:
    stamp = datetime.fromisoformat(base + " 12:00:00").timestamp() if base else None
    try:
        found = jio.ner.extract_time(text, time_base=stamp) if stamp else jio.ner.extract_time(text)
    except Exception:  # noqa: BLE001
        return None, None
    return _jio_result(found[-1]["detail"]) if found else (None, None)


def _show(period: tuple[str | None, str | None]) -> str:
    if period == (None, None):
        return "-"
    return f"{period[0] or '…'}..{period[1] or '…'}"


def _import_seconds(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    return min(runs)


def _rate(fn, items, seconds: float = 1.5) -> float:
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for item in items:
            fn(*item)
        n += len(items)
    return n / (time.perf_counter() - t0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="only rows where one of them is wrong")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurements")
    args = parser.parse_args()
    try:
        import jionlp as jio  # prints a banner on stdout; harmless here
    except ImportError:
        print("jionlp is not installed (pip install jionlp): nothing to compare against")
        return 1
    import yaml

    cases = yaml.safe_load(CASES.read_text("utf-8"))
    rows, totals, by_kind = [], {"ours": 0, "jio-parse": 0, "jio-extract": 0}, {}
    for case in cases:
        base = _iso(case["base"])
        want = (_iso(case["start"]), _iso(case["end"]))
        got = {
            "ours": ours(case["text"], base),
            "jio-parse": jio_parse(jio, case["expr"], base),
            "jio-extract": jio_extract(jio, case["text"], base),
        }
        kind = by_kind.setdefault(case["kind"], {"n": 0} | dict.fromkeys(totals, 0))
        kind["n"] += 1
        for name, period in got.items():
            if period == want:
                totals[name] += 1
                kind[name] += 1
        rows.append((case, want, got))

    print()
    print(f"{'case':24} {'expr':22} {'base':10} {'expected':24} {'ours':24} {'jio-parse':24} {'jio-extract':24}")
    for case, want, got in rows:
        if args.failures and all(p == want for p in got.values()):
            continue
        marks = {k: ("" if v == want else "✗") + _show(v) for k, v in got.items()}
        print(f"{case['id']:24} {case['expr']:22} {_iso(case['base']) or '-':10} {_show(want):24} "
              f"{marks['ours']:24} {marks['jio-parse']:24} {marks['jio-extract']:24}")
    n = len(cases)
    print()
    print(f"{'kind':14} {'n':>3} {'ours':>5} {'jio-parse':>10} {'jio-extract':>12}")
    for kind, k in by_kind.items():
        print(f"{kind:14} {k['n']:3} {k['ours']:5} {k['jio-parse']:10} {k['jio-extract']:12}")
    print(f"{'total':14} {n:3} {totals['ours']:5} {totals['jio-parse']:10} {totals['jio-extract']:12}")
    print("agreement with expected: " + ", ".join(f"{k} {v}/{n} ({v / n:.0%})" for k, v in totals.items()))
    if args.no_speed:
        return 0

    print()
    print(f"import (fresh interpreter, min of 3): kg.extract.periods {_import_seconds('kg.extract.periods'):.3f} s, "
          f"jionlp {_import_seconds('jionlp'):.3f} s")
    texts = [(c["text"], _iso(c["base"])) for c in cases]
    exprs = [(jio, c["expr"], _iso(c["base"])) for c in cases]
    clauses = [(jio, c["text"], _iso(c["base"])) for c in cases]
    ours_rate = _rate(ours, texts)
    parse_rate = _rate(jio_parse, exprs)
    extract_rate = _rate(jio_extract, clauses)
    print(f"calls/s on the {n} cases: ours (normalize + find_periods on the clause) {ours_rate:,.0f}; "
          f"jionlp parse_time (expression) {parse_rate:,.0f}; jionlp extract_time (clause) {extract_rate:,.0f}")

    from kg.extract.periods import find_periods
    from kg.text import normalize

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    docs = [normalize(p.read_text("utf-8")) for p in seeds]
    base = date(2022, 4, 15).isoformat()
    stamp = datetime(2022, 4, 15, 12).timestamp()
    n_exprs = sum(len(find_periods(d, base)) for d in docs)
    t0 = time.perf_counter()
    for _ in range(20):
        for d in docs:
            find_periods(d, base)
    ours_doc = (time.perf_counter() - t0) / (20 * len(docs))
    t0 = time.perf_counter()
    for d in docs:
        jio.ner.extract_time(d, time_base=stamp)
    jio_doc = (time.perf_counter() - t0) / len(docs)
    per_doc_parse = n_exprs / len(docs) / parse_rate
    kb = sum(len(d) for d in docs) / len(docs) / 1000
    budget = 60 * 2 / 10_000
    print(f"per seed document ({kb:.1f} k chars, {n_exprs / len(docs):.1f} expressions found by ours): "
          f"ours {ours_doc * 1000:.2f} ms, jionlp extract_time {jio_doc * 1000:.1f} ms, "
          f"jionlp parse_time on ours' expressions ~{per_doc_parse * 1000:.2f} ms")
    print(f"budget of the whole build: {budget * 1000:.0f} ms of CPU per document (10,000 documents, 60 s, 2 cores); "
          f"for 10,000 documents: ours {ours_doc * 1e4:.1f} s CPU, extract_time {jio_doc * 1e4:.0f} s, "
          f"parse_time per expression {per_doc_parse * 1e4:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
