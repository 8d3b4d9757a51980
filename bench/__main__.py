"""``python -m bench [NAME ...] [--smoke]``: run the benchmarks and print median and spread.

Each ``bench/bench_<name>.py`` exposes ``run(smoke: bool) -> list[dict]`` with rows of
name, seconds (median), spread, target and any reference figures. Data is generated
with fixed seeds. ``--smoke`` runs tiny sizes so CI keeps the benchmarks working.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import platform
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args()
    here = Path(__file__).parent
    available = sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(here)])
        if m.name.startswith("bench_")
    )
    names = args.names or available
    unknown = [n for n in names if n not in available]
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(available)}",
            file=sys.stderr,
        )
        return 2
    print(
        f"# {platform.node()} {platform.processor() or platform.machine()} "
        f"python {platform.python_version()}{' (smoke)' if args.smoke else ''}"
    )
    rows = []
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        for r in module.run(smoke=args.smoke):
            rows.append(r)
            extra = "  ".join(
                f"{k}={v}" for k, v in r.items() if k not in ("name", "seconds", "spread", "target")
            )
            print(
                f"{r['name']:<48} {r['seconds']:>9.4f} s  ±{r['spread']:.4f}  "
                f"target {r['target']}  {extra}".rstrip()
            )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
