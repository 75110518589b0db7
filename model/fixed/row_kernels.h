// Row and phase kernels of the learning core: loops of the element kernels
// (kernels.h) over one memory row or one phase's neurons, in the normative
// processing order (docs/learning-core.md, section 3). A SystemC engine calls them
// on rows it fetched from its memories; Core::step calls them on its own arrays.
// They add no arithmetic of their own: every value comes from an element kernel.
//
// `diagonal` is the post index a W_rec row skips (its own neuron: no read, no
// write, no draw), or -1.
#pragma once

#include <cstdint>

#include "model/fixed/core_state.h"
#include "model/fixed/kernels.h"

namespace fxprop::fixed {

namespace detail {
// f(j) for j = 0..n-1 except `diagonal`, ascending, without a test per element.
template <class F>
inline void for_each_post(int n, int diagonal, F&& f) {
  const int split = diagonal >= 0 ? diagonal : n;
  for (int j = 0; j < split; ++j) f(j);
  for (int j = split + 1; j < n; ++j) f(j);
}
}  // namespace detail

// Phase 1, one active source row: I_j = q_i_syn(I_j + W[i][j]) for every post j
// (the diagonal included: W_rec[i][i] = 0 is added like any weight).
template <class T>
void integrate_row(const SumExpr& k, const std::int64_t* w_row, std::int64_t* i_syn, int n, SiteRef s) {
  const SumExpr local = k;  // a local copy: the stores below cannot alias it, so it stays in registers
  for (int j = 0; j < n; ++j) i_syn[j] = integrate<T>(local, i_syn[j], w_row[j], s);
}

// Phase 2, every neuron ascending (reads I, z_prev; writes v, a, A, psi, z, refractory).
template <class T>
void update_neurons(const Datapath& dp, NeuronState& ns, Sites& sites) {
  for (int j = 0; j < dp.n_rec; ++j) {
    const auto u = static_cast<std::size_t>(j);
    NeuronIn in;
    in.v_q = ns.v[u];
    in.a_q = ns.a[u];
    in.i_syn_q = ns.i_syn[u];
    in.refractory = ns.refractory[u];
    in.z_prev = ns.z_prev[u] != 0;
    in.alif = j >= dp.n_lif;
    const NeuronOut out = neuron_update<T>(dp, in, sites);
    ns.v[u] = out.v_q;
    ns.a[u] = out.a_q;
    ns.thr_adaptive[u] = out.thr_adaptive_q;
    ns.psi[u] = out.psi_q;
    ns.refractory[u] = out.refractory;
    ns.z[u] = out.z ? 1 : 0;
  }
}

// Phase 3: zbar of every input (with x[t]) then of every recurrent neuron (with
// z[t-1], the spike that entered this step's I), sources ascending; zbar_out of every
// neuron (with z[t]).
template <class T>
void update_traces(const Datapath& dp, const std::uint8_t* x, NeuronState& ns, Sites& sites) {
  const SiteRef zs = sites.at(Site::zbar);
  for (int i = 0; i < dp.n_in; ++i) {
    const auto u = static_cast<std::size_t>(i);
    ns.zbar_in[u] = trace_update<T>(dp, ns.zbar_in[u], x[u] != 0, zs);
  }
  for (int i = 0; i < dp.n_rec; ++i) {
    const auto u = static_cast<std::size_t>(i);
    ns.zbar_rec[u] = trace_update<T>(dp, ns.zbar_rec[u], ns.z_prev[u] != 0, zs);
  }
  const SiteRef zo = sites.at(Site::zbar_out);
  for (int j = 0; j < dp.n_rec; ++j) {
    const auto u = static_cast<std::size_t>(j);
    ns.zbar_out[u] = readout_trace_update<T>(dp, ns.zbar_out[u], ns.z[u] != 0, zo);
  }
}

// Phase 4: y_k for every output with the exact sum of W_out[j][k] over the neurons
// j in `spiking` (those with z_j[t] = 1), then err_k on loss-mask steps (else 0).
template <class T>
void update_readout(const Datapath& dp, const std::int64_t* w_out, const int* spiking, int n_spiking, const std::int64_t* ystar_q,
                    bool mask, NeuronState& ns, Sites& sites) {
  const SiteRef ys = sites.at(Site::y);
  const SiteRef es = sites.at(Site::err);
  const auto n_out = static_cast<std::size_t>(dp.n_out);
  for (std::size_t k = 0; k < n_out; ++k) {
    T drive_x = 0;
    for (int e = 0; e < n_spiking; ++e) drive_x += w_out[static_cast<std::size_t>(spiking[e]) * n_out + k];
    ns.y[k] = readout_update<T>(dp, ns.y[k], drive_x, ys);
    ns.err[k] = mask ? output_error<T>(dp, ns.y[k], ystar_q[k], es) : 0;
  }
}

// Phase 5 (loss-mask steps): L_j for every neuron ascending from feedback (n_rec, n_out)
// = B or W_out, and lpsi_j = q(L_j psi_j) for the factorised rule.
template <class T>
void update_learning_signals(const Datapath& dp, const std::int64_t* feedback, NeuronState& ns, Sites& sites) {
  const SiteRef ls = sites.at(Site::l);
  const SiteRef ps = sites.at(Site::lpsi);
  const auto n_out = static_cast<std::size_t>(dp.n_out);
  for (int j = 0; j < dp.n_rec; ++j) {
    const auto u = static_cast<std::size_t>(j);
    ns.l[u] = learning_signal<T>(dp, feedback + u * n_out, ns.err.data(), dp.n_out, ls);
    if (!dp.exact) ns.lpsi[u] = post_factor<T>(dp, ns.l[u], ns.psi[u], ps);
  }
}

// Phase 6 (exact variant, every step), one source row with trace zbar_i: e, eps_a
// (ALIF posts) and ebar of every post ascending. eps_a_row holds the n_rec - n_lif
// ALIF posts. The diagonal keeps ebar = eps_a = 0.
template <class T>
void eligibility_row(const Datapath& dp, std::int64_t zbar_q, const std::int64_t* psi, std::int64_t* ebar_row,
                     std::int64_t* eps_a_row, int diagonal, Sites& sites) {
  const SiteRef es = sites.at(Site::e);
  const SiteRef ebs = sites.at(Site::ebar);
  const SiteRef eas = sites.at(Site::eps_a);
  const int n_lif = dp.n_lif;
  detail::for_each_post(dp.n_rec, diagonal, [&](int j) {
    const auto u = static_cast<std::size_t>(j);
    if (j < n_lif) {
      ebar_row[u] = eligibility_lif<T>(dp, zbar_q, psi[u], ebar_row[u], es, ebs);
    } else {
      eligibility_alif<T>(dp, zbar_q, psi[u], eps_a_row[static_cast<std::size_t>(j - n_lif)], ebar_row[u], es, eas, ebs);
    }
  });
}

// Phase 7, factorised rule, one source row with zbar_i != 0 (rows with zbar_i = 0 are
// skipped by the caller): g_j = lpsi_j zbar_i; online: row = W[i][:] updated with
// q_w(W - lr g); per_trial (accumulate): row = acc[i][:] with q_grad_acc(acc + g).
template <class T>
void factorised_row(const WeightUpdateExpr& u, bool accumulate, std::int64_t zbar_q, const std::int64_t* lpsi, std::int64_t* row,
                    int n, int diagonal, SiteRef s) {
  const WeightUpdateExpr local = u;
  if (accumulate) {
    detail::for_each_post(n, diagonal, [&](int j) { row[j] = accumulate_gradient<T>(local, row[j], gradient<T>(lpsi[j], zbar_q), s); });
  } else {
    detail::for_each_post(n, diagonal, [&](int j) { row[j] = update_weight<T>(local, row[j], gradient<T>(lpsi[j], zbar_q), s); });
  }
}

// Phase 7, exact rule, one source row (never skipped): g_j = L_j ebar_ij.
template <class T>
void exact_row(const WeightUpdateExpr& u, bool accumulate, const std::int64_t* l, const std::int64_t* ebar_row, std::int64_t* row,
               int n, int diagonal, SiteRef s) {
  const WeightUpdateExpr local = u;
  if (accumulate) {
    detail::for_each_post(n, diagonal, [&](int j) { row[j] = accumulate_gradient<T>(local, row[j], gradient<T>(l[j], ebar_row[j]), s); });
  } else {
    detail::for_each_post(n, diagonal, [&](int j) { row[j] = update_weight<T>(local, row[j], gradient<T>(l[j], ebar_row[j]), s); });
  }
}

// Phase 7, W_out row j with zbar_out_j != 0 (others are skipped): g_k = err_k zbar_out_j.
template <class T>
void output_row(const WeightUpdateExpr& u, bool accumulate, std::int64_t zbar_out_q, const std::int64_t* err, std::int64_t* row,
                int n_out, SiteRef s) {
  const WeightUpdateExpr local = u;
  for (int k = 0; k < n_out; ++k) {
    const T g_x = gradient<T>(err[k], zbar_out_q);
    row[k] = accumulate ? accumulate_gradient<T>(local, row[k], g_x, s) : update_weight<T>(local, row[k], g_x, s);
  }
}

// End of a batch (per_trial), one row: W = q_w(W - lr acc), acc = 0, every post but the diagonal.
template <class T>
void apply_row(const WeightUpdateExpr& u, std::int64_t* w_row, std::int64_t* acc_row, int n, int diagonal, SiteRef s) {
  const WeightUpdateExpr local = u;
  detail::for_each_post(n, diagonal, [&](int j) {
    w_row[j] = apply_accumulated<T>(local, w_row[j], acc_row[j], s);
    acc_row[j] = 0;
  });
}

}  // namespace fxprop::fixed
