#include "model/fixed/core.h"

#include <algorithm>
#include <utility>

#include "model/fixed/multiversion.h"
#include "model/fixed/row_kernels.h"

namespace fxprop::fixed {

Core::Core(const Datapath& dp, std::uint64_t master_seed, bool count)
    : dp_(dp), ns_(dp), syn_(dp), sites_(master_seed, count) {
  spiking_.reserve(static_cast<std::size_t>(dp.n_rec));
}

void Core::begin_trial() {
  if (listener_ != nullptr) listener_->on_begin_trial(*this);
  ns_.clear();
  syn_.clear_eligibility();
}


namespace {

// The phase functions below report their work to an observer (core_listener.h).
// NoObserver: the functional model's instantiation, every call compiles to nothing.
struct NoObserver {
  void integrate_row(Matrix3, int) {}
  void neurons() {}
  void readout(int) {}
  void learning_signal() {}
  void synapse_row(Matrix3, int, bool, bool) {}
  void output_row(int) {}
  void apply_row(Matrix3, int) {}
};

// Forwards to a CoreListener (the timing models).
struct ListenerObserver {
  CoreListener* l;
  void integrate_row(Matrix3 m, int i) { l->on_integrate_row(m, i); }
  void neurons() { l->on_neurons(); }
  void readout(int n) { l->on_readout(n); }
  void learning_signal() { l->on_learning_signal(); }
  void synapse_row(Matrix3 m, int i, bool elig, bool update) { l->on_synapse_row(m, i, elig, update); }
  void output_row(int j) { l->on_output_row(j); }
  void apply_row(Matrix3 m, int i) { l->on_apply_row(m, i); }
};

// One timestep over explicit state (Core::step).
template <class T, class Obs>
void run_step(const Datapath& dp, NeuronState& ns, SynapseState& syn, Sites& sites, std::vector<int>& spiking,
              const std::uint8_t* x, const std::int64_t* ystar_q, bool mask, bool learn, Obs& obs) {
  const int n_in = dp.n_in;
  const int n_rec = dp.n_rec;
  const int n_out = dp.n_out;
  ns.z_prev.swap(ns.z);  // z[t-1]

  // 1. Integrate: active inputs ascending, then neurons that spiked at t-1 ascending.
  std::fill(ns.i_syn.begin(), ns.i_syn.end(), 0);
  const SiteRef isyn = sites.at(Site::i_syn);
  for (int i = 0; i < n_in; ++i) {
    if (x[i] != 0) {
      obs.integrate_row(Matrix3::in, i);
      integrate_row<T>(dp.isyn_in, syn.w_in.row(static_cast<std::size_t>(i)), ns.i_syn.data(), n_rec, isyn);
    }
  }
  for (int i = 0; i < n_rec; ++i) {
    if (ns.z_prev[static_cast<std::size_t>(i)] != 0) {
      obs.integrate_row(Matrix3::rec, i);
      integrate_row<T>(dp.isyn_rec, syn.w_rec.row(static_cast<std::size_t>(i)), ns.i_syn.data(), n_rec, isyn);
    }
  }
  // 2. Neurons. 3. Traces.
  obs.neurons();
  update_neurons<T>(dp, ns, sites);
  update_traces<T>(dp, x, ns, sites);
  // 4. Readout and error.
  spiking.clear();
  for (int j = 0; j < n_rec; ++j) {
    if (ns.z[static_cast<std::size_t>(j)] != 0) spiking.push_back(j);
  }
  obs.readout(static_cast<int>(spiking.size()));
  update_readout<T>(dp, syn.w_out.data(), spiking.data(), static_cast<int>(spiking.size()), ystar_q, mask, ns, sites);
  if (!learn) return;

  // 5. Learning signal.
  if (mask) {
    obs.learning_signal();
    update_learning_signals<T>(dp, dp.random_feedback ? syn.b.data() : syn.w_out.data(), ns, sites);
  }

  // 6-7. Eligibility and weight rows, W_in rows then W_rec rows ascending. Each site has its
  // own stream, so doing a row's eligibility right before its update draws exactly what
  // phase 6 over all rows followed by phase 7 over all rows would.
  const bool acc = dp.per_trial;
  const SiteRef win = sites.at(acc ? Site::grad_acc : Site::w_in);
  const SiteRef wrec = sites.at(acc ? Site::grad_acc : Site::w_rec);
  Matrix<std::int64_t>& in_target = acc ? syn.acc_in : syn.w_in;
  Matrix<std::int64_t>& rec_target = acc ? syn.acc_rec : syn.w_rec;
  const std::int64_t* psi = ns.psi.data();
  if (dp.exact) {
    const std::int64_t* l = ns.l.data();
    if (dp.train_in) {
      for (int i = 0; i < n_in; ++i) {
        const auto r = static_cast<std::size_t>(i);
        std::int64_t* ebar = syn.ebar_in.row(r);
        obs.synapse_row(Matrix3::in, i, true, mask);
        eligibility_row<T>(dp, ns.zbar_in[r], psi, ebar, syn.eps_a_in.row(r), -1, sites);
        if (mask) exact_row<T>(dp.w_in, acc, l, ebar, in_target.row(r), n_rec, -1, win);
      }
    }
    if (dp.train_rec) {
      for (int i = 0; i < n_rec; ++i) {
        const auto r = static_cast<std::size_t>(i);
        std::int64_t* ebar = syn.ebar_rec.row(r);
        obs.synapse_row(Matrix3::rec, i, true, mask);
        eligibility_row<T>(dp, ns.zbar_rec[r], psi, ebar, syn.eps_a_rec.row(r), i, sites);
        if (mask) exact_row<T>(dp.w_rec, acc, l, ebar, rec_target.row(r), n_rec, i, wrec);
      }
    }
  } else if (mask) {
    const std::int64_t* lpsi = ns.lpsi.data();
    if (dp.train_in) {
      for (int i = 0; i < n_in; ++i) {
        const auto r = static_cast<std::size_t>(i);
        if (ns.zbar_in[r] != 0) {
          obs.synapse_row(Matrix3::in, i, false, true);
          factorised_row<T>(dp.w_in, acc, ns.zbar_in[r], lpsi, in_target.row(r), n_rec, -1, win);
        }
      }
    }
    if (dp.train_rec) {
      for (int i = 0; i < n_rec; ++i) {
        const auto r = static_cast<std::size_t>(i);
        if (ns.zbar_rec[r] != 0) {
          obs.synapse_row(Matrix3::rec, i, false, true);
          factorised_row<T>(dp.w_rec, acc, ns.zbar_rec[r], lpsi, rec_target.row(r), n_rec, i, wrec);
        }
      }
    }
  }
  // 7. W_out rows with zbar_out_j != 0.
  if (mask && dp.train_out) {
    const SiteRef wout = sites.at(acc ? Site::grad_acc : Site::w_out);
    Matrix<std::int64_t>& out_target = acc ? syn.acc_out : syn.w_out;
    for (int j = 0; j < n_rec; ++j) {
      const auto r = static_cast<std::size_t>(j);
      if (ns.zbar_out[r] != 0) {
        obs.output_row(j);
        output_row<T>(dp.w_out, acc, ns.zbar_out[r], ns.err.data(), out_target.row(r), n_out, wout);
      }
    }
  }
}

FXPROP_MULTIVERSION void step_narrow(const Datapath& dp, NeuronState& ns, SynapseState& syn, Sites& sites, std::vector<int>& spiking,
                                     const std::uint8_t* x, const std::int64_t* ystar_q, bool mask, bool learn) {
  NoObserver obs;
  run_step<std::int64_t>(dp, ns, syn, sites, spiking, x, ystar_q, mask, learn, obs);
}

void step_wide(const Datapath& dp, NeuronState& ns, SynapseState& syn, Sites& sites, std::vector<int>& spiking,
               const std::uint8_t* x, const std::int64_t* ystar_q, bool mask, bool learn) {
  NoObserver obs;
  run_step<fxp::i128>(dp, ns, syn, sites, spiking, x, ystar_q, mask, learn, obs);
}

// The same step reported to a listener (timing models).
FXPROP_MULTIVERSION void step_listened(const Datapath& dp, NeuronState& ns, SynapseState& syn, Sites& sites, std::vector<int>& spiking,
                   const std::uint8_t* x, const std::int64_t* ystar_q, bool mask, bool learn, CoreListener* l) {
  ListenerObserver obs{l};
  if (dp.narrow) {
    run_step<std::int64_t>(dp, ns, syn, sites, spiking, x, ystar_q, mask, learn, obs);
  } else {
    run_step<fxp::i128>(dp, ns, syn, sites, spiking, x, ystar_q, mask, learn, obs);
  }
}

// The end-of-batch application (Core::end_batch).
template <class T, class Obs>
void run_end_batch(const Datapath& dp, SynapseState& syn, Sites& sites, Obs& obs) {
  const int n_rec = dp.n_rec;
  if (dp.train_in) {
    const SiteRef s = sites.at(Site::w_in);
    for (int i = 0; i < dp.n_in; ++i) {
      const auto r = static_cast<std::size_t>(i);
      obs.apply_row(Matrix3::in, i);
      apply_row<T>(dp.w_in, syn.w_in.row(r), syn.acc_in.row(r), n_rec, -1, s);
    }
  }
  if (dp.train_rec) {
    const SiteRef s = sites.at(Site::w_rec);
    for (int i = 0; i < n_rec; ++i) {
      const auto r = static_cast<std::size_t>(i);
      obs.apply_row(Matrix3::rec, i);
      apply_row<T>(dp.w_rec, syn.w_rec.row(r), syn.acc_rec.row(r), n_rec, i, s);
    }
  }
  if (dp.train_out) {
    const SiteRef s = sites.at(Site::w_out);
    for (int j = 0; j < n_rec; ++j) {
      const auto r = static_cast<std::size_t>(j);
      obs.apply_row(Matrix3::out, j);
      apply_row<T>(dp.w_out, syn.w_out.row(r), syn.acc_out.row(r), dp.n_out, -1, s);
    }
  }
}

FXPROP_MULTIVERSION void end_batch_narrow(const Datapath& dp, SynapseState& syn, Sites& sites) {
  NoObserver obs;
  run_end_batch<std::int64_t>(dp, syn, sites, obs);
}

void end_batch_wide(const Datapath& dp, SynapseState& syn, Sites& sites) {
  NoObserver obs;
  run_end_batch<fxp::i128>(dp, syn, sites, obs);
}

FXPROP_MULTIVERSION void end_batch_listened(const Datapath& dp, SynapseState& syn, Sites& sites, CoreListener* l) {
  ListenerObserver obs{l};
  if (dp.narrow) {
    run_end_batch<std::int64_t>(dp, syn, sites, obs);
  } else {
    run_end_batch<fxp::i128>(dp, syn, sites, obs);
  }
}

}  // namespace

void Core::step(const std::uint8_t* x, const std::int64_t* ystar_q, bool mask, bool learn) {
  if (listener_ != nullptr) {
    listener_->on_step_begin(*this, x, mask, learn);
    step_listened(dp_, ns_, syn_, sites_, spiking_, x, ystar_q, mask, learn, listener_);
    listener_->on_step_end(*this);
  } else if (dp_.narrow) {
    step_narrow(dp_, ns_, syn_, sites_, spiking_, x, ystar_q, mask, learn);
  } else {
    step_wide(dp_, ns_, syn_, sites_, spiking_, x, ystar_q, mask, learn);
  }
}

void Core::end_batch() {
  if (!dp_.per_trial) return;
  if (listener_ != nullptr) {
    end_batch_listened(dp_, syn_, sites_, listener_);
    listener_->on_end_batch(*this);
  } else if (dp_.narrow) {
    end_batch_narrow(dp_, syn_, sites_);
  } else {
    end_batch_wide(dp_, syn_, sites_);
  }
}

}  // namespace fxprop::fixed
