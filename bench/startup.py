"""How long the ``omprio`` command takes to start: whole processes against a bare Python start.

Run: ``.venv/bin/python bench/startup.py [--runs N]``. Each command runs N times (default 11) as
a fresh process, after one warm-up run so that the operating system's file cache is warm; the
figures are the median and the fastest run in seconds of wall-clock time, the median's distance
from ``python -c pass`` on the same interpreter, and the median CPU time (user + system) of the
process, which a busy machine inflates less than the wall clock. Commands: ``omprio --help``,
``omprio check SEED`` and ``omprio show SEED`` with the reference catalog. Goal: ``--help`` and
``check`` each within 0.25 s of the bare start. Asserts nothing; the exit code is 0 whatever
the figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "aarhus-msb-2024-2027.txt"
GOAL = 0.25
"""Seconds over ``python -c pass`` that ``--help`` and ``check`` may take."""


def omprio_command() -> list[str]:
    """How to start omprio as a user does: the console script beside this Python, else ``-m``."""
    script = Path(sys.executable).parent / "omprio"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "omprio"]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of ``runs`` runs of ``command`` (after one warm-up), output
    dropped."""
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), _cpu()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        cpu.append(_cpu() - start_cpu)
    return times, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="runs per command (default 11)")
    args = parser.parse_args()
    env = dict(os.environ)
    # This tree's sources, whichever checkout the virtual environment was installed from.
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if part
    )
    omprio = omprio_command()
    commands = [
        ("python -c pass", [sys.executable, "-c", "pass"], False),
        ("omprio --help", [*omprio, "--help"], True),
        ("omprio check SEED", [*omprio, "check", str(SEED)], True),
        ("omprio show SEED", [*omprio, "show", str(SEED)], False),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.runs} runs each, load average {load:.1f}; seconds")
    print(f"{'command':<20} {'median':>7} {'fastest':>8} {'over bare':>10} {'cpu':>6}  goal")
    bare = 0.0
    for name, command, goal in commands:
        times, cpu = timed(command, args.runs, env)
        median = statistics.median(times)
        if not bare:
            bare = median
        over = median - bare
        verdict = ("met" if over <= GOAL else "not met") if goal else ""
        print(f"{name:<20} {median:7.3f} {min(times):8.3f} {over:+10.3f} "
              f"{statistics.median(cpu):6.3f}  {verdict}")


if __name__ == "__main__":
    main()
