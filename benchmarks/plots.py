"""Log-log plots of the scale scenarios (e, f): wall time, requests and peak RSS against the
number of servers, one line per client, solid over HTTP and dashed over HTTPS.

matplotlib (the ``bench`` extra) draws them with its Agg backend, as SVG files the docs embed;
the docs build only reads the committed files, so it never needs matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .clients import MODULES
from .report import Row
from .scenarios import SCENARIOS

PANELS = (
    ("seconds", "wall time (s)", 1.0),
    ("requests", "requests", 1.0),
    ("peak_rss_kib", "peak RSS (MiB)", 1 / 1024),
)
"""What each panel shows: a row's field, its axis label, and the factor to the axis unit."""
STYLES = {"http": "-", "https": "--"}


def series(
    rows: Sequence[Row], scenario: str, client: str, transport: str, field: str
) -> tuple[list[int], list[float]]:
    """The sizes where ``client`` ran and its median ``field`` at each, in size order."""
    points = sorted(
        (row["size"], row[field])
        for row in rows
        if (row["scenario"], row["client"], row["transport"]) == (scenario, client, transport)
        and row["runs"]
        and row[field] is not None
    )
    return [size for size, _ in points], [value for _, value in points]


def plot_scale(rows: Sequence[Row], scenario: str, path: Path) -> bool:
    """Draw ``scenario``'s plot into ``path`` (SVG); ``False`` when it has no rows."""
    if not any(row["scenario"] == scenario for row in rows):
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter

    plain = FuncFormatter(lambda value, _: f"{value:,.10g}")  # 1,000 rather than 10^3

    plt.rcParams["svg.hashsalt"] = "asynchetzner-benchmarks"  # the same file for the same data
    plt.rcParams["svg.fonttype"] = "none"  # text as text: smaller, and readable in a diff
    figure, axes = plt.subplots(1, len(PANELS), figsize=(12, 3.8), layout="constrained")
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for axis, (field, label, factor) in zip(axes, PANELS, strict=True):
        for colour, client in zip(colours, MODULES, strict=False):
            for transport, style in STYLES.items():
                sizes, values = series(rows, scenario, client, transport, field)
                if sizes:
                    axis.plot(
                        sizes,
                        [value * factor for value in values],
                        style,
                        marker="o",
                        color=colour,
                        label=f"{client} ({transport.upper()})",
                    )
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.xaxis.set_major_formatter(plain)
        axis.xaxis.set_minor_formatter(NullFormatter())
        axis.yaxis.set_major_formatter(plain)
        if field == "peak_rss_kib":  # memory spans about a decade: label the minor ticks too
            axis.yaxis.set_minor_formatter(plain)
            axis.tick_params(axis="y", which="minor", labelsize="x-small")
        else:
            axis.yaxis.set_minor_formatter(NullFormatter())
        axis.set_xlabel(SCENARIOS[scenario].unit)
        axis.set_ylabel(label)
        axis.grid(True, which="both", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside right center", fontsize="small")
    figure.suptitle(f"{scenario}: {SCENARIOS[scenario].title}")
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="svg", metadata={"Date": None})
    plt.close(figure)
    return True
