"""Floquet transmissions averaged over the filter's comb of Fabry–Pérot resonances (thermal use).

Why
---
Between its two rims the filter is a cavity ~3 nm long: the transmission of a K+ ion is a comb of
resonances 0.4 meV apart, a small fraction of that wide near and below the barrier top. A drive
shifts, broadens and replicates every tooth, so the drive-induced change of a thermal integral is
a sum of thousands of nearly cancelling changes; resolving it on an energy grid takes ~10^4–10^5
energies (measured on the Fig. A6 page). Since k_BT spans ~65 teeth, the thermal integral only
needs the transmission *averaged over one tooth*, and that average can be computed exactly.

Construction
------------
Cut the landscape at a point x_c inside the cavity (default: the middle). With the scattering
matrices of the two parts (:func:`ionlib.filter.floquet.scattering_matrices`), a wave coming from the
left reaches the cut with right-moving amplitudes v (all sidebands) and then satisfies

    a = v + r1' R2 Z a,        transmitted t2 Z a,   reflected r1 e + t1' R2 Z a,

with r1' the left part's reflection seen from the cut, R2 and t2 the right part's reflection and
transmission. Z = z P_open + P_closed inserts a common round-trip phase z = e^{i phi} on the
sidebands that propagate at the cut. Shifting the energy across one tooth advances every
sideband's round-trip phase by 2 pi while the rims' matrices and the sidebands' relative phases
(set by hf times the round-trip time) barely change, so the tooth average equals the average over
phi at fixed energy (error of second order in tooth spacing / scale of the rims' variation). With
a = sum_k z^k A^k v, the phi average of |t2 Z a|^2 is a sum of positive terms,

    <T> = sum_k (A^k v)^+ M (A^k v) = Tr(M Y),   Y - A Y A^+ = v v^+   (a Stein equation),

summed by doubling (Y <- Y + A Y A^+, A <- A^2): no cancellation, no 1/(1 - |lambda|^2) even when
the cavity is almost closed (deep below the top, where the rims transmit 1e-30). The same Y gives
the averaged reflection, so <T> + <R> = 1 is a check; incidence from the right follows by
exchanging the parts. Without drive this is the classic incoherent combination of the two rims
(T1 T2 / (1 - R1 R2) for one channel). It is used for the thermal current under drive
(:mod:`ionlib.filter.driven_current`) with and without drive alike, so the static baseline and its
driven change are averaged the same way.
"""
from __future__ import annotations

import numpy as np

from ._floquet_sweep import FloquetPieces, solve_small, scattering_matrices

__all__ = ["resonance_averaged", "cut_window", "DOUBLING_STEPS", "CUT_WIDTH_NM", "N_CUTS"]

#: Doublings of the Stein sum: 2^50 round trips, enough for a cavity that leaks 1e-13 per round
#: trip; the part of an almost closed cavity's average that is cut off is at most its own size.
DOUBLING_STEPS = 50
#: Width (nm) of the window of cut positions averaged over (Hann weights): a cut next to a slope of
#: the landscape sees the slope's small local reflection as a spurious short cavity; its effect
#: oscillates with the cut position on the scale of half a wavelength (~20 pm for K+) and averages
#: out over a window of several wavelengths.
CUT_WIDTH_NM = 0.3
#: Cuts picked in that window (the averaged spectra change by < 1e-3 of their drive-induced part
#: between 16 and all ~90 cuts of the Fig. A6 landscape).
N_CUTS = 16
#: Loss per round trip below which a cavity counts as closed (:func:`resonance_averaged`).
CLOSED_CAVITY = 1e-8


def cut_window(pieces, x_start_nm, center_nm, width_nm=CUT_WIDTH_NM, n_cuts=N_CUTS):
    """Cut positions for :func:`resonance_averaged`: up to ``n_cuts`` pieces, evenly picked among
    those whose left edge lies within ``width_nm / 2`` of ``center_nm`` (the pieces start at
    ``x_start_nm``, the first sample), with normalised Hann weights. Returns ``(indices,
    weights)``; width 0 (or no edge in the window): the single nearest piece."""
    edges = x_start_nm + np.concatenate(([0.0], np.cumsum(pieces.L_nm[1:-2])))  # left edges of 1..P-2
    idx = np.arange(1, len(pieces.V_eV) - 1)
    inside = np.abs(edges - center_nm) < 0.5 * width_nm
    if not np.any(inside):
        inside = np.arange(edges.size) == np.argmin(np.abs(edges - center_nm))
        return idx[inside], np.ones(1)
    pick = np.flatnonzero(inside)
    pick = pick[np.unique(np.linspace(0, pick.size - 1, min(int(n_cuts), pick.size)).round().astype(int))]
    w = np.cos(np.pi * (edges[pick] - center_nm) / width_nm) ** 2 + 1e-300
    return idx[pick], w / w.sum()


def _split(pieces, j):
    """(left part, right part) cut at the left edge of piece j; the right part starts with a
    zero-length copy of piece j as its reservoir (a trivial interface)."""
    left = pieces.segment(0, j)
    V, W, L, c = pieces.V_eV, pieces.W_eV, pieces.L_nm, pieces.c_per_nm
    L_right = np.concatenate(([0.0], L[j:]))
    L_right[-1] = 0.0
    right = FloquetPieces(np.concatenate(([V[j]], V[j:])), np.concatenate(([W[j]], W[j:])), L_right,
                          np.concatenate(([c[j]], c[j:])))
    return left, right


def _gramian(A, v):
    """Y = sum_k (A^k v)(A^k v)^+ by doubling (Y <- Y + A Y A^+, A <- A^2), each energy until its
    A^(2^k) has decayed below 1e-17; A (nE, n, n), v (nE, n)."""
    Y = v[:, :, None] * v.conj()[:, None, :]
    Ak = A.copy()
    active = np.arange(A.shape[0])
    for _ in range(DOUBLING_STEPS):
        Aa = Ak[active]
        Y[active] += Aa @ Y[active] @ np.conj(np.swapaxes(Aa, 1, 2))
        Ak[active] = Aa @ Aa
        active = active[np.max(np.abs(Ak[active]), axis=(1, 2)) > 1e-17]
        if active.size == 0:
            break
    return Y


def _quadratic(Y, B, D):
    """Tr(B^+ diag(D) B Y): the D-weighted sum of |B x|^2 over the terms x of the Gramian Y."""
    return np.real(np.einsum("ej,eji,eji->e", D, (B @ Y), B.conj()))


def _phase_series(A, v, open_cut):
    """For a = (1 - A Z)^{-1} v, Z = z P_o + P_c: returns (A~, v~, F, P_c v~) such that
    Z a = P_c v~ + sum_{k>=1} z^k F A~^(k-1) v~ (see the module docstring)."""
    n = A.shape[-1]
    Pc = (~open_cut).astype(float)                         # (nE, n) closed-channel mask
    eye = np.eye(n)
    C = A * Pc[:, None, :]                                 # A P_c
    D = A * (1.0 - Pc)[:, None, :]                         # A P_o
    IC = eye - C
    sol = solve_small(IC, np.concatenate([D, v[:, :, None]], axis=2))
    At, vt = sol[:, :, :n], sol[:, :, n]
    F = (1.0 - Pc)[:, :, None] * eye + Pc[:, :, None] * At  # P_o + P_c A~
    return At, vt, F, Pc * vt


def _leak(r, k_open):
    """K_o - r^+ K_o r: the flux a wave at the cut (any combination of its open sidebands) sends
    *through* a part whose reflection seen from the cut is r (unitarity of the part's scattering
    matrix: what is not reflected is transmitted). k_open (nE, n): Re k at the cut, 0 if closed;
    rows and columns of closed sidebands are set to 0 (they carry no flux at the cut)."""
    M = -np.conj(np.swapaxes(r, 1, 2)) @ (k_open[:, :, None] * r)
    M[:, np.arange(M.shape[1]), np.arange(M.shape[1])] += k_open
    mask = (k_open > 0).astype(float)
    return M * mask[:, :, None] * mask[:, None, :]


def _one_cut(E, hw, N, R2, u, r1p, v, M_R, M_L, open_cut):
    """(<T> from the left, <T> from the right, (Y, F, d0)) for one cut (module docstring).
    u, v: amplitudes at the cut (left-moving for incidence from the right, right-moving for
    incidence from the left); M_R, M_L: flux sent into the right / left reservoir by a wave at the
    cut, as quadratic forms on its sidebands."""
    n = 2 * N + 1
    At, vt, F, d0 = _phase_series(r1p @ R2, v, open_cut)
    Y = _gramian(At, vt)
    T_left = (np.real(np.einsum("eij,eji->e", np.conj(np.swapaxes(F, 1, 2)) @ M_R @ F, Y))
              + np.real(np.einsum("ei,eij,ej->e", d0.conj(), M_R, d0)))
    # from the right: b = u + R2 Z r1' b, transmitted through the left part (Z between R2, r1')
    Pc = (~open_cut).astype(float)
    IC = np.eye(n) - (R2 * Pc[:, None, :]) @ r1p
    sol = solve_small(IC, np.concatenate([(R2 * (1.0 - Pc)[:, None, :]) @ r1p, u[:, :, None]], axis=2))
    At2, ut = sol[:, :, :n], sol[:, :, n]
    T_right = np.real(np.einsum("eij,eji->e", M_L, _gramian(At2, ut)))
    return T_left, T_right, (Y, F, d0)


def _modal_average(A, v, M, Lam, K):
    """sum_k (A^k v)^+ M (A^k v) for an almost closed cavity, from the eigenmodes of A.

    For an eigenvector e of A, e^+ Lam e = (1 - |lambda|^2) e^+ K e exactly when
    Lam = K - A^+ K A is the loss per round trip; taking Lam from the transmission matrices (exact
    and positive) instead of from that difference gives the small losses to full relative accuracy.
    The mode sum is then rescaled so that the total loss equals the injected flux v^+ K v (flux
    conservation), which also absorbs the error of the eigenvectors."""
    lam, Vec = np.linalg.eig(A)
    c = np.linalg.solve(Vec, v[:, :, None])[:, :, 0]
    VH = np.conj(np.swapaxes(Vec, 1, 2))
    norm = np.real(np.einsum("eij,ej,eji->ei", VH, K, Vec))       # e_i^+ K e_i
    loss = np.real(np.einsum("eij,ejk,eki->ei", VH, Lam, Vec))
    # a mode living only in sidebands closed at the cut has norm 0 (K = 0 there): gamma = 1, as the
    # clip below makes of loss/0 (such energies are discarded by the caller, which keeps only
    # energies whose sidebands are all open at the cut); no division warning
    gamma = np.divide(loss, norm, out=np.ones_like(norm), where=norm > 0)
    gamma = np.clip(gamma, 1e-300, 1.0)
    theta = np.angle(lam)
    dth = theta[:, None, :] - theta[:, :, None]                   # theta_j - theta_i
    g_i, g_j = gamma[:, :, None], gamma[:, None, :]
    shrink = (g_i + g_j - g_i * g_j) / (1.0 + np.sqrt((1.0 - g_i) * (1.0 - g_j)))
    D = -2j * np.sin(0.5 * dth) * np.exp(0.5j * dth) + np.exp(1j * dth) * shrink   # 1 - conj(l_i) l_j
    cc = np.conj(c)[:, :, None] * c[:, None, :] / D

    def form(Mat):
        return np.real(np.einsum("eij,eij->e", cc, VH @ Mat @ Vec))

    injected = np.real(np.einsum("ei,ei,ei->e", np.conj(v), K, v))
    total = form(Lam)
    return np.where(total > 0, form(M) * injected / np.where(total > 0, total, 1.0), 0.0)


def _closed(R2, r1p, limit=CLOSED_CAVITY):
    """Energies (bool, nE) whose cavity loses less than ``limit`` per round trip (spectral radius
    of r1' R2 above 1 - limit)."""
    return np.max(np.abs(np.linalg.eigvals(r1p @ R2)), axis=1) > 1.0 - limit


def _sweeps(E, pieces, hw, N, mass_amu, cuts, full, drive_scale=None):
    """Per cut: (R2, r1p, u, v, M_R, M_L, open_cut) from one sweep from each side."""
    P = len(pieces.V_eV)
    row = None if full else N
    right, k_R = scattering_matrices(E, pieces, hw, N, mass_amu, record={j: "left" for j in cuts}, row=row,
                                     drive_scale=drive_scale)
    left, k_L = scattering_matrices(E, pieces.mirrored(), hw, N, mass_amu,
                                    record={P - 1 - j: "right" for j in cuts}, row=row, drive_scale=drive_scale)
    left_by_cut = {P - 1 - jm: (r1p, t1p) for jm, r1p, t1p, _ in left}
    e_side = E[:, None] + np.arange(-N, N + 1)[None, :] * np.broadcast_to(hw, E.shape)[:, None]
    D_R = np.where(e_side > pieces.V_eV[-1], k_R.real, 0.0) / k_L[:, N, None].real
    D_L = np.where(e_side > pieces.V_eV[0], k_L.real, 0.0) / k_R[:, N, None].real
    out = {}
    for j, R2, t2, k_c in right:
        r1p, t1p = left_by_cut[j]
        open_cut = e_side > pieces.V_eV[j]
        if full:                        # exact quadratic forms from the transmission matrices
            M_R = np.conj(np.swapaxes(t2, 1, 2)) @ (D_R[:, :, None] * t2)
            M_L = np.conj(np.swapaxes(t1p, 1, 2)) @ (D_L[:, :, None] * t1p)
            u_row, v_row = t2[:, N, :], t1p[:, N, :]
            flux_R = M_R * k_L[:, N, None, None].real                   # flux units (not / k_in)
            flux_L = M_L * k_R[:, N, None, None].real
        else:                           # from unitarity: what is not reflected is transmitted
            k_open = np.where(open_cut, k_c.real, 0.0)
            M_R = _leak(R2, k_open) / k_L[:, N, None, None].real
            M_L = _leak(r1p, k_open) / k_R[:, N, None, None].real
            u_row, v_row = t2, t1p
        # amplitudes at the cut (reciprocity of each part: t[n, m] = (k_in,m / k_cut,n) t'[m, n])
        v = k_L[:, N, None] * v_row / k_c
        u = k_R[:, N, None] * u_row / k_c
        out[j] = (R2, r1p, u, v, M_R, M_L, open_cut)
        if full:
            out[j] = out[j] + (flux_R, flux_L, k_c.real)
    return out, k_L


def resonance_averaged(E, pieces, hw, N, mass_amu, cuts, weights=None, with_reflection=False,
                       drive_scale=None):
    """Tooth-averaged total transmissions for incidence in sideband 0 from either side.

    E : 1D energies (eV) above both reservoir levels; pieces, hw (h f in eV), N, mass_amu as in
    :func:`ionlib.filter.floquet.scattering_matrices`; cuts : piece indices (cut at their left
    edges), weights : their weights (default equal), e.g. from :func:`cut_window`. hw may be one
    photon energy per energy and ``drive_scale`` a factor on W per energy (scans in one sweep).
    Returns a dict with ``"left"`` (<sum_n T_n> for incidence from the left) and ``"right"``
    (incidence from the right, into the left reservoir), the weighted averages over the cuts; with
    ``with_reflection`` also ``"left_reflection"`` (<sum_n R_n>, from extra full sweeps of the left
    parts; <T> + <R> = 1 checks the construction).

    The sweeps track one row of the transmission matrices and take the transmitted flux from
    unitarity (1 - reflected); at energies where the cavity is almost closed (it loses less than
    :data:`CLOSED_CAVITY` per round trip, far below the barrier top) that difference is all
    round-off, and those energies are redone with the full transmission matrices. Sidebands
    closed at a cut are taken to carry no flux through it (they are evanescent there).
    """
    cuts = [int(j) for j in np.atleast_1d(cuts)]
    w = np.full(len(cuts), 1.0 / len(cuts)) if weights is None else np.asarray(weights, dtype=float)
    P = len(pieces.V_eV)
    if not all(1 <= j <= P - 2 for j in cuts) or len(set(cuts)) != len(cuts) or w.shape != (len(cuts),):
        raise ValueError(f"cuts must be distinct interior piece indices in [1, {P - 2}] with one weight each")
    hw = np.broadcast_to(np.asarray(hw, dtype=float), E.shape)
    if drive_scale is not None:
        drive_scale = np.broadcast_to(np.asarray(drive_scale, dtype=float), E.shape)
    data, k_L = _sweeps(E, pieces, hw, N, mass_amu, cuts, full=False, drive_scale=drive_scale)
    closed = np.zeros(E.size, bool)
    for R2, r1p, *_ in data.values():
        closed |= _closed(R2, r1p)
    modal = {}
    if np.any(closed):
        Ec = E[closed]
        exact, _ = _sweeps(Ec, pieces, hw[closed], N, mass_amu, cuts, full=True,
                           drive_scale=None if drive_scale is None else drive_scale[closed])
        for j in cuts:
            R2, r1p, u, v, M_R, M_L, open_cut, flux_R, flux_L, k_c = exact[j]
            all_open = np.all(open_cut, axis=1)
            K = np.where(open_cut, k_c, 0.0)
            RH, rH = np.conj(np.swapaxes(R2, 1, 2)), np.conj(np.swapaxes(r1p, 1, 2))
            T_l = _modal_average(r1p @ R2, v, M_R, flux_R + RH @ flux_L @ R2, K)
            T_r = _modal_average(R2 @ r1p, u, M_L, flux_L + rH @ flux_R @ r1p, K)
            # a sideband closed at the cut of an almost closed cavity: >3 kT below the top for
            # the filter, transmissions < 1e-30; left out (0)
            modal[j] = (np.where(all_open, T_l, 0.0), np.where(all_open, T_r, 0.0))
    out = {"left": np.zeros(E.size), "right": np.zeros(E.size)}
    if with_reflection:
        out["left_reflection"] = np.zeros(E.size)
    for j, wj in zip(cuts, w):
        R2, r1p, u, v, M_R, M_L, open_cut = data[j]
        T_l, T_r, (Y, F, d0) = _one_cut(E, hw, N, R2, u, r1p, v, M_R, M_L, open_cut)
        if j in modal:
            T_l[closed], T_r[closed] = modal[j]
        out["left"] += wj * T_l
        out["right"] += wj * T_r
        if with_reflection:     # needs the full matrices of the left part: r1 and t1'
            left = _split(pieces, j)[0]
            r1 = scattering_matrices(E, left, hw, N, mass_amu, drive_scale=drive_scale)[0]
            t1p = scattering_matrices(E, left.mirrored(), hw, N, mass_amu, drive_scale=drive_scale)[1]
            G = t1p @ R2
            e0 = r1[:, :, N] + (G @ d0[:, :, None])[:, :, 0]
            D = np.where(E[:, None] + np.arange(-N, N + 1) * hw[:, None] > pieces.V_eV[0], k_L.real, 0.0) \
                / k_L[:, N, None].real
            out["left_reflection"] += wj * (_quadratic(Y, G @ F, D) + np.einsum("ej,ej->e", D, np.abs(e0) ** 2))
    out["left"] = np.clip(out["left"], 0.0, 1.0)       # round-off of the unitarity difference
    out["right"] = np.clip(out["right"], 0.0, 1.0)
    return out
