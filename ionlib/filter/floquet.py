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

The pieces, the mixing, the sweep and the truncation check live in the internal module
``ionlib.filter._floquet_sweep``; this module is the public, validated entry point.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import ionlib._validate as check
import ionlib.filter._floquet_sweep as sweep
from ._floquet_sweep import CONVERGENCE_TOL, MAX_SIDEBANDS
from .transmission import SCHEMES, check_transmission_inputs

__all__ = ["driven_transmission", "DrivenTransmission", "photon_energy_eV", "sideband_estimate",
           "bessel_mixing", "CONVERGENCE_TOL", "MAX_SIDEBANDS", "SCHEMES", "MAX_FREQUENCY_THZ"]

#: Largest drive frequency (THz) accepted.
MAX_FREQUENCY_THZ = 1e4


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


def _frequency(frequency_THz):
    return check.real_scalar("frequency_THz", frequency_THz, 0.0, MAX_FREQUENCY_THZ, lo_open=True, unit="THz")


def photon_energy_eV(frequency_THz):
    """Photon energy h f (eV) of a drive at ``frequency_THz`` (THz, in (0, 1e4]; scalar or array)."""
    f = check.real_array("frequency_THz", frequency_THz, 0.0, MAX_FREQUENCY_THZ, lo_open=True, unit="THz")
    return sweep.photon_energy_eV(f)


def sideband_estimate(drive_eV, frequency_THz):
    """A-priori truncation for a drive W (eV, 1D array) at ``frequency_THz``: the largest gauge
    shift a = (max W - min W)/(h f) plus 4 a^(1/3) + 6, which covers the Bessel tails J_n(a),
    |n| > a, of an abrupt jump of W. It bounds what a drive can need; a smooth drive felt by a fast
    particle needs fewer sidebands, which is why the automatic choice of
    :func:`driven_transmission` starts lower and stops at the first converged N."""
    W = check.real_array("drive_eV", drive_eV, -1e3, 1e3, unit="eV", ndim=1, min_size=0)
    return sweep.gauge_estimate(W, float(sweep.photon_energy_eV(_frequency(frequency_THz))))


def bessel_mixing(a, N):
    """The truncated sideband mixing B_N(a) = exp(a G_N), shape (2N+1, 2N+1): orthogonal, equal to
    J_{p-n}(a) well inside the window. ``a`` (real, |a| <= 1e4): gauge amplitude W/(h f);
    ``N``: sidebands -N..N, an integer in [0, MAX_SIDEBANDS]."""
    a = check.real_scalar("a", a, -1e4, 1e4)
    return sweep.bessel_mixing(a, check.count("N", N, 0, MAX_SIDEBANDS))


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
        Drive frequency f (THz), in (0, 1e4]. A drive whose leads oscillate against each other by
        more than MAX_SIDEBANDS photons, ``|W_right - W_left| > 120 h f``, is rejected at once.
    mass_amu : float
        Mass (u).
    n_sidebands : int or None
        Truncation N (sidebands -N..N, an integer in [0, ``MAX_SIDEBANDS`` = 120]). None: the smallest N that
        passes the convergence check. An explicit N is checked the
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
    E, x, V, m = check_transmission_inputs(energy_eV, x_nm, V_eV, mass_amu)   # as the static solver
    W = check.real_array("drive_eV", drive_eV, -1e3, 1e3, unit="eV", ndim=1, min_size=0)
    if W.shape != x.shape:
        raise ValueError(f"drive_eV must have the same length as x_nm, got shapes {W.shape} and {x.shape}")
    f = _frequency(frequency_THz)
    N = None if n_sidebands is None else check.count("n_sidebands", n_sidebands, 0, MAX_SIDEBANDS)
    scheme = check.one_of("scheme", scheme, SCHEMES)
    hw = float(sweep.photon_energy_eV(f))
    pieces = sweep.floquet_pieces(x, V, W, m, scheme)
    flat = np.atleast_1d(E).ravel()
    if N is None:
        N, change = sweep.converged_sidebands(flat, pieces, hw, m)
        T, R = sweep.solve_sidebands(flat, pieces, hw, N, m)
    else:
        sweep.check_lead_gauge(pieces.W_eV, hw)
        T, R = sweep.solve_sidebands(flat, pieces, hw, N, m)
        change = sweep.check_truncation(flat, pieces, hw, N, m, T, R)
    shape = (2 * N + 1,) + E.shape
    return DrivenTransmission(energy_eV=E, sidebands=np.arange(-N, N + 1), T_n=T.reshape(shape),
                              R_n=R.reshape(shape), frequency_THz=f, n_sidebands=N,
                              convergence=float(change))
