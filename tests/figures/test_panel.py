"""Explore panels (ionlib.figures.panel): one MIME bundle with the live widget view and the static
HTML panel, frame grids, snapping, self-contained HTML, the frame-grid switch, bad input."""
import base64
import io
import json
import re

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from ionlib.figures import panel as P
from ionlib.figures.panel_frames import (capture_figure, compress_png, figure_png, figure_rgb,
                                         palette_png, render_frames)

matplotlib.use("agg")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def draw(a=1.0, kind="sin", flip=False):
    """A figure that depends visibly on every argument (ends with plt.show() like the pages)."""
    fig, ax = plt.subplots(figsize=(3, 2), dpi=50)
    x = np.linspace(0, 6, 50)
    y = (np.sin if kind == "sin" else np.cos)(a * x)
    ax.plot(x, -y if flip else y)
    ax.set_title(f"a={a:g} {kind} {flip}")
    plt.show()


def controls():
    return dict(a=widgets.FloatSlider(value=1.0, min=0.5, max=3.0, step=0.1, description="a (1/s)"),
                kind=widgets.ToggleButtons(options=["sin", "cos"], description="kind"),
                flip=widgets.Checkbox(value=False, description="flip"))


def _data(html):
    payload = re.search(r'<script type="application/json" class="ip-data">(.*?)</script>', html, re.S)
    return json.loads(payload.group(1).replace("<\\/", "</"))


def _first_image(html):
    src = re.search(r'<img src="data:image/png;base64,([^"]+)"', html).group(1)
    return Image.open(io.BytesIO(base64.b64decode(src)))


def test_bundle_has_widget_view_and_static_html():
    panel = P.explore_panel(draw, mode="coarse", workers=1, **controls())
    bundle = panel._repr_mimebundle_()
    assert {WIDGET_VIEW, "text/html", "text/plain"} <= set(bundle)
    assert bundle[WIDGET_VIEW]["model_id"] == panel.widget.model_id
    html = bundle["text/html"]
    for label in ("a (1/s)", "kind", "flip"):           # the widgets' labels, units included
        assert label in html
    assert 'type="range"' in html and 'type="radio"' in html and 'type="checkbox"' in html
    assert "<output" in html and "precomputed at" in html and "Run the notebook" in html
    assert panel.first_draw_s > 0


def test_live_widget_is_interact_with_the_same_controls():
    ctl = controls()
    panel = P.explore_panel(draw, mode="off", **ctl)
    assert panel.html is None and panel.n_frames == 0
    assert "text/html" not in panel._repr_mimebundle_()
    assert list(panel.widget.children[:3]) == list(ctl.values())
    assert isinstance(panel.widget.children[-1], widgets.Output)


def test_coarse_grid_two_values_per_control_one_at_a_time():
    specs = [P.control_from_widget(n, w, "coarse") for n, w in controls().items()]
    assert [len(c.values) for c in specs] == [2, 2, 2]
    assert all(c.values[c.default] == v for c, v in zip(specs, (1.0, "sin", False)))
    combos = P.frame_combinations(specs)
    assert len(combos) == 1 + 3                          # defaults + each control moved once
    assert all(sum(k != c.default for k, c in zip(combo, specs)) <= 1 for combo in combos)


def test_full_grid_sizes_and_products():
    w = controls()
    a = P.control_from_widget("a", w["a"], "full")
    assert 6 <= len(a.values) <= 12 and a.values[0] == 0.5 and a.values[-1] == 3.0
    assert np.allclose(np.round(np.array(a.values) / 0.1), np.array(a.values) / 0.1)  # on step
    assert 1.0 in a.values
    few = P.control_from_widget("e", widgets.FloatSlider(value=0.1, min=0, max=0.3, step=0.05), "full")
    assert len(few.values) == 7                          # a few-step slider gets every position
    log = P.control_from_widget("m", widgets.FloatLogSlider(value=1, base=10, min=-3, max=0,
                                                            step=0.1), "full")
    assert np.allclose(np.diff(np.log10(log.values)), 0.6, atol=0.051)   # even in the exponent
    k = P.control_from_widget("kind", w["kind"], "full")
    assert k.values == ("sin", "cos")
    two = [a, k]                                          # at most two controls: full product
    assert len(P.frame_combinations(two)) == len(a.values) * 2
    three = two + [P.control_from_widget("flip", w["flip"], "full")]
    assert len(P.frame_combinations(three)) == 1 + (len(a.values) - 1) + 1 + 1


def test_crossed_control_is_rendered_with_every_other_frame():
    t = widgets.FloatSlider(value=0.5, min=0, max=1, step=0.25, description="t")
    specs = [P.control_from_widget(n, w, "full") for n, w in controls().items()]
    specs.append(P.control_from_widget("t", t, "full", crossed=True))
    combos = P.frame_combinations(specs)
    free = P.frame_combinations(specs[:3])
    assert len(combos) == len(free) * 5
    assert {c[:3] for c in combos} == set(free)


def test_snapping_to_the_nearest_precomputed_value():
    grid = (0.5, 1.0, 1.5, 2.0)
    assert P.nearest_index(grid, 1.2) == 1 and P.nearest_index(grid, 1.3) == 2
    assert P.nearest_index(grid, -5) == 0 and P.nearest_index(grid, 99) == 3
    assert P.nearest_index(("K+", "Na+"), "Na+") == 1
    with pytest.raises(ValueError, match="not one of the grid values"):
        P.nearest_index(("K+", "Na+"), "Li+")
    # a default off the linspace grid is added to it, so the default frame is exact
    odd = P.control_from_widget("x", widgets.FloatSlider(value=0.37, min=0, max=1, step=0.01), "full")
    assert odd.values[odd.default] == pytest.approx(0.37)


def test_frames_differ_and_html_is_self_contained():
    panel = P.explore_panel(draw, mode="coarse", workers=2, **controls())
    html = panel.html
    data = _data(html)
    assert len(data["frames"]) == panel.n_frames == 4
    assert len(set(data["frames"].values())) == 4         # every control changes the figure
    # no external URL: only data: URIs, no src/href to any host
    assert not re.search(r"(?:src|href)\s*=\s*[\"'](?!data:)", html)
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    img = _first_image(html)
    assert img.mode == "P" and img.size == (150, 100)    # palette PNG at the figure's size
    assert f'width="{img.size[0]}" height="{img.size[1]}"' in html


def test_parallel_frames_equal_serial_frames():
    jobs = [dict(a=a, kind=k) for a in (0.5, 2.0) for k in ("sin", "cos")]
    frames, errors = render_frames(draw, jobs, workers=2)
    assert (frames, errors) == render_frames(draw, jobs, workers=1) and errors == {}


def strict(a=1.0):
    """Like a model that refuses part of a slider's range."""
    if a > 2:
        raise ValueError(f"a must be <= 2, got {a}")
    draw(a=a)


def test_settings_the_model_refuses_show_its_message():
    panel = P.explore_panel(strict, mode="coarse", workers=1,
                            a=widgets.FloatSlider(value=1.0, min=0.5, max=3.0, step=0.5))
    assert "At 1 of these settings the model refuses the input" in panel.html
    frames, errors = render_frames(strict, [dict(a=1.0), dict(a=3.0)], workers=1)
    assert list(errors) == [1] and "a must be <= 2" in errors[1]
    sizes = {Image.open(io.BytesIO(f)).size for f in frames}
    assert len(sizes) == 1 and frames[0] != frames[1]        # same size, visibly different
    with pytest.raises(ValueError, match="failed at every setting"):
        render_frames(strict, [dict(a=3.0)], workers=1)


def test_other_exceptions_are_bugs_and_propagate():
    def broken(a=1.0):
        raise KeyError("a bug, not a refusal")
    with pytest.raises(KeyError):
        render_frames(broken, [dict(a=1.0)], workers=1)


def test_compression_keeps_the_picture():
    fig, ax = plt.subplots(figsize=(3, 2), dpi=60)
    ax.plot([0, 1], [0, 1], color="#0072B2")
    raw = figure_png(fig)
    small = compress_png(raw, 16)
    a = np.asarray(Image.open(io.BytesIO(raw)).convert("RGB"), float)
    b = np.asarray(Image.open(io.BytesIO(small)).convert("RGB"), float)
    assert a.shape == b.shape and np.abs(a - b).mean() < 2.0
    with pytest.raises(ValueError, match="colors"):
        compress_png(raw, 1)


def labelled(face="#ffeecc"):
    """A small constrained-layout figure with mathtext labels, a log axis and a coloured face
    (the frames' white background must replace it, as savefig(facecolor="white") does)."""
    with plt.rc_context({"figure.constrained_layout.use": True}):
        fig, ax = plt.subplots(figsize=(3, 2), dpi=60, facecolor=face)
    c = np.logspace(6, 10, 40)
    ax.loglog(c, c ** 0.5, label=r"$|I(\infty)|$")
    ax.set_xlabel(r"$c$ (s$^{-1}$)"); ax.set_ylabel(r"$\rho_{33}$"); ax.legend(fontsize=7)
    return fig


def _pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


@pytest.mark.parametrize("dpi", [None, 45, 90])
def test_agg_buffer_has_the_pixels_of_savefig(dpi):
    for _ in range(2):                                   # the 2nd reuses the shared mathtext cache
        direct = figure_rgb(labelled(), dpi=dpi)
        saved = _pixels(figure_png(labelled(), dpi=dpi))
        assert direct.mode == "RGB" and direct.size == (saved.shape[1], saved.shape[0])
        assert direct.size == (round(3 * (dpi or 60)), round(2 * (dpi or 60)))
        assert np.array_equal(np.asarray(direct), saved)
    assert tuple(saved[0, 0]) == (255, 255, 255)         # white background, not the face colour
    fig = labelled()
    figure_rgb(fig, close=False, dpi=dpi)
    assert fig.dpi == 60 and fig.get_facecolor() == matplotlib.colors.to_rgba("#ffeecc")
    assert plt.fignum_exists(fig.number)
    plt.close(fig)


def test_frames_equal_the_savefig_pipeline():
    """Same bytes as before the Agg-buffer path: savefig to PNG, decode, quantise."""
    jobs = [dict(a=a, kind=k) for a in (0.5, 2.0) for k in ("sin", "cos")]
    frames, _ = render_frames(draw, jobs, workers=1, dpi=70, colors=16)
    assert frames == [compress_png(figure_png(capture_figure(draw, j), dpi=70), 16) for j in jobs]


def test_savefig_settings_the_buffer_lacks_fall_back_to_savefig():
    with plt.rc_context({"savefig.bbox": "tight"}):     # savefig crops: the frame must too
        cropped = figure_rgb(labelled())
        saved = _pixels(figure_png(labelled()))
    assert cropped.size == (saved.shape[1], saved.shape[0]) != (180, 120)
    assert np.array_equal(np.asarray(cropped), saved)


def test_palette_png_is_a_palette_of_at_most_colors():
    img = figure_rgb(labelled())
    for colors in (2, 8, 32):
        pal = Image.open(io.BytesIO(palette_png(img, colors)))
        assert pal.mode == "P" and pal.size == img.size
        assert len(pal.convert("RGB").getcolors()) <= colors
    with pytest.raises(ValueError, match="colors"):
        palette_png(img, 257)


def test_switch_reads_the_environment(monkeypatch):
    monkeypatch.delenv(P.FRAMES_ENV, raising=False)
    assert P.frames_mode() == "off"
    for mode in ("full", "coarse", "off"):
        monkeypatch.setenv(P.FRAMES_ENV, mode.upper())
        assert P.frames_mode() == mode
    monkeypatch.setenv(P.FRAMES_ENV, "coarse")
    assert P.explore_panel(draw, workers=1, a=controls()["a"]).n_frames == 2
    monkeypatch.setenv(P.FRAMES_ENV, "off")
    assert P.explore_panel(draw, a=controls()["a"]).html is None
    monkeypatch.setenv(P.FRAMES_ENV, "sometimes")
    with pytest.raises(ValueError, match="IONLIB_PANEL_FRAMES"):
        P.frames_mode()


@pytest.mark.parametrize("kwargs, match", [
    (dict(a=(0.5, 3.0)), "must be an ipywidgets control"),
    (dict(b=widgets.FloatSlider()), "not a parameter"),
    (dict(a=widgets.Text(value="x")), "unsupported Text"),
    (dict(a=widgets.FloatSlider(value=1, min=1, max=1)), "min < max"),
    (dict(a=widgets.FloatSlider(), crossed=["t"]), "crossed"),
    (dict(a=widgets.FloatSlider(), values_per_slider=50), "values_per_slider"),
    (dict(), "at least one"),
])
def test_bad_control_definitions_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        P.explore_panel(draw, mode="coarse", workers=1, **kwargs)


def test_draw_must_make_a_figure():
    plt.close("all")
    with pytest.raises(ValueError, match="made no figure"):
        P.explore_panel(lambda a=1.0: None, mode="coarse", workers=1,
                        a=widgets.FloatSlider(value=1, min=0, max=2))
