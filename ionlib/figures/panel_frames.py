"""Frames of an Explore panel: capture a drawing function's figure, encode it as a small palette
PNG, and render many frames in parallel (forked worker processes, so the notebook's drawing
function is inherited rather than pickled).

A frame is rendered once by the Agg canvas and its pixel buffer quantised straight to the palette
PNG (:func:`figure_rgb`, :func:`palette_png`): the same pixels as ``savefig`` to PNG, without
savefig's extra (non-rendering) layout draw, the full-colour PNG encode and its decode; and the frames of a panel
share one mathtext parser, so a label is typeset once, not once per frame."""
from __future__ import annotations

import concurrent.futures as cf
import io
import multiprocessing
import os
import sys
import textwrap
from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.mathtext import MathTextParser
from PIL import Image

#: Colours kept in a frame's palette (line art in the book's eight-colour palette needs few;
#: 32 keeps anti-aliased edges smooth at ~16 kB a frame).
PALETTE_COLORS = 32
#: The draw function and frame list a forked worker reads (set before the pool forks).
_JOB: dict = {}
#: One mathtext parser for every frame (its parse cache is per parser; Agg makes a new parser
#: per figure, so each frame would typeset its tick labels and $...$ labels anew).
_MATHTEXT = MathTextParser("path")


@contextmanager
def _no_show():
    """Make ``plt.show()`` a no-op, so a page's drawing function leaves its figure open."""
    original = plt.show
    plt.show = lambda *args, **kwargs: None
    try:
        yield
    finally:
        plt.show = original


def capture_figure(draw, values: dict) -> Figure:
    """Call ``draw(**values)`` and return the figure it made (its return value if a Figure, else
    the last figure it opened, else the current figure). Other figures it opened are closed."""
    before = set(plt.get_fignums())
    try:
        with _no_show():
            result = draw(**values)
    except Exception:
        for n in set(plt.get_fignums()) - before:
            plt.close(n)
        raise
    new = [n for n in plt.get_fignums() if n not in before]
    if isinstance(result, Figure):
        fig = result
    elif new:
        fig = plt.figure(new[-1])
    elif plt.get_fignums():
        fig = plt.gcf()
    else:
        raise ValueError(f"draw function {getattr(draw, '__name__', draw)!r} made no figure")
    for n in new:
        if plt.figure(n) is not fig:
            plt.close(n)
    return fig


def figure_png(fig: Figure, close: bool = True, dpi: float | None = None) -> bytes:
    """PNG of ``fig`` at its own size and ``dpi`` (default: the figure's), so a given figsize
    always gives the same pixel size; closes the figure."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi, facecolor="white")
    if close:
        plt.close(fig)
    return buf.getvalue()


def _savefig_is_plain(fig: Figure) -> bool:
    """True if ``savefig(format="png", facecolor="white")`` of ``fig`` is exactly one Agg draw of
    the figure with a white face: a plain Agg canvas (the inline and agg backends; not a GUI
    subclass) at device pixel ratio 1, and no rcParams that make savefig crop (``savefig.bbox``),
    clear (``savefig.transparent``) or recolour the edge."""
    rc = mpl.rcParams
    return (type(fig.canvas) is FigureCanvasAgg and fig.canvas.device_pixel_ratio == 1
            and rc["savefig.bbox"] is None and not rc["savefig.transparent"]
            and isinstance(rc["savefig.edgecolor"], str) and rc["savefig.edgecolor"] == "auto")


def figure_rgb(fig: Figure, close: bool = True, dpi: float | None = None) -> Image.Image:
    """RGB image of ``fig`` with the pixels of :func:`figure_png` (same size, ``dpi`` default the
    figure's, white face), drawn once by the Agg canvas and read from its buffer (no PNG
    round trip); falls back to decoding :func:`figure_png` when savefig would differ (see
    :func:`_savefig_is_plain`). The figure's dpi and face colour are restored; closes it."""
    dpi = dpi or fig.dpi
    if not _savefig_is_plain(fig):
        return Image.open(io.BytesIO(figure_png(fig, close=close, dpi=dpi))).convert("RGB")
    old_dpi, old_face = fig.dpi, fig.get_facecolor()
    try:
        fig.dpi = dpi                     # as savefig does: the size in inches is unchanged
        fig.set_facecolor("white")
        renderer = fig.canvas.get_renderer()        # the one canvas.draw() uses at this dpi
        parser = getattr(renderer, "mathtext_parser", None)
        if (isinstance(parser, MathTextParser)       # same kind of output: same glyphs
                and getattr(parser, "_output_type", 0) == getattr(_MATHTEXT, "_output_type", 1)):
            renderer.mathtext_parser = _MATHTEXT    # cached across frames
        fig.canvas.draw()
        return Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).convert("RGB")
    finally:
        fig.dpi = old_dpi
        fig.set_facecolor(old_face)
        if close:
            plt.close(fig)


def _check_colors(colors) -> None:
    if not 2 <= colors <= 256:
        raise ValueError(f"colors must be between 2 and 256, got {colors!r}")


def palette_png(img: Image.Image, colors: int = PALETTE_COLORS) -> bytes:
    """PNG of ``img`` quantised to a ``colors``-entry palette without dithering (crisp lines,
    ~4x smaller than full colour)."""
    _check_colors(colors)
    rgb = img if img.mode == "RGB" else img.convert("RGB")
    pal = rgb.quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    pal.save(out, format="PNG")   # optimize=True: 2-3x slower for ~7 % smaller
    return out.getvalue()


def compress_png(png: bytes, colors: int = PALETTE_COLORS) -> bytes:
    """Quantise a PNG to a ``colors``-entry palette without dithering (see :func:`palette_png`)."""
    return palette_png(Image.open(io.BytesIO(png)), colors)


#: What a model raises for a setting outside its range (the live panel shows the same error);
#: such a frame states the message. Any other exception is a bug and stops the build.
REFUSALS = (ValueError, ArithmeticError)


def _frame(i: int):
    """PNG bytes of frame ``i``, or the message (str) of the refusal its values raise."""
    try:
        fig = capture_figure(_JOB["draw"], _JOB["jobs"][i])
    except REFUSALS as exc:
        return f"{type(exc).__name__}: {exc}"
    return palette_png(figure_rgb(fig, dpi=_JOB["dpi"]), _JOB["colors"])


def message_png(message: str, size_px: tuple[int, int], colors: int = PALETTE_COLORS) -> bytes:
    """A frame of ``size_px`` (width, height) that states ``message`` (for settings where the
    drawing function raised one of :data:`REFUSALS`, so the reader sees why there is no figure)."""
    dpi = 100
    fig = plt.figure(figsize=(size_px[0] / dpi, size_px[1] / dpi), dpi=dpi)
    wrapped = textwrap.fill(message, width=max(30, size_px[0] // 9))
    fig.text(0.5, 0.5, "No figure at this setting; the model says:\n\n" + wrapped,
             ha="center", va="center", fontsize=10, color="#D55E00", wrap=True)
    return palette_png(figure_rgb(fig, dpi=dpi), colors)


def _worker_init():
    # A forked kernel must not write to the parent's output streams or sockets.
    sys.stdout = sys.stderr = open(os.devnull, "w")
    plt.switch_backend("agg")


def _render_group(indices) -> list:
    return [(i, _frame(i)) for i in indices]


def _groups(group_keys, n_tasks: int) -> list[list[int]]:
    """Frames sharing a group key stay in one task (a cached run is computed once); tasks are
    then merged round-robin into at most ``n_tasks`` chunks of similar size."""
    by_key: dict = {}
    for i, key in enumerate(group_keys):
        by_key.setdefault(key, []).append(i)
    tasks = [[] for _ in range(min(n_tasks, len(by_key)))]
    for k, members in enumerate(by_key.values()):
        tasks[k % len(tasks)].extend(members)
    return tasks


def usable_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def render_frames(draw, jobs: list[dict], group_keys=None, workers: int | None = None,
                  dpi: float | None = None, colors: int = PALETTE_COLORS):
    """Compressed PNG of ``draw(**job)`` for every job, in order, and ``{index: message}`` of
    the jobs whose values made ``draw`` raise ValueError or ArithmeticError (e.g. an overflow
    the model detects); their frame states the message.
    ``group_keys[i]``: frames with the same key are rendered by one worker, in order. ``workers``
    (default: usable cores) forked processes; 1 renders here, in this process. ``dpi`` (default:
    the figure's) and ``colors`` (palette size) set the frames' pixel size and weight."""
    if not 2 <= colors <= 256:
        raise ValueError(f"colors must be between 2 and 256, got {colors!r}")
    if dpi is not None and not 30 <= dpi <= 300:
        raise ValueError(f"dpi must be between 30 and 300, got {dpi!r}")
    group_keys = list(range(len(jobs))) if group_keys is None else list(group_keys)
    if len(group_keys) != len(jobs):
        raise ValueError("group_keys must have one entry per job")
    workers = usable_cores() if workers is None else int(workers)
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers!r}")
    _JOB.update(draw=draw, jobs=jobs, dpi=dpi, colors=colors)
    try:
        if workers == 1 or len(jobs) == 1:
            return _with_messages([_frame(i) for i in range(len(jobs))], colors)
        # several tasks per worker balance uneven frame costs
        tasks = _groups(group_keys, 4 * workers)
        out = [b""] * len(jobs)
        ctx = multiprocessing.get_context("fork")
        with cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                    initializer=_worker_init) as pool:
            for result in pool.map(_render_group, tasks):
                for i, png in result:
                    out[i] = png
        return _with_messages(out, colors)
    finally:
        _JOB.clear()


def _with_messages(frames: list, colors: int):
    errors = {i: f for i, f in enumerate(frames) if isinstance(f, str)}
    good = [f for f in frames if not isinstance(f, str)]
    if not good:
        raise ValueError(f"the drawing function failed at every setting, e.g. {errors[0]}")
    size = Image.open(io.BytesIO(good[0])).size
    return [message_png(f, size, colors) if isinstance(f, str) else f for f in frames], errors
