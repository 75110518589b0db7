#include "model/fixed/core.h"

#include <algorithm>
#include <utility>

#include "model/fixed/row_kernels.h"

namespace fxprop::fixed {

Core::Core(const Datapath& dp, std::uint64_t master_seed, bool count)
    : dp_(dp), ns_(dp), syn_(dp), sites_(master_seed, count) {
  spiking_.reserve(static_cast<std::size_t>(dp.n_rec));
}

void Core::begin_trial() {
  ns_.clear();
  syn_.clear_eligibility();
}

void Core::step(const std::uint8_t* x, const std::int64_t* ystar_q, bool mask, bool learn) {
  with_exact_type(dp_, [&](auto t) { step_as<decltype(t)>(x, ystar_q, mask, learn); });
}

void Core::end_batch() {
  if (dp_.per_trial) with_exact_type(dp_, [&](auto t) { end_batch_as<decltype(t)>(); });
}

template <class T>
void Core::step_as(const std::uint8_t* x, const std::int64_t* ystar_q, bool mask, bool learn) {
  const int n_in = dp_.n_in;
  const int n_rec = dp_.n_rec;
  const int n_out = dp_.n_out;
  ns_.z_prev.swap(ns_.z);  // z[t-1]

  // 1. Integrate: active inputs ascending, then neurons that spiked at t-1 ascending.
  std::fill(ns_.i_syn.begin(), ns_.i_syn.end(), 0);
  const SiteRef isyn = sites_.at(Site::i_syn);
  for (int i = 0; i < n_in; ++i) {
    if (x[i] != 0) integrate_row<T>(dp_.isyn_in, syn_.w_in.row(static_cast<std::size_t>(i)), ns_.i_syn.data(), n_rec, isyn);
  }
  for (int i = 0; i < n_rec; ++i) {
    if (ns_.z_prev[static_cast<std::size_t>(i)] != 0) {
      integrate_row<T>(dp_.isyn_rec, syn_.w_rec.row(static_cast<std::size_t>(i)), ns_.i_syn.data(), n_rec, isyn);
    }
  }
  // 2. Neurons. 3. Traces.
  update_neurons<T>(dp_, ns_, sites_);
  update_traces<T>(dp_, x, ns_, sites_);
  // 4. Readout and error.
  spiking_.clear();
  for (int j = 0; j < n_rec; ++j) {
    if (ns_.z[static_cast<std::size_t>(j)] != 0) spiking_.push_back(j);
  }
  update_readout<T>(dp_, syn_.w_out.data(), spiking_.data(), static_cast<int>(spiking_.size()), ystar_q, mask, ns_, sites_);
  if (!learn) return;

  // 5. Learning signal.
  if (mask) update_learning_signals<T>(dp_, dp_.random_feedback ? syn_.b.data() : syn_.w_out.data(), ns_, sites_);

  // 6-7. Eligibility and weight rows, W_in rows then W_rec rows ascending. Each site has its
  // own stream, so doing a row's eligibility right before its update draws exactly what
  // phase 6 over all rows followed by phase 7 over all rows would.
  const bool acc = dp_.per_trial;
  const SiteRef win = sites_.at(acc ? Site::grad_acc : Site::w_in);
  const SiteRef wrec = sites_.at(acc ? Site::grad_acc : Site::w_rec);
  Matrix<std::int64_t>& in_target = acc ? syn_.acc_in : syn_.w_in;
  Matrix<std::int64_t>& rec_target = acc ? syn_.acc_rec : syn_.w_rec;
  const std::int64_t* psi = ns_.psi.data();
  if (dp_.exact) {
    const std::int64_t* l = ns_.l.data();
    if (dp_.train_in) {
      for (int i = 0; i < n_in; ++i) {
        const auto r = static_cast<std::size_t>(i);
        std::int64_t* ebar = syn_.ebar_in.row(r);
        eligibility_row<T>(dp_, ns_.zbar_in[r], psi, ebar, syn_.eps_a_in.row(r), -1, sites_);
        if (mask) exact_row<T>(dp_.w_in, acc, l, ebar, in_target.row(r), n_rec, -1, win);
      }
    }
    if (dp_.train_rec) {
      for (int i = 0; i < n_rec; ++i) {
        const auto r = static_cast<std::size_t>(i);
        std::int64_t* ebar = syn_.ebar_rec.row(r);
        eligibility_row<T>(dp_, ns_.zbar_rec[r], psi, ebar, syn_.eps_a_rec.row(r), i, sites_);
        if (mask) exact_row<T>(dp_.w_rec, acc, l, ebar, rec_target.row(r), n_rec, i, wrec);
      }
    }
  } else if (mask) {
    const std::int64_t* lpsi = ns_.lpsi.data();
    if (dp_.train_in) {
      for (int i = 0; i < n_in; ++i) {
        const auto r = static_cast<std::size_t>(i);
        if (ns_.zbar_in[r] != 0) factorised_row<T>(dp_.w_in, acc, ns_.zbar_in[r], lpsi, in_target.row(r), n_rec, -1, win);
      }
    }
    if (dp_.train_rec) {
      for (int i = 0; i < n_rec; ++i) {
        const auto r = static_cast<std::size_t>(i);
        if (ns_.zbar_rec[r] != 0) factorised_row<T>(dp_.w_rec, acc, ns_.zbar_rec[r], lpsi, rec_target.row(r), n_rec, i, wrec);
      }
    }
  }
  // 7. W_out rows with zbar_out_j != 0.
  if (mask && dp_.train_out) {
    const SiteRef wout = sites_.at(acc ? Site::grad_acc : Site::w_out);
    Matrix<std::int64_t>& out_target = acc ? syn_.acc_out : syn_.w_out;
    for (int j = 0; j < n_rec; ++j) {
      const auto r = static_cast<std::size_t>(j);
      if (ns_.zbar_out[r] != 0) output_row<T>(dp_.w_out, acc, ns_.zbar_out[r], ns_.err.data(), out_target.row(r), n_out, wout);
    }
  }
}

template <class T>
void Core::end_batch_as() {
  const int n_rec = dp_.n_rec;
  if (dp_.train_in) {
    const SiteRef s = sites_.at(Site::w_in);
    for (int i = 0; i < dp_.n_in; ++i) {
      const auto r = static_cast<std::size_t>(i);
      apply_row<T>(dp_.w_in, syn_.w_in.row(r), syn_.acc_in.row(r), n_rec, -1, s);
    }
  }
  if (dp_.train_rec) {
    const SiteRef s = sites_.at(Site::w_rec);
    for (int i = 0; i < n_rec; ++i) {
      const auto r = static_cast<std::size_t>(i);
      apply_row<T>(dp_.w_rec, syn_.w_rec.row(r), syn_.acc_rec.row(r), n_rec, i, s);
    }
  }
  if (dp_.train_out) {
    const SiteRef s = sites_.at(Site::w_out);
    for (int j = 0; j < n_rec; ++j) {
      const auto r = static_cast<std::size_t>(j);
      apply_row<T>(dp_.w_out, syn_.w_out.row(r), syn_.acc_out.row(r), dp_.n_out, -1, s);
    }
  }
}

}  // namespace fxprop::fixed
