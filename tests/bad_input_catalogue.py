"""The public API of ionlib as seen by the bad-input test (tests/test_bad_input.py), issue 21.

Three things live here, none of them specific to one function:

* :func:`public_functions`: the functions under test, found *by construction* — every callable of
  ``ionlib.__all__`` (classes too, exceptions excepted) and every public function defined in the
  modules of :data:`MODULES` and in every module of ``ionlib.knockon``. A new public function is
  covered without anyone editing the test.
* :data:`EXAMPLES`: one valid, small and fast example value per *parameter name* (a key
  ``"name@package"`` applies only to functions of that package, e.g. ``model`` is a KnockOnModel in
  ``ionlib.knockon`` and an option string in ``ionlib.filter``). A parameter without a default and
  without an entry is an error of the test ("add an example for parameter X of f"); a parameter
  with a default and no entry is tried from its default (its kind guessed from the default's type).
  :data:`INTERNAL` names parameters that take the library's internal objects: a public function
  with one is reported ("make private or validate") instead of being fed invented values.
* :func:`catalogue`: the bad values tried for a parameter, chosen by its *kind* (a count gets the
  count catalogue, an array the array catalogue, ...), each with a flag saying whether the value
  can never be legal (NaN, ±inf, a bool or a complex number for a real, 2.7 for a count, a string
  for a number, an unordered set for a sequence, ...): such a value must be rejected, not accepted.
"""
from __future__ import annotations

import importlib
import importlib.util
import inspect
import math
import pkgutil
from dataclasses import dataclass

import numpy as np

#: Modules whose public functions are tested besides ``ionlib.__all__`` (every module of
#: ``ionlib.knockon`` is added by :func:`tested_modules`).
MODULES = ("ionlib.filter.floquet", "ionlib.filter.floquet_sweep", "ionlib.filter.floquet_average",
           "ionlib.filter.driven_current")
#: Packages all of whose (public) modules are tested.
PACKAGES = ("ionlib.knockon",)

#: Parameters that take an internal object of the library (not something a reader types): a
#: public function with one of them is listed as "takes internal object: make private or validate".
INTERNAL = {
    "pieces": "FloquetPieces (output of floquet_pieces)",
    "cuts": "cut indices (output of cut_window)",
    "amp": "amplitudes (output of scattering_matrices)",
    "k_out": "wavenumbers (output of scattering_matrices)",
    "k_in": "wavenumbers (output of scattering_matrices)",
    "record": "sweep bookkeeping of scattering_matrices",
}

#: Keyword arguments handed to functions with ``**params`` that do not name them (speed: the
#: thermal integrals on 16 energies and a 50-sample landscape). Dropped if the call rejects them.
FORWARDED = {"n_energy": 16, "n_x": 50, "n_x_drive": 50}


# --------------------------------------------------------------------------------------- examples
@dataclass(frozen=True)
class Ex:
    """A valid example: ``value`` (or ``derive(args)`` of the other examples of the call) and the
    ``kind`` that selects the catalogue of bad values."""

    value: object = None
    kind: str = "real"
    derive: object = None      # callable(dict of this call's plain examples) -> value


def _x_default():
    return np.linspace(0.0, 3.0, 40)                       # a 40-node filter landscape (nm)


def _potential(args):
    x = np.asarray(args.get("x_nm", _x_default()), float)  # a smooth 0.1 eV barrier, open leads
    return 0.1 * np.exp(-((x - 1.5) / 0.5) ** 2)


def _drive(args):
    x = np.asarray(args.get("x_nm", _x_default()), float)
    return 0.01 * np.clip(x, 0.0, 3.0) / 3.0               # W(x) in eV, a ramp of 10 meV


def _model(args):
    import ionlib
    return ionlib.hard_knock_on(1.0, 1.0, 1.0, states=3)   # d = 3, has occupancy and current terms


def _dim(args):
    m = args.get("model")
    return m.d if m is not None and hasattr(m, "d") else int(args.get("d", 3))


def _rho(args):
    d = _dim(args)                                         # a mixed state: Hermitian, trace 1
    return 0.5 * np.full((d, d), 1.0 / d, complex) + 0.5 * np.eye(d) / d


def _labels(args):
    if args.get("labels") is not None:
        return tuple(args["labels"])
    n = int(args.get("n", args.get("n_sites", 3)))
    return tuple(str(k) for k in range(1, n + 1))


def _site_energies(args):
    n = len(_labels(args))
    return np.linspace(1.0, -1.0, n)


def _steps(args):
    lab = _labels(args)
    return [(lab[k], lab[(k + 1) % len(lab)], 1.0) + ((1,) if k == len(lab) - 1 else ())
            for k in range(len(lab))]


def _occupancy(args):
    occ = ("0KK0KK", "0KKKK0", "KK0KK0", "0KK0K0", "0KKK00", "00KKK0")
    return {lab: occ[k % len(occ)] for k, lab in enumerate(_labels(args))}


def _jumps(args):
    return _model(args).jumps


def _observables(args):
    import ionlib
    return {"current": ionlib.current_per_s}


_MATRIX = np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, -1.0]], complex)

#: Valid examples by parameter name (``name@package`` for one package only).
EXAMPLES = {
    # ---- Paper A: landscape, transmission, thermal current (ionlib.filter)
    "energy_eV": Ex(np.linspace(0.02, 0.3, 6), "array"),
    "E": Ex(np.linspace(0.02, 0.3, 6), "array"),
    "x_nm": Ex(_x_default(), "array"),
    "V_eV": Ex(kind="array", derive=_potential),
    "drive_eV": Ex(kind="array", derive=_drive),
    "mass_amu": Ex(39.0983, "real"),
    "frequency_THz": Ex(1.0, "real"),
    "frequencies_THz": Ex(np.array([0.5, 1.0, 2.0]), "array"),
    "n_sidebands": Ex(None, "count"),
    "N": Ex(3, "count"),
    "a": Ex(0.5, "real"),
    "hw": Ex(0.004, "real"),
    "tol": Ex(1e-8, "real"),
    "start": Ex(None, "count"),
    "scheme": Ex("magnus4", "option"),
    "U_mV": Ex(-20.0, "real"),
    "ion": Ex("K+", "object"),
    "c_in_mM": Ex(140.0, "real"),
    "c_out_mM": Ex(5.0, "real"),
    "T_K": Ex(300.0, "real"),
    "area_nm2": Ex(1.0, "real"),
    "field_V_per_m": Ex(1e6, "real"),
    "field_region_nm": Ex((0.0, 3.0), "pair"),
    "charge": Ex(1, "count"),
    "n_energy": Ex(16, "count"),
    "n_x": Ex(50, "count"),
    "n_x_drive": Ex(50, "count"),
    "n_phase": Ex(4, "count"),
    "n_points": Ex(3, "count"),
    "model@ionlib.filter": Ex("quantum", "option"),
    "reading": Ex("directional", "option"),
    "bracket_mV": Ex((-250.0, 250.0), "pair"),
    "window_mV": Ex((-90.0, 40.0), "pair"),
    "int_positions_nm": Ex((1.0, 2.0), "pair"),
    "name": Ex("K+", "name"),
    # ---- Paper B: knock-on models, Lindblad dynamics, coherence (ionlib.knockon)
    "c": Ex(1.0, "real"),
    "omega0": Ex(1.0, "real"),
    "gamma": Ex(1.0, "real"),
    "c_in": Ex(None, "real"),
    "states": Ex(3, "count"),
    "model@ionlib.knockon": Ex(kind="object", derive=_model),
    "rho": Ex(kind="matrix", derive=_rho),
    "rho0": Ex(kind="matrix", derive=_rho),
    "M": Ex(_MATRIX, "matrix"),
    "H": Ex(_MATRIX, "matrix"),
    "t": Ex(np.linspace(0.0, 1.0, 5), "array"),
    "framework": Ex("adjusted", "option"),
    "method": Ex("expm", "option"),
    "sign_convention": Ex("physical", "option"),
    "d": Ex(3, "count"),
    "jumps": Ex(kind="records", derive=_jumps),
    "spin": Ex(1.0, "real"),
    "n": Ex(3, "count"),
    "c_values": Ex(np.array([0.5, 2.0]), "array"),
    "gamma_values": Ex(np.array([0.5, 1.0]), "array"),
    "c_in_ratio": Ex(0.5, "real"),
    "observables": Ex(kind="mapping", derive=_observables),
    "c_lo": Ex(None, "real"),
    "c_hi": Ex(None, "real"),
    "tol_rel": Ex(1e-10, "real"),
    "labels": Ex(("a", "b", "c"), "labels"),
    "site_energies_per_s": Ex(kind="array", derive=_site_energies),
    "steps": Ex(kind="records", derive=_steps),
    "incoherent": Ex(kind="records", derive=lambda a: _steps(a)[:-1]),
    "hermitian": Ex(kind="records", derive=lambda a: [(_labels(a)[0], _labels(a)[-1], 0.5)]),
    "occupancy": Ex(kind="mapping", derive=_occupancy),
    "kind": Ex("cycle", "name"),
    "ladder_weights": Ex("spin", "option"),
    "dephasing_per_s": Ex(0.5, "real"),
    "n_sites": Ex(3, "count"),
    "hopping_per_s": Ex(1.0, "real"),
    "injection_per_s": Ex(1.0, "real"),
    "extraction_per_s": Ex(1.0, "real"),
}


def lookup(module, name):
    """The :class:`Ex` for parameter ``name`` of a function of ``module``, or None."""
    best = None
    for key, ex in EXAMPLES.items():
        base, _, pkg = key.partition("@")
        if base == name and pkg and (module == pkg or module.startswith(pkg + ".")):
            if best is None or len(pkg) > best[0]:
                best = (len(pkg), ex)
    if best is not None:
        return best[1]
    return EXAMPLES.get(name)


def kind_of_default(default):
    """Catalogue kind of a parameter known only by its default value."""
    if isinstance(default, (bool, np.bool_)):
        return "flag"
    if isinstance(default, (int, np.integer)):
        return "count"
    if isinstance(default, (float, np.floating)):
        return "real"
    if isinstance(default, str):
        return "option"
    if isinstance(default, tuple) and len(default) == 2 and all(isinstance(v, (int, float)) for v in default):
        return "pair"
    if isinstance(default, (tuple, list)) and len(default) == 0:
        return "records"
    return "opaque"


# --------------------------------------------------------------------------------- the functions
def tested_modules():
    """(module names, notes): :data:`MODULES` and every public module of :data:`PACKAGES`."""
    names, notes = list(MODULES), []
    for pkg in PACKAGES:
        p = importlib.import_module(pkg)
        names += [f"{pkg}.{m.name}" for m in pkgutil.iter_modules(p.__path__) if not m.name.startswith("_")]
    return names, notes


@dataclass
class Target:
    """One callable under test."""

    label: str             # e.g. "knockon.cycle.configuration_cycle"
    func: object
    module: str
    source: str            # "ionlib.__all__" or the module it was found in


def public_functions():
    """(targets, notes): the callables under test (deduplicated by identity) and notes on what was
    left out (exception classes, record classes of the modules, modules that do not import)."""
    import ionlib
    targets, seen, notes = [], set(), []

    def add(obj, source):
        if id(obj) in seen:
            return
        seen.add(id(obj))
        mod = getattr(obj, "__module__", "") or ""
        targets.append(Target(f"{mod.removeprefix('ionlib.')}.{obj.__name__}", obj, mod, source))

    for name in ionlib.__all__:
        obj = getattr(ionlib, name)
        if inspect.isclass(obj) and issubclass(obj, BaseException):
            notes.append(f"not called: {name} (an exception class)")
            continue
        if callable(obj):
            add(obj, "ionlib.__all__")
    modules, more = tested_modules()
    notes += more
    for modname in modules:
        try:
            mod = importlib.import_module(modname)
        except ImportError as exc:
            head, _, tail = modname.rpartition(".")
            private = importlib.util.find_spec(f"{head}._{tail}") is not None
            notes.append(f"module {modname} does not import ({type(exc).__name__})"
                         + ("; a private _" + tail + " exists: not public API any more" if private else ""))
            if not private:
                notes.append(f"ERROR: module {modname} listed in MODULES is missing")
            continue
        for name, obj in sorted(vars(mod).items()):
            if name.startswith("_") or getattr(obj, "__module__", None) != modname or not callable(obj):
                continue
            if inspect.isclass(obj):
                if issubclass(obj, BaseException):
                    if not any(n.endswith(f" {name} (an exception class)") for n in notes):
                        notes.append(f"not called: {name} (an exception class)")
                elif id(obj) not in seen:
                    notes.append(f"not called: class {modname.removeprefix('ionlib.')}.{name} "
                                 "(a record the library builds; not in ionlib.__all__)")
                continue
            add(obj, modname)
    return targets, notes


# ---------------------------------------------------------------------------------- bad values
NAN, INF = math.nan, math.inf


def _with_element(example, value, dtype=float):
    a = np.array(example, dtype=dtype, copy=True)
    a.flat[a.size // 2] = value
    return a


def _replace_field(records, want, value):
    """Copy of a list of records (tuples) with the first field of type ``want`` of the first
    record replaced by ``value`` (None if there is none)."""
    recs = [tuple(r) for r in records]
    if not recs:
        return None
    for i, v in enumerate(recs[0]):
        if isinstance(v, want) and not isinstance(v, (bool, np.bool_)):
            recs[0] = recs[0][:i] + (value,) + recs[0][i + 1:]
            return recs
    return None


def catalogue(kind, example, default_is_none):
    """[(label, value, must_reject)] for a parameter of this ``kind`` whose valid example is
    ``example``. ``must_reject``: no parameter of this kind may accept the value. None must be
    rejected unless the parameter's default is None."""
    none = ("None", None, not default_is_none)
    R = True
    if kind == "real":
        return [("NaN", NAN, R), ("+inf", INF, R), ("-inf", -INF, R), ("-1", -1.0, False),
                ("0", 0.0, False), ("1e300", 1e300, False), ("1e-300", 1e-300, False),
                ("True", True, R), ("1+2j", 1 + 2j, R), ("complex array", np.array([1 + 2j, 0.5j]), R),
                ("'abc'", "abc", R), none, ("empty array", np.array([]), False),
                ("2-D array", np.ones((2, 2)), False), ("set", {1.0}, R)]
    if kind == "count":
        ex = 3 if example is None else example
        return [("NaN", NAN, R), ("+inf", INF, R), ("-inf", -INF, R), ("-1", -1, False), ("0", 0, False),
                ("1e300", 1e300, False), ("1e-300", 1e-300, R), ("True", True, R), ("2.7", 2.7, R),
                ("1+2j", 1 + 2j, R), ("'abc'", "abc", R), none, ("empty array", np.array([]), R),
                ("list", [ex], R), ("set", {ex}, R)]
    if kind == "array":
        ex = np.asarray(example, float)
        return [("NaN", _with_element(ex, NAN), R), ("+inf", _with_element(ex, INF), R),
                ("-inf", _with_element(ex, -INF), R), ("-1", -ex, False), ("0", np.zeros_like(ex), False),
                ("1e300", np.full_like(ex, 1e300), False), ("1e-300", np.full_like(ex, 1e-300), False),
                ("True", np.ones(ex.shape, bool), R), ("1+2j", 1 + 2j, R),
                ("complex array", ex + 0.5j, R), ("'abc'", "abc", R), none,
                ("empty array", np.array([]), False), ("2-D array", np.stack([ex, ex]), False),
                ("set", set(ex.tolist()), R)]
    if kind == "matrix":
        ex = np.asarray(example, complex)
        return [("NaN", _with_element(ex, NAN, complex), R), ("+inf", _with_element(ex, INF, complex), R),
                ("-inf", _with_element(ex, -INF, complex), R), ("-1", -1.0, R),
                ("0", np.zeros_like(ex), False), ("1e300", np.full_like(ex, 1e300), False),
                ("1e-300", np.full_like(ex, 1e-300), False), ("True", np.ones(ex.shape, bool), R),
                ("1+2j", 1 + 2j, R), ("'abc'", "abc", R), none, ("empty array", np.zeros((0, 0)), R),
                ("2-D array", np.ones((2, 3)), R), ("set", {1.0}, R)]
    if kind == "option":
        return [("'abc'", "abc", R), ("''", "", R), none, ("-1", -1, R), ("NaN", NAN, R), ("True", True, R),
                ("1+2j", 1 + 2j, R), ("list", [example], R), ("set", {example}, R)]
    if kind == "name":
        return [("NaN", NAN, False), ("-1", -1, False), ("True", True, False), ("1+2j", 1 + 2j, False),
                none, ("list", [example], False), ("set", {example}, R)]
    if kind == "flag":
        return [("NaN", NAN, R), ("-1", -1, False), ("0", 0, False), ("2.7", 2.7, R), ("1+2j", 1 + 2j, R),
                ("'abc'", "abc", R), none, ("empty array", np.array([]), R), ("set", {1.0}, R)]
    if kind == "object":
        return [("NaN", NAN, R), ("-1", -1, R), ("0", 0, R), ("True", True, R), ("1+2j", 1 + 2j, R),
                ("'abc'", "abc", R), none, ("empty array", np.array([]), R), ("2-D array", np.ones((2, 2)), R),
                ("set", {1.0}, R), ("dict", {"abc": 1.0}, R)]
    if kind == "pair":
        a, b = (float(v) for v in example)
        return [("NaN", (NAN, b), R), ("+inf", (a, INF), R), ("-inf", (-INF, b), R),
                ("-1 (reversed)", (b, a), False), ("0", (0.0, 0.0), False), ("1e300", (a, 1e300), False),
                ("True", True, R), ("1+2j", (1 + 2j, b), R), ("complex array", np.array([a, b]) + 0.5j, R),
                ("'abc'", "abc", R), none, ("empty array", (), R), ("2-D array", np.ones((2, 2)), R),
                ("3 values", (a, b, b), False), ("set", {a, b + 1.0}, R), ("dict", {"abc": 1.0}, R)]
    if kind == "labels":
        ex = tuple(example)
        return [("NaN", NAN, R), ("-1", -1, R), ("True", True, R), ("1+2j", 1 + 2j, R), ("'abc'", "abc", False),
                none, ("empty array", (), R), ("2-D array", np.array([["a", "b"], ["c", "d"]]), R),
                ("set", set(ex), R), ("dict", {k: 1.0 for k in ex}, False),
                ("duplicates", (ex[0],) * len(ex), R), ("too short", ex[:-1], R)]
    if kind == "records":
        out = [("NaN", NAN, R), ("-1", -1, R), ("True", True, R), ("1+2j", 1 + 2j, R), ("'abc'", "abc", R),
               none, ("empty array", (), False), ("2-D array", np.ones((2, 2)), R), ("set", {1.0}, R),
               ("dict", {"abc": 1.0}, R)]
        recs = list(example) if example is not None else []
        for label, v, must in (("NaN in a record", NAN, R), ("+inf in a record", INF, R),
                               ("-1 in a record", -1.0, False), ("1+2j in a record", 1 + 2j, R),
                               ("True in a record", True, R)):
            r = _replace_field(recs, (int, float, np.floating, np.integer), v)
            if r is not None:
                out.append((label, r, must))
        r = _replace_field(recs, str, "zz")
        if r is not None:
            out.append(("unknown label in a record", r, R))
        if recs:
            out.append(("short record", [tuple(recs[0])[:1]] + [tuple(x) for x in recs[1:]], R))
        return out
    if kind == "mapping":
        return [("NaN", NAN, R), ("-1", -1, R), ("True", True, R), ("'abc'", "abc", R), none,
                ("list", ["abc"], R), ("set", {1.0}, R), ("empty dict", {}, False),
                ("dict", {"abc": 1.0}, R)]
    # opaque: a parameter known only by a default we cannot read (e.g. None)
    return [("NaN", NAN, False), ("-1", -1, False), ("1+2j", 1 + 2j, False), ("'abc'", "abc", False),
            ("set", {1.0}, False)]
