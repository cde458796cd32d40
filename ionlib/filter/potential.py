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

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.linalg import solve_banded

import ionlib._validate as check
from ..constants import E_CHARGE_C, EPSILON0_F_PER_M, NM_M

__all__ = ["Landscape", "as_landscape", "bath_floor_eV", "filter_potential", "potential_components",
           "poisson_potential_eV", "sample_filter", "PAPER_PARAMS", "landscape_params", "U_LIMIT_MV",
           "DEFAULT_MARGIN_NM", "clear_landscape_cache"]

#: The paper's landscape values, which are the defaults of :func:`filter_potential`.
PAPER_PARAMS = {"d_nm": 3.0, "alpha_eV_nm4": 0.03, "beta_eV_nm2": 0.0075}

_N_POISSON = 1201   # grid of the Poisson solve on [0, d]
#: Largest membrane potential (magnitude, mV) the landscape accepts.
U_LIMIT_MV = 1000.0
#: Flat reservoir stretch sampled on each side of the filter (nm), default of ``margin_nm``.
DEFAULT_MARGIN_NM = 0.5
#: Shortest and longest filter accepted (nm).
D_MIN_NM, D_MAX_NM = 0.1, 100.0
#: Positions accepted by the potential functions (nm): |x| <= this.
X_MAX_NM = 1e4


def _check(name, value, lo=None, hi=None, lo_open=False, unit=""):
    return check.real_scalar(name, value, lo, hi, lo_open=lo_open, unit=unit)


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
    d = _check("d_nm", d_nm, D_MIN_NM, D_MAX_NM, unit="nm")
    width = _check("int_width_nm", width_nm, 1e-3, 10.0, unit="nm")
    area = _check("int_area_nm2", area_nm2, 1e-2, 1e4, unit="nm^2")
    eps_r = _check("eps_r", eps_r, 1.0, 1000.0)
    charges = tuple(float(q) for q in check.real_array("int_charges_e", charges_e, -10.0, 10.0, unit="e",
                                                      min_size=0, max_size=100).ravel())
    positions = tuple(float(p) for p in check.real_array("int_positions_nm", positions_nm, 0.0, d, unit="nm",
                                                        min_size=0, max_size=100).ravel())
    if len(charges) != len(positions):
        raise ValueError(f"int_charges_e and int_positions_nm must have the same length, "
                         f"got {len(charges)} and {len(positions)}")
    xg, phi = _poisson_on_grid(d, charges, positions, width, area, eps_r)
    x = check.real_array("x_nm", x_nm, unit="nm", min_size=0)
    return np.interp(x, xg, phi, left=0.0, right=0.0)


def potential_components(x_nm, U_mV=0.0, d_nm=3.0, alpha_eV_nm4=0.03, beta_eV_nm2=0.0075, edge_nm=0.0,
                         include_V_int=True, int_charges_e=(1.0, 1.0), int_positions_nm=None,
                         int_width_nm=0.1, int_area_nm2=10.0, eps_r=80.0):
    """The three parts of V_eff (eV) at positions ``x_nm``: dict with keys ``"ext"``, ``"conf"``,
    ``"int"`` and ``"total"``. Parameters as in :func:`ionlib.filter_potential`."""
    x = check.real_array("x_nm", x_nm, -X_MAX_NM, X_MAX_NM, unit="nm", min_size=0)
    U = _check("U_mV", U_mV, -U_LIMIT_MV, U_LIMIT_MV, unit="mV")
    d = _check("d_nm", d_nm, D_MIN_NM, D_MAX_NM, unit="nm")
    alpha = _check("alpha_eV_nm4", alpha_eV_nm4, 0.0, 100.0, unit="eV/nm^4")
    beta = _check("beta_eV_nm2", beta_eV_nm2, -10.0, 10.0, unit="eV/nm^2")
    edge = _check("edge_nm", edge_nm, 0.0, d / 2, unit="nm")
    include_V_int = check.flag("include_V_int", include_V_int)
    z = x - d / 2
    V_ext = 1e-3 * U * np.clip(x / d, 0.0, 1.0)
    V_conf = (alpha * z ** 4 - 2 * beta * z ** 2) * _window(x, d, edge)
    if include_V_int:
        if int_positions_nm is None:
            z_well = math.sqrt(beta / alpha) if alpha > 0 and beta > 0 else d / 6
            if z_well > d / 2:
                raise ValueError(f"the default V_int positions, the wells of V_conf at d/2 +- sqrt(beta/alpha) "
                                 f"= {d / 2:g} +- {z_well:.3g} nm, lie outside the filter [0, d_nm = {d:g}] for "
                                 f"alpha_eV_nm4 = {alpha:g}, beta_eV_nm2 = {beta:g}: give int_positions_nm, "
                                 "or include_V_int=False")
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


def bath_floor_eV(U_mV, charge=1):
    """The higher of the two bath levels, max(0, Z e U) in eV: below it an ion is evanescent in one
    reservoir, so no thermal flux is carried (the lower limit E_lo of the thermal integrals)."""
    return max(0.0, charge * 1e-3 * float(U_mV))


@dataclass(frozen=True)
class Landscape:
    """The filter landscape of Paper A as one validated, hashable record (paper defaults).

    Built and checked once, then passed around and used as a cache key instead of loose
    ``**params``. Fields are the keywords of :func:`ionlib.filter_potential` plus ``margin_nm``,
    the flat reservoir stretch sampled on each side for the transmission solvers.

    Methods: :meth:`sample` (V_eff at given positions), :meth:`components`, :meth:`nodes` (the
    sampled landscape handed to ``ionlib.transmission``), :meth:`top_eV`; property
    :attr:`extent_nm`. ``Landscape.from_params(**params)`` turns keywords into a record (unknown
    keywords raise ``TypeError``); :meth:`params` gives back the keywords that differ from the
    defaults.
    """

    d_nm: float = 3.0
    alpha_eV_nm4: float = 0.03
    beta_eV_nm2: float = 0.0075
    edge_nm: float = 0.0
    include_V_int: bool = True
    int_charges_e: tuple = (1.0, 1.0)
    int_positions_nm: tuple | None = None
    int_width_nm: float = 0.1
    int_area_nm2: float = 10.0
    eps_r: float = 80.0
    margin_nm: float = DEFAULT_MARGIN_NM

    def __post_init__(self):
        set_ = lambda k, v: object.__setattr__(self, k, v)   # noqa: E731 (frozen record)
        d = _check("d_nm", self.d_nm, D_MIN_NM, D_MAX_NM, unit="nm")
        set_("d_nm", d)
        set_("alpha_eV_nm4", _check("alpha_eV_nm4", self.alpha_eV_nm4, 0.0, 100.0, unit="eV/nm^4"))
        set_("beta_eV_nm2", _check("beta_eV_nm2", self.beta_eV_nm2, -10.0, 10.0, unit="eV/nm^2"))
        set_("edge_nm", _check("edge_nm", self.edge_nm, 0.0, d / 2, unit="nm"))
        set_("include_V_int", check.flag("include_V_int", self.include_V_int))
        set_("int_charges_e", tuple(float(q) for q in check.real_array(
            "int_charges_e", self.int_charges_e, -10.0, 10.0, unit="e", min_size=0, max_size=100).ravel()))
        if self.int_positions_nm is not None:
            pos = check.real_array("int_positions_nm", self.int_positions_nm, 0.0, d, unit="nm", min_size=0,
                                   max_size=100).ravel()
            set_("int_positions_nm", tuple(float(p) for p in pos))
            n_pos = len(self.int_positions_nm)
        else:
            n_pos = 2
        if self.include_V_int and len(self.int_charges_e) != n_pos:
            raise ValueError(f"int_charges_e and int_positions_nm must have the same length, "
                             f"got {len(self.int_charges_e)} and {n_pos}")
        set_("int_width_nm", _check("int_width_nm", self.int_width_nm, 1e-3, 10.0, unit="nm"))
        set_("int_area_nm2", _check("int_area_nm2", self.int_area_nm2, 1e-2, 1e4, unit="nm^2"))
        set_("eps_r", _check("eps_r", self.eps_r, 1.0, 1000.0))
        set_("margin_nm", _check("margin_nm", self.margin_nm, 0.0, 100.0, unit="nm"))

    @classmethod
    def from_params(cls, **params):
        """A record from landscape keywords (those of :func:`ionlib.filter_potential` and
        ``margin_nm``); ``landscape=<Landscape>`` passes a record through unchanged."""
        if "landscape" in params:
            land = check.instance("landscape", params.pop("landscape"), cls, "Landscape")
            if params:
                raise TypeError(f"give either landscape= or landscape keywords, not both: {sorted(params)}")
            return land
        unknown = sorted(set(params) - _FIELDS)
        if unknown:
            raise TypeError(f"unknown landscape parameter(s) {unknown}; allowed: {sorted(_FIELDS)}")
        return _from_items(tuple(sorted(params.items(), key=lambda kv: kv[0])))

    def params(self, with_margin=False):
        """The keywords of :func:`ionlib.filter_potential` that differ from the paper defaults."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
               if getattr(self, f.name) != f.default}
        if not with_margin:
            out.pop("margin_nm", None)
        return out

    def _potential_kwargs(self):
        kw = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        kw.pop("margin_nm")
        return kw

    @property
    def extent_nm(self):
        """(left, right) end of the sampled region (nm): [-margin, d + margin]."""
        return -self.margin_nm, self.d_nm + self.margin_nm

    def sample(self, x_nm, U_mV=0.0):
        """V_eff (eV) at positions ``x_nm`` (nm) and membrane potential ``U_mV`` (mV)."""
        return potential_components(x_nm, U_mV, **self._potential_kwargs())["total"]

    def components(self, x_nm, U_mV=0.0):
        """The parts of V_eff (eV) at ``x_nm``, as :func:`potential_components`."""
        return potential_components(x_nm, U_mV, **self._potential_kwargs())

    def nodes(self, U_mV=0.0, n_x=600, margin_nm=None):
        """Sampled landscape ``(x_nm, V_eV)`` for ``ionlib.transmission`` (read-only, cached).

        About ``n_x`` nodes on [-margin, d + margin] (``margin_nm`` defaults to the record's),
        uniformly spaced except that x = 0 and x = d are each *doubled*, carrying the outer and the
        inner limit of V: abrupt edges (``edge_nm = 0``) are then exact steps and the sampled
        barrier top is the true one.
        """
        n = check.count("n_x", n_x, 50, 1_000_000)
        U = _check("U_mV", U_mV, -U_LIMIT_MV, U_LIMIT_MV, unit="mV")
        margin = self.margin_nm if margin_nm is None else _check("margin_nm", margin_nm, 0.0, 100.0, unit="nm")
        return _nodes_cached(self, U, n, margin)

    def top_eV(self, U_mV=0.0, n_x=600):
        """Highest point (eV) of the sampled landscape at ``U_mV``, including the bath levels 0 and ZeU."""
        x, V = self.nodes(U_mV, n_x)
        return float(max(V.max(), 0.0, 1e-3 * float(U_mV)))


_FIELDS = frozenset(f.name for f in dataclasses.fields(Landscape))


@lru_cache(maxsize=256)
def _from_items(items):
    return Landscape(**dict(items))


def as_landscape(params):
    """A :class:`Landscape` from a dict of landscape keywords (or ``{"landscape": record}``)."""
    return Landscape.from_params(**params)


@lru_cache(maxsize=256)
def _nodes_cached(land, U_mV, n, margin):
    d = land.d_nm
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
    V = land.sample(x_eval, U_mV)
    x.setflags(write=False)
    V.setflags(write=False)
    return x, V


def clear_landscape_cache():
    """Empty the cache of sampled landscapes (:meth:`Landscape.nodes`)."""
    _nodes_cached.cache_clear()


def sample_filter(U_mV=0.0, n_x=600, margin_nm=DEFAULT_MARGIN_NM, **params):
    """Sample V_eff for :func:`ionlib.transmission`: returns ``(x_nm, V_eV)`` (fresh copies).

    About ``n_x`` nodes, uniformly spaced on [-margin, d + margin] except that x = 0 and x = d are
    each *doubled*, carrying the outer and the inner limit of V (see :meth:`Landscape.nodes`).
    """
    x, V = as_landscape(params).nodes(U_mV, n_x, margin_nm)
    return x.copy(), V.copy()


#: The landscape keywords the widget panels set.
_PANEL_KEYS = ("alpha_eV_nm4", "beta_eV_nm2", "edge_nm", "include_V_int")


def landscape_params(alpha_eV_nm4=None, beta_eV_nm2=None, edge_nm=None, include_V_int=None):
    """Keyword arguments for ``ionlib.filter_potential`` from the widget controls.

    ``None`` leaves the paper default. Values equal to the defaults are dropped, so that the
    caches keyed on the parameters are shared with calls that pass no parameters.
    """
    given = {"alpha_eV_nm4": alpha_eV_nm4, "beta_eV_nm2": beta_eV_nm2, "edge_nm": edge_nm,
             "include_V_int": include_V_int}
    return Landscape.from_params(**{k: v for k, v in given.items() if v is not None}).params()
