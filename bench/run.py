"""Benchmarks the pages an issue names on generated data, each beside a baseline measured in
the same run: the bare SQL for the same rows. Prints medians and the ratio page / baseline.

    make bench                      # SQLite file var/bench.sqlite3, 50,000 referrals
    DATABASE_URL=postgres://... make bench
    python -m bench.run --referrals 5000 --requests 30
    python -m bench.run --cases 50000     # case work (issue 4), see bench/casework.py
    python -m bench.run --figures 50000   # the figure groups (issue 11), see bench/figures.py

Timings are wall-clock in this process, through the whole Django stack (middleware, session,
access policy, audit write, template) via the test client; no network or server in between.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
# The signal scenario makes more lookups than the default per-token budget allows.
os.environ.setdefault("ZVH_SIGNAL_LOOKUP_RATE", "1000000/minute")


def _timed(action: Callable[[], object], repeat: int, warmup: int = 5) -> list[float]:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument(
        "--cases",
        type=int,
        default=0,
        help="run the case-work scenarios instead (bench/casework.py): this many cases, with "
        "ten agreements and two conferences per case (issue 4: --cases 50000)",
    )
    parser.add_argument(
        "--figures",
        type=int,
        default=0,
        help="run the figures scenarios instead (bench/figures.py): a house of this many "
        "cases with two years of history (issue 11: --figures 50000)",
    )
    args = parser.parse_args()
    if args.cases:
        # Case work has its own file (1.3 GB at full scale, reused on the next run), so that
        # generating it never locks the referral benchmarks' file.
        os.environ.setdefault(
            "DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-casework.sqlite3'}"
        )

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import casework, figures, generate, generate_casework, scenarios
    from bench.signin import signed_in_client

    (ROOT / "var").mkdir(exist_ok=True)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    chosen, data, name = scenarios.SCENARIOS, f"{args.referrals} referrals", "bench"
    if args.cases:
        world = generate_casework.generate(cases=args.cases)
        chosen, name = casework.SCENARIOS, "bench-casework"
        data = (
            f"{world.cases} cases, {world.agreements} agreements, {world.conferences} conferences"
        )
    elif args.figures:
        world = figures.generate(cases=args.figures)
        chosen, name = figures.scenarios(), "bench-figures"
        data = f"{world.cases} cases, {world.referrals} referrals"
    else:
        world = generate.generate(referrals=args.referrals)
    generate.analyze()
    print(
        f"data: {data} in house '{world.house.name}' "
        f"({time.perf_counter() - started:.1f} s to generate or find), "
        f"database: {connection.vendor}"
    )

    client_for = signed_in_client

    results: list[dict[str, object]] = []
    header = (
        f"{'page':<36}{'median ms':>10}{'bare SQL ms':>13}{'ratio':>8}{'queries':>9}{'target':>8}"
    )
    print(header)
    for scenario in chosen:
        try:
            page, baseline = scenario.build(world, client_for)
        except figures.Skipped as skipped:
            print(f"{scenario.name:<36}skipped: {skipped}", flush=True)
            results.append({"page": scenario.name, "skipped": str(skipped)})
            continue
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):  # type: ignore[no-untyped-def]
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            page()
        page_ms = statistics.median(_timed(page, args.requests))
        base_ms = statistics.median(_timed(baseline, args.requests))
        row = {
            "page": scenario.name,
            "median_ms": round(page_ms, 2),
            "baseline_ms": round(base_ms, 3),
            "ratio": round(page_ms / base_ms, 1) if base_ms else None,
            "queries": len(executed),
            "target_ms": scenario.target_ms,
        }
        results.append(row)
        print(
            f"{row['page']:<36}{row['median_ms']:>10}{row['baseline_ms']:>13}"
            f"{row['ratio']:>8}{row['queries']:>9}{row['target_ms']:>8}",
            flush=True,
        )
    out = ROOT / "var" / f"{name}-{connection.vendor}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
