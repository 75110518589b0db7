// Copyright fxprop contributors.
//
// Exact reference of the learning core's arithmetic (docs/learning-core.md), written from
// the equations with Boost cpp_int values, for the RTL testbenches:
//   * kernels: one neuron update, a leaky trace, the exact eligibility, weight and
//     accumulator updates, the learning signal (used by the block testbenches);
//   * RefCore: one timestep / trial start / batch end of the whole core, in the normative
//     order of the phases and of the random draws (used by the whole-core check).
// Every rounding is fxp::Requantizer (through fxref::requant), every draw fxp::Lfsr32.
//
// This is test code, to be replaced by the kernels and the step of the fixed-point model
// (model/fixed/) once it is on main; the RTL harnesses only need RefCore's interface.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "testbenches/rtl/common/fxref.h"

namespace fxref {

// ---- Exact values -----------------------------------------------------------------------
// m * 2^-f, exact.
struct X {
  cpp_int m = 0;
  int f = 0;
};

inline X xv(const cpp_int& m, int f) { return X{m, f}; }
inline X xint(long v) { return X{cpp_int(v), 0}; }
inline X mul(const X& a, const X& b) { return X{a.m * b.m, a.f + b.f}; }
inline X add(const X& a, const X& b) {
  const int f = std::max(a.f, b.f);
  return X{(a.m << (f - a.f)) + (b.m << (f - b.f)), f};
}
inline X neg(const X& a) { return X{-a.m, a.f}; }
inline X sub(const X& a, const X& b) { return add(a, neg(b)); }
inline int cmp(const X& a, const X& b) {
  const X d = sub(a, b);
  return d.m > 0 ? 1 : (d.m < 0 ? -1 : 0);
}
inline X absx(const X& a) { return a.m < 0 ? neg(a) : a; }

// ---- Formats, rounding sites, streams -----------------------------------------------------
// Descriptor layout of the core's format CSRs (rtl/fxprop_pkg.sv fmt_desc).
inline Fmt fmt_from_desc(uint32_t d) {
  Fmt f;
  f.w = static_cast<int>(d & 0xff);
  f.f = static_cast<int>((d >> 8) & 0xff);
  f.s = ((d >> 16) & 1) != 0;
  f.rnd = static_cast<int>((d >> 20) & 0xf);
  f.ovf = static_cast<int>((d >> 24) & 0x3);
  f.k = static_cast<int>((d >> 26) & 0x3f);
  return f;
}

// Site / descriptor indices, as in fxprop_pkg.
enum Site : int {
  kISyn = 0, kV, kA, kThrA, kPsi, kZbar, kZbarOut, kY, kErr, kL, kLpsi, kE, kEpsA, kEbar,
  kGradAcc, kWIn, kWRec, kWOut, kNSites
};
enum FmtIdx : int { kB = 18, kAlpha, kRho, kKappa, kThr, kBeta, kPsiPeak, kInvThr, kNFmts };

struct Fmts {
  std::array<Fmt, kNFmts> f;
  const Fmt& operator[](int i) const { return f[static_cast<std::size_t>(i)]; }
};

// One LFSR stream per rounding site.
struct Streams {
  std::array<Lfsr32, kNSites> s{Lfsr32(1), Lfsr32(1), Lfsr32(1), Lfsr32(1), Lfsr32(1), Lfsr32(1),
                                Lfsr32(1), Lfsr32(1), Lfsr32(1), Lfsr32(1), Lfsr32(1), Lfsr32(1),
                                Lfsr32(1), Lfsr32(1), Lfsr32(1), Lfsr32(1), Lfsr32(1), Lfsr32(1)};
  Lfsr32& operator[](int i) { return s[static_cast<std::size_t>(i)]; }
};

// One requantisation of x into site `site`: a stochastic site draws exactly once.
inline cpp_int q(const X& x, const Fmts& fm, int site, Streams& st) {
  return requant(x.m, x.f, fm[site], &st[site]);
}
inline X qx(const X& x, const Fmts& fm, int site, Streams& st) {
  return X{q(x, fm, site, st), fm[site].f};
}

// ---- Runtime configuration ------------------------------------------------------------------
struct Config {
  int n_in = 1, n_rec = 1, n_out = 1;
  bool form_b = false, spike_ge = false, exact = false, per_trial = false, fb_random = false;
  int lr_shift = 0, n_ref = 0;
  // raw constants in their formats
  cpp_int alpha = 0, rho = 0, kappa = 0, thr = 0, beta = 0, psi_peak = 0, inv_thr = 0;
  std::vector<int> alif;  // per recurrent neuron
};

// Constants as exact values.
struct Consts {
  X alpha, rho, kappa, thr, beta, pk, inv, one_m_alpha, one_m_kappa, c_in;
  Consts(const Config& c, const Fmts& fm) {
    alpha = xv(c.alpha, fm[kAlpha].f);
    rho = xv(c.rho, fm[kRho].f);
    kappa = xv(c.kappa, fm[kKappa].f);
    thr = xv(c.thr, fm[kThr].f);
    beta = xv(c.beta, fm[kBeta].f);
    pk = xv(c.psi_peak, fm[kPsiPeak].f);
    inv = xv(c.inv_thr, fm[kInvThr].f);
    one_m_alpha = sub(xint(1), alpha);
    one_m_kappa = sub(xint(1), kappa);
    c_in = c.form_b ? xint(1) : one_m_alpha;  // input / trace scaling (1 - alpha) or 1
  }
};

// ---- Kernels -----------------------------------------------------------------------------------
struct NeuronIn {
  cpp_int isyn, v, a;
  int r = 0;
  bool z_prev = false, alif = false;
};
struct NeuronOut {
  cpp_int v, a, psi;
  int r = 0;
  bool z = false;
};

// Neuron update (section 2.2). Draw order per neuron: a, thr_adaptive, v, psi (each its own
// stream); a site draws only when its requantisation is performed.
inline NeuronOut neuron_kernel(const NeuronIn& in, const Config& cfg, const Consts& k,
                               const Fmts& fm, Streams& st) {
  NeuronOut o;
  const int r1 = cfg.form_b ? std::max(in.r - 1, 0) : in.r;
  const bool refr = r1 > 0;
  X a1 = xint(0);
  if (in.alif) {
    a1 = qx(add(mul(k.rho, xv(in.a, fm[kA].f)), xint(in.z_prev ? 1 : 0)), fm, kA, st);
  }
  o.a = in.alif ? a1.m : cpp_int(0);
  const X thr_a = in.alif ? qx(add(k.thr, mul(k.beta, a1)), fm, kThrA, st) : k.thr;
  X v = add(mul(k.alpha, xv(in.v, fm[kV].f)), mul(k.c_in, xv(in.isyn, fm[kISyn].f)));
  if (in.z_prev) v = sub(v, k.thr);
  const X v1 = qx(v, fm, kV, st);
  o.v = v1.m;
  const X d = sub(v1, thr_a);
  const bool fire = cfg.spike_ge ? d.m >= 0 : d.m > 0;
  o.z = fire && !refr;
  o.r = o.z ? cfg.n_ref : r1;
  if (refr) {
    o.psi = 0;
  } else {
    X h = sub(xint(1), mul(absx(d), k.inv));
    if (h.m < 0) h = xint(0);
    o.psi = q(mul(k.pk, h), fm, kPsi, st);
  }
  return o;
}

// Leaky filter q(decay x + coef u) into site `site` (x in the site's format).
inline cpp_int leaky_kernel(const X& decay, const X& coef, const cpp_int& x, const X& u, const Fmts& fm,
                            int site, Streams& st) {
  return q(add(mul(decay, xv(x, fm[site].f)), mul(coef, u)), fm, site, st);
}

// Exact-variant eligibility of one synapse (section 2.6). Draw order: e, eps_a (ALIF), ebar.
struct EligOut {
  cpp_int e, eps_a, ebar;
};
inline EligOut elig_kernel(const X& zbar, const cpp_int& psi, const cpp_int& eps_a, const cpp_int& ebar,
                           bool alif, const Consts& k, const Fmts& fm, Streams& st) {
  EligOut o;
  const X eps = xv(eps_a, fm[kEpsA].f);
  const X diff = alif ? sub(zbar, mul(k.beta, eps)) : zbar;
  const X e = qx(mul(xv(psi, fm[kPsi].f), diff), fm, kE, st);
  o.e = e.m;
  o.eps_a = alif ? q(add(mul(k.rho, eps), e), fm, kEpsA, st) : eps_a;
  o.ebar = leaky_kernel(k.kappa, k.one_m_kappa, ebar, e, fm, kEbar, st);
  return o;
}

// W = q_w(W - 2^-lr g) at weight site `wsite`.
inline cpp_int wupd_kernel(const cpp_int& w, const X& g, int lr_shift, const Fmts& fm, int wsite,
                           Streams& st) {
  return q(sub(xv(w, fm[wsite].f), X{g.m, g.f + lr_shift}), fm, wsite, st);
}
// acc = q_grad_acc(acc + g).
inline cpp_int acc_kernel(const cpp_int& acc, const X& g, const Fmts& fm, Streams& st) {
  return q(add(xv(acc, fm[kGradAcc].f), g), fm, kGradAcc, st);
}

// ---- Whole core ----------------------------------------------------------------------------
// State of the core, raw integers; matrices [pre][post] flattened row-major.
struct State {
  std::vector<cpp_int> w_in, w_rec, w_out, b;        // [i][j], [i][j], [j][k], [j][k]
  std::vector<cpp_int> ebar, eps_a, acc;             // [source][j], sources: inputs then neurons
  std::vector<cpp_int> acc_out;                      // [j][k]
  std::vector<cpp_int> isyn, v, a, psi, l, lpsi, zbar_rec, zbar_out;
  std::vector<int> r;
  std::vector<int> z;
  std::vector<cpp_int> zbar_in;
  std::vector<cpp_int> y, err, ystar;
};

class RefCore {
 public:
  RefCore(const Fmts& fm, const Config& cfg) : fm_(fm), cfg_(cfg), k_(cfg, fm) {
    const std::size_t ni = static_cast<std::size_t>(cfg.n_in), nr = static_cast<std::size_t>(cfg.n_rec),
                      no = static_cast<std::size_t>(cfg.n_out);
    s_.w_in.assign(ni * nr, 0);
    s_.w_rec.assign(nr * nr, 0);
    s_.w_out.assign(nr * no, 0);
    s_.b.assign(nr * no, 0);
    s_.ebar.assign((ni + nr) * nr, 0);
    s_.eps_a.assign((ni + nr) * nr, 0);
    s_.acc.assign((ni + nr) * nr, 0);
    s_.acc_out.assign(nr * no, 0);
    for (auto* v : {&s_.isyn, &s_.v, &s_.a, &s_.psi, &s_.l, &s_.lpsi, &s_.zbar_rec, &s_.zbar_out})
      v->assign(nr, 0);
    s_.r.assign(nr, 0);
    s_.z.assign(nr, 0);
    s_.zbar_in.assign(ni, 0);
    for (auto* v : {&s_.y, &s_.err, &s_.ystar}) v->assign(no, 0);
  }

  State& state() { return s_; }
  const State& state() const { return s_; }
  Streams& streams() { return st_; }
  const Config& config() const { return cfg_; }

  // Start of a trial: all state to zero (weights, B and accumulators kept).
  void clear() {
    for (auto* v : {&s_.isyn, &s_.v, &s_.a, &s_.psi, &s_.l, &s_.lpsi, &s_.zbar_rec, &s_.zbar_out,
                    &s_.zbar_in, &s_.y, &s_.err})
      std::fill(v->begin(), v->end(), 0);
    std::fill(s_.r.begin(), s_.r.end(), 0);
    std::fill(s_.z.begin(), s_.z.end(), 0);
    if (cfg_.exact) {
      std::fill(s_.ebar.begin(), s_.ebar.end(), 0);
      std::fill(s_.eps_a.begin(), s_.eps_a.end(), 0);
    }
  }
  void clear_acc() {
    std::fill(s_.acc.begin(), s_.acc.end(), 0);
    std::fill(s_.acc_out.begin(), s_.acc_out.end(), 0);
  }

  // End of a batch: W = q_w(W - lr acc), acc = 0, every synapse (W_rec diagonal excluded).
  void apply() {
    const int ni = cfg_.n_in, nr = cfg_.n_rec, no = cfg_.n_out;
    const int ff = fm_[kGradAcc].f;
    for (int src = 0; src < ni + nr; ++src) {
      for (int j = 0; j < nr; ++j) {
        if (src >= ni && src - ni == j) continue;
        cpp_int& acc = s_.acc[idx(src, j, nr)];
        cpp_int& w = src < ni ? s_.w_in[idx(src, j, nr)] : s_.w_rec[idx(src - ni, j, nr)];
        w = wupd_kernel(w, xv(acc, ff), cfg_.lr_shift, fm_, src < ni ? kWIn : kWRec, st_);
        acc = 0;
      }
    }
    for (int j = 0; j < nr; ++j) {
      for (int kk = 0; kk < no; ++kk) {
        cpp_int& acc = s_.acc_out[idx(j, kk, no)];
        cpp_int& w = s_.w_out[idx(j, kk, no)];
        w = wupd_kernel(w, xv(acc, ff), cfg_.lr_shift, fm_, kWOut, st_);
        acc = 0;
      }
    }
  }

  // One timestep with input spikes x (n_in), the target ystar (n_out, y format) and the loss
  // mask. Phases in the order of section 2; the stochastic streams in the order of section 3.
  void step(const std::vector<int>& x, const std::vector<cpp_int>& ystar, bool mask) {
    const int ni = cfg_.n_in, nr = cfg_.n_rec, no = cfg_.n_out;
    s_.ystar = ystar;
    const std::vector<int> z_prev = s_.z;
    // 3 (inputs). Input traces, sources ascending: the zbar stream takes inputs first.
    for (int i = 0; i < ni; ++i)
      s_.zbar_in[ui(i)] = leaky_kernel(k_.alpha, k_.c_in, s_.zbar_in[ui(i)], xint(x[ui(i)]), fm_, kZbar, st_);
    // 1. Integrate: input events, then recurrent events, ascending.
    std::vector<cpp_int> isyn(ui(nr), 0);
    auto integrate = [&](const std::vector<cpp_int>& w, int row, int wsite) {
      for (int j = 0; j < nr; ++j)
        isyn[ui(j)] = q(add(xv(isyn[ui(j)], fm_[kISyn].f), xv(w[idx(row, j, nr)], fm_[wsite].f)), fm_, kISyn, st_);
    };
    for (int i = 0; i < ni; ++i)
      if (x[ui(i)]) integrate(s_.w_in, i, kWIn);
    for (int i = 0; i < nr; ++i)
      if (z_prev[ui(i)]) integrate(s_.w_rec, i, kWRec);
    s_.isyn = isyn;
    // 2. Neuron update, and 3. recurrent traces and zbar_out, neurons ascending.
    for (int j = 0; j < nr; ++j) {
      NeuronIn in{isyn[ui(j)], s_.v[ui(j)], s_.a[ui(j)], s_.r[ui(j)], z_prev[ui(j)] != 0,
                  cfg_.alif[ui(j)] != 0};
      const NeuronOut o = neuron_kernel(in, cfg_, k_, fm_, st_);
      s_.v[ui(j)] = o.v;
      s_.a[ui(j)] = o.a;
      s_.r[ui(j)] = o.r;
      s_.z[ui(j)] = o.z ? 1 : 0;
      s_.psi[ui(j)] = o.psi;
      s_.zbar_rec[ui(j)] = leaky_kernel(k_.alpha, k_.c_in, s_.zbar_rec[ui(j)], xint(o.z), fm_, kZbar, st_);
      s_.zbar_out[ui(j)] =
          leaky_kernel(k_.kappa, k_.one_m_kappa, s_.zbar_out[ui(j)], xint(o.z), fm_, kZbarOut, st_);
    }
    // 4. Readout and error, outputs ascending.
    for (int kk = 0; kk < no; ++kk) {
      cpp_int sum = 0;
      for (int j = 0; j < nr; ++j)
        if (s_.z[ui(j)]) sum += s_.w_out[idx(j, kk, no)];
      s_.y[ui(kk)] = leaky_kernel(k_.kappa, k_.one_m_kappa, s_.y[ui(kk)], xv(sum, fm_[kWOut].f), fm_, kY, st_);
      s_.err[ui(kk)] = mask ? q(sub(xv(s_.y[ui(kk)], fm_[kY].f), xv(ystar[ui(kk)], fm_[kY].f)), fm_, kErr, st_)
                            : cpp_int(0);
    }
    // 5. Learning signal (loss-mask steps), neurons ascending; lpsi for the factorised rule.
    if (mask) {
      for (int j = 0; j < nr; ++j) {
        X sum = xint(0);
        for (int kk = 0; kk < no; ++kk) {
          const X fb = cfg_.fb_random ? xv(s_.b[idx(j, kk, no)], fm_[kB].f)
                                      : xv(s_.w_out[idx(j, kk, no)], fm_[kWOut].f);
          sum = add(sum, mul(fb, xv(s_.err[ui(kk)], fm_[kErr].f)));
        }
        s_.l[ui(j)] = q(sum, fm_, kL, st_);
        if (!cfg_.exact)
          s_.lpsi[ui(j)] = q(mul(xv(s_.l[ui(j)], fm_[kL].f), xv(s_.psi[ui(j)], fm_[kPsi].f)), fm_, kLpsi, st_);
      }
    }
    // 6-7. Eligibility (exact: every step) and updates of W_in then W_rec (mask steps), rows
    // ascending, posts ascending; factorised rows with zbar = 0 are skipped.
    for (int src = 0; src < ni + nr; ++src) {
      const bool rec = src >= ni;
      const X zb = xv(rec ? s_.zbar_rec[ui(src - ni)] : s_.zbar_in[ui(src)], fm_[kZbar].f);
      if (!cfg_.exact && (!mask || zb.m == 0)) continue;
      for (int j = 0; j < nr; ++j) {
        const std::size_t e = idx(src, j, nr);
        if (rec && src - ni == j) {  // diagonal: no eligibility, no update
          if (cfg_.exact) s_.ebar[e] = s_.eps_a[e] = 0;
          continue;
        }
        X g;
        if (cfg_.exact) {
          const EligOut el = elig_kernel(zb, s_.psi[ui(j)], s_.eps_a[e], s_.ebar[e], cfg_.alif[ui(j)] != 0, k_, fm_, st_);
          s_.eps_a[e] = el.eps_a;
          s_.ebar[e] = el.ebar;
          g = mul(xv(s_.l[ui(j)], fm_[kL].f), xv(el.ebar, fm_[kEbar].f));
        } else {
          g = mul(xv(s_.lpsi[ui(j)], fm_[kLpsi].f), zb);
        }
        if (!mask) continue;
        if (cfg_.per_trial) {
          s_.acc[e] = acc_kernel(s_.acc[e], g, fm_, st_);
        } else {
          cpp_int& w = rec ? s_.w_rec[idx(src - ni, j, nr)] : s_.w_in[idx(src, j, nr)];
          w = wupd_kernel(w, g, cfg_.lr_shift, fm_, rec ? kWRec : kWIn, st_);
        }
      }
    }
    // 7. Output weights (mask steps), rows j with zbar_out != 0.
    if (mask) {
      for (int j = 0; j < nr; ++j) {
        if (s_.zbar_out[ui(j)] == 0) continue;
        for (int kk = 0; kk < no; ++kk) {
          const X g = mul(xv(s_.err[ui(kk)], fm_[kErr].f), xv(s_.zbar_out[ui(j)], fm_[kZbarOut].f));
          const std::size_t e = idx(j, kk, no);
          if (cfg_.per_trial) {
            s_.acc_out[e] = acc_kernel(s_.acc_out[e], g, fm_, st_);
          } else {
            s_.w_out[e] = wupd_kernel(s_.w_out[e], g, cfg_.lr_shift, fm_, kWOut, st_);
          }
        }
      }
    }
  }

 private:
  static std::size_t ui(int i) { return static_cast<std::size_t>(i); }
  static std::size_t idx(int row, int col, int ncol) {
    return static_cast<std::size_t>(row) * static_cast<std::size_t>(ncol) + static_cast<std::size_t>(col);
  }

  Fmts fm_;
  Config cfg_;
  Consts k_;
  State s_;
  Streams st_;
};

}  // namespace fxref
