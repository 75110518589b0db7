#!/usr/bin/python3
"""NumPy re-implementation of the training loop of Murray's RFLO example notebook
(RFLO_Example.ipynb, GitHub murray-lab/rflo-learning; Murray, eLife 8:e43299 (2019)),
for MEASUREMENT ONLY: it is not used by fxprop, it exists to compare fxprop's golden
model with the authors' loop on the periodic-output task and to measure the run-to-run
spread that a single unseeded notebook run hides.

Written from the notebook's equations, not copied: per trial (batch 1, end-of-trial update)

    h[0] = h0 (0.1 for every unit); for tt = 0 .. T-2:
      u[tt+1] = W_rec h[tt] + W_in x[tt+1]
      h[tt+1] = h[tt] + (-h[tt] + tanh(u[tt+1])) / tau
      y[tt+1] = W_out h[tt+1];  err[tt+1] = y*[tt+1] - y[tt+1]
      RFLO: p = (1-1/tau) p + df(u[tt+1]) h[tt]^T / tau   (p reset to 0 every trial)
            dW_out += eta/T err h[tt+1]^T;  dW_rec += eta/T (B err) * p
    BPTT (the notebook's backward loop, kept as written, see --bptt-variant):
      z[T-1] = W_out^T err[T-1]; for tt = T-1 .. 1:
        z[tt-1] = (1-1/tau) z[tt] + W_out^T err[tt] + W_rec^T (z[tt] df(u[tt])) / tau
        dW_out += eta/T err[tt] h[tt]^T;  dW_rec += eta/(T tau) (z[tt] df(u[tt])) h[tt-1]^T
    W += dW at the end of the trial; reported loss = 0.5 mean(err^2) over all T entries of
    the trial (err[0] = y*[0] - 0 = 0 is included), i.e. the loss of the LAST training
    trial, computed with the weights before that trial's update.

Setup of the notebook: n_in = 1 (zero input), 50 units, 1 output, tau = 10, T = 100,
y*[t] = sin(2 pi t/T) + 0.5 sin(4 pi t/T) + 0.25 sin(8 pi t/T), t = 0..T-1,
W_in = 0.1 (U - 1), W_rec = 1.5 N(0,1)/sqrt(N) (autapses kept), W_out = 0.1 (2U - 1)/sqrt(N),
B = N(0,1)/sqrt(n_out), learning rates [W_in, W_rec, W_out] = [0, 0.03, 0.03], 10,000 trials,
df(u) = 1/cosh(10 tanh(u/10))^2.

Several networks (one per seed, np.random.RandomState(seed), the notebook's draw order) are
integrated side by side along a leading axis; every network's arithmetic is the notebook's.

  /usr/bin/python3 tools/experiments/rflo_notebook_reference.py --rule rflo --seeds 1-20
  options: --autapses keep|zero  --df notebook|exact  --bptt-variant notebook|exact
           --trials N  --init-dir DIR (read initial_w_rec/w_out/b.npy of an `fxprop train`
           output directory, [pre][post] layout, instead of drawing)  --curve FILE.npy (loss of every trial)
"""
import argparse
import json
import os
import sys
import time

import numpy as np


def parse_seeds(text):
    seeds = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            seeds.extend(range(int(a), int(b) + 1))
        else:
            seeds.append(int(part))
    return seeds


def df_notebook(u):
    return 1.0 / np.cosh(10.0 * np.tanh(u / 10.0)) ** 2


def df_exact(u):
    return 1.0 - np.tanh(u) ** 2


def draw_weights(seed, n_in, n_rec, n_out, g, autapses):
    rng = np.random.RandomState(seed)
    w_in = 0.1 * (rng.rand(n_rec, n_in) - 1)
    w_rec = g * rng.randn(n_rec, n_rec) / n_rec ** 0.5
    w_out = 0.1 * (2 * rng.rand(n_out, n_rec) - 1) / n_rec ** 0.5
    b = rng.randn(n_rec, n_out) / n_out ** 0.5
    if not autapses:
        np.fill_diagonal(w_rec, 0.0)
    return w_in, w_rec, w_out, b


def load_weights(directory, n_in, n_rec, n_out, autapses):
    # fxprop stores [pre][post]; the notebook uses [post][pre].
    w_rec = np.load(os.path.join(directory, "initial_w_rec.npy")).astype(np.float64).T.copy()
    w_out = np.load(os.path.join(directory, "initial_w_out.npy")).astype(np.float64).T.copy()
    b = np.load(os.path.join(directory, "initial_b.npy")).astype(np.float64).copy()
    w_in = np.zeros((n_rec, n_in))
    if not autapses:
        np.fill_diagonal(w_rec, 0.0)
    return w_in, w_rec, w_out, b


def train(args, seeds):
    n_in, n_rec, n_out, T, tau = 1, args.n_rec, 1, args.steps, args.tau
    t = np.arange(T)
    y_target = np.outer(np.sin(2 * np.pi * t / T) + 0.5 * np.sin(2 * 2 * np.pi * t / T)
                        + 0.25 * np.sin(4 * 2 * np.pi * t / T), np.ones(n_out))
    x = np.zeros((T, n_in))
    df = df_notebook if args.df == "notebook" else df_exact
    autapses = args.autapses == "keep"
    S = len(seeds)
    nets = [load_weights(args.init_dir, n_in, n_rec, n_out, autapses) if args.init_dir
            else draw_weights(s, n_in, n_rec, n_out, args.g, autapses) for s in seeds]
    w_in = np.stack([n[0] for n in nets])    # (S, N, n_in)
    w_rec = np.stack([n[1] for n in nets])   # (S, N, N)   [post][pre]
    w_out = np.stack([n[2] for n in nets])   # (S, n_out, N)
    b = np.stack([n[3] for n in nets])       # (S, N, n_out)
    mask = None if autapses else (1.0 - np.eye(n_rec))
    eta_in, eta_rec, eta_out = args.eta
    losses = np.zeros((args.trials, S))
    leak = 1.0 / tau
    for trial in range(args.trials):
        h = np.zeros((S, T, n_rec))
        u = np.zeros((S, T, n_rec))
        h[:, 0] = args.h0
        y = np.zeros((S, T, n_out))
        err = np.zeros((S, T, n_out))
        dw_in = np.zeros_like(w_in)
        dw_rec = np.zeros_like(w_rec)
        dw_out = np.zeros_like(w_out)
        if args.rule == "rflo":
            p = np.zeros((S, n_rec, n_rec))
            q = np.zeros((S, n_rec, n_in))
            q += df(u[:, 0])[:, :, None] * x[0][None, None, :] / tau
        for tt in range(T - 1):
            u[:, tt + 1] = np.einsum("sij,sj->si", w_rec, h[:, tt]) + np.einsum("sim,m->si", w_in, x[tt + 1])
            h[:, tt + 1] = h[:, tt] + (-h[:, tt] + np.tanh(u[:, tt + 1])) * leak
            y[:, tt + 1] = np.einsum("soi,si->so", w_out, h[:, tt + 1])
            err[:, tt + 1] = y_target[tt + 1] - y[:, tt + 1]
            if args.rule == "rflo":
                d = df(u[:, tt + 1])
                p = (1 - leak) * p
                q = (1 - leak) * q
                p += d[:, :, None] * h[:, tt][:, None, :] / tau
                q += d[:, :, None] * x[tt][None, None, :] / tau
                e = err[:, tt + 1]
                dw_out += eta_out / T * e[:, :, None] * h[:, tt + 1][:, None, :]
                L = np.einsum("sio,so->si", b, e)
                dw_rec += eta_rec * L[:, :, None] * p / T
                dw_in += eta_in * L[:, :, None] * q / T
        if args.rule == "bptt":
            z = np.zeros((S, T, n_rec))
            if args.bptt_variant == "notebook":
                z[:, -1] = np.einsum("soi,so->si", w_out, err[:, -1])
                for tt in range(T - 1, 0, -1):
                    d = df(u[:, tt])
                    z[:, tt - 1] = z[:, tt] * (1 - leak)
                    z[:, tt - 1] += np.einsum("soi,so->si", w_out, err[:, tt])
                    z[:, tt - 1] += np.einsum("si,sij->sj", z[:, tt] * d, w_rec) * leak
                    dw_out += eta_out * err[:, tt][:, :, None] * h[:, tt][:, None, :] / T
                    dw_rec += eta_rec / (T * tau) * (z[:, tt] * d)[:, :, None] * h[:, tt - 1][:, None, :]
                    dw_in += eta_in / (T * tau) * (z[:, tt] * d)[:, :, None] * x[tt][None, None, :]
            else:  # exact gradient of 0.5 sum_{t>=1} err[t]^2 (dL/dh[t] includes err[t])
                gh_next = np.zeros((S, n_rec))
                gu_next = np.zeros((S, n_rec))
                for tt in range(T - 1, 0, -1):
                    gh = np.einsum("soi,so->si", w_out, err[:, tt]) + (1 - leak) * gh_next \
                        + np.einsum("si,sij->sj", gu_next, w_rec)
                    gu = gh * df(u[:, tt]) * leak
                    dw_out += eta_out * err[:, tt][:, :, None] * h[:, tt][:, None, :] / T
                    dw_rec += eta_rec / T * gu[:, :, None] * h[:, tt - 1][:, None, :]
                    dw_in += eta_in / T * gu[:, :, None] * x[tt][None, None, :]
                    gh_next, gu_next = gh, gu
        if mask is not None:
            dw_rec *= mask
        w_out = w_out + dw_out
        w_rec = w_rec + dw_rec
        w_in = w_in + dw_in
        losses[trial] = 0.5 * np.mean((y_target[None] - y) ** 2, axis=(1, 2))
    return losses


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rule", choices=["rflo", "bptt"], default="rflo")
    ap.add_argument("--seeds", default="1-5")
    ap.add_argument("--trials", type=int, default=10000)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--n-rec", type=int, default=50)
    ap.add_argument("--tau", type=float, default=10.0)
    ap.add_argument("--h0", type=float, default=0.1)
    ap.add_argument("--g", type=float, default=1.5)
    ap.add_argument("--eta", type=float, nargs=3, default=[0.0, 0.03, 0.03], metavar=("IN", "REC", "OUT"))
    ap.add_argument("--autapses", choices=["keep", "zero"], default="keep")
    ap.add_argument("--df", choices=["notebook", "exact"], default="notebook")
    ap.add_argument("--bptt-variant", choices=["notebook", "exact"], default="notebook")
    ap.add_argument("--init-dir", default="")
    ap.add_argument("--curve", default="")
    ap.add_argument("--json", default="")
    args = ap.parse_args()
    seeds = parse_seeds(args.seeds)
    start = time.time()
    losses = train(args, seeds)
    final = losses[-1]
    result = {"rule": args.rule, "autapses": args.autapses, "df": args.df, "bptt_variant": args.bptt_variant,
              "trials": args.trials, "seeds": seeds, "final_loss": final.tolist(),
              "median": float(np.median(final)), "below_5e-4": int(np.sum(final < 5e-4)),
              "seconds": time.time() - start}
    for s, v in zip(seeds, final):
        print(f"seed {s:3d}  final 0.5 mean(err^2) = {v:.3e}")
    print(f"median {result['median']:.3e}, {result['below_5e-4']} of {len(seeds)} below 5e-4 "
          f"({result['seconds']:.0f} s)")
    if args.curve:
        np.save(args.curve, losses)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
