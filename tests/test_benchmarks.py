"""The benchmark script runs on a plain install and reports every target (its figures are not judged here)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"
TARGETS = (
    "deptsim family-weeks/s over Boltzmann agent-steps/s",
    "16x department time per week over 1x",
    "30-year peak memory over 10-year",
    "batch throughput, 2 workers over 1",
)


def test_quick_benchmark_reports_every_target(tmp_path: Path) -> None:
    figures = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--batch-years", "3", "--json", str(figures)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    targets = done.stdout.split("\nTargets\n", 1)[1]
    for name in TARGETS:
        assert name in targets
    assert "same summaries from every pool size: yes" in done.stdout
    results = json.loads(figures.read_text())
    throughput = results["throughput"]
    assert throughput["deptsim_family_weeks_per_second"] > 0
    assert [check["name"] for check in results["checks"]] == list(TARGETS)



CEILING = SCRIPT.parent / "ceiling.py"


def test_ceiling_splits_a_run_into_agents_compiled_steps_and_the_rest() -> None:
    done = subprocess.run([sys.executable, str(CEILING), "--repeats", "1", "--min-seconds", "0"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    ms = {label: float(value) for label, value in re.findall(r"^  (\S.*?) +([\d.]+) ms +ratio", done.stdout, re.M)}
    assert list(ms) == ["as it is", "no family agents", "only the compiled steps, with family agents (the ceiling)",
                        "only the compiled steps, no family agents"]
    # the time inside compiled steps is part of a run, even of one without family agents
    assert 0 < ms["only the compiled steps, no family agents"] < ms["no family agents"]
