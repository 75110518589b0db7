// The arithmetic of one learning-core configuration, fixed before a run: for each
// update of docs/learning-core.md section 2, its constants as raws, the left shifts
// that align its exact terms to one common fraction, and the Requantizer of its one
// rounding (source fraction = that common fraction, destination = the site's Spec).
// The kernels (kernels.h) read it and nothing changes it during a run.
//
// Exact intermediates are computed in an integer type T: int64_t when every
// expression provably fits in 63 bits (`narrow`), otherwise fxp::i128. Shifts are
// never negative: every term is aligned to the largest fraction of its expression.
#pragma once

#include <cstdint>

#include "fixedpoint/modes.h"
#include "fixedpoint/requantize.h"
#include "model/fixed/constants.h"
#include "model/fixed/fixed_config.h"
#include "model/golden/golden_config.h"

namespace fxprop::fixed {

// q(a 2^a_shift + b 2^b_shift): i_syn (I + W), err (y - y*, b negated by the kernel).
struct SumExpr {
  fxp::Requantizer rq{0, fxp::Spec{}};
  int a_shift = 0, b_shift = 0;
};

// q(decay x 2^x_shift + coef u 2^u_shift): every leaky update (zbar, zbar_out, y, ebar,
// a, eps_a) and thr + beta a (decay = beta, coef = thr, u = 1).
struct LeakExpr {
  fxp::Requantizer rq{0, fxp::Spec{}};
  std::int64_t decay_q = 0, coef_q = 0;
  int x_shift = 0, u_shift = 0;
};

// q(alpha v 2^v_shift + c I 2^i_shift - thr z 2^thr_shift), c = 1 - alpha (form a) or 1 (form b).
struct MembraneExpr {
  fxp::Requantizer rq{0, fxp::Spec{}};
  std::int64_t alpha_q = 0, c_q = 0, thr_q = 0;
  int v_shift = 0, i_shift = 0, thr_shift = 0;
};

// Spike test and pseudo-derivative on d = v - A at fraction d_frac:
//   z = d > 0 (or >= 0); psi = q(psi_peak max(0, 2^one_shift - |d| inv_thr 2^prod_shift)).
struct SurrogateExpr {
  fxp::Requantizer rq{0, fxp::Spec{}};
  int v_shift = 0;             // v to d_frac
  int thr_adaptive_shift = 0;  // A of an ALIF neuron (thr_adaptive format) to d_frac
  std::int64_t thr_q = 0;      // A of a LIF neuron is thr exactly
  int thr_shift = 0;           // thr to d_frac
  std::int64_t inv_thr_q = 0, psi_peak_q = 0;
  int prod_shift = 0;  // |d| inv_thr to the fraction of the triangle's 1
  int one_shift = 0;   // 1 at that fraction is 2^one_shift
};

// q(a b): lpsi = L psi, e = psi zbar (LIF posts), L = sum_k B err_k (a sum of such products).
struct ProductExpr {
  fxp::Requantizer rq{0, fxp::Spec{}};
};

// e of an ALIF post: q(psi (zbar 2^zbar_shift - beta eps_a 2^eps_shift)).
struct AlifEligibilityExpr {
  fxp::Requantizer rq{0, fxp::Spec{}};
  std::int64_t beta_q = 0;
  int zbar_shift = 0, eps_shift = 0;
};

// Updates of one weight matrix whose gradient g is an exact product at fraction g_frac:
//   online    W = q_w(W 2^step_w_shift - lr g 2^step_g_shift)
//   per_trial acc = q_grad_acc(acc 2^acc_shift + g 2^acc_g_shift), then at the end of a batch
//             W = q_w(W 2^apply_w_shift - lr acc 2^apply_acc_shift)
// lr g is g lr_q (multiplier mode) or g with lr_shift more fraction bits (shift mode, lr_q = 1).
struct WeightUpdateExpr {
  fxp::Requantizer step_rq{0, fxp::Spec{}};
  fxp::Requantizer acc_rq{0, fxp::Spec{}};
  fxp::Requantizer apply_rq{0, fxp::Spec{}};
  std::int64_t lr_q = 1;
  int g_frac = 0;
  int step_w_shift = 0, step_g_shift = 0;
  int acc_shift = 0, acc_g_shift = 0;
  int apply_w_shift = 0, apply_acc_shift = 0;
};

struct Datapath {
  // The configuration the arithmetic is for.
  int n_in = 0, n_rec = 0, n_out = 0, n_lif = 0;  // neurons [n_lif, n_rec) are ALIF
  bool form_b = false;
  bool spike_ge = false;        // z = v >= A (else v > A)
  int n_ref = 0;
  bool exact = false;           // exact eligibility (else factorised)
  bool per_trial = false;       // per_trial schedule (else online)
  bool random_feedback = false; // B (else W_out)
  bool train_in = true, train_rec = true, train_out = true;
  bool narrow = true;           // every exact intermediate fits int64_t
  int widest_bits = 0;          // magnitude bits of the widest exact intermediate

  // Phase 1
  SumExpr isyn_in, isyn_rec;
  // Phase 2
  LeakExpr a;             // q_a(rho a + z)
  LeakExpr thr_adaptive;  // q_thr_adaptive(thr + beta a)
  MembraneExpr v;
  SurrogateExpr surrogate;
  // Phase 3
  LeakExpr zbar;      // q_zbar(alpha zbar + c z)
  LeakExpr zbar_out;  // q_zbar_out(kappa zbar_out + (1 - kappa) z)
  // Phase 4
  LeakExpr y;  // q_y(kappa y + (1 - kappa) sum_j W_out z_j)
  SumExpr err;
  // Phase 5
  ProductExpr l, lpsi;
  // Phase 6
  ProductExpr e_lif;
  AlifEligibilityExpr e_alif;
  LeakExpr eps_a;  // q_eps_a(rho eps_a + e)
  LeakExpr ebar;   // q_ebar(kappa ebar + (1 - kappa) e)
  // Phase 7
  WeightUpdateExpr w_in, w_rec, w_out;
};

// Throws config::ConfigError (naming fixed.formats.<key>) when an exact intermediate
// would need more than 125 magnitude bits.
Datapath build_datapath(const golden::GoldenConfig& cfg, const FixedConfig& fx, const CoreConstants& k);

}  // namespace fxprop::fixed
