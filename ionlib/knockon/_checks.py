"""The argument checks of :mod:`ionlib.knockon`: thin wrappers of :mod:`ionlib._validate` with the
units and bounds of Paper B's models (ħ = 1, every rate and energy in s⁻¹).

The bounds, stated in the docstrings of the public functions:

* :data:`MAX_RATE_PER_S`: every rate and energy (c, ω₀, γ, hopping, site energies, …) is finite
  with ``|value| <= 1e20 s^-1``, so that products of rates and the d² × d² generators stay far
  inside the floating-point range (the book's rates are 10⁵–10¹⁰ s⁻¹).
* :data:`MAX_STATES`: a model has at most 21 basis states. Every dynamical function works with
  the dense d² × d² generator 𝓛, whose full eigendecomposition costs ∝ d⁶:
  :func:`ionlib.stationary_state` took 0.31 s for d = 21 (an ion chain of 20 sites, one BLAS
  thread), 0.6–1.0 s for d = 22–25, 11 s for d = 41 and minutes for d = 61 (issue 21).
"""
from __future__ import annotations

import numbers
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np

import ionlib._validate as v

#: Largest magnitude of a rate or energy (s⁻¹).
MAX_RATE_PER_S = 1e20
#: Largest number of basis states d of a model (d² × d² generator; ~0.3 s per stationary state).
MAX_STATES = 21
#: Largest number of times in one call of :func:`ionlib.evolve`.
MAX_TIMES = 100_000

RATE_UNIT = "s^-1"


def _short(value):
    r = repr(value)
    return r if len(r) <= 80 else r[:77] + "..."


def rate(name, value, allow_zero=True):
    """A rate in [0, MAX_RATE_PER_S] s⁻¹ ((0, …] without ``allow_zero``), as float."""
    return v.real_scalar(name, value, 0.0, MAX_RATE_PER_S, lo_open=not allow_zero,
                         unit=RATE_UNIT)


def energy(name, value):
    """A real rate or energy of either sign, ``|value| <= MAX_RATE_PER_S`` s⁻¹, as float."""
    return v.real_scalar(name, value, -MAX_RATE_PER_S, MAX_RATE_PER_S, unit=RATE_UNIT)


def energies(name, value, n):
    """``n`` real energies (s⁻¹) in [−MAX_RATE_PER_S, MAX_RATE_PER_S], as a 1-D float array."""
    arr = v.real_array(name, value, -MAX_RATE_PER_S, MAX_RATE_PER_S, unit=RATE_UNIT, ndim=1)
    if arr.shape != (n,):
        raise ValueError(f"{name} must hold {n} energies ({RATE_UNIT}), got shape {arr.shape}")
    return arr


def model(value, name="model"):
    """``value`` if it is a :class:`~ionlib.knockon.models.KnockOnModel`, else TypeError."""
    from .models import KnockOnModel
    return v.instance(name, value, KnockOnModel,
                      "KnockOnModel (from ionlib.soft_knock_on, hard_knock_on, ion_chain, ...)")


def states_of(name, rho, d):
    """A finite state or stack of states, shape (..., d, d), kept as given (real or complex)."""
    return v.square_matrices(name, rho, d)


def sequence(name, value, what):
    """A list or tuple (not a string, set, dict or array), as a tuple; ``what`` describes items."""
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list or tuple of {what}, got {type(value).__name__} "
                        f"{_short(value)}")
    return tuple(value)


def record(name, value, what, lengths):
    """One record of a sequence argument: a list or tuple whose length is one of ``lengths``."""
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"each entry of {name} must be a tuple {what}, got {type(value).__name__} "
                        f"{_short(value)}")
    if len(value) not in lengths:
        raise ValueError(f"each entry of {name} must be a tuple {what}, got {_short(value)}")
    return tuple(value)


def jumps(name, value, d):
    """Lindblad terms: a list or tuple of (rate_per_s ≥ 0, L with L of shape (d, d)); returned as
    a tuple of (float, read-only complex ndarray)."""
    out = []
    for j in sequence(name, value, "(rate_per_s, L) pairs"):
        r, L = record(name, j, "(rate_per_s, L)", (2,))
        r = rate(f"{name} rate", r)
        L = v.square_matrix(f"{name} operator L", L, d)
        L.flags.writeable = False
        out.append((r, L))
    return tuple(out)


def label(name, value):
    """A configuration label: a string, or an integer (not bool) turned into one."""
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        return str(value)
    raise TypeError(f"{name} must be a label (str), got {type(value).__name__} {_short(value)}")


def frozen(arr):
    """Read-only copy of an array."""
    arr = np.array(arr, copy=True)
    arr.flags.writeable = False
    return arr


def text_map(name, value, labels):
    """Read-only {label: str} for every label (``value`` a Mapping)."""
    v.instance(name, value, Mapping, "dict mapping each label to a string")
    out = {}
    for k, text in value.items():
        if not isinstance(text, str):
            raise TypeError(f"{name} must map labels to strings, got {type(text).__name__} "
                            f"{text!r} for {k!r}")
        out[str(k)] = text
    if set(out) != set(labels):
        raise ValueError(f"{name} must have one entry per label {labels}, got keys {tuple(out)}")
    return MappingProxyType({lab: out[lab] for lab in labels})


def matrix(name, M):
    """A finite square matrix, kept as given (real or complex)."""
    M = v.square_matrices(name, M)
    if M.ndim != 2:
        raise ValueError(f"{name} must be one square matrix, got shape {M.shape}")
    return M


__all__ = ["MAX_RATE_PER_S", "MAX_STATES", "MAX_TIMES", "rate", "energy", "energies", "model",
           "states_of", "sequence", "record", "jumps", "label", "frozen", "text_map", "matrix"]
