"""The effective potential of Paper A's selectivity filter, V_eff = V_ext + V_conf + V_int (eV).

Geometry (SPEC §2): x = 0 is the extracellular mouth, x = d the intracellular one; the filter acts
on 0 <= x <= d. U = V_in - V_out (mV). All energies are potential energies of a monovalent cation
(charge +e), in eV; positions in nm.

* ``V_ext(x) = eU x/d`` inside the filter, 0 outside on the left, eU outside on the right.
* ``V_conf(z) = alpha z^4 - 2 beta z^2`` with z = x - d/2 (Zhou et al.: alpha = 0.03 eV/nm^4,
  beta = 0.0075 eV/nm^2). The paper does not say how it is switched off outside the filter. With
  ``edge_nm = 0`` (default) it is cut abruptly at x = 0 and x = d, where it equals
  alpha (d/2)^4 - 2 beta (d/2)^2 = +0.118 eV for d = 3 nm: the barrier the ion actually meets is
  these two edges, not the shallow (1.9 meV) double well inside. ``edge_nm > 0`` replaces the cut
  by a tanh window of that width.
* ``V_int``: mean-field potential of background ions from the 1D Poisson equation
  ``d^2 phi/dx^2 = -rho/(eps_r eps0)`` on [0, d] with phi(0) = phi(d) = 0 (the reservoirs screen).
  The paper gives neither the background ions nor the area that turns their charge into a volume
  density. Our defaults (documented as an assumption in the book): one +e ion in each well of
  V_conf (z = ±sqrt(beta/alpha)), Gaussian of width 0.1 nm, spread over an area of 10 nm^2,
  eps_r = 80. That gives a repulsive hump of about 0.02 eV, a perturbation of the landscape.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy.linalg import solve_banded

from ..constants import E_CHARGE_C, EPSILON0_F_PER_M, NM_M

__all__ = ["filter_potential", "potential_components", "poisson_potential_eV", "sample_filter", "PAPER_PARAMS",
           "landscape_params"]

#: The paper's landscape values, which are the defaults of :func:`filter_potential`.
PAPER_PARAMS = {"d_nm": 3.0, "alpha_eV_nm4": 0.03, "beta_eV_nm2": 0.0075}

_N_POISSON = 1201   # grid of the Poisson solve on [0, d]
_U_LIMIT_MV = 1000.0


def _check(name, value, lo=None, hi=None, lo_open=False, unit=""):
    v = float(value)
    bad = not math.isfinite(v)
    if lo is not None:
        bad |= (v <= lo) if lo_open else (v < lo)
    if hi is not None:
        bad |= v > hi
    if bad:
        rng = (f"{'>' if lo_open else '>='} {lo}" if lo is not None else "") + \
              (f" and <= {hi}" if hi is not None else "")
        raise ValueError(f"{name} must be a finite number {rng}{' ' + unit if unit else ''}, got {value!r}")
    return v


def _window(x, d, edge):
    """Where V_conf acts: 1 inside [0, d], 0 outside; a tanh ramp of width ``edge`` if edge > 0."""
    if edge == 0.0:
        return ((x >= 0.0) & (x <= d)).astype(float)
    return 0.5 * (np.tanh(x / edge) - np.tanh((x - d) / edge))


@lru_cache(maxsize=64)
def _poisson_on_grid(d, charges, positions, width, area, eps_r):
    """Solve phi'' = -rho/eps on a uniform grid of [0, d] (Dirichlet ends); returns (x_nm, e*phi in eV)."""
    x = np.linspace(0.0, d, _N_POISSON)
    h_m = (x[1] - x[0]) * NM_M
    rho = np.zeros_like(x)                       # C / m^3
    for q, x0 in zip(charges, positions):
        gauss = np.exp(-0.5 * ((x - x0) / width) ** 2) / (math.sqrt(2 * math.pi) * width * NM_M)  # 1/m
        rho += q * E_CHARGE_C * gauss / (area * NM_M ** 2)
    eps = eps_r * EPSILON0_F_PER_M
    n = _N_POISSON - 2                           # interior unknowns
    ab = np.zeros((3, n))
    ab[0, 1:] = 1.0
    ab[1, :] = -2.0
    ab[2, :-1] = 1.0
    phi_inner = solve_banded((1, 1), ab, -rho[1:-1] * h_m ** 2 / eps)
    phi = np.concatenate(([0.0], phi_inner, [0.0]))
    # potential energy of a +e test ion, in eV, is numerically e*phi/e = phi (volts)
    phi.setflags(write=False)
    return x, phi


def poisson_potential_eV(x_nm, d_nm=3.0, charges_e=(1.0, 1.0), positions_nm=(1.0, 2.0), width_nm=0.1,
                         area_nm2=10.0, eps_r=80.0):
    """Energy (eV) of a +e ion in the mean field of Gaussian background charges (1D Poisson).

    Zero outside [0, d]. ``charges_e`` in units of e, ``positions_nm`` their centres in [0, d],
    ``width_nm`` their Gaussian standard deviation, ``area_nm2`` the cross-section over which the
    charge is spread, ``eps_r`` the relative permittivity.
    """
    d = _check("d_nm", d_nm, 0.0, lo_open=True, unit="nm")
    width = _check("int_width_nm", width_nm, 0.0, lo_open=True, unit="nm")
    area = _check("int_area_nm2", area_nm2, 0.0, lo_open=True, unit="nm^2")
    eps_r = _check("eps_r", eps_r, 0.0, lo_open=True)
    charges = tuple(float(q) for q in np.atleast_1d(charges_e))
    positions = tuple(float(p) for p in np.atleast_1d(positions_nm))
    if len(charges) != len(positions):
        raise ValueError(f"int_charges_e and int_positions_nm must have the same length, "
                         f"got {len(charges)} and {len(positions)}")
    for p in positions:
        _check("int_positions_nm", p, 0.0, d, unit="nm")
    for q in charges:
        _check("int_charges_e", q, -10.0, 10.0, unit="e")
    xg, phi = _poisson_on_grid(d, charges, positions, width, area, eps_r)
    x = np.asarray(x_nm, dtype=float)
    return np.interp(x, xg, phi, left=0.0, right=0.0)


def potential_components(x_nm, U_mV=0.0, d_nm=3.0, alpha_eV_nm4=0.03, beta_eV_nm2=0.0075, edge_nm=0.0,
                         include_V_int=True, int_charges_e=(1.0, 1.0), int_positions_nm=None,
                         int_width_nm=0.1, int_area_nm2=10.0, eps_r=80.0):
    """The three parts of V_eff (eV) at positions ``x_nm``: dict with keys ``"ext"``, ``"conf"``,
    ``"int"`` and ``"total"``. Parameters as in :func:`ionlib.filter_potential`."""
    x = np.asarray(x_nm, dtype=float)
    if not np.all(np.isfinite(x)):
        raise ValueError("x_nm must contain finite positions (nm)")
    U = _check("U_mV", U_mV, -_U_LIMIT_MV, _U_LIMIT_MV, unit="mV")
    d = _check("d_nm", d_nm, 0.0, lo_open=True, unit="nm")
    alpha = _check("alpha_eV_nm4", alpha_eV_nm4, 0.0, unit="eV/nm^4")
    beta = _check("beta_eV_nm2", beta_eV_nm2, -10.0, 10.0, unit="eV/nm^2")
    edge = _check("edge_nm", edge_nm, 0.0, d / 2, unit="nm")
    z = x - d / 2
    V_ext = 1e-3 * U * np.clip(x / d, 0.0, 1.0)
    V_conf = (alpha * z ** 4 - 2 * beta * z ** 2) * _window(x, d, edge)
    if include_V_int:
        if int_positions_nm is None:
            z_well = math.sqrt(beta / alpha) if alpha > 0 and beta > 0 else d / 6
            int_positions_nm = (d / 2 - z_well, d / 2 + z_well)
        V_int = poisson_potential_eV(x, d, int_charges_e, int_positions_nm, int_width_nm, int_area_nm2, eps_r)
    else:
        V_int = np.zeros_like(x)
    return {"ext": V_ext, "conf": V_conf, "int": V_int, "total": V_ext + V_conf + V_int}


def filter_potential(x_nm, U_mV=0.0, d_nm=3.0, alpha_eV_nm4=0.03, beta_eV_nm2=0.0075, edge_nm=0.0,
                     include_V_int=True, int_charges_e=(1.0, 1.0), int_positions_nm=None,
                     int_width_nm=0.1, int_area_nm2=10.0, eps_r=80.0):
    """Paper A's effective potential V_eff(x) in eV for a monovalent cation (paper defaults).

    Parameters
    ----------
    x_nm : array_like
        Positions (nm); x = 0 is the outer mouth, x = d the inner mouth.
    U_mV : float
        Membrane potential V_in - V_out (mV), at most 1000 in magnitude.
    d_nm : float
        Filter length (nm), default 3.
    alpha_eV_nm4, beta_eV_nm2 : float
        Coefficients of V_conf = alpha z^4 - 2 beta z^2 with z = x - d/2 (eV/nm^4, eV/nm^2).
    edge_nm : float
        0: V_conf is cut abruptly at 0 and d; > 0: tanh window of that width (nm).
    include_V_int : bool
        Add the 1D-Poisson background-ion potential (see the module docstring).
    int_charges_e, int_positions_nm, int_width_nm, int_area_nm2, eps_r
        Settings of V_int: charges (e), positions (nm; default: the two minima of V_conf),
        Gaussian width (nm), cross-section (nm^2) and relative permittivity.
    """
    return potential_components(x_nm, U_mV, d_nm, alpha_eV_nm4, beta_eV_nm2, edge_nm, include_V_int,
                                int_charges_e, int_positions_nm, int_width_nm, int_area_nm2,
                                eps_r)["total"]


def sample_filter(U_mV=0.0, n_x=600, margin_nm=0.5, **params):
    """Sample V_eff for :func:`ionlib.transmission`: returns ``(x_nm, V_eV)``.

    About ``n_x`` nodes, uniformly spaced on [-margin, d + margin] except that x = 0 and x = d are
    each *doubled*, carrying the outer and the inner limit of V. The abrupt edges of V_conf
    (``edge_nm = 0``) are then exact steps, and the sampled barrier top is the true one; with a
    uniform grid that misses the edges both would depend on where the grid happens to fall.
    """
    n = int(n_x)
    if n < 50:
        raise ValueError(f"n_x must be an integer >= 50, got {n_x!r}")
    margin = _check("margin_nm", margin_nm, 0.0, unit="nm")
    d = _check("d_nm", params.get("d_nm", 3.0), 0.0, lo_open=True, unit="nm")
    span = d + 2 * margin
    n_in = max(int(round(n * d / span)), 10)
    n_out = max(int(round(n * margin / span)), 2) if margin > 0 else 0
    parts = [np.linspace(0.0, d, n_in)]
    if n_out:
        parts = [np.linspace(-margin, 0.0, n_out)] + parts + [np.linspace(d, d + margin, n_out)]
    x = np.concatenate(parts)
    x_eval = x.copy()
    if n_out:   # outer members of the doubled nodes: evaluate just outside the filter
        x_eval[n_out - 1] = np.nextafter(0.0, -np.inf)
        x_eval[-n_out] = np.nextafter(d, np.inf)
    else:
        x = np.concatenate(([0.0], x, [d]))
        x_eval = np.concatenate(([np.nextafter(0.0, -np.inf)], x_eval, [np.nextafter(d, np.inf)]))
    V = filter_potential(x_eval, U_mV, **params)
    return x, V


#: Names of the landscape keywords of ``ionlib.filter_potential`` used by the widget panels
#: (our name -> the potential module's keyword).
_PARAM_NAMES = {"alpha_eV_nm4": "alpha_eV_nm4", "beta_eV_nm2": "beta_eV_nm2",
                "edge_nm": "edge_nm", "include_V_int": "include_V_int"}


def landscape_params(alpha_eV_nm4=None, beta_eV_nm2=None, edge_nm=None, include_V_int=None):
    """Keyword arguments for ``ionlib.filter_potential`` from the widget controls.

    ``None`` leaves the paper default. Values equal to the defaults are dropped, so that the
    caches keyed on the parameters are shared with calls that pass no parameters.
    """
    given = {"alpha_eV_nm4": alpha_eV_nm4, "beta_eV_nm2": beta_eV_nm2, "edge_nm": edge_nm,
             "include_V_int": include_V_int}
    defaults = _landscape_defaults()
    out = {}
    for ours, value in given.items():
        if value is None:
            continue
        key = _PARAM_NAMES[ours]
        if key in defaults and defaults[key] == value:
            continue
        out[key] = value
    return out


def _landscape_defaults():
    import inspect
    sig = inspect.signature(filter_potential)
    return {k: p.default for k, p in sig.parameters.items() if p.default is not inspect.Parameter.empty}
