"""Long fuzz run of the record loader, outside CI (CI runs tests/test_fuzz_loader.py's short one).

    .venv/bin/python scripts/fuzz_loader.py --cases 100000 [--seed 1] [--workers 2]

Each case is a file a careless or hostile hand could make — a demo record with bytes flipped,
lines dropped, doubled or swapped, YAML syntax spliced in (anchors, aliases, tags, brackets,
deep nesting, block scalars, full-width colons, tabs, control characters, HTML), re-encoded
(GBK, UTF-16, a BOM), or random bytes — read, validated and scanned for personal data exactly as
`cwgk check` does. Reports the cases run, the distinct problems found (by message shape), every
traceback (must be none), and the worst time and memory (Python allocations, tracemalloc) for
one file.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import re
import sys
import time
import traceback
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from cwgk.markdown_body import sanitiser_report  # noqa: E402
from cwgk.personal_data import scan  # noqa: E402
from cwgk.source_reader import (  # noqa: E402
    MAX_RECORD_BYTES,
    ReadFailed,
    guess_encoding,
    parse_source,
)
from cwgk.validate import validate_document  # noqa: E402

SEEDS = [p.read_bytes() for p in sorted((ROOT / "data").rglob("*.yaml"))]
SPLICES = [
    "&a ",
    "*a",
    "!foo ",
    "!!binary ",
    "!!python/object:os.system ",
    "<<: *a\n",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "：",
    "\t",
    "|\n",
    ">-\n",
    "- ",
    "? ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "#",
    "'",
    '"',
    "\\",
    "\x00",
    "\x1b",
    "\x85",
    "\u2028",
    "\ufeff",
    "<math><mglyph><style>",
    "<script>x()</script>",
    "<img src=x onerror=alert(1)>",
    "13812345678",
    "zhang@qq.com",
    "350102199003071234",
    "9999-12-31",
    "2024-02-30",
    "18万",
    "１２３４",
    "-1",
    "1e308",
    ".inf",
    "~",
    "null",
    "yes",
    "0012",
    "17:30",
    "25:99",
    "公示期:\n  开始: 2026-11-20\n  工作日: 0\n",
]


def deep(rng: random.Random) -> str:
    n = rng.choice([20, 200, 2000, 20000])
    kind = rng.randrange(3)
    if kind == 0:
        return "a: " + "[" * n + "]" * n
    if kind == 1:
        return "a: " + "{a: " * n + "1" + "}" * n
    return "".join("  " * i + "a:\n" for i in range(min(n, 600)))


def bomb(rng: random.Random) -> str:
    levels = rng.randint(2, 12)
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(lines)


def mutate(rng: random.Random) -> bytes:
    choice = rng.randrange(10)
    if choice == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
    if choice == 1:
        return deep(rng).encode()
    if choice == 2:
        return bomb(rng).encode()
    raw = bytearray(rng.choice(SEEDS))
    if choice == 3:  # flip bytes
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    text = raw.decode("utf-8")
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        i = rng.randrange(len(lines))
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            line = lines[i]
            k = rng.randrange(len(line) + 1)
            lines[i] = line[:k] + rng.choice(SPLICES) + line[k:]
    text = "\n".join(lines)
    encoding = rng.choice(["utf-8"] * 6 + ["gbk", "utf-16", "utf-8-sig", "gb18030"])
    return text.encode(encoding, errors="replace")


def shape(message: str) -> str:
    """A problem's message with its particulars taken out, to count distinct kinds."""
    return re.sub(r"“[^”]*”|「[^」]*」|（[^）]*）|\d+", "…", message)[:60]


def run(args: tuple[int, int]) -> dict:
    seed, count = args
    rng = random.Random(seed)
    guess_encoding(
        bytes(range(128, 256))
    )  # imports charset_normalizer: once per process, not per file
    shapes: set[str] = set()
    crashes: list[str] = []
    worst_time = worst_memory = 0.0
    slowest = b""
    refused = 0
    for n in range(count):
        raw = mutate(rng)[:MAX_RECORD_BYTES]
        tracemalloc.start()
        start = time.perf_counter()
        try:
            doc = parse_source(raw, "data/case.yaml")
            record, problems = validate_document(doc)
            list(scan(doc.data, frozenset()))
            if record is not None:
                for text in (getattr(record, "body", None), getattr(record, "measures", None)):
                    if isinstance(text, str):
                        sanitiser_report(text)
        except ReadFailed as failed:
            problems = failed.problems
        except Exception:
            crashes.append(f"seed {seed} case {n}:\n{traceback.format_exc()}\n{raw[:300]!r}")
            problems = []
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        if elapsed > worst_time:
            slowest = raw
        worst_time, worst_memory = max(worst_time, elapsed), max(worst_memory, peak)
        refused += bool(problems)
        shapes.update(shape(p.message) for p in problems)
    return {
        "cases": count,
        "refused": refused,
        "shapes": shapes,
        "crashes": crashes,
        "worst_time": worst_time,
        "worst_memory": worst_memory,
        "slowest": slowest,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    chunks = [(args.seed * 1000 + i, args.cases // args.workers) for i in range(args.workers)]
    start = time.perf_counter()
    with multiprocessing.Pool(args.workers) as pool:
        results = pool.map(run, chunks)
    shapes = set().union(*(r["shapes"] for r in results))
    crashes = [c for r in results for c in r["crashes"]]
    print(f"cases: {sum(r['cases'] for r in results)} in {time.perf_counter() - start:.0f} s")
    print(f"refused: {sum(r['refused'] for r in results)}")
    print(f"distinct problems (by message shape): {len(shapes)}")
    print(f"tracebacks: {len(crashes)}")
    print(f"worst time for one file: {max(r['worst_time'] for r in results) * 1000:.0f} ms")
    print(f"worst memory for one file: {max(r['worst_memory'] for r in results) / 2**20:.1f} MB")
    slowest = max(results, key=lambda r: r["worst_time"])["slowest"]
    print(f"slowest file ({len(slowest)} bytes) begins: {slowest[:120]!r}")
    for crash in crashes[:5]:
        print(crash)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
