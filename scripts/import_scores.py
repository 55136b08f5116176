"""How `plansite import` does on the seed plans laid out as other provinces and websites publish them.

    .venv/bin/python scripts/import_scores.py [--layout NAME ...] [--seed KEY ...] [--misses]

Prints a markdown table per layout (a row per seed: tasks right, blocks right, text carried, unflagged
wrong tasks, validate errors, crash/refusal) with a total; --misses lists each wrong task and why.
Variants are written under /tmp/issue16/layouts/ (generators and scorer: tests/import_layouts.py).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import import_layouts as il  # noqa: E402

OUT = Path("/tmp/issue16/layouts")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--layout", nargs="+", action="extend", choices=list(il.LAYOUTS), help="layouts (default: all)")
    ap.add_argument("--seed", nargs="+", action="extend", choices=list(il.SEEDS), help="seed plans (default: all)")
    ap.add_argument("--misses", action="store_true", help="list each wrong task and why")
    ap.add_argument("--out", type=Path, default=OUT, help=f"where the variants are written (default {OUT})")
    args = ap.parse_args(argv)
    scores = []
    for layout in args.layout or il.LAYOUTS:
        for key in args.seed or il.SEEDS:
            path = il.LAYOUTS[layout](key, args.out / layout)
            sc = il.score(key, layout, path)
            scores.append(sc)
            print(f"... {layout} {key}: tasks {sc.tasks[0]}/{sc.tasks[1]}{'  ' + sc.error if sc.error else ''}", file=sys.stderr, flush=True)
    print(il.table(scores))
    print("\n### all layouts\n")
    print(il.overview(scores))
    if args.misses:
        for sc in scores:
            if sc.misses:
                print(f"\n#### misses: {sc.layout} {sc.key}\n")
                print("\n".join(f"- {m}" for m in sc.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
