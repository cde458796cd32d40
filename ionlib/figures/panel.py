"""Explore panels: one ipywidgets panel that is live in a kernel and, in the built book, also a
static HTML panel of precomputed frames (no kernel, no network).

A page calls :func:`explore_panel` exactly as it would call ``ipywidgets.interact``::

    explore_panel(explore, T_K=widgets.FloatSlider(value=300, min=270, max=330, step=5,
                                                    description="T (K)"))

The returned :class:`ExplorePanel` is displayed as the cell's result. Its MIME bundle carries the
widget view (``application/vnd.jupyter.widget-view+json``, which JupyterLab shows: any value,
recomputed) and, when frames are enabled, ``text/html``: sliders, selects and toggles with the same
labels and readouts, bound by a few lines of inline JavaScript to figures rendered at build time
for a grid of control values (the book's ``nb_mime_priority_overrides`` makes the HTML builder
pick it). How many frames is set by the environment variable :data:`FRAMES_ENV`:

``full``    the book build (set by ``book/_ext/panel_frames.py``): 6–12 values per slider, every
            option of a select/toggle/checkbox;
``coarse``  the test run (set by ``conftest.py``): 2 values per control, same code path;
``off``     (or unset) a live session: no frames, the widget only.

Frames vary one control at a time around the defaults (the full product when at most two controls
vary); ``crossed`` controls (e.g. a time slider over snapshots of one run) are crossed with every
other frame. Rendering and compression live in :mod:`ionlib.figures.panel_frames`, the HTML in
:mod:`ionlib.figures.panel_html`.
"""
from __future__ import annotations

import inspect
import itertools
import math
import os
import time
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .panel_frames import PALETTE_COLORS, capture_figure, figure_png, render_frames
from .panel_html import static_html

#: Environment variable that selects the frame grid: "full", "coarse" or "off" (default).
FRAMES_ENV = "IONLIB_PANEL_FRAMES"
MODES = ("full", "coarse", "off")
#: Values per slider in the full grid (a slider with at most MAX_SLIDER_VALUES steps gets all).
FULL_SLIDER_VALUES = 6
MAX_SLIDER_VALUES = 12
#: Refuse panels whose frame set would be larger than this (build time and page weight).
MAX_FRAMES = 400

_SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)
_CHOICES = (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons, widgets.Select)
_BOOLS = (widgets.Checkbox, widgets.ToggleButton)


def frames_mode(mode: str | None = None) -> str:
    """The frame grid in force: ``mode`` if given, else ``$IONLIB_PANEL_FRAMES``, else "off"."""
    value = mode if mode is not None else os.environ.get(FRAMES_ENV, "off")
    value = (value or "off").strip().lower()
    if value not in MODES:
        raise ValueError(f"{FRAMES_ENV} (mode) must be one of {MODES}, got {value!r}")
    return value


@dataclass(frozen=True)
class Control:
    """One control of a panel: its grid of values (and their readouts) and the default's index."""

    name: str
    label: str
    kind: str              # "slider", "select", "toggle" or "checkbox"
    values: tuple
    readouts: tuple
    default: int
    crossed: bool = False


def nearest_index(grid, value) -> int:
    """Index of the grid value nearest to ``value`` (exact match for non-numeric grids)."""
    grid = list(grid)
    if value in grid:
        return grid.index(value)
    try:
        return int(np.argmin([abs(float(g) - float(value)) for g in grid]))
    except (TypeError, ValueError):
        raise ValueError(f"value {value!r} is not one of the grid values {grid}") from None


def _slider_grid(w, n: int) -> list:
    """``n`` values across a slider's range, on its step, always including its current value.
    Log sliders are spaced evenly in the exponent; few-step sliders (<= MAX_SLIDER_VALUES
    positions) get every position in the full grid."""
    log = isinstance(w, widgets.FloatLogSlider)
    lo, hi, step = float(w.min), float(w.max), float(w.step)
    if not hi > lo or not step > 0:
        raise ValueError(f"slider {w.description!r}: need min < max and step > 0, got "
                         f"min={w.min}, max={w.max}, step={w.step}")
    to_value = (lambda e: float(w.base) ** e) if log else (lambda e: e)
    default_pos = math.log(w.value, w.base) if log else float(w.value)
    n_steps = int(round((hi - lo) / step)) + 1
    if n > 2 and n_steps <= MAX_SLIDER_VALUES:
        positions = [lo + k * step for k in range(n_steps)]
    elif n > 2:
        positions = [lo + round(k * (hi - lo) / (n - 1) / step) * step for k in range(n)]
    else:   # coarse: the default and the end of the range farthest from it
        positions = [hi if default_pos - lo < hi - default_pos else lo]
    positions = [p for p in positions if abs(p - default_pos) > 1e-9 * max(1.0, abs(p))]
    positions = sorted(set(round(p, 12) for p in positions) | {round(default_pos, 12)})
    values = [to_value(p) for p in positions]
    if isinstance(w, widgets.IntSlider):
        values = [int(round(v)) for v in values]
    return values


def _readout(w, value) -> str:
    fmt = getattr(w, "readout_format", None) or ".3g"
    try:
        return format(value, fmt.lstrip("~"))
    except (TypeError, ValueError):
        return str(value)


def control_from_widget(name: str, w, mode: str, crossed: bool = False,
                        values_per_slider: int = FULL_SLIDER_VALUES) -> Control:
    """Grid of values for one ipywidgets control (``mode``: "full" or "coarse"; a slider gets
    ``values_per_slider`` values plus its default in the full grid, 2 in the coarse one)."""
    label = getattr(w, "description", "") or name
    if isinstance(w, _SLIDERS):
        values = _slider_grid(w, 2 if mode == "coarse" else values_per_slider)
        readouts = [_readout(w, v) for v in values]
        default = nearest_index(values, w.value)
        return Control(name, label, "slider", tuple(values), tuple(readouts), default, crossed)
    if isinstance(w, _CHOICES):
        labels, values = list(w._options_labels), list(w._options_values)
        if not values:
            raise ValueError(f"control {name!r} has no options")
        default = values.index(w.value) if w.value in values else 0
        keep = range(len(values))
        if mode == "coarse" and len(values) > 2:
            keep = sorted({default, 0 if default else 1})
        kind = "toggle" if isinstance(w, (widgets.ToggleButtons, widgets.RadioButtons)) else "select"
        values, labels = [values[i] for i in keep], [str(labels[i]) for i in keep]
        default = values.index(w.value) if w.value in values else 0
        return Control(name, label, kind, tuple(values), tuple(labels), default, crossed)
    if isinstance(w, _BOOLS):
        return Control(name, label, "checkbox", (False, True), ("off", "on"), int(bool(w.value)),
                       crossed)
    raise ValueError(f"control {name!r}: unsupported {type(w).__name__}; use a slider "
                     f"(Float/Int/FloatLog), Dropdown, ToggleButtons, RadioButtons, Select or "
                     f"Checkbox widget")


def frame_combinations(controls) -> list[tuple]:
    """Index tuples of the frames to render: the full product when at most two non-crossed
    controls, else the defaults plus one control varied at a time; each crossed with the full
    grid of every crossed control."""
    free = [i for i, c in enumerate(controls) if not c.crossed]
    crossed = [i for i, c in enumerate(controls) if c.crossed]
    base = [c.default for c in controls]
    if len(free) <= 2:
        partial = [dict(zip(free, idx))
                   for idx in itertools.product(*(range(len(controls[i].values)) for i in free))]
    else:
        partial = [{}] + [{i: k} for i in free for k in range(len(controls[i].values))
                          if k != controls[i].default]
    combos = []
    for p in partial:
        for idx in itertools.product(*(range(len(controls[i].values)) for i in crossed)):
            combo = list(base)
            for i, k in p.items():
                combo[i] = k
            for i, k in zip(crossed, idx):
                combo[i] = k
            combos.append(tuple(combo))
    return combos


class ExplorePanel:
    """The live widget (``.widget``, an ``ipywidgets.interactive``) and, if frames were rendered,
    the static panel (``.html``). Displayed, it offers both as one MIME bundle."""

    def __init__(self, widget, html: str | None, n_frames: int, first_draw_s: float,
                 frames_s: float = 0.0):
        self.widget = widget
        self.html = html
        self.n_frames = n_frames
        #: wall time (s) of the live panel's first draw, at its default values
        self.first_draw_s = first_draw_s
        #: wall time (s) spent rendering the static panel's frames (0 without frames)
        self.frames_s = frames_s

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_() or {})
        if self.html is not None:
            bundle["text/html"] = self.html
        return bundle


def _check_controls(draw, controls: dict, crossed) -> None:
    if not callable(draw):
        raise ValueError(f"draw must be callable, got {type(draw).__name__}")
    if not controls:
        raise ValueError("controls: give at least one ipywidgets control as name=widget")
    params = inspect.signature(draw).parameters
    var_kw = any(p.kind is p.VAR_KEYWORD for p in params.values())
    for name, w in controls.items():
        if not isinstance(w, widgets.ValueWidget):
            raise ValueError(f"control {name!r} must be an ipywidgets control, got {w!r}")
        if name not in params and not var_kw:
            raise ValueError(f"control {name!r} is not a parameter of {draw.__name__}()")
    for name in crossed:
        if name not in controls:
            raise ValueError(f"crossed: {name!r} is not one of the controls {list(controls)}")


def explore_panel(draw, *, crossed=(), mode: str | None = None, workers: int | None = None,
                  values_per_slider: int = FULL_SLIDER_VALUES, dpi: float | None = None,
                  colors: int = PALETTE_COLORS, **controls) -> ExplorePanel:
    """Panel for ``draw(**values)`` with one ipywidgets control per keyword (as ``interact``).

    ``draw`` makes one matplotlib figure (it may end with ``plt.show()`` or return the figure).
    ``crossed``: names of controls whose every grid value is rendered with every other frame
    (a time slider over snapshots: frames are rendered grouped by the other controls, so a
    ``draw`` that caches its run on them computes each run once). ``mode``: overrides
    ``$IONLIB_PANEL_FRAMES``. ``workers``: processes for the frames (default: usable cores).
    ``values_per_slider`` (3–12; a slider's default is added if not among them), ``dpi`` (frame
    resolution, default the figure's) and ``colors`` (palette size) trade detail for page weight.
    """
    if not (isinstance(values_per_slider, int) and 3 <= values_per_slider <= MAX_SLIDER_VALUES):
        raise ValueError(f"values_per_slider must be an integer from 3 to {MAX_SLIDER_VALUES}, "
                         f"got {values_per_slider!r}")
    crossed = tuple(crossed)
    _check_controls(draw, controls, crossed)
    mode = frames_mode(mode)
    specs = [control_from_widget(name, w, "coarse" if mode == "off" else mode, name in crossed,
                                 values_per_slider) for name, w in controls.items()]
    combos = frame_combinations(specs)
    if len(combos) > MAX_FRAMES:
        raise ValueError(f"the panel would need {len(combos)} frames (limit {MAX_FRAMES}); "
                         f"use fewer controls or crossed values")

    timing = {}

    def live(**values):
        t0 = time.perf_counter()
        fig = capture_figure(draw, values)
        from IPython.display import Image, display
        display(Image(data=figure_png(fig)))
        timing.setdefault("first", time.perf_counter() - t0)

    live.__signature__ = inspect.signature(draw)
    widget = widgets.interactive(live, **controls)
    html, t0 = None, time.perf_counter()
    if mode != "off":
        names = [c.name for c in specs]
        jobs = [{n: specs[i].values[k] for i, (n, k) in enumerate(zip(names, combo))}
                for combo in combos]
        group = [tuple(k for i, k in enumerate(combo) if not specs[i].crossed) for combo in combos]
        images, errors = render_frames(draw, jobs, group, workers=workers, dpi=dpi, colors=colors)
        html = static_html(specs, combos, images, draw_name=getattr(draw, "__name__", "draw"),
                           n_errors=len(errors), frames_s=time.perf_counter() - t0)
    return ExplorePanel(widget, html, len(combos) if html else 0, timing.get("first", math.nan),
                        time.perf_counter() - t0 if html else 0.0)
