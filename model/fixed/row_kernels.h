// Row and phase kernels of the learning core: the element kernels' arithmetic
// (kernels.h) over one memory row or one phase's neurons, in the normative
// processing order (docs/learning-core.md, section 3). A SystemC engine calls them
// on rows it fetched from its memories; Core::step calls them on its own arrays.
//
// They add no arithmetic of their own. A row of exact values (the kernels.h
// *_exact functions) is formed chunk by chunk in a stack buffer and requantised with
// Requantizer::apply_row, which gives exactly what the element kernel gives for each
// element in turn (same values, same draws in the same order, same counts), but in a
// loop without per-element branches that compilers vectorise.
//
// `diagonal` is the post index a W_rec row skips (its own neuron: no read, no
// write, no draw), or -1.
#pragma once

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "model/fixed/core_state.h"
#include "model/fixed/kernels.h"

namespace fxprop::fixed {

namespace detail {

inline constexpr int kChunk = 128;

// x[0..n) requantised into out[0..n) (out may be x), in order.
template <class T>
inline void requantize_row(const fxp::Requantizer& rq, const T* x, std::int64_t* out, int n, SiteRef s) {
  if constexpr (std::is_same_v<T, std::int64_t>) {
    rq.apply_row(x, out, static_cast<std::size_t>(n), s.rng, s.stats);
  } else {
    // The wide type is chosen for the worst case of the formats (e.g. W aligned to the
    // fraction of lr g in an online update); the values themselves mostly fit int64. A
    // chunk whose values all do takes the vectorised int64 row, which gives what apply
    // gives for each value in turn (a requantisation depends on the value, not its type):
    // same results, same draws, same counts.
    for (int c = 0; c < n; c += kChunk) {
      const int m = std::min(kChunk, n - c);
      std::int64_t narrow[kChunk];
      bool fits = true;
      for (int i = 0; i < m; ++i) {
        narrow[i] = static_cast<std::int64_t>(x[c + i]);
        fits &= T{narrow[i]} == x[c + i];
      }
      if (fits) {
        rq.apply_row(narrow, out + c, static_cast<std::size_t>(m), s.rng, s.stats);
      } else {
        for (int i = 0; i < m; ++i) out[c + i] = rq.apply(x[c + i], s.rng, s.stats);
      }
    }
  }
}

// out[j] = q(exact(j)) for j = begin .. end-1 ascending. exact(j) may read out[j]: a
// chunk's exact values are all formed before any of them is stored.
template <class T, class F>
inline void requantize_range(const fxp::Requantizer& rq, int begin, int end, std::int64_t* out, SiteRef s, F&& exact) {
  T buf[kChunk];
  for (int c = begin; c < end; c += kChunk) {
    const int m = std::min(kChunk, end - c);
    for (int i = 0; i < m; ++i) buf[i] = exact(c + i);
    requantize_row<T>(rq, buf, out + c, m, s);
  }
}

// requantize_range for a read-modify-write row (weights, accumulators): row[j] =
// q(exact(j)); with counting on, also counts the updates whose exact change was
// nonzero (changes(j)) and those of them that left row[j] as it was.
template <class T, class F, class G>
inline void requantize_update_range(const fxp::Requantizer& rq, int begin, int end, std::int64_t* row, SiteRef s, F&& exact,
                                    G&& changes) {
  if (s.updates == nullptr) {
    requantize_range<T>(rq, begin, end, row, s, exact);
    return;
  }
  T buf[kChunk];
  std::int64_t old[kChunk];
  bool moving[kChunk];
  for (int c = begin; c < end; c += kChunk) {
    const int m = std::min(kChunk, end - c);
    for (int i = 0; i < m; ++i) {
      old[i] = row[c + i];
      moving[i] = changes(c + i);
      buf[i] = exact(c + i);
    }
    requantize_row<T>(rq, buf, row + c, m, s);
    for (int i = 0; i < m; ++i) {
      s.updates->nonzero += moving[i];
      s.updates->stalled += moving[i] && row[c + i] == old[i];
    }
  }
}

// f(begin, end) for the ascending ranges of [0, n) without `diagonal`.
template <class F>
inline void for_each_range(int n, int diagonal, F&& f) {
  if (diagonal < 0 || diagonal >= n) {
    f(0, n);
    return;
  }
  if (diagonal > 0) f(0, diagonal);
  if (diagonal + 1 < n) f(diagonal + 1, n);
}

}  // namespace detail

// Phase 1, one active source row: I_j = q_i_syn(I_j + W[i][j]) for every post j
// (the diagonal included: W_rec[i][i] = 0 is added like any weight).
template <class T>
void integrate_row(const SumExpr& k, const std::int64_t* w_row, std::int64_t* i_syn, int n, SiteRef s) {
  detail::requantize_range<T>(k.rq, 0, n, i_syn, s, [&](int j) { return integrate_exact<T>(k, i_syn[j], w_row[j]); });
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
  std::int64_t* zin = ns.zbar_in.data();
  std::int64_t* zrec = ns.zbar_rec.data();
  std::int64_t* zout = ns.zbar_out.data();
  const std::uint8_t* z_prev = ns.z_prev.data();
  const std::uint8_t* z = ns.z.data();
  detail::requantize_range<T>(dp.zbar.rq, 0, dp.n_in, zin, zs, [&](int i) { return leak_exact<T>(dp.zbar, zin[i], T{x[i]}); });
  detail::requantize_range<T>(dp.zbar.rq, 0, dp.n_rec, zrec, zs, [&](int i) { return leak_exact<T>(dp.zbar, zrec[i], T{z_prev[i]}); });
  detail::requantize_range<T>(dp.zbar_out.rq, 0, dp.n_rec, zout, sites.at(Site::zbar_out),
                              [&](int j) { return leak_exact<T>(dp.zbar_out, zout[j], T{z[j]}); });
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
// = B or W_out, then lpsi_j = q(L_j psi_j) for the factorised rule.
template <class T>
void update_learning_signals(const Datapath& dp, const std::int64_t* feedback, NeuronState& ns, Sites& sites) {
  const auto n_out = static_cast<std::size_t>(dp.n_out);
  const std::int64_t* err = ns.err.data();
  std::int64_t* l = ns.l.data();
  detail::requantize_range<T>(dp.l.rq, 0, dp.n_rec, l, sites.at(Site::l), [&](int j) {
    return learning_signal_exact<T>(feedback + static_cast<std::size_t>(j) * n_out, err, dp.n_out);
  });
  if (!dp.exact) {
    const std::int64_t* psi = ns.psi.data();
    detail::requantize_range<T>(dp.lpsi.rq, 0, dp.n_rec, ns.lpsi.data(), sites.at(Site::lpsi),
                                [&](int j) { return product_exact<T>(l[j], psi[j]); });
  }
}

// Phase 6 (exact variant, every step), one source row with trace zbar_i: e, then
// eps_a (ALIF posts) and ebar, of every post ascending. eps_a_row holds the
// n_rec - n_lif ALIF posts. The diagonal keeps ebar = eps_a = 0.
template <class T>
void eligibility_row(const Datapath& dp, std::int64_t zbar_q, const std::int64_t* psi, std::int64_t* ebar_row,
                     std::int64_t* eps_a_row, int diagonal, Sites& sites) {
  const SiteRef es = sites.at(Site::e);
  const SiteRef ebs = sites.at(Site::ebar);
  const SiteRef eas = sites.at(Site::eps_a);
  const int n_lif = dp.n_lif;
  std::int64_t e_q[detail::kChunk];
  T buf[detail::kChunk];
  detail::for_each_range(dp.n_rec, diagonal, [&](int begin, int end) {
    for (int c = begin; c < end;) {
      // A chunk lies within the LIF posts or within the ALIF posts.
      const int limit = c < n_lif ? std::min(end, n_lif) : end;
      const int m = std::min(detail::kChunk, limit - c);
      const bool alif = c >= n_lif;
      if (alif) {
        std::int64_t* eps = eps_a_row + (c - n_lif);
        for (int i = 0; i < m; ++i) buf[i] = alif_eligibility_exact<T>(dp.e_alif, zbar_q, psi[c + i], eps[i]);
        detail::requantize_row<T>(dp.e_alif.rq, buf, e_q, m, es);
        for (int i = 0; i < m; ++i) buf[i] = leak_exact<T>(dp.eps_a, eps[i], T{e_q[i]});
        detail::requantize_row<T>(dp.eps_a.rq, buf, eps, m, eas);
      } else {
        for (int i = 0; i < m; ++i) buf[i] = product_exact<T>(psi[c + i], zbar_q);
        detail::requantize_row<T>(dp.e_lif.rq, buf, e_q, m, es);
      }
      for (int i = 0; i < m; ++i) buf[i] = leak_exact<T>(dp.ebar, ebar_row[c + i], T{e_q[i]});
      detail::requantize_row<T>(dp.ebar.rq, buf, ebar_row + c, m, ebs);
      c += m;
    }
  });
}

// Phase 7, factorised rule, one source row with zbar_i != 0 (rows with zbar_i = 0 are
// skipped by the caller): g_j = lpsi_j zbar_i; online: row = W[i][:] updated with
// q_w(W - lr g); per_trial (accumulate): row = acc[i][:] with q_grad_acc(acc + g).
template <class T>
void factorised_row(const WeightUpdateExpr& u, bool accumulate, std::int64_t zbar_q, const std::int64_t* lpsi, std::int64_t* row,
                    int n, int diagonal, SiteRef s) {
  const auto changes = [&](int j) { return lpsi[j] != 0; };  // zbar_i != 0 here
  detail::for_each_range(n, diagonal, [&](int begin, int end) {
    if (accumulate) {
      detail::requantize_update_range<T>(
          u.acc_rq, begin, end, row, s, [&](int j) { return accumulate_exact<T>(u, row[j], product_exact<T>(lpsi[j], zbar_q)); },
          changes);
    } else {
      detail::requantize_update_range<T>(
          u.step_rq, begin, end, row, s, [&](int j) { return weight_step_exact<T>(u, row[j], product_exact<T>(lpsi[j], zbar_q)); },
          changes);
    }
  });
}

// Phase 7, exact rule, one source row (never skipped): g_j = L_j ebar_ij.
template <class T>
void exact_row(const WeightUpdateExpr& u, bool accumulate, const std::int64_t* l, const std::int64_t* ebar_row, std::int64_t* row,
               int n, int diagonal, SiteRef s) {
  const auto changes = [&](int j) { return l[j] != 0 && ebar_row[j] != 0; };
  detail::for_each_range(n, diagonal, [&](int begin, int end) {
    if (accumulate) {
      detail::requantize_update_range<T>(
          u.acc_rq, begin, end, row, s, [&](int j) { return accumulate_exact<T>(u, row[j], product_exact<T>(l[j], ebar_row[j])); },
          changes);
    } else {
      detail::requantize_update_range<T>(
          u.step_rq, begin, end, row, s, [&](int j) { return weight_step_exact<T>(u, row[j], product_exact<T>(l[j], ebar_row[j])); },
          changes);
    }
  });
}

// Phase 7, W_out row j with zbar_out_j != 0 (others are skipped): g_k = err_k zbar_out_j.
template <class T>
void output_row(const WeightUpdateExpr& u, bool accumulate, std::int64_t zbar_out_q, const std::int64_t* err, std::int64_t* row,
                int n_out, SiteRef s) {
  const auto changes = [&](int k) { return err[k] != 0; };  // zbar_out_j != 0 here
  if (accumulate) {
    detail::requantize_update_range<T>(
        u.acc_rq, 0, n_out, row, s, [&](int k) { return accumulate_exact<T>(u, row[k], product_exact<T>(err[k], zbar_out_q)); },
        changes);
  } else {
    detail::requantize_update_range<T>(
        u.step_rq, 0, n_out, row, s, [&](int k) { return weight_step_exact<T>(u, row[k], product_exact<T>(err[k], zbar_out_q)); },
        changes);
  }
}

// End of a batch (per_trial), one row: W = q_w(W - lr acc), acc = 0, every post but the diagonal.
template <class T>
void apply_row(const WeightUpdateExpr& u, std::int64_t* w_row, std::int64_t* acc_row, int n, int diagonal, SiteRef s) {
  detail::for_each_range(n, diagonal, [&](int begin, int end) {
    detail::requantize_update_range<T>(
        u.apply_rq, begin, end, w_row, s, [&](int j) { return apply_exact<T>(u, w_row[j], acc_row[j]); },
        [&](int j) { return acc_row[j] != 0; });
    std::fill(acc_row + begin, acc_row + end, 0);
  });
}

}  // namespace fxprop::fixed
