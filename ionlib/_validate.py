"""One validation layer for every public function of ionlib.

Every check takes the argument's *name* first and returns the value converted (a Python float or
int, a float ndarray, ...). A value of the wrong type raises :class:`ArgumentTypeError` (a
``TypeError`` that is also a ``ValueError``); a value of the right type outside its allowed range
raises ``ValueError``. Both messages name the argument, the allowed range and the unit, and show
what was given, e.g.::

    ValueError: T_K must be a finite number in [1, 1000] K, got nan

Rules shared by all checks (the catalogue of bad values a reader can type):

* ``bool`` is not a number (``True`` is not 1 K); complex numbers are rejected, scalars and
  arrays alike (nothing is dropped silently); strings and ``None`` are wrong types;
* NaN and ±inf are never in range;
* counts are integers: 2.7 is rejected, not truncated; 3.0 is accepted as 3;
* sizes have an upper bound, so that 1e300 is an error here and not a memory error deep inside.

Modelled on SciPy's ``_lib/_util.py`` (one checker every subpackage calls) and Kwant's
``_common.py``.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["ArgumentTypeError", "real_scalar", "real_array", "positive", "count", "one_of", "flag", "instance",
           "square_matrix", "interval", "range_text"]


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type (a string, None, a complex number, a bool where a number is
    meant). A ``TypeError``, and also a ``ValueError`` so that code written to the public API's
    promise ("``ValueError`` on bad input", SPEC §5) catches it too -- as NumPy's ``AxisError`` is
    both a ``ValueError`` and an ``IndexError``."""


def _fmt(v):
    return f"{v:g}" if isinstance(v, (int, float)) else str(v)


def range_text(lo=None, hi=None, lo_open=False, hi_open=False, unit=""):
    """Human-readable range, e.g. ``(0, 1000] K`` or ``>= 0 mM``."""
    u = f" {unit}" if unit else ""
    if lo is not None and hi is not None:
        return f"{'(' if lo_open else '['}{_fmt(lo)}, {_fmt(hi)}{')' if hi_open else ']'}{u}"
    if lo is not None:
        return f"{'>' if lo_open else '>='} {_fmt(lo)}{u}"
    if hi is not None:
        return f"{'<' if hi_open else '<='} {_fmt(hi)}{u}"
    return f"(-inf, inf){u}"


def _short(value):
    r = repr(value)
    return r if len(r) <= 80 else r[:77] + "..."


def _is_real_number(value):
    return (isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)))


def _out_of_range(v, lo, hi, lo_open, hi_open):
    """Boolean (array) of values outside the range; NaN and inf are always outside."""
    bad = ~np.isfinite(v)
    with np.errstate(invalid="ignore"):
        if lo is not None:
            bad = bad | ((v <= lo) if lo_open else (v < lo))
        if hi is not None:
            bad = bad | ((v >= hi) if hi_open else (v > hi))
    return bad


def real_scalar(name, value, lo=None, hi=None, *, lo_open=False, hi_open=False, unit=""):
    """A finite real number in the given range, returned as ``float``.

    Accepts Python and NumPy real numbers and 0-d real arrays; rejects bool, complex, strings,
    None and arrays of any other shape (``TypeError``), NaN, ±inf and values out of range
    (``ValueError``).
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if not _is_real_number(value):
        if isinstance(value, (np.ndarray, list, tuple)):
            raise ArgumentTypeError(f"{name} must be a single real number{' in ' + unit if unit else ''}, "
                            f"not a sequence or array, got {_short(value)}")
        raise ArgumentTypeError(f"{name} must be a real number{' in ' + unit if unit else ''}, "
                        f"got {type(value).__name__} {_short(value)}")
    v = float(value)
    if _out_of_range(np.float64(v), lo, hi, lo_open, hi_open):
        raise ValueError(f"{name} must be a finite number in {range_text(lo, hi, lo_open, hi_open, unit)}"
                         f", got {_short(value)}")
    return v


def positive(name, value, unit="", *, upper=None, allow_zero=False):
    """A finite number > 0 (>= 0 with ``allow_zero``), at most ``upper``; returns ``float``."""
    return real_scalar(name, value, 0.0, upper, lo_open=not allow_zero, unit=unit)


def real_array(name, value, lo=None, hi=None, *, lo_open=False, hi_open=False, unit="", ndim=None,
               min_size=1, max_size=10_000_000):
    """A float ndarray of finite real numbers in the range (a scalar gives a 0-d array).

    ``ndim``: required number of dimensions (None: any); ``min_size``/``max_size``: bounds on
    the number of elements. Bool, complex, object and string arrays raise ``TypeError``.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise ArgumentTypeError(f"{name} must be a real number or an array of real numbers"
                        f"{' in ' + unit if unit else ''}, got {type(value).__name__} {_short(value)}")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:   # ragged nested sequences
        raise ArgumentTypeError(f"{name} must be a rectangular array of real numbers, got {_short(value)}") from exc
    if arr.dtype.kind not in "iuf":
        kind = {"b": "booleans", "c": "complex numbers", "O": "objects", "U": "strings",
                "S": "bytes"}.get(arr.dtype.kind, str(arr.dtype))
        if not (arr.dtype.kind == "O" and arr.size == 0):
            raise ArgumentTypeError(f"{name} must hold real numbers{' in ' + unit if unit else ''}, got {kind}: "
                            f"{_short(value)}")
    arr = arr.astype(float)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {arr.shape}")
    if arr.size < min_size:
        raise ValueError(f"{name} must contain at least {min_size} value{'s' if min_size > 1 else ''}, "
                         f"got shape {arr.shape}")
    if arr.size > max_size:
        raise ValueError(f"{name} must contain at most {max_size} values, got {arr.size}")
    bad = _out_of_range(arr, lo, hi, lo_open, hi_open)
    if np.any(bad):
        first = float(arr[bad].flat[0])
        raise ValueError(f"{name} must contain finite numbers in {range_text(lo, hi, lo_open, hi_open, unit)}"
                         f", got {first!r}" + (f" among {arr.size} values" if arr.size > 1 else ""))
    return arr


def count(name, value, lo=1, hi=None):
    """An integer in [lo, hi]; returns ``int``.

    Rejects bool, non-integral floats (2.7), NaN, ±inf (``ValueError``) and non-numbers
    (``TypeError``); an integral float such as 3.0 is accepted.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{name} must be an integer in {range_text(lo, hi)}, got "
                        f"{type(value).__name__} {_short(value)}")
    if isinstance(value, numbers.Integral):
        n = int(value)
    else:
        v = float(value)
        if not math.isfinite(v) or v != math.floor(v):
            raise ValueError(f"{name} must be an integer in {range_text(lo, hi)}, got {_short(value)}")
        n = int(v)
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        raise ValueError(f"{name} must be an integer in {range_text(lo, hi)}, got {_short(value)}")
    return n


def one_of(name, value, options):
    """``value`` if it is one of ``options`` (compared with ==, hashable or not); else ValueError."""
    try:
        ok = any(isinstance(value, type(o)) and bool(value == o) for o in options)
    except (TypeError, ValueError):      # arrays and exotic objects compare oddly
        ok = False
    if not ok:
        raise ValueError(f"{name} must be one of {tuple(options)!r}, got {_short(value)}")
    return value


def flag(name, value):
    """A boolean switch: Python or NumPy bool only (0/1 and strings are rejected)."""
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{name} must be True or False, got {type(value).__name__} {_short(value)}")
    return bool(value)


def instance(name, value, cls, what=None):
    """``value`` if it is an instance of ``cls``; else ``TypeError`` naming the argument."""
    if not isinstance(value, cls):
        what = what or (cls.__name__ if isinstance(cls, type) else " or ".join(c.__name__ for c in cls))
        raise ArgumentTypeError(f"{name} must be a {what}, got {type(value).__name__} {_short(value)}")
    return value


def square_matrix(name, value, size=None, *, dtype=complex):
    """A finite square matrix (``size`` x ``size`` if given) as an ndarray of ``dtype``: one matrix
    of :func:`square_matrices`, with no stack axes."""
    arr = square_matrices(name, value, size, dtype=dtype)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a square matrix, got shape {arr.shape}")
    return arr


def interval(name, value, lo=None, hi=None, unit=""):
    """A pair ``(a, b)`` of finite numbers with lo <= a < b <= hi; returns two floats."""
    if isinstance(value, (str, bytes, dict, set)) or value is None or np.ndim(value) != 1 or len(value) != 2:
        raise ArgumentTypeError(f"{name} must be a pair (low, high){' in ' + unit if unit else ''}, got {_short(value)}")
    a = real_scalar(name, value[0], lo, hi, unit=unit)
    b = real_scalar(name, value[1], lo, hi, unit=unit)
    if not a < b:
        raise ValueError(f"{name} must be a pair (low, high) with low < high within "
                         f"{range_text(lo, hi, unit=unit)}, got {_short(value)}")
    return a, b


def square_matrices(name, value, size=None, *, dtype=None, max_size=10_000_000):
    """A finite square matrix or a stack of them, shape (..., n, n) (n = ``size`` if given).

    Like :func:`square_matrix`, for arguments that vectorise over leading axes (a density matrix
    or the states of a time series). ``dtype``: convert to it; None keeps real and complex input
    as it is (integers become float), so that results are bit-for-bit those of the unconverted
    array. Bool, object and string arrays raise ``TypeError``; a scalar, a 1-D array, a non-square
    or empty matrix, more than ``max_size`` elements or NaN/inf raise ``ValueError``.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise ArgumentTypeError(f"{name} must be a square matrix or a stack of them, got "
                                f"{type(value).__name__} {_short(value)}")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise ArgumentTypeError(f"{name} must be a square matrix of numbers, got {_short(value)}") from exc
    if arr.dtype.kind not in "iufc":
        raise ArgumentTypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2] or arr.shape[-1] == 0:
        raise ValueError(f"{name} must be a square matrix or a stack of them, shape (..., n, n) "
                         f"with n >= 1, got shape {arr.shape}")
    if size is not None and arr.shape[-2:] != (size, size):
        raise ValueError(f"{name} must have shape (..., {size}, {size}), got {arr.shape}")
    if arr.size > max_size:
        raise ValueError(f"{name} must contain at most {max_size} values, got {arr.size}")
    if dtype is not None:
        arr = arr.astype(dtype)
    elif arr.dtype.kind in "iu":
        arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain finite numbers")
    return arr
