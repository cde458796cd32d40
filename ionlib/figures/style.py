"""One matplotlib style for the whole book: colour-blind-safe (Okabe–Ito), readable when printed.

Usage in a notebook::

    from ionlib.figures.style import use_book_style, COLORS
    use_book_style()

``COLORS`` maps roles to colours so that the same thing has the same colour in every figure:
quantum results in blue, the same model's classical limit in vermillion, experiment in black.
"""
import matplotlib as mpl
from cycler import cycler

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Colours by role, used consistently across the book.
COLORS = {
    "quantum": OKABE_ITO["blue"],
    "classical": OKABE_ITO["vermillion"],
    "experiment": OKABE_ITO["black"],
    "paper": OKABE_ITO["bluish_green"],
    "K+": OKABE_ITO["reddish_purple"],
    "Na+": OKABE_ITO["orange"],
    "potential": OKABE_ITO["black"],
    "packet": OKABE_ITO["sky_blue"],
    "state1": OKABE_ITO["blue"],
    "state2": OKABE_ITO["orange"],
    "state3": OKABE_ITO["bluish_green"],
    "state0": OKABE_ITO["reddish_purple"],
}

#: Colour cycle for series (black and yellow left out: poor contrast on white / reserved).
CYCLE = [OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green", "orange",
                                  "reddish_purple", "sky_blue")]
#: Line styles that go with CYCLE, so series stay distinct in greyscale print.
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1))]

BOOK_RC = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=CYCLE) + cycler(linestyle=LINESTYLES),
    "figure.constrained_layout.use": True,
    "mathtext.fontset": "dejavusans",
}


#: Backends that draw into the notebook itself; any other backend in a kernel is replaced.
NOTEBOOK_BACKENDS = ("inline", "ipympl", "widget", "nbagg")


def show_figures_in_notebook() -> bool:
    """In an IPython kernel, make ``plt.show()`` and ``glue(fig)`` put figures into the notebook
    whatever backend the environment chose (``MPLBACKEND=Agg`` on servers and CI would otherwise
    draw nothing). Returns True if the backend was switched to ``inline``; outside a kernel
    (plain Python, pytest) nothing changes."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return False
    if any(name in mpl.get_backend().lower() for name in NOTEBOOK_BACKENDS):
        return False
    shell.run_line_magic("matplotlib", "inline")
    return True


def use_book_style():
    """Apply the book's matplotlib style globally (call once at the top of every notebook); in a
    Jupyter kernel also make figures display inline (see :func:`show_figures_in_notebook`)."""
    show_figures_in_notebook()
    mpl.rcParams.update(BOOK_RC)
