"""The benchmark scripts run on a plain install and report every target (their figures are not judged here)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SCRIPT = BENCHMARKS / "run.py"
TARGETS = (
    "deptsim family-weeks/s over Boltzmann agent-steps/s",
    "default department 10 years after warm-up, s",
    "16x department time per week over 1x",
    "30-year peak memory over 10-year",
    "cold start to the end of the first 10-year run, s",
    "batch throughput, 2 workers over 1",
)
CRN = BENCHMARKS / "crn.py"
CRN_FIGURES = (
    "turnover_rate", "caseload_mean", "placements_started_per_year", "total_cost_dkk_per_year", "complaints_per_year",
)


def test_quick_benchmark_reports_every_target(tmp_path: Path) -> None:
    figures = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--batch-years", "3", "--json", str(figures)],
        capture_output=True, text=True, timeout=400,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    targets = done.stdout.split("\nTargets\n", 1)[1]
    for name in TARGETS:
        assert name in targets
    assert "same summaries from every pool size: yes" in done.stdout
    assert "Country:" not in done.stdout  # only with --country
    results = json.loads(figures.read_text())
    assert results["meta"]["deptsim_path"] == str(SCRIPT.parent.parent / "deptsim")  # this checkout's deptsim
    throughput = results["throughput"]
    assert throughput["deptsim_family_weeks_per_second"] > 0
    assert [check["name"] for check in results["checks"]] == list(TARGETS)
    verdicts = {check["name"]: check["verdict"] for check in results["checks"]}
    assert verdicts.pop("16x department time per week over 1x") == "SKIP"  # --quick runs 1x and 4x only
    assert set(verdicts.values()) <= {"PASS", "FAIL"}
    cold = results["cold_start"]
    assert cold["cache_was_empty"]
    assert 0 < cold["first_run_seconds"] < cold["seconds"]
    assert results["country"] is None


def test_crn_benchmark_reports_the_ratio_of_every_figure(tmp_path: Path) -> None:
    figures = tmp_path / "crn.json"
    done = subprocess.run(
        [sys.executable, str(CRN), "--seeds", "3", "--years", "2", "--from-year", "1", "--json", str(figures)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    table = {line.split()[0]: line.split() for line in done.stdout.splitlines() if line.startswith("  ")
             and line.split()[0] in CRN_FIGURES}
    assert list(table) == list(CRN_FIGURES)
    rows = json.loads(figures.read_text())["figures"]
    assert [row["figure"] for row in rows] == list(CRN_FIGURES)
    for row in rows:
        assert math.isfinite(row["ratio"]) and row["ratio"] >= 0
        assert f"{row['ratio']:.3f}" in table[row["figure"]]


def test_crn_benchmark_adds_the_reform_positions_in_its_week(tmp_path: Path) -> None:
    """With --reform-week the variant starts as the default department and gets its extra positions in that week:
    its caseload lies between the baseline's and that of the variant with the positions from the start."""
    caseloads = {}
    for week in (0, 40):
        figures = tmp_path / f"crn{week}.json"
        done = subprocess.run(
            [sys.executable, str(CRN), "--seeds", "2", "--years", "2", "--from-year", "0", "--reform-week", str(week),
             "--variant-positions", "40", "--json", str(figures)],
            capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert ("40 positions added in week 40" if week else "40 positions from the start") in done.stdout
        rows = {row["figure"]: row for row in json.loads(figures.read_text())["figures"]}
        caseloads[week] = rows["caseload_mean"]
    assert caseloads[0]["baseline_mean"] == caseloads[40]["baseline_mean"]
    assert caseloads[0]["variant_mean"] < caseloads[40]["variant_mean"] < caseloads[40]["baseline_mean"]
