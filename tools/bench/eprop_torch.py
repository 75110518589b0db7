#!/usr/bin/python3
"""PyTorch baseline of the golden model's pattern-generation e-prop trial.

The same computation as `fxprop train` on the default configuration (form a LIF,
random feedback, exact per-synapse traces ebar filtered with kappa, rate
regulariser, SGD update), written with in-place torch ops, float64, CPU,
torch.set_num_threads(1).

  eprop_torch.py bench TRIALS N_REC ...     trials per second, same columns as bench_golden
  eprop_torch.py check DIR                  recompute the first-iteration gradient from the
                                            initial weights, input and target exported by
                                            `fxprop train` into DIR and compare
"""
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)
DT = torch.float64
TAU_M = TAU_OUT = 30.0
THR, GAMMA, C_REG, F0, LR = 0.03, 0.3, 300.0, 10e-3, 1e-4


def eprop_trial(w_in, w_rec, w_out, b, x, ystar):
    n_in, n_rec = w_in.shape
    T, n_out = ystar.shape
    alpha = float(np.exp(-1.0 / TAU_M))
    kappa = float(np.exp(-1.0 / TAU_OUT))
    z = torch.zeros(n_rec, dtype=DT)
    v = torch.zeros(n_rec, dtype=DT)
    y = torch.zeros(n_out, dtype=DT)
    zbar_in = torch.zeros(n_in, dtype=DT)
    zbar_rec = torch.zeros(n_rec, dtype=DT)
    zbar_out = torch.zeros(n_rec, dtype=DT)
    ebar_in = torch.zeros(n_in, n_rec, dtype=DT)
    ebar_rec = torch.zeros(n_rec, n_rec, dtype=DT)
    esum_in = torch.zeros_like(ebar_in)
    esum_rec = torch.zeros_like(ebar_rec)
    g_in = torch.zeros_like(ebar_in)
    g_rec = torch.zeros_like(ebar_rec)
    g_out = torch.zeros(n_rec, n_out, dtype=DT)
    counts = torch.zeros(n_rec, dtype=DT)
    loss = 0.0
    for t in range(T):
        z_prev = z
        current = x[t] @ w_in + z_prev @ w_rec
        v = alpha * v + (1 - alpha) * current - THR * z_prev
        z = (v > THR).to(DT)
        psi = (GAMMA / THR) * torch.clamp(1 - torch.abs(v - THR) / THR, min=0)
        y = kappa * y + (1 - kappa) * (z @ w_out)
        err = y - ystar[t]
        loss += 0.5 * float(err @ err)
        signal = b @ err
        zbar_in.mul_(alpha).add_(x[t], alpha=1 - alpha)
        zbar_rec.mul_(alpha).add_(z_prev, alpha=1 - alpha)
        zbar_out.mul_(kappa).add_(z, alpha=1 - kappa)
        e_in = torch.outer(zbar_in, psi)
        e_rec = torch.outer(zbar_rec, psi)
        ebar_in.mul_(kappa).add_(e_in, alpha=1 - kappa)
        ebar_rec.mul_(kappa).add_(e_rec, alpha=1 - kappa)
        g_in.addcmul_(ebar_in, signal)
        g_rec.addcmul_(ebar_rec, signal)
        esum_in.add_(e_in)
        esum_rec.add_(e_rec)
        g_out.add_(torch.outer(zbar_out, err))
        counts.add_(z)
    factor = C_REG * (counts / T - F0) / T
    g_in.addcmul_(esum_in, factor)
    g_rec.addcmul_(esum_rec, factor)
    g_rec.fill_diagonal_(0.0)
    return g_in, g_rec, g_out, loss


def bench(trials, sizes):
    print("# n_in n_rec steps trials seconds trials_per_s ms_per_trial synaptic_updates_per_s")
    gen = torch.Generator().manual_seed(1)
    T, n_in = 1000, 100
    for n_rec in sizes:
        x = (torch.rand(T, n_in, generator=gen, dtype=DT) < 0.05).to(DT)
        ystar = torch.sin(torch.linspace(0, 6.28, T, dtype=DT))[:, None]
        w_in = torch.randn(n_in, n_rec, generator=gen, dtype=DT) / n_in ** 0.5
        w_rec = torch.randn(n_rec, n_rec, generator=gen, dtype=DT) / n_rec ** 0.5
        w_rec.fill_diagonal_(0.0)
        w_out = torch.randn(n_rec, 1, generator=gen, dtype=DT) / n_rec ** 0.5
        b = torch.randn(n_rec, 1, generator=gen, dtype=DT) / n_rec ** 0.5
        with torch.no_grad():
            eprop_trial(w_in, w_rec, w_out, b, x, ystar)  # warm-up
            start = time.perf_counter()
            loss = 0.0
            for _ in range(trials):
                g_in, g_rec, g_out, l = eprop_trial(w_in, w_rec, w_out, b, x, ystar)
                w_in.sub_(LR * g_in)
                w_rec.sub_(LR * g_rec)
                w_out.sub_(LR * g_out)
                loss += l
            s = time.perf_counter() - start
        updates = (n_in + n_rec) * n_rec * T * trials
        print("%d %d %d %d %.4f %.3f %.3f %.4g  # mean loss %.4g" % (n_in, n_rec, T, trials, s, trials / s, 1e3 * s / trials,
                                                                    updates / s, loss / trials))


def check(d):
    load = lambda name: torch.from_numpy(np.load(d + "/" + name)).to(DT)
    g_in, g_rec, g_out, _ = eprop_trial(load("initial_w_in.npy"), load("initial_w_rec.npy"), load("initial_w_out.npy"),
                                        load("initial_b.npy"), load("input.npy")[0], load("target.npy")[0])
    worst = 0.0
    for name, g in (("w_in", g_in), ("w_rec", g_rec), ("w_out", g_out)):
        ref = load("gradient_" + name + ".npy")
        rel = float(torch.max(torch.abs(g - ref)) / torch.max(torch.abs(ref)))
        worst = max(worst, rel)
        print("gradient %-5s relative difference torch vs fxprop: %.3g" % (name, rel))
    return worst


if __name__ == "__main__":
    if sys.argv[1] == "bench":
        bench(int(sys.argv[2]), [int(a) for a in sys.argv[3:]] or [100])
    else:
        sys.exit(0 if check(sys.argv[2]) < 1e-9 else 1)
