"""The static HTML of an Explore panel: native controls (range sliders, selects, radio toggles,
checkboxes) with labels and printed values, bound by inline JavaScript to precomputed frames
embedded as data URIs. Self-contained: no external URL, works from ``file://``. Colours are
inherited from the output area (the book theme shows HTML outputs dark-on-light in both themes),
accents in the book's palette."""
from __future__ import annotations

import base64
import hashlib
import html
import json
import struct

_CSS = """
.ionlib-panel{border:1px solid rgba(128,128,128,.5);border-radius:.4rem;padding:.6rem .8rem;
  margin:.6rem 0;color:inherit}
.ionlib-panel .ip-row{display:flex;align-items:center;gap:.5rem .8rem;flex-wrap:wrap;margin:.15rem 0}
.ionlib-panel .ip-label{flex:0 0 8.5rem;font-size:.9rem}
.ionlib-panel input[type=range]{flex:1 1 10rem;max-width:22rem;accent-color:#0072B2}
.ionlib-panel output{flex:0 0 6rem;font-family:var(--pst-font-family-monospace,monospace);
  font-size:.85rem;font-variant-numeric:tabular-nums}
.ionlib-panel select{color:inherit;background:transparent;font-size:.9rem;
  border:1px solid rgba(128,128,128,.7);border-radius:.25rem;padding:.05rem .3rem}
.ionlib-panel input[type=checkbox]{accent-color:#0072B2;width:1.05rem;height:1.05rem}
.ionlib-panel .ip-toggle{display:inline-flex;flex-wrap:wrap;gap:.25rem}
.ionlib-panel .ip-toggle label{position:relative;margin:0}
.ionlib-panel .ip-toggle input{position:absolute;opacity:0;width:1px;height:1px}
.ionlib-panel .ip-toggle span{display:inline-block;padding:.1rem .7rem;border-radius:.25rem;cursor:pointer;
  border:1px solid rgba(128,128,128,.7);font-size:.9rem}
.ionlib-panel .ip-toggle input:checked+span{background:#0072B2;color:#fff;border-color:#0072B2}
.ionlib-panel .ip-toggle input:focus-visible+span,.ionlib-panel input:focus-visible,
.ionlib-panel select:focus-visible{outline:2px solid #E69F00;outline-offset:2px}
.ionlib-panel .ip-figure{margin:.5rem 0 .2rem;max-width:100%}
.ionlib-panel .ip-figure img{display:block;max-width:100%;height:auto;background:#fff}
.ionlib-panel .ip-note{font-size:.8rem;opacity:.8;margin:.2rem 0 0}
"""

# Reads the panel's JSON, wires every control; moving one control resets the others to their
# defaults when the frame set varies one control at a time (said in the note).
_JS = """
(function () {
  var root = document.getElementById(%(id)s);
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  var data = JSON.parse(root.querySelector("script.ip-data").textContent);
  var img = root.querySelector(".ip-figure img"), first = img.getAttribute("src");
  var state = data.controls.map(function (c) { return c["default"]; });
  function set(i, k) {
    var c = data.controls[i], el = root.querySelector("[data-ip=\\"" + i + "\\"]");
    state[i] = k;
    if (c.kind === "slider") { el.value = k; el.setAttribute("aria-valuetext", c.readouts[k]); }
    else if (c.kind === "select") { el.value = k; }
    else if (c.kind === "checkbox") { el.checked = k === 1; }
    else { el.querySelectorAll("input")[k].checked = true; }
    var out = root.querySelector("output[data-ip=\\"" + i + "\\"]");
    if (out) out.textContent = c.readouts[k];
  }
  function show(changed) {
    var key = state.join(",");
    if (!(key in data.frames)) {
      data.controls.forEach(function (c, i) {
        if (i !== changed && !c.crossed) set(i, c["default"]);
      });
      key = state.join(",");
    }
    var src = data.images[data.frames[key]];
    img.setAttribute("src", src || first);
    img.setAttribute("data-frame", key);
  }
  data.controls.forEach(function (c, i) {
    var el = root.querySelector("[data-ip=\\"" + i + "\\"]");
    el.addEventListener(c.kind === "slider" ? "input" : "change", function (ev) {
      var k = c.kind === "checkbox" ? (el.checked ? 1 : 0) :
              c.kind === "toggle" ? parseInt(ev.target.value, 10) : parseInt(el.value, 10);
      set(i, k); show(i);
    });
  });
})();
"""


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height (px) from a PNG header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("frame is not a PNG")
    return struct.unpack(">II", png[16:24])


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _control_html(i: int, c, uid: str) -> str:
    cid = f"{uid}-c{i}"
    label = html.escape(c.label)
    if c.kind == "slider":
        widget = (f'<input type="range" id="{cid}" data-ip="{i}" min="0" max="{len(c.values) - 1}" '
                  f'step="1" value="{c.default}" aria-valuetext="{html.escape(c.readouts[c.default])}">')
    elif c.kind == "select":
        opts = "".join(f'<option value="{k}"{" selected" if k == c.default else ""}>'
                       f"{html.escape(r)}</option>" for k, r in enumerate(c.readouts))
        widget = f'<select id="{cid}" data-ip="{i}">{opts}</select>'
    elif c.kind == "checkbox":
        widget = (f'<input type="checkbox" id="{cid}" data-ip="{i}"'
                  f'{" checked" if c.default else ""}>')
    else:
        opts = "".join(f'<label><input type="radio" name="{cid}" value="{k}"'
                       f'{" checked" if k == c.default else ""}><span>{html.escape(r)}</span></label>'
                       for k, r in enumerate(c.readouts))
        return (f'<div class="ip-row"><span class="ip-label" id="{cid}-l">{label}</span>'
                f'<div class="ip-toggle" role="radiogroup" aria-labelledby="{cid}-l" data-ip="{i}">'
                f'{opts}</div></div>')
    readout = ("" if c.kind == "select" else      # a select shows its value itself
               f'<output for="{cid}" data-ip="{i}">{html.escape(c.readouts[c.default])}</output>')
    return (f'<div class="ip-row"><label class="ip-label" for="{cid}">{label}</label>{widget}'
            f'{readout}</div>')


def static_html(controls, combos, images: list[bytes], draw_name: str = "draw",
                n_errors: int = 0, frames_s: float | None = None) -> str:
    """The panel's HTML: ``controls`` (:class:`ionlib.figures.panel.Control`), ``combos[j]`` the
    control indices of frame j, ``images[j]`` its PNG; ``n_errors`` frames state an error of the
    model instead of a figure (said in the note); ``frames_s``: rendering time, recorded in a
    ``data-frames-s`` attribute for the build's measurements. Identical frames are stored once."""
    if len(combos) != len(images) or not images:
        raise ValueError("need one image per frame, and at least one frame")
    sizes = {_png_size(im) for im in images}
    if len(sizes) != 1:
        raise ValueError(f"frames differ in pixel size {sorted(sizes)}; draw a fixed figsize")
    (width, height), = sizes
    uid = "ionlib-panel-" + hashlib.sha1(b"".join(images[:4]) + draw_name.encode()).hexdigest()[:10]
    default = tuple(c.default for c in controls)
    first = images[combos.index(default)] if default in combos else images[0]
    unique, frames = [], {}
    for combo, im in zip(combos, images):
        if im not in unique:
            unique.append(im)
        frames[",".join(map(str, combo))] = unique.index(im)
    uris = [None if im == first else _data_uri(im) for im in unique]
    data = {"controls": [{"kind": c.kind, "readouts": list(c.readouts), "default": c.default,
                          "crossed": c.crossed} for c in controls],
            "frames": frames, "images": uris}
    n_free = sum(not c.crossed for c in controls)
    rule = ("" if n_free <= 2 else
            " one control at a time around the defaults (moving one resets the others);")
    crossed = [c.label for c in controls if c.crossed]
    if crossed:
        rule += f" {' and '.join(crossed)} at every value for each of those settings;"
    note = (f"Static panel: precomputed at {len(combos)} settings ({len(unique)} distinct figures),"
            f"{rule} each control snaps to the nearest precomputed value. Run the notebook for "
            f"any value.")
    if n_errors:
        note += (f" At {n_errors} of these settings the model refuses the input (as the live "
                 f"panel would); the panel shows its message instead of a figure.")
    body = "".join(_control_html(i, c, uid) for i, c in enumerate(controls))
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    timing = "" if frames_s is None else f' data-frames-s="{frames_s:.1f}"'
    return (f'<div class="ionlib-panel" id="{uid}"{timing}><style>{_CSS}</style>{body}'
            f'<div class="ip-figure"><img src="{_data_uri(first)}" width="{width}" height="{height}" '
            f'alt="Figure drawn by {html.escape(draw_name)} at the selected values" '
            f'data-frame="{",".join(map(str, default))}"></div>'
            f'<p class="ip-note">{note}</p>'
            f'<script type="application/json" class="ip-data">{payload}</script>'
            f'<script>{_JS % {"id": json.dumps(uid)}}</script></div>')
