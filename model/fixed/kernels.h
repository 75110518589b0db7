// Element kernels of the learning core: each computes one update of
// docs/learning-core.md section 2 for one neuron, trace, output or synapse, from
// explicit state, with exactly one requantisation per stored result. They are the
// only place where the core's arithmetic is written down: the row kernels
// (row_kernels.h), Core::step (core.h), the SystemC timing model and the RTL
// testbenches all call these.
//
// T is the exact integer type of the intermediates: int64_t when
// Datapath::narrow, else fxp::i128 (with_exact_type() picks it). Raws (`_q`) are
// stored values of their site's format; exact values (`_x`) are T at the fraction
// documented by the Datapath expression they belong to. No kernel allocates,
// branches on anything but data the hardware also branches on, or does I/O.
#pragma once

#include <cstdint>

#include "fixedpoint/int128.h"
#include "model/fixed/datapath.h"
#include "model/fixed/sites.h"

namespace fxprop::fixed {

// Calls f(T{}) with the exact type the Datapath needs: int64_t or fxp::i128.
template <class F>
decltype(auto) with_exact_type(const Datapath& dp, F&& f) {
  if (dp.narrow) return f(std::int64_t{});
  return f(fxp::i128{});
}

// v 2^n (0 <= n < bits of T) on the two's-complement pattern, so negative v is not
// undefined behaviour; the Datapath guarantees the result fits T.
template <class T>
constexpr T shl(T v, int n) {
  using U = typename fxp::IntTraits<T>::U;
  return static_cast<T>(static_cast<U>(v) << n);
}

// ---- Exact values ---------------------------------------------------------------------
// The full-precision value of each update before its one rounding, at the source
// fraction of the expression's Requantizer. The element kernels below requantise one;
// the row kernels (row_kernels.h) requantise a row of them with Requantizer::apply_row.

// I + W (phase 1).
template <class T>
inline T integrate_exact(const SumExpr& k, std::int64_t i_syn_q, std::int64_t w_q) {
  return shl<T>(i_syn_q, k.a_shift) + shl<T>(w_q, k.b_shift);
}
// decay x + coef u: every leaky update; x the stored value, u exact at the expression's input fraction.
template <class T>
inline T leak_exact(const LeakExpr& k, std::int64_t x_q, T u_x) {
  return shl<T>(T{k.decay_q} * x_q, k.x_shift) + shl<T>(T{k.coef_q} * u_x, k.u_shift);
}
// alpha v + c I - thr z[t-1] (phase 2).
template <class T>
inline T membrane_exact(const MembraneExpr& m, std::int64_t v_q, std::int64_t i_syn_q, bool z_prev) {
  const T v_x = shl<T>(T{m.alpha_q} * v_q, m.v_shift) + shl<T>(T{m.c_q} * i_syn_q, m.i_shift);
  return z_prev ? v_x - shl<T>(m.thr_q, m.thr_shift) : v_x;
}
// psi_peak max(0, 1 - |d| inv_thr) for d = v - A at the surrogate's d fraction (phase 2).
template <class T>
inline T surrogate_exact(const SurrogateExpr& p, T d_x) {
  const T abs_d_x = d_x < 0 ? -d_x : d_x;
  T h_x = shl<T>(T{1}, p.one_shift) - shl<T>(abs_d_x * p.inv_thr_q, p.prod_shift);
  if (h_x < 0) h_x = 0;
  return T{p.psi_peak_q} * h_x;
}
// y - y* (phase 4).
template <class T>
inline T error_exact(const SumExpr& k, std::int64_t y_q, std::int64_t ystar_q) {
  return shl<T>(y_q, k.a_shift) - shl<T>(ystar_q, k.b_shift);
}
// sum_k B[j][k] err_k (phase 5).
template <class T>
inline T learning_signal_exact(const std::int64_t* feedback_row, const std::int64_t* err_q, int n_out) {
  T sum_x = 0;
  for (int k = 0; k < n_out; ++k) sum_x += T{feedback_row[k]} * err_q[k];
  return sum_x;
}
// a b: L psi (phase 5), psi zbar (LIF eligibility), and every gradient g (phase 7):
// lpsi_j zbar_i (factorised), L_j ebar_ji (exact), err_k zbar_out_j (W_out).
template <class T>
inline T product_exact(std::int64_t a_q, std::int64_t b_q) {
  return T{a_q} * b_q;
}
// psi (zbar - beta eps_a) (ALIF eligibility, phase 6).
template <class T>
inline T alif_eligibility_exact(const AlifEligibilityExpr& k, std::int64_t zbar_q, std::int64_t psi_q, std::int64_t eps_a_q) {
  return T{psi_q} * (shl<T>(zbar_q, k.zbar_shift) - shl<T>(T{k.beta_q} * eps_a_q, k.eps_shift));
}
// W - lr g (online), acc + g (per_trial), W - lr acc (end of batch) (phase 7).
template <class T>
inline T weight_step_exact(const WeightUpdateExpr& u, std::int64_t w_q, T g_x) {
  return shl<T>(w_q, u.step_w_shift) - shl<T>(g_x * u.lr_q, u.step_g_shift);
}
template <class T>
inline T accumulate_exact(const WeightUpdateExpr& u, std::int64_t acc_q, T g_x) {
  return shl<T>(acc_q, u.acc_shift) + shl<T>(g_x, u.acc_g_shift);
}
template <class T>
inline T apply_exact(const WeightUpdateExpr& u, std::int64_t w_q, std::int64_t acc_q) {
  return shl<T>(w_q, u.apply_w_shift) - shl<T>(T{acc_q} * u.lr_q, u.apply_acc_shift);
}

// One requantisation into a site.
template <class T>
inline std::int64_t requantize(const fxp::Requantizer& rq, T x, SiteRef s) {
  return rq.apply(x, s.rng, s.stats);
}

// ---- Phase 1: integrate -------------------------------------------------------------------
// I_j = q_i_syn(I_j + W_ij) for one active source i (k: dp.isyn_in or dp.isyn_rec).
template <class T>
inline std::int64_t integrate(const SumExpr& k, std::int64_t i_syn_q, std::int64_t w_q, SiteRef s) {
  return requantize<T>(k.rq, integrate_exact<T>(k, i_syn_q, w_q), s);
}

// q(decay x + coef u).
template <class T>
inline std::int64_t leak(const LeakExpr& k, std::int64_t x_q, T u_x, SiteRef s) {
  return requantize<T>(k.rq, leak_exact<T>(k, x_q, u_x), s);
}

// ---- Phase 2: one neuron ------------------------------------------------------------------
struct NeuronIn {
  std::int64_t v_q = 0;      // v[t-1]
  std::int64_t a_q = 0;      // a[t-1] (ALIF)
  std::int64_t i_syn_q = 0;  // I[t] (phase 1)
  int refractory = 0;        // counter at the end of step t-1
  bool z_prev = false;       // z[t-1]
  bool alif = false;
};

struct NeuronOut {
  std::int64_t v_q = 0;
  std::int64_t a_q = 0;             // 0 for LIF
  std::int64_t thr_adaptive_q = 0;  // A in thr_adaptive's format (ALIF); a LIF neuron's A is thr exactly
  std::int64_t psi_q = 0;
  int refractory = 0;
  bool z = false;
};

// Refractory counter, adaptation, adaptive threshold, membrane, spike test, psi.
// Sites drawn from (each its own stream): a and thr_adaptive (ALIF only), v, psi
// (not while refractory: psi = 0 there is not a requantisation).
template <class T>
inline NeuronOut neuron_update(const Datapath& dp, const NeuronIn& in, Sites& sites) {
  NeuronOut out;
  out.refractory = in.refractory > 0 ? in.refractory - 1 : 0;
  const SurrogateExpr& p = dp.surrogate;
  T a_x;  // A at the fraction of d = v - A
  if (in.alif) {
    out.a_q = leak<T>(dp.a, in.a_q, T{in.z_prev}, sites.at(Site::a));
    out.thr_adaptive_q = leak<T>(dp.thr_adaptive, out.a_q, T{1}, sites.at(Site::thr_adaptive));
    a_x = shl<T>(out.thr_adaptive_q, p.thr_adaptive_shift);
  } else {
    a_x = shl<T>(p.thr_q, p.thr_shift);
  }
  out.v_q = requantize<T>(dp.v.rq, membrane_exact<T>(dp.v, in.v_q, in.i_syn_q, in.z_prev), sites.at(Site::v));
  if (out.refractory > 0) return out;  // blocked: z = 0, psi = 0
  const T d_x = shl<T>(out.v_q, p.v_shift) - a_x;
  out.z = dp.spike_ge ? d_x >= 0 : d_x > 0;
  if (out.z) out.refractory = dp.n_ref;
  out.psi_q = requantize<T>(p.rq, surrogate_exact<T>(p, d_x), sites.at(Site::psi));
  return out;
}

// ---- Phase 3: traces ----------------------------------------------------------------------
// zbar = q_zbar(alpha zbar + c z), z the source's spike (x_i[t] or z_i[t-1]).
template <class T>
inline std::int64_t trace_update(const Datapath& dp, std::int64_t zbar_q, bool z, SiteRef s) {
  return leak<T>(dp.zbar, zbar_q, T{z}, s);
}
// zbar_out = q_zbar_out(kappa zbar_out + (1 - kappa) z[t]).
template <class T>
inline std::int64_t readout_trace_update(const Datapath& dp, std::int64_t zbar_out_q, bool z, SiteRef s) {
  return leak<T>(dp.zbar_out, zbar_out_q, T{z}, s);
}

// ---- Phase 4: readout and error ---------------------------------------------------------------
// y = q_y(kappa y + (1 - kappa) drive), drive = sum of W_out[j][k] over the neurons j
// that spiked at t (exact, at W_out's fraction).
template <class T>
inline std::int64_t readout_update(const Datapath& dp, std::int64_t y_q, T drive_x, SiteRef s) {
  return leak<T>(dp.y, y_q, drive_x, s);
}
// err = q_err(y - y*), y* in y's format. Only on loss-mask steps (err = 0 elsewhere is
// not a requantisation).
template <class T>
inline std::int64_t output_error(const Datapath& dp, std::int64_t y_q, std::int64_t ystar_q, SiteRef s) {
  return requantize<T>(dp.err.rq, error_exact<T>(dp.err, y_q, ystar_q), s);
}

// ---- Phase 5: learning signal -------------------------------------------------------------
// L_j = q_l(sum_k B[j][k] err_k): feedback_row = B[j][:] (or W_out[j][:]), one rounding.
template <class T>
inline std::int64_t learning_signal(const Datapath& dp, const std::int64_t* feedback_row, const std::int64_t* err_q, int n_out,
                                    SiteRef s) {
  return requantize<T>(dp.l.rq, learning_signal_exact<T>(feedback_row, err_q, n_out), s);
}
// lpsi_j = q_lpsi(L_j psi_j) (factorised rule).
template <class T>
inline std::int64_t post_factor(const Datapath& dp, std::int64_t l_q, std::int64_t psi_q, SiteRef s) {
  return requantize<T>(dp.lpsi.rq, product_exact<T>(l_q, psi_q), s);
}

// ---- Phase 6: eligibility of one synapse (exact variant) ----------------------------------------
// LIF post: e = q_e(psi_j zbar_i); returns ebar = q_ebar(kappa ebar + (1 - kappa) e).
template <class T>
inline std::int64_t eligibility_lif(const Datapath& dp, std::int64_t zbar_q, std::int64_t psi_q, std::int64_t ebar_q, SiteRef e,
                                    SiteRef ebar) {
  const std::int64_t e_q = requantize<T>(dp.e_lif.rq, product_exact<T>(psi_q, zbar_q), e);
  return leak<T>(dp.ebar, ebar_q, T{e_q}, ebar);
}
// ALIF post: e = q_e(psi_j (zbar_i - beta eps_a)), then eps_a = q_eps_a(rho eps_a + e)
// and ebar as for a LIF post (both updated in place).
template <class T>
inline void eligibility_alif(const Datapath& dp, std::int64_t zbar_q, std::int64_t psi_q, std::int64_t& eps_a_q,
                             std::int64_t& ebar_q, SiteRef e, SiteRef eps_a, SiteRef ebar) {
  const std::int64_t e_q = requantize<T>(dp.e_alif.rq, alif_eligibility_exact<T>(dp.e_alif, zbar_q, psi_q, eps_a_q), e);
  eps_a_q = leak<T>(dp.eps_a, eps_a_q, T{e_q}, eps_a);
  ebar_q = leak<T>(dp.ebar, ebar_q, T{e_q}, ebar);
}

// ---- Phase 7: weights ---------------------------------------------------------------------------
// Online schedule: W = q_w(W - lr g), g = product_exact(...).
template <class T>
inline std::int64_t update_weight(const WeightUpdateExpr& u, std::int64_t w_q, T g_x, SiteRef s) {
  return requantize<T>(u.step_rq, weight_step_exact<T>(u, w_q, g_x), s);
}
// per_trial schedule: acc = q_grad_acc(acc + g).
template <class T>
inline std::int64_t accumulate_gradient(const WeightUpdateExpr& u, std::int64_t acc_q, T g_x, SiteRef s) {
  return requantize<T>(u.acc_rq, accumulate_exact<T>(u, acc_q, g_x), s);
}
// End of a batch: W = q_w(W - lr acc).
template <class T>
inline std::int64_t apply_accumulated(const WeightUpdateExpr& u, std::int64_t w_q, std::int64_t acc_q, SiteRef s) {
  return requantize<T>(u.apply_rq, apply_exact<T>(u, w_q, acc_q), s);
}

}  // namespace fxprop::fixed
