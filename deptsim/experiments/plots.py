"""The experiment plots, as PNG files: responses to factors, scatters of samples, sensitivity bars and overview."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no screen
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from deptsim.reports.labels import METRICS

COLUMNS = 3
BARS = 20            # factors shown per sensitivity bar plot
OVERVIEW_FACTORS = 25


def _grid(title: str, panels: int) -> tuple[plt.Figure, list[plt.Axes]]:
    rows = -(-panels // COLUMNS)
    figure, axes = plt.subplots(rows, COLUMNS, figsize=(4.4 * COLUMNS, 3.0 * rows), dpi=100)
    figure.suptitle(title)
    flat = list(axes.flat)
    for spare in flat[panels:]:
        spare.axis("off")
    return figure, flat


def _save(figure: plt.Figure, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def _positions(levels: pd.Series) -> tuple[np.ndarray, list[str] | None]:
    """Numbers on the x axis: a numeric factor's own values, or 0, 1, ... for true/false and named levels."""
    if pd.api.types.is_bool_dtype(levels) or not pd.api.types.is_numeric_dtype(levels):
        names = sorted(levels.unique(), key=str)
        return levels.map({v: i for i, v in enumerate(names)}).to_numpy(dtype=float), [str(n) for n in names]
    return levels.to_numpy(dtype=float), None


def response_grid(table: pd.DataFrame, metrics: tuple[str, ...], x: str, lines: str | None, path: Path,
                  title: str) -> Path:
    """Each headline figure (`metrics`) against factor `x`: the mean with its 90% band, one line per level of
    `lines`."""
    figure, axes = _grid(title, len(metrics))
    groups = list(table.groupby(lines, sort=True)) if lines else [(None, table)]
    for ax, metric in zip(axes, metrics, strict=False):
        scale = METRICS[metric].scale
        for index, (level, part) in enumerate(groups):
            rows = part[part.metric == metric].sort_values(x)
            position, ticks = _positions(rows[x])
            color = f"C{index}"
            ax.fill_between(position, rows["low"] * scale, rows["high"] * scale, color=color, alpha=0.2, linewidth=0)
            ax.plot(position, rows["mean"] * scale, color=color, marker="o", markersize=3,
                    label=f"{lines} = {level}" if lines else "mean")
            if ticks is not None:
                ax.set_xticks(range(len(ticks)), ticks)
        ax.set_title(METRICS[metric].en, fontsize=9)
        ax.set_xlabel(x, fontsize=8)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7, loc="best")
    return _save(figure, path)


def scatter_grid(runs: pd.DataFrame, metrics: tuple[str, ...], x: str, path: Path, title: str) -> Path:
    """Each headline figure (`metrics`) of every run against one factor of a sample."""
    figure, axes = _grid(title, len(metrics))
    for ax, metric in zip(axes, metrics, strict=False):
        ax.scatter(runs[x], runs[metric] * METRICS[metric].scale, s=6, alpha=0.5)
        ax.set_title(METRICS[metric].en, fontsize=9)
        ax.set_xlabel(x, fontsize=8)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    return _save(figure, path)


def sensitivity_bars(table: pd.DataFrame, metric: str, morris: bool, path: Path) -> Path:
    """The most influential factors for one headline figure, with confidence intervals."""
    key = "mu_star" if morris else "ST"
    top = table.sort_values(key, ascending=False).head(BARS).iloc[::-1]
    figure, ax = plt.subplots(figsize=(8, 0.3 * len(top) + 1.5), dpi=100)
    y = np.arange(len(top))
    if morris:
        scale = METRICS[metric].scale  # in the figure's own units, as printed (percentage points, MDKK...)
        ax.barh(y, top.mu_star * scale, xerr=top.mu_star_conf * scale, color="C0", capsize=2)
        ax.set_xlabel("Morris mu* (mean absolute effect of moving the factor across its range), 95% interval")
    else:
        ax.barh(y - 0.2, top.S1, height=0.4, xerr=top.S1_conf, color="C0", capsize=2, label="first order S1")
        ax.barh(y + 0.2, top.ST, height=0.4, xerr=top.ST_conf, color="C1", capsize=2, label="total ST")
        ax.set_xlabel("Sobol index, 95% interval")
        ax.legend(fontsize=8, loc="lower right")
    ax.set_yticks(y, top.factor, fontsize=8)
    ax.set_title(METRICS[metric].en)
    ax.grid(alpha=0.3, axis="x")
    return _save(figure, path)


def sensitivity_overview(indices: pd.DataFrame, metrics: tuple[str, ...], morris: bool, path: Path) -> Path:
    """Which factors matter for which headline figure, at a glance: a heat map of the most influential."""
    key = "mu_star_relative" if morris else "ST"
    wide = indices.pivot(index="factor", columns="metric", values=key)
    wide = wide[[m for m in metrics if m in wide.columns]]
    wide = wide.loc[wide.max(axis=1).sort_values(ascending=False).index[:OVERVIEW_FACTORS]]
    figure, ax = plt.subplots(figsize=(1.0 * len(wide.columns) + 4, 0.32 * len(wide) + 2.5), dpi=100)
    image = ax.imshow(wide.to_numpy(dtype=float), cmap="viridis", aspect="auto", vmin=0, vmax=1)
    ax.set_xticks(range(len(wide.columns)), [METRICS[m].en for m in wide.columns], rotation=60, ha="right",
                  fontsize=7)
    ax.set_yticks(range(len(wide)), wide.index, fontsize=8)
    label = "mu* relative to the largest for each figure" if morris else "Sobol total index ST"
    figure.colorbar(image, ax=ax, label=label)
    ax.set_title("Which factors drive which headline figure")
    return _save(figure, path)
