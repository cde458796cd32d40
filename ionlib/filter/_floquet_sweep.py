"""The multichannel sweep behind :mod:`ionlib.filter.floquet`: a driven landscape cut into
constant pieces, the sideband mixing at their interfaces, and the reflection-matrix sweep.

Each interval of the samples becomes a piece: V as in the static solver (``scheme="magnus4"``: the
fourth-order Magnus piece of :mod:`ionlib.filter.magnus`, a level plus a log-derivative offset;
``"midpoint"``: the mean of the two samples), W the mean of its two samples. Inside a piece W is
uniform, a gauge; at the interface of pieces j and j+1 the sideband amplitudes mix through
B(a_j - a_{j+1}), B(a)_{pn} = J_{p-n}(a), a_j = W_j/(hbar w), truncated as exp(a G_N) (exactly
orthogonal; see :mod:`ionlib.filter.floquet` for the model).

Numerics
--------
A reflection-matrix sweep from right to left (the multichannel form of a reflection-amplitude
sweep; the static solver of :mod:`ionlib.filter.transmission` propagates (psi, psi') instead).
With X = B^T (1 + R), Y = K_j^{-1} [B^T K_{j+1} (1 - R) - i dc X] (dc = c_j - c_{j+1}, the Magnus
offsets) at each interface

    R <- (X - Y)(X + Y)^{-1},   Tacc <- 2 Tacc (X + Y)^{-1},

then across piece j: R <- P R P, Tacc <- Tacc P, P = diag(exp(i k_jn L_j)), |P| <= 1. Closed
(evanescent) sidebands only ever multiply by exp(-kappa L) <= 1; the accumulated transmission
matrix is renormalised with a running log-scale, so thick barriers underflow to 0 gracefully.
All energies are swept at once (batched LAPACK solves).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..constants import EV_J, H_J_S
from .magnus import STEP_FRACTION, magnus_pieces, merge_flat_runs
from .transmission import K_FACTOR   # k (1/nm) = K_FACTOR * sqrt(m_amu * E_eV)

__all__ = ["photon_energy_eV", "bessel_mixing", "FloquetPieces", "floquet_pieces", "scattering_matrices",
           "flux_probabilities", "solve_small", "HF_EV_PER_THZ", "CONVERGENCE_TOL", "MAX_SIDEBANDS",
           "gauge_estimate", "lead_gauge", "check_lead_gauge", "solve_sidebands", "check_energy_indices",
           "truncation_change", "converged_sidebands", "check_truncation"]

#: Photon energy h f in eV for f = 1 THz.
HF_EV_PER_THZ = H_J_S * 1e12 / EV_J


def photon_energy_eV(frequency_THz):
    """Photon energy h f (eV) of a drive at ``frequency_THz``."""
    return HF_EV_PER_THZ * np.asarray(frequency_THz, dtype=float)



# ----------------------------------------------------------------------------- sideband mixing
@lru_cache(maxsize=32)
def _generator_eig(N):
    """Eigen-decomposition of the Hermitian -i G_N, G the truncated Bessel generator."""
    n = 2 * N + 1
    G = np.zeros((n, n))
    idx = np.arange(1, n)
    G[idx, idx - 1] = 0.5
    G[idx - 1, idx] = -0.5
    return np.linalg.eigh(-1j * G)


def bessel_mixing(a, N):
    """Truncated sideband mixing matrix B_N(a) = exp(a G_N): real orthogonal, (2N+1) x (2N+1),
    rows and columns the sidebands -N..N; inside the window B_pn = J_{p-n}(a)."""
    lam, U = _generator_eig(int(N))
    return np.real((U * np.exp(1j * a * lam)) @ U.conj().T)



@dataclass(frozen=True)
class FloquetPieces:
    """Constant-coefficient pieces, reservoirs first and last (length 0, offset 0).

    V_eV (level), W_eV (drive), L_nm (length), c_per_nm (Magnus log-derivative offset)."""

    V_eV: np.ndarray
    W_eV: np.ndarray
    L_nm: np.ndarray
    c_per_nm: np.ndarray

    def segment(self, lo, hi):
        """Pieces lo..hi (inclusive) as a scattering problem of their own: piece lo becomes the
        left and piece hi the right reservoir (their lengths are not propagated)."""
        L = self.L_nm[lo:hi + 1].copy()
        L[0] = L[-1] = 0.0
        return FloquetPieces(self.V_eV[lo:hi + 1], self.W_eV[lo:hi + 1], L, self.c_per_nm[lo:hi + 1])

    def mirrored(self):
        """The same pieces for x -> -x (the Magnus offsets change sign)."""
        return FloquetPieces(self.V_eV[::-1], self.W_eV[::-1], self.L_nm[::-1], -self.c_per_nm[::-1])


def floquet_pieces(x_nm, V_eV, drive_eV, mass_amu, scheme="magnus4"):
    """:class:`FloquetPieces` of a sampled landscape (see the module docstring); neighbouring
    pieces with the same V and W and no offset (flat stretches) are merged."""
    x = np.asarray(x_nm, dtype=float)
    V = np.asarray(V_eV, dtype=float)
    W = np.asarray(drive_eV, dtype=float)
    keep = np.diff(x) > STEP_FRACTION * (x[-1] - x[0]) if x.size > 1 else np.zeros(0, bool)
    Wlev = (0.5 * (W[1:] + W[:-1]))[keep]       # intervals of non-zero width, as the static solver
    if scheme == "magnus4":
        L, Vlev, c = magnus_pieces(x, V, K_FACTOR ** 2 * mass_amu)
    else:
        L, Vlev, c = np.diff(x)[keep], (0.5 * (V[1:] + V[:-1]))[keep], np.zeros(int(keep.sum()))
    same = (Vlev[1:] == Vlev[:-1]) & (Wlev[1:] == Wlev[:-1]) & (c[1:] == 0) & (c[:-1] == 0)
    L, Vlev, Wlev, c = merge_flat_runs(same, L, Vlev, Wlev, c)   # flat stretches: one piece
    return FloquetPieces(np.concatenate(([V[0]], Vlev, [V[-1]])), np.concatenate(([W[0]], Wlev, [W[-1]])),
                         np.concatenate(([0.0], L, [0.0])), np.concatenate(([0.0], c, [0.0])))


# ----------------------------------------------------------------------------- the sweep
def _wavenumbers(E, V_level, hw, N, mass_amu, floor):
    """k_n (1/nm), shape (len(E), 2N+1), of the sidebands at level V_level; Im k >= 0. ``hw`` is
    the photon energy (eV), a scalar or one per energy."""
    hw = np.broadcast_to(np.asarray(hw, dtype=float), E.shape)
    dE = (E[:, None] + np.arange(-N, N + 1)[None, :] * hw[:, None] - V_level).astype(complex)
    dE[np.abs(dE) < floor] = floor
    return K_FACTOR * math.sqrt(mass_amu) * np.sqrt(dE)


def _mixing_batch(da, N):
    """B_N(da) for an array of gauge jumps da (nE,): (nE, 2N+1, 2N+1), real orthogonal."""
    lam, U = _generator_eig(int(N))
    return np.real((U[None] * np.exp(1j * da[:, None, None] * lam[None, None, :])) @ U.conj().T)


def solve_small(Q, rhs):
    """Batched solve of Q X = rhs; explicit adjugate formulas for 1x1 and 3x3 (one sideband each
    side, the second-order scans: far cheaper than one LAPACK call per matrix), LAPACK otherwise."""
    n = Q.shape[-1]
    if n == 1:
        return rhs / Q
    if n != 3:
        return np.linalg.solve(Q, rhs)
    a, b, c = Q[:, 0, 0], Q[:, 0, 1], Q[:, 0, 2]
    d, e, f = Q[:, 1, 0], Q[:, 1, 1], Q[:, 1, 2]
    g, h, i = Q[:, 2, 0], Q[:, 2, 1], Q[:, 2, 2]
    A, B, C = e * i - f * h, f * g - d * i, d * h - e * g
    det = a * A + b * B + c * C
    adj = np.stack([np.stack([A, c * h - b * i, b * f - c * e], -1),
                    np.stack([B, a * i - c * g, c * d - a * f], -1),
                    np.stack([C, b * g - a * h, a * e - b * d], -1)], 1)
    return (adj / det[:, None, None]) @ rhs


def scattering_matrices(E, pieces, hw, N, mass_amu, record=None, row=None, drive_scale=None):
    """Reflection and transmission matrices of ``pieces`` for waves incident from the left.

    Returns ``(r, t, k_left, k_right)``: r (nE, 2N+1, 2N+1) maps incident amplitudes in the left
    reservoir's sidebands to reflected ones there, t the same incident amplitudes to those leaving
    into the right reservoir; plane waves are referred to the first and the last interface.
    k_left, k_right (nE, 2N+1) are the reservoirs' wavenumbers (1/nm). Flux probabilities follow
    as Re(k_out)/Re(k_in) |amplitude|^2 between open channels. E: 1D energies (eV); hw: photon
    energy h f (eV), one number or one per energy (a whole frequency scan in one sweep);
    ``drive_scale``: optional factor per energy multiplying the drive W (one field per energy).

    ``row``: if an index n is given, only row n of t is computed (shape (nE, 2N+1): the amplitudes
    leaving in the right reservoir's sideband n), which makes the sweep about half as expensive.
    ``record``: optional dict {piece index j: "left" | "right"}. The sweep then stops at the
    leftmost recorded piece and returns ``(snapshots, k_right)``, with one ``(j, r, t, k_j)`` per
    recorded piece: the matrices of everything right of the left ("left") or the right ("right")
    edge of piece j, for waves in piece j's sidebands, plane waves referred to that edge.
    """
    nS = 2 * N + 1
    nE = E.size
    Vp, Wp, L, c = pieces.V_eV, pieces.W_eV, pieces.L_nm, pieces.c_per_nm
    hw_e = np.broadcast_to(np.asarray(hw, dtype=float), E.shape)
    hw0 = float(hw_e.flat[0]) if E.size else 1.0
    gauge = hw0 / hw_e if drive_scale is None else hw0 / hw_e * np.asarray(drive_scale, dtype=float)
    per_energy = bool(np.ptp(gauge) > 0) if E.size else False   # a drive per energy (scans)
    floor = 1e-12 * max(np.max(np.abs(E)), np.max(np.abs(Vp)), (N + 1) * float(np.max(hw_e)), 1e-6)
    alpha = Wp / hw0
    eye = np.eye(nS)
    # transposed bookkeeping: Rt = r^T and Tt = t^T (or the chosen row of t, as a column)
    Rt = np.zeros((nE, nS, nS), complex)
    if row is None:
        Tt = np.broadcast_to(eye, (nE, nS, nS)).astype(complex)
    else:
        Tt = np.zeros((nE, nS, 1), complex)
        Tt[:, int(row), 0] = 1.0
    log_scale = np.zeros(nE)
    k_right = _wavenumbers(E, Vp[-1], hw, N, mass_amu, floor)
    k_next = k_right
    mixing = {}
    snaps = []
    stop = min(record) if record else 0

    def snapshot(j, k_j):
        t = np.swapaxes(Tt, 1, 2) * np.exp(log_scale)[:, None, None]
        snaps.append((j, np.swapaxes(Rt, 1, 2).copy(), t[:, 0, :] if row is not None else t, k_j))

    for j in range(len(Vp) - 2, stop - 1, -1):                 # interface between j and j + 1
        k_j = _wavenumbers(E, Vp[j], hw, N, mass_amu, floor)
        da = alpha[j] - alpha[j + 1]
        if da == 0.0:                                          # P1 = X^T, P2 = K' - Rt K'
            P1 = eye + Rt
            P2 = np.multiply(eye - Rt, k_next[:, None, :])
        else:                                                  # X^T = (1 + Rt) B, (1 - Rt) K' B
            if per_energy:
                B = _mixing_batch(da * gauge, N)                # the jump in units of each hf
            else:
                if da not in mixing:
                    mixing[da] = bessel_mixing(da, N)
                B = mixing[da]
            KB = k_next[:, :, None] * B
            P1 = Rt @ B
            P1 += B
            P2 = KB - Rt @ KB
        dc = c[j] - c[j + 1]
        if dc != 0.0:
            P2 -= 1j * dc * P1
        P2 /= k_j[:, None, :]                                  # Y^T = P2 K_j^{-1}
        Q = P1 + P2
        P1 -= P2                                               # (X - Y)^T
        sol = solve_small(Q, np.concatenate([P1, Tt], axis=2))
        Rt = sol[:, :, :nS]
        Tt = 2.0 * sol[:, :, nS:]
        if record and record.get(j) == "right":
            snapshot(j, k_j)
        if j > 0 and L[j] > 0:                                 # across piece j
            ph = np.exp(1j * k_j * L[j])
            Rt *= ph[:, :, None]
            Rt *= ph[:, None, :]
            # t: the least damped sideband's decay exp(-min Im k L) goes into the log-scale
            decay = np.min(k_j.imag, axis=1) * L[j]
            Tt *= np.exp(1j * k_j * L[j] + decay[:, None])[:, :, None]
            log_scale -= decay
        if j % 16 == 0 or j == 0:                              # keep t far from underflow
            s = np.max(np.abs(Tt), axis=(1, 2))
            s = np.where(s > 1e-250, s, 1.0)
            Tt /= s[:, None, None]
            log_scale += np.log(s)
        if record and record.get(j) == "left":
            snapshot(j, k_j)
        k_next = k_j
    if record:
        return snaps, k_right
    t = np.swapaxes(Tt, 1, 2) * np.exp(log_scale)[:, None, None]
    return np.swapaxes(Rt, 1, 2), (t[:, 0, :] if row is not None else t), k_next, k_right


def flux_probabilities(amp, k_out, k_in, level_out, E, hw, N):
    """|amplitude|^2 Re(k_out)/Re(k_in) for open outgoing sidebands (above ``level_out``), else 0.
    amp (nE, 2N+1) outgoing amplitudes for one incident channel with wavenumber k_in (nE,)."""
    e_side = E[:, None] + np.arange(-N, N + 1)[None, :] * hw
    P = np.abs(amp) ** 2 * k_out.real / k_in.real[:, None]
    P[e_side <= level_out] = 0.0
    return P


# ----------------------------------------------------------------------------- sideband truncation
#: Convergence test of the sideband truncation: largest allowed change of any T_n, R_n.
CONVERGENCE_TOL = 1e-8
#: Largest sideband index the truncation may use.
MAX_SIDEBANDS = 120
_CHECK_ENERGIES = 48        # energies (evenly picked) re-solved with more sidebands


def gauge_estimate(W_eV, hw):
    """A-priori truncation: the largest gauge shift a = (max W - min W)/(h f) plus 4 a^(1/3) + 6,
    which covers the Bessel tails J_n(a), |n| > a, of an abrupt jump of W. It bounds what a drive
    can need; a smooth drive felt by a fast particle needs fewer sidebands."""
    a = float(np.ptp(W_eV)) / hw if np.size(W_eV) else 0.0
    return int(math.ceil(a + 4.0 * a ** (1 / 3) + 6)) if a > 0 else 0


def lead_gauge(W_eV, hw):
    """Gauge amplitude between the two leads, |W_right - W_left|/(h f). A particle that crosses
    the landscape slowly arrives in the right lead's frame with the Bessel spread J_n(a) of this
    amplitude, so a truncation needs N of at least about this many sidebands."""
    return abs(float(W_eV[-1]) - float(W_eV[0])) / hw


def check_lead_gauge(W_eV, hw):
    """ValueError at once (before any sweep) if the leads' gauge amplitude exceeds MAX_SIDEBANDS."""
    a = lead_gauge(W_eV, hw)
    if a > MAX_SIDEBANDS:
        raise ValueError(f"the drive needs more than {MAX_SIDEBANDS} sidebands: the two leads oscillate "
                         f"against each other with gauge amplitude |W_right - W_left|/hf = {a:.3g}; "
                         f"lower the drive (drive_eV, field_V_per_m) or raise frequency_THz")


def solve_sidebands(E_flat, pieces, hw, N, mass_amu):
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


def check_energy_indices(E, pieces):
    """Indices of at most 48 evenly picked open energies of ``E`` for the convergence check."""
    idx = np.flatnonzero(E > pieces.V_eV[0])
    if idx.size > _CHECK_ENERGIES:
        idx = idx[np.linspace(0, idx.size - 1, _CHECK_ENERGIES).round().astype(int)]
    return idx


def truncation_change(E, pieces, hw, N, mass_amu, T, R):
    """Largest change of any T_n, R_n (or weight appearing in the added sidebands) when N grows by
    dN = max(2, N // 4). T, R: the results at N on the energies E. Returns (change, N + dN, T2, R2)."""
    dN = max(2, N // 4)
    T2, R2 = solve_sidebands(E, pieces, hw, N + dN, mass_amu)
    inner = slice(dN, dN + 2 * N + 1)
    outer = T2.sum(0) - T2[inner].sum(0) + R2.sum(0) - R2[inner].sum(0)
    change = max(np.max(np.abs(T2[inner] - T), initial=0.0), np.max(np.abs(R2[inner] - R), initial=0.0),
                 np.max(np.abs(outer), initial=0.0))
    return float(change), N + dN, T2, R2


def converged_sidebands(E, pieces, hw, mass_amu, tol=CONVERGENCE_TOL, start=None):
    """Smallest N of the sequence start, start + max(2, start // 4), ... whose T_n, R_n change by
    less than ``tol`` (in (0, 1)) when N is raised, on at most 48 evenly picked energies of ``E``
    (incidence from the left). ``start`` defaults to min(2, :func:`gauge_estimate`); a uniform
    drive needs none (N = 0). Returns (N, change). Raises ValueError at once if the leads' gauge
    amplitude alone exceeds MAX_SIDEBANDS, and when N would pass MAX_SIDEBANDS."""
    if not (isinstance(tol, (int, float)) and 0.0 < tol < 1.0):
        raise ValueError(f"tol must be a number in (0, 1), got {tol!r}")
    if np.all(pieces.W_eV == pieces.W_eV[0]):
        return 0, 0.0
    check_lead_gauge(pieces.W_eV, hw)
    N = min(2, gauge_estimate(pieces.W_eV, hw)) if start is None else int(start)
    Ec = E[check_energy_indices(E, pieces)]
    if Ec.size == 0:
        return N, 0.0
    T, R = solve_sidebands(Ec, pieces, hw, N, mass_amu)
    while True:
        change, N_next, T, R = truncation_change(Ec, pieces, hw, N, mass_amu, T, R)
        if change <= tol:
            return N, change
        if N_next > MAX_SIDEBANDS:
            raise ValueError(f"the drive needs more than {MAX_SIDEBANDS} sidebands (max W/hf = "
                             f"{np.ptp(pieces.W_eV) / hw:.3g}); lower the drive or raise frequency_THz")
        N = N_next


def check_truncation(E, pieces, hw, N, mass_amu, T=None, R=None):
    """Check an explicit truncation N as the automatic choice would: raising N by max(2, N // 4) on
    up to 48 of the energies must change no T_n, R_n by more than CONVERGENCE_TOL. Returns the
    change; raises ValueError naming ``n_sidebands`` if N is too small. ``T, R``: the results at N
    on all of ``E`` if already computed."""
    if np.all(pieces.W_eV == pieces.W_eV[0]):
        return 0.0
    if N == 0:
        raise ValueError("n_sidebands=0 is too small for a drive that is not uniform (use >= 1 or None)")
    check_lead_gauge(pieces.W_eV, hw)
    idx = check_energy_indices(E, pieces)
    if idx.size == 0:
        return 0.0
    if T is None:
        T, R = solve_sidebands(E[idx], pieces, hw, N, mass_amu)
    else:
        T, R = T[:, idx], R[:, idx]
    change, N_next, _, _ = truncation_change(E[idx], pieces, hw, N, mass_amu, T, R)
    if change > CONVERGENCE_TOL:
        raise ValueError(f"n_sidebands={N} is too small for this drive: raising it to {N_next} changes "
                         f"the sideband probabilities by {change:.2g} (> {CONVERGENCE_TOL:g}); use "
                         f"n_sidebands=None or a larger value")
    return change
