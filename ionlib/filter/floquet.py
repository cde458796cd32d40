"""Exact Floquet scattering of a 1D potential driven periodically, V(x) + W(x) cos(2 pi f t) (Fig. A6).

Model
-----
V and the drive amplitude W (both eV) are sampled at the same nodes x (nm) and are constant
beyond the sampled range, like the static :func:`ionlib.transmission`. Each interval of the
samples becomes a piece: V as in the static solver (``scheme="magnus4"``: the fourth-order Magnus
piece of :mod:`ionlib.filter.magnus`, a level plus a log-derivative offset; ``"midpoint"``: the
mean of the two samples), W the mean of its two samples (a staircase, error O(h^2)). Repeated
nodes are exact steps. Sideband n of incident energy E has energy E + n h f.

Inside a piece W_j is uniform, so the oscillation is a gauge: the solutions are Floquet waves

    psi = exp(-i a_j sin wt) sum_n [A_n e^{+i k_jn x} + B_n e^{-i k_jn x}] e^{-i (E + n hbar w) t / hbar}

with a_j = W_j / (hbar w), k_jn = sqrt(2 m (E + n hbar w - V_j)) / hbar (Im k >= 0), and
exp(-i a sin wt) = sum_m J_m(a) e^{-i m wt} dresses them with Bessel weights (Tien & Gordon 1963).
Every piece is described in its *own* sidebands, so the leads' channels are their own Floquet
states and a W that is the same constant everywhere changes nothing. Continuity of psi and psi'
for every lab-frame harmonic at the interface of pieces j and j+1 reads c_{j+1} = B(a_j - a_{j+1}) c_j
for the amplitude vectors and their derivatives, with B(a)_{pn} = J_{p-n}(a), B orthogonal,
B(a) B(b) = B(a + b), B(a) = exp(a G), G_{p,p-1} = 1/2 = -G_{p-1,p}. Truncated to |n| <= N we use
B_N(a) = exp(a G_N): exactly orthogonal and composable, equal to J_{p-n}(a) inside the window, so
the truncated problem conserves flux exactly (sum T_n + R_n = 1 to round-off at any N) and
converges to the exact one as N grows (checked by :func:`driven_transmission`).

The pieces, the mixing and the sweep live in :mod:`ionlib.filter.floquet_sweep`; this module
chooses and checks the sideband truncation and returns flux probabilities.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .transmission import _check_inputs as check_static_inputs
from .floquet_sweep import (_HF_EV_PER_THZ, bessel_mixing, floquet_pieces,
                            flux_probabilities, photon_energy_eV, scattering_matrices)

__all__ = ["driven_transmission", "DrivenTransmission", "photon_energy_eV", "sideband_estimate",
           "bessel_mixing", "floquet_pieces", "scattering_matrices", "converged_sidebands",
           "CONVERGENCE_TOL", "MAX_SIDEBANDS", "SCHEMES"]


#: Convergence test of the sideband truncation: largest allowed change of any T_n, R_n.
CONVERGENCE_TOL = 1e-8
#: Largest sideband index the automatic choice will try.
MAX_SIDEBANDS = 120
#: Schemes for V (as :func:`ionlib.transmission`).
SCHEMES = ("magnus4", "midpoint")
_CHECK_ENERGIES = 48        # energies (evenly picked) re-solved with more sidebands


@dataclass(frozen=True)
class DrivenTransmission:
    """Result of :func:`driven_transmission`.

    energy_eV      incident energies (eV), as given
    sidebands      int array n = -N..N (outgoing energy E + n h f)
    T_n, R_n       flux probabilities into the right and the left lead, shape (2N+1, *energy.shape);
                   0 for closed sidebands and where the incident channel is closed
    frequency_THz  drive frequency
    n_sidebands    N used
    convergence    largest change of any T_n, R_n when N was raised for the check (0 if the drive
                   is uniform, i.e. a pure gauge)
    """

    energy_eV: np.ndarray
    sidebands: np.ndarray
    T_n: np.ndarray
    R_n: np.ndarray
    frequency_THz: float
    n_sidebands: int
    convergence: float

    @property
    def total(self):
        """Total transmission: sum of T_n over the sidebands, shaped like ``energy_eV``."""
        return self.T_n.sum(axis=0)

    @property
    def reflection(self):
        """Total reflection: sum of R_n over the sidebands."""
        return self.R_n.sum(axis=0)



def sideband_estimate(drive_eV, frequency_THz):
    """A-priori truncation: the largest gauge shift a = (max W - min W)/(h f) plus 4 a^(1/3) + 6,
    which covers the Bessel tails J_n(a), |n| > a, of an abrupt jump of W. It bounds what a drive
    can need; a smooth drive felt by a slow particle needs far fewer sidebands, which is why
    :func:`converged_sidebands` starts lower and stops at the first converged N."""
    W = np.asarray(drive_eV, dtype=float)
    a = float(np.ptp(W)) / float(photon_energy_eV(frequency_THz)) if W.size else 0.0
    return int(math.ceil(a + 4.0 * a ** (1 / 3) + 6)) if a > 0 else 0


# ----------------------------------------------------------------------------- input checks
def _check_inputs(energy_eV, x_nm, V_eV, drive_eV, frequency_THz, mass_amu, n_sidebands, scheme):
    E, x, V, m = check_static_inputs(energy_eV, x_nm, V_eV, mass_amu)     # as the static solver
    W = np.asarray(drive_eV, dtype=float)
    if W.shape != x.shape:
        raise ValueError(f"drive_eV must be a 1D array of the same length as x_nm, got shapes "
                         f"{W.shape} and {x.shape}")
    if not np.all(np.isfinite(W)):
        raise ValueError("drive_eV must be finite")
    f = np.asarray(frequency_THz, dtype=float)
    if f.ndim != 0 or not math.isfinite(float(f)) or float(f) <= 0:
        raise ValueError(f"frequency_THz must be a positive finite number (THz), got {frequency_THz!r}")
    if n_sidebands is not None and (isinstance(n_sidebands, bool)
                                    or not isinstance(n_sidebands, (int, np.integer))
                                    or not 0 <= n_sidebands <= MAX_SIDEBANDS):
        raise ValueError(f"n_sidebands must be None or an integer in [0, {MAX_SIDEBANDS}], "
                         f"got {n_sidebands!r}")
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")
    return E, x, V, W, float(f), m


def _solve(E_flat, pieces, hw, N, mass_amu):
    """(T_n, R_n), each (2N+1, len(E_flat)), incidence from the left in sideband 0."""
    T = np.zeros((2 * N + 1, E_flat.size))
    R = np.zeros_like(T)
    open_ = E_flat > pieces.V_eV[0]
    if np.any(open_):
        E = E_flat[open_]
        r, t, kL, kR = scattering_matrices(E, pieces, hw, N, mass_amu)
        T[:, open_] = flux_probabilities(t[:, :, N], kR, kL[:, N], pieces.V_eV[-1], E, hw, N).T
        R[:, open_] = flux_probabilities(r[:, :, N], kL, kL[:, N], pieces.V_eV[0], E, hw, N).T
    return T, R


def _check_energies(E, pieces):
    idx = np.flatnonzero(E > pieces.V_eV[0])
    if idx.size > _CHECK_ENERGIES:
        idx = idx[np.linspace(0, idx.size - 1, _CHECK_ENERGIES).round().astype(int)]
    return idx


def _truncation_change(E, pieces, hw, N, mass_amu, T, R):
    """Largest change of any T_n, R_n (or weight appearing in the added sidebands) when N grows by
    dN = max(2, N // 4). T, R: the results at N on the energies E. Returns (change, N + dN, T2, R2)."""
    dN = max(2, N // 4)
    T2, R2 = _solve(E, pieces, hw, N + dN, mass_amu)
    inner = slice(dN, dN + 2 * N + 1)
    outer = T2.sum(0) - T2[inner].sum(0) + R2.sum(0) - R2[inner].sum(0)
    change = max(np.max(np.abs(T2[inner] - T), initial=0.0), np.max(np.abs(R2[inner] - R), initial=0.0),
                 np.max(np.abs(outer), initial=0.0))
    return float(change), N + dN, T2, R2


def converged_sidebands(E, pieces, hw, mass_amu, tol=CONVERGENCE_TOL, start=None):
    """Smallest N of the sequence start, start + max(2, start // 4), ... whose T_n, R_n change by
    less than ``tol`` when N is raised, on at most 48 evenly picked energies of ``E`` (incidence
    from the left). ``start`` defaults to min(2, :func:`sideband_estimate`); a uniform drive
    needs none (N = 0). Returns (N, change)."""
    if np.all(pieces.W_eV == pieces.W_eV[0]):
        return 0, 0.0
    N = min(2, sideband_estimate(pieces.W_eV, hw / _HF_EV_PER_THZ)) if start is None else int(start)
    Ec = E[_check_energies(E, pieces)]
    if Ec.size == 0:
        return N, 0.0
    T, R = _solve(Ec, pieces, hw, N, mass_amu)
    while True:
        change, N_next, T, R = _truncation_change(Ec, pieces, hw, N, mass_amu, T, R)
        if change <= tol:
            return N, change
        if N_next > MAX_SIDEBANDS:
            raise ValueError(f"the drive needs more than {MAX_SIDEBANDS} sidebands (max W/hf = "
                             f"{np.ptp(pieces.W_eV) / hw:.3g}); lower drive_eV or raise frequency_THz")
        N = N_next


def driven_transmission(energy_eV, x_nm, V_eV, drive_eV, frequency_THz, mass_amu, n_sidebands=None,
                        *, scheme="magnus4"):
    """Floquet transmission of a particle of mass ``mass_amu`` (u) incident from the left with energy
    ``energy_eV`` (eV, any shape) on V(x) + W(x) cos(2 pi f t).

    Parameters
    ----------
    energy_eV : array_like
        Incident energies (eV), measured like V; the incident channel is sideband 0 of the left
        reservoir (its own Floquet state if the reservoir oscillates).
    x_nm, V_eV, drive_eV : 1D arrays of the same length
        Nodes (nm, non-decreasing; a repeated node is an exact step), static potential V (eV) and
        drive amplitude W (eV) there; both constant beyond the sampled range.
    frequency_THz : float
        Drive frequency f (THz), > 0.
    mass_amu : float
        Mass (u).
    n_sidebands : int or None
        Truncation N (sidebands -N..N, at most ``MAX_SIDEBANDS``). None: the smallest N that
        passes the convergence check (``converged_sidebands``). An explicit N is checked the
        same way (N raised by max(2, N//4) on up to 48 of the energies must change no T_n, R_n by
        more than ``CONVERGENCE_TOL``); if it fails, ``ValueError`` (too small for the drive).
    scheme : {"magnus4", "midpoint"}
        Discretisation of V, as in :func:`ionlib.transmission` (with W = 0 the results agree with
        it to round-off).

    Returns
    -------
    DrivenTransmission
        ``.total`` (sum of T_n), ``.sidebands``, ``.T_n``, ``.R_n`` (flux probabilities,
        ``(2N+1, *energy.shape)``); sum(T_n) + sum(R_n) = 1 wherever the incident channel is open.
    """
    E, x, V, W, f, m = _check_inputs(energy_eV, x_nm, V_eV, drive_eV, frequency_THz, mass_amu,
                                     n_sidebands, scheme)
    hw = float(photon_energy_eV(f))
    pieces = floquet_pieces(x, V, W, m, scheme)
    flat = np.atleast_1d(E).ravel()
    uniform = bool(np.all(pieces.W_eV == pieces.W_eV[0]))   # a pure gauge: no sideband mixing
    change = 0.0
    if n_sidebands is None:
        N, change = converged_sidebands(flat, pieces, hw, m)
    else:
        N = int(n_sidebands)
        if N == 0 and not uniform:
            raise ValueError("n_sidebands=0 is too small for a drive that is not uniform (use >= 1 "
                             "or None)")
    T, R = _solve(flat, pieces, hw, N, m)
    if n_sidebands is not None and not uniform:
        idx = _check_energies(flat, pieces)
        change, N_next, _, _ = (_truncation_change(flat[idx], pieces, hw, N, m, T[:, idx], R[:, idx])
                                if idx.size else (0.0, N, None, None))
        if change > CONVERGENCE_TOL:
            raise ValueError(f"n_sidebands={n_sidebands} is too small for this drive: raising it to "
                             f"{N_next} changes the sideband probabilities by {change:.2g} "
                             f"(> {CONVERGENCE_TOL:g}); use n_sidebands=None or a larger value")
    shape = (2 * N + 1,) + E.shape
    return DrivenTransmission(energy_eV=E, sidebands=np.arange(-N, N + 1), T_n=T.reshape(shape),
                              R_n=R.reshape(shape), frequency_THz=f, n_sidebands=N,
                              convergence=float(change))
