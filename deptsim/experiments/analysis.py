"""What an experiment's runs say.

- Sweeps (factorial designs): the response of each headline figure at each design point and to each factor,
  as the mean with a 90% interval (5th-95th percentiles) over replicates, and where between two
  neighbouring levels a figure changes most (where a spiral tips).
- Latin hypercube samples: each figure at each point, and Spearman rank correlations of figures with factors.
- Morris and Sobol designs: sensitivity indices with 95% confidence intervals, computed with SALib on the
  mean over replicates at each design point.

`analyse_folder` writes the tables as CSV and the plots as PNG into DIR/analysis/ and returns a text summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analysis
from SALib.analyze import sobol as sobol_analysis

from deptsim.departments import DEFAULT_KIND, KINDS
from deptsim.experiments import plots
from deptsim.experiments.design import FACTORIAL, LATIN_HYPERCUBE, MORRIS
from deptsim.experiments.storage import OK, ExperimentFolder
from deptsim.reports.labels import METRICS
from deptsim.reports.output import atomic_folder

INTERVAL = (0.05, 0.95)   # 90% of replicates
CONFIDENCE = 0.95         # of sensitivity indices (bootstrap)
RESAMPLES = 1000
TOP = 5
MAX_PRINTED_POINTS = 60
MAX_LINES = 8  # levels of a second factor drawn as separate lines
SHORT_LABELS = {
    "turnover_rate": "turnover", "sick_leave_rate": "sick", "caseload_mean": "cases/worker",
    "referral_wait_weeks_mean": "wait wk", "assessment_deadline_met": "assess ok",
    "investigation_deadline_met": "invest ok", "placements_started_per_year": "placed/yr",
    "placement_cost_dkk_per_year": "place MDKK", "total_cost_dkk_per_year": "total MDKK",
    "complaints_per_year": "complaints", "caseworker_changes_per_family": "changes",
    "citizens_on_benefit": "on benefit", "exits_to_work_per_year": "exits/yr", "years_on_benefit": "yrs on ben",
    "meetings_on_time": "meets ok", "benefit_cost_dkk_per_year": "benefit MDKK",
}


class AnalysisError(ValueError):
    """The runs cannot give this analysis (runs missing or failed where every run is needed)."""


@dataclass
class Analysis:
    """The tables (also written as CSV), the plots written, and a text summary for the terminal."""

    tables: dict[str, pd.DataFrame]
    text: str
    plots: list[Path] = field(default_factory=list)


def analyse_folder(path: str | Path, *, plots: bool = True) -> Analysis:
    """Analyse an experiment folder (complete or not, for sweeps) and write DIR/analysis/.

    `plots=False` writes the tables and the summary only (much faster for many small experiments).
    """
    folder = ExperimentFolder(path)
    manifest = folder.manifest()
    spec = manifest["experiment"]
    results = folder.consolidate()
    if not (results.status == OK).any():
        first = f" (the first error: {results.error.iloc[0]})" if len(results) else ""
        raise AnalysisError(f"{folder.path}: no run has finished successfully yet, so there is nothing to "
                            f"analyse{first}")
    header = _header(manifest, results)
    design = spec["design"]["type"]
    with atomic_folder(folder.analysis_dir) as out:
        if design == FACTORIAL:
            analysis = _sweep(results, spec, out, plots)
        elif design == LATIN_HYPERCUBE:
            analysis = _sample(results, spec, out, plots)
        else:
            analysis = _sensitivity(results, spec, folder.design(), manifest["points"], out, plots)
        for name, table in analysis.tables.items():
            table.to_csv(out / f"{name}.csv", index=False)
        analysis.text = f"{header}\n{analysis.text}"
        (out / "summary.txt").write_text(analysis.text + "\n", encoding="utf-8")
    analysis.plots = [folder.analysis_dir / p.name for p in analysis.plots]
    return analysis


def _header(manifest: dict[str, Any], results: pd.DataFrame) -> str:
    spec = manifest["experiment"]
    failed = int((results.status != OK).sum())
    missing = manifest["runs"] - len(results)
    replicates = f"{spec['replicates']} replicate{'s' if spec['replicates'] > 1 else ''}"
    line = (f"{spec['name']}: {len(results)} of {manifest['runs']} runs ({manifest['points']} design points x "
            f"{replicates}), {spec['years']:g} years, headline figures from year "
            f"{spec['warmup_years']:g}")
    if failed:
        first = results.error[results.status != OK].iloc[0]
        line += f"\n  {failed} runs failed (column 'error'); the first: {first}"
    if missing:
        line += f"\n  {missing} runs are missing: run the experiment again with the same command to finish it"
    return line


def factor_names(spec: dict[str, Any]) -> list[str]:
    return [f["name"] for f in spec["factors"]]


def headline_figures(spec: dict[str, Any]) -> tuple[str, ...]:
    """The headline figures of the experiment's kind of department (a folder from before job-centre
    experiments records no kind: it is a children-and-family one)."""
    return KINDS[spec["scenario"].get("kind", DEFAULT_KIND)].summary_keys


def interval_table(runs: pd.DataFrame, by: list[str], metrics: tuple[str, ...]) -> pd.DataFrame:
    """Per group and headline figure (`metrics`): mean, 90% interval over the runs, and the number of runs
    (tidy)."""
    long = runs.melt(id_vars=by, value_vars=list(metrics), var_name="metric")
    long["metric"] = pd.Categorical(long["metric"], categories=metrics, ordered=True)
    grouped = long.groupby([*by, "metric"], sort=True, observed=True, dropna=False)["value"]
    table = pd.DataFrame({"mean": grouped.mean(), "low": grouped.quantile(INTERVAL[0]),
                          "high": grouped.quantile(INTERVAL[1]), "runs": grouped.count()}).reset_index()
    table["metric"] = table["metric"].astype(str)
    return table


# --- sweeps ----------------------------------------------------------------------------------------------
def _sweep(results: pd.DataFrame, spec: dict[str, Any], out: Path, draw: bool) -> Analysis:
    names, metrics = factor_names(spec), headline_figures(spec)
    ok = results[results.status == OK]
    by = _grouping(names, ok)
    response = interval_table(ok, by, metrics)
    steepest = steepest_steps(ok, spec)
    tables = {"response": response, "main_effects": main_effects(ok, names, metrics), "steepest": steepest}
    lines = [_points_table(response, by, metrics)]
    for name in steepest.factor.unique():
        lines.append(f"\nLargest change between neighbouring levels of {name} (mean over runs at each level):")
        for row in steepest[steepest.factor == name].itertuples():
            change = METRICS[row.metric].show(row.change)
            lines.append(f"  {METRICS[row.metric].en:<40} {row.from_level:g} -> {row.to_level:g}: "
                         f"{'+' if row.change >= 0 else ''}{change}")
    lines.append("\nMeans over replicates; the tables in analysis/ add 90% intervals (5th-95th percentiles).")
    return Analysis(tables, "\n".join(lines), _response_plots(ok, spec, out) if draw else [])


def _grouping(names: list[str], runs: pd.DataFrame) -> list[str]:
    """The columns that identify a design point: the factors, and the positions a caseload factor set
    (unless `positions` is itself a factor, when its column is already among them)."""
    derived = ["positions"] if "positions" in runs and "positions" not in names else []
    return [*names, *derived]


def _response_plots(runs: pd.DataFrame, spec: dict[str, Any], out: Path) -> list[Path]:
    """One plot per factor; with two factors, one line per level of the other (their interaction shows)."""
    names, metrics = factor_names(spec), headline_figures(spec)
    written = []
    for name in names:
        others = [n for n in names if n != name]
        lines = others[0] if len(others) == 1 and runs[others[0]].nunique() <= MAX_LINES else None
        pooled = "" if lines or not others else " and the other factors"
        title = f"{spec['name']}: response to {name} (mean and 90% of replicates{pooled})"
        table = interval_table(runs, [name, lines] if lines else [name], metrics)
        written.append(plots.response_grid(table, metrics, name, lines, out / f"response_{name}.png", title))
    return written


def main_effects(runs: pd.DataFrame, names: list[str], metrics: tuple[str, ...]) -> pd.DataFrame:
    """Each factor's levels against each headline figure, pooled over the other factors and replicates."""
    tables = []
    for name in names:
        table = interval_table(runs, [name], metrics).rename(columns={name: "level"})
        table.insert(0, "factor", name)
        tables.append(table)
    columns = ["factor", "level", "metric", "mean", "low", "high", "runs"]
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=columns)


def steepest_steps(runs: pd.DataFrame, spec: dict[str, Any]) -> pd.DataFrame:
    """For each numeric factor with at least three levels and each headline figure: the two neighbouring
    levels between which the mean (over all other factors and replicates) changes most."""
    rows, metrics = [], headline_figures(spec)
    for factor in spec["factors"]:
        name = factor["name"]
        if factor["type"] not in ("int", "float") or runs[name].nunique() < 3:
            continue
        means = runs.groupby(name)[list(metrics)].mean().sort_index()
        steps = means.diff().iloc[1:]
        for metric in metrics:
            sizes = steps[metric].abs().to_numpy(dtype=float)
            if np.isnan(sizes).all():  # a share with none due at all but one level: no step to compare
                continue
            where = int(np.nanargmax(sizes))
            rows.append({"factor": name, "metric": metric, "from_level": float(means.index[where]),
                         "to_level": float(means.index[where + 1]), "change": float(steps[metric].iloc[where])})
    return pd.DataFrame(rows, columns=["factor", "metric", "from_level", "to_level", "change"])


def _points_table(response: pd.DataFrame, by: list[str], metrics: tuple[str, ...]) -> str:
    """Design points as rows, the mean of each headline figure as columns."""
    means = response.pivot_table(index=by, columns="metric", values="mean", sort=True, dropna=False) if by else \
        response.set_index("metric")[["mean"]].T
    means = means[[m for m in metrics if m in means.columns]].dropna(how="all")  # not the combinations no run had
    shown = means.head(MAX_PRINTED_POINTS)
    header = [*by, *(SHORT_LABELS[m] for m in shown.columns)]
    rows = []
    for index, values in shown.iterrows():
        keys = index if isinstance(index, tuple) else (index,) if by else ()
        rows.append([_level(k) for k in keys] + [METRICS[m].show(v) for m, v in values.items()])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True))]
    lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    if len(means) > len(shown):
        lines.append(f"... {len(means) - len(shown)} more design points in analysis/response.csv")
    return "\n".join(lines)


def _level(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# --- Latin hypercube samples -----------------------------------------------------------------------------
def _sample(results: pd.DataFrame, spec: dict[str, Any], out: Path, draw: bool) -> Analysis:
    names, metrics = factor_names(spec), headline_figures(spec)
    ok = results[results.status == OK]
    response = interval_table(ok, ["point", *names], metrics)
    rows = []
    for name in names:
        for metric in metrics:
            varies = ok[name].nunique() > 1 and ok[metric].nunique() > 1
            rho = ok[name].corr(ok[metric], method="spearman") if varies else float("nan")
            rows.append({"factor": name, "metric": metric, "spearman": rho})
    correlation = pd.DataFrame(rows)
    wide = correlation.pivot(index="factor", columns="metric", values="spearman").reindex(index=names)
    wide = wide[list(metrics)].rename(columns=SHORT_LABELS)
    text = "Spearman rank correlation of each headline figure with each factor:\n" + \
        wide.to_string(float_format=lambda v: f"{v:+.2f}", na_rep="-")
    written = [plots.scatter_grid(ok, metrics, name, out / f"scatter_{name}.png",
                                  f"{spec['name']}: runs against {name}") for name in names if draw]
    return Analysis({"response": response, "rank_correlation": correlation}, text, written)


# --- Morris and Sobol ------------------------------------------------------------------------------------
def _sensitivity(results: pd.DataFrame, spec: dict[str, Any], design: pd.DataFrame, points: int,
                 out: Path, draw: bool) -> Analysis:
    names, metrics = factor_names(spec), headline_figures(spec)
    ok = results[results.status == OK]
    finished = ok.groupby("point").size().reindex(range(points), fill_value=0)
    means = ok.groupby("point")[list(metrics)].mean().reindex(range(points))
    if (finished == 0).any():
        missing = int((finished == 0).sum())
        raise AnalysisError(f"{missing} of {points} design points have no successful run; a sensitivity analysis "
                            "needs them all: finish the experiment (run it again), or see the 'error' column of "
                            "results.parquet")
    problem = {"num_vars": len(names), "names": names, "bounds": [f["range"] for f in spec["factors"]]}
    sample = design.sort_values("point")[names].to_numpy(dtype=float)
    kind, seed = spec["design"]["type"], spec["seed"]
    tables: list[pd.DataFrame] = []
    second: list[pd.DataFrame] = []
    constant: list[str] = []
    undefined: dict[str, int] = {}
    for metric in metrics:
        y = means[metric].to_numpy(dtype=float)
        if np.isnan(y).any():  # a share with nothing due at some design points: SALib needs every point
            undefined[metric] = int(np.isnan(y).sum())
            continue
        if np.ptp(y) == 0:
            constant.append(metric)
            continue
        if kind == MORRIS:
            found = morris_analysis.analyze(problem, sample, y, num_resamples=RESAMPLES, conf_level=CONFIDENCE,
                                            num_levels=spec["design"]["grid_levels"], seed=seed)
            table = pd.DataFrame({"factor": names, "mu_star": np.asarray(found["mu_star"], dtype=float),
                                  "mu_star_conf": np.asarray(found["mu_star_conf"], dtype=float),
                                  "mu": np.asarray(found["mu"], dtype=float),
                                  "sigma": np.asarray(found["sigma"], dtype=float)})
            largest = table.mu_star.max()  # 0 when the figure moves between trajectories but no step moved it
            table["mu_star_relative"] = table.mu_star / largest if largest > 0 else 0.0
        else:
            order = spec["design"]["second_order"]
            found = sobol_analysis.analyze(problem, y, calc_second_order=order, num_resamples=RESAMPLES,
                                           conf_level=CONFIDENCE, seed=seed)
            table = pd.DataFrame({"factor": names, **{k: found[k] for k in ("S1", "S1_conf", "ST", "ST_conf")}})
            if order:
                second.append(_second_order(found, names).assign(metric=metric))
        tables.append(table.assign(metric=metric))
    if not tables:
        raise AnalysisError("no headline figure varies between the design points and exists at all of them, so "
                            "there are no sensitivity indices to compute")
    indices = pd.concat(tables, ignore_index=True)
    indices = indices[["metric", *indices.columns[:-1]]]
    result = {"sensitivity": indices}
    if second:
        result["sensitivity_second_order"] = pd.concat(second, ignore_index=True)
    text = _sensitivity_text(indices, kind, constant, undefined)
    written = _sensitivity_plots(indices, metrics, kind == MORRIS, out) if draw else []
    return Analysis(result, text, written)


def _sensitivity_plots(indices: pd.DataFrame, metrics: tuple[str, ...], morris: bool, out: Path) -> list[Path]:
    """A bar plot per headline figure and the overview heat map."""
    written = [plots.sensitivity_bars(table, metric, morris, out / f"sensitivity_{metric}.png")
               for metric, table in indices.groupby("metric", sort=False)]
    written.append(plots.sensitivity_overview(indices, metrics, morris, out / "sensitivity_overview.png"))
    return written


def _second_order(found: dict[str, Any], names: list[str]) -> pd.DataFrame:
    rows = [{"factor": a, "with": b, "S2": found["S2"][i, j], "S2_conf": found["S2_conf"][i, j]}
            for i, a in enumerate(names) for j, b in enumerate(names) if j > i]
    return pd.DataFrame(rows)


def _sensitivity_text(indices: pd.DataFrame, kind: str, constant: list[str], undefined: dict[str, int]) -> str:
    """The leading factors per headline figure, and the figures left out (constant, or none due somewhere)."""
    if kind == MORRIS:
        lines = [f"Most influential factors per headline figure (Morris mu*, the mean absolute effect of moving a "
                 f"factor across its range, with its {CONFIDENCE:.0%} interval; relative to the largest):"]
        key, conf = "mu_star", "mu_star_conf"
    else:
        lines = [f"Most influential factors per headline figure (Sobol total index ST with its {CONFIDENCE:.0%} "
                 "interval; S1 is the share of variance a factor explains alone):"]
        key, conf = "ST", "ST_conf"
    for metric, table in indices.groupby("metric", sort=False):
        top = table.sort_values(key, ascending=False).head(TOP)
        lines.append(f"  {METRICS[metric].en}:")
        for row in top.itertuples():
            value = getattr(row, key)
            shown = METRICS[metric].show
            detail = (f"{row.mu_star_relative:.2f} (mu* {shown(value)} +/- {shown(getattr(row, conf))})"
                      if kind == MORRIS else f"ST {value:.2f} +/- {getattr(row, conf):.2f}, S1 {row.S1:.2f}")
            lines.append(f"      {row.factor:<34} {detail}")
    for metric in constant:
        lines.append(f"  {METRICS[metric].en}: the same in every run, so no factor moves it")
    for metric, count in undefined.items():
        lines.append(f"  {METRICS[metric].en}: none due at {count} design points, so no indices (a share over "
                     "nothing is not a value)")
    return "\n".join(lines)

