#include "model/fixed/trainer.h"

#include <algorithm>

#include "model/fixed/datapath.h"
#include "model/golden/readout_loss.h"
#include "model/golden/trial_summary.h"

namespace fxprop::fixed {

namespace {

Core make_core(const golden::GoldenConfig& cfg, const FixedConfig& fx, const CoreConstants& k) {
  return Core(build_datapath(cfg, fx, k), cfg.seed, fx.stats);
}

template <class Raw>
void copy_row(const std::vector<Raw>& v, Matrix<Raw>& m, std::size_t t) {
  std::copy(v.begin(), v.end(), m.row(t));
}

}  // namespace

Trainer::Trainer(const golden::GoldenConfig& cfg, const FixedConfig& fx, const tasks::Task& task, const golden::Weights& initial)
    : cfg_(cfg),
      fx_(fx),
      task_(task),
      constants_(quantise_constants(cfg, fx)),
      core_(make_core(cfg, fx, constants_)),
      loss_(golden::loss_kind(cfg), cfg.learning.loss_reduction, static_cast<std::size_t>(cfg.network.n_out)),
      y_values_(static_cast<std::size_t>(cfg.network.n_out)),
      counts_(static_cast<std::size_t>(cfg.network.n_rec)) {
  load_weights(initial, fx_, core_.synapses(), &initial_);
}

const CoreTrial& Trainer::load(tasks::TrialSet set, std::uint64_t index) {
  if (task_.frozen()) {
    if (!frozen_loaded_) {
      task_.generate(tasks::TrialSet::kTrain, 0, trial_);
      load_trial(trial_, fx_.format(Site::y), core_trial_);
      frozen_loaded_ = true;
    }
    return core_trial_;
  }
  task_.generate(set, index, trial_);
  load_trial(trial_, fx_.format(Site::y), core_trial_);
  return core_trial_;
}

golden::TrialMetrics Trainer::run_trial(const tasks::Trial& trial, const CoreTrial& ct, bool learn, golden::TrialRecord* record,
                                        RawRecord* raw) {
  const std::size_t steps = trial.steps();
  const auto n_rec = static_cast<std::size_t>(cfg_.network.n_rec);
  const auto n_out = static_cast<std::size_t>(cfg_.network.n_out);
  const fxp::Format& fy = fx_.format(Site::y);
  core_.begin_trial();
  loss_.reset(trial);
  std::fill(counts_.begin(), counts_.end(), 0.0);
  if (raw != nullptr) {
    *raw = RawRecord{};
    for (Matrix<std::int64_t>* m : {&raw->v, &raw->a, &raw->psi, &raw->l}) m->assign(steps, n_rec);
    raw->z.assign(steps, n_rec);
    raw->y.assign(steps, n_out);
    raw->err.assign(steps, n_out);
    raw->ystar = ct.ystar_q;
  }
  if (record != nullptr) {
    *record = golden::TrialRecord{};
    for (Matrix<double>* m : {&record->v, &record->threshold, &record->adaptation, &record->z, &record->psi, &record->learning_signal}) {
      m->assign(steps, n_rec);
    }
    record->y.assign(steps, n_out);
    record->err.assign(steps, n_out);
  }
  const NeuronState& ns = core_.neurons();
  for (std::size_t t = 0; t < steps; ++t) {
    const bool mask = ct.mask[t] != 0;
    core_.step(ct.x.row(t), ct.ystar_q.row(t), mask, learn);
    for (std::size_t k = 0; k < n_out; ++k) y_values_[k] = value(ns.y[k], fy);
    loss_.step(t, y_values_.data());
    for (std::size_t j = 0; j < n_rec; ++j) counts_[j] += ns.z[j];
    if (raw != nullptr) {
      copy_row(ns.v, raw->v, t);
      copy_row(ns.a, raw->a, t);
      copy_row(ns.psi, raw->psi, t);
      copy_row(ns.z, raw->z, t);
      copy_row(ns.y, raw->y, t);
      copy_row(ns.err, raw->err, t);
      if (mask && learn) copy_row(ns.l, raw->l, t);
    }
    if (record != nullptr) {
      const fxp::Format& fv = fx_.format(Site::v);
      const double thr = value(constants_.thr.q, constants_.thr.fmt);
      for (std::size_t j = 0; j < n_rec; ++j) {
        const bool alif = static_cast<int>(j) >= cfg_.network.n_lif();
        record->v(t, j) = value(ns.v[j], fv);
        record->adaptation(t, j) = value(ns.a[j], fx_.format(Site::a));
        record->threshold(t, j) = alif ? value(ns.thr_adaptive[j], fx_.format(Site::thr_adaptive)) : thr;
        record->z(t, j) = ns.z[j];
        record->psi(t, j) = value(ns.psi[j], fx_.format(Site::psi));
        record->learning_signal(t, j) = mask && learn ? value(ns.l[j], fx_.format(Site::l)) : 0.0;
      }
      for (std::size_t k = 0; k < n_out; ++k) {
        record->y(t, k) = y_values_[k];
        record->err(t, k) = value(ns.err[k], fx_.format(Site::err));
      }
    }
  }
  golden::TrialMetrics m = loss_.metrics();
  double total = 0.0;
  for (double c : counts_) total += c;
  m.mean_rate_hz = 1e3 * total / (static_cast<double>(steps) * static_cast<double>(n_rec));
  return m;
}

golden::IterationStats Trainer::train_iteration() {
  const auto batch = static_cast<std::uint64_t>(cfg_.train.batch);
  const std::uint64_t first = static_cast<std::uint64_t>(iteration_) * batch;
  golden::IterationStats s;
  int errors = 0;
  for (std::uint64_t b = 0; b < batch; ++b) {
    const CoreTrial& ct = load(tasks::TrialSet::kTrain, first + b);
    const golden::TrialMetrics m = run_trial(trial_, ct, true, nullptr, nullptr);
    s.task_loss += m.task_loss;
    errors += m.label >= 0 && m.predicted != m.label ? 1 : 0;
  }
  if (core_.datapath().per_trial) {
    if (keep_gradient_) {
      const SynapseState& syn = core_.synapses();
      last_acc_.acc_in = syn.acc_in;
      last_acc_.acc_rec = syn.acc_rec;
      last_acc_.acc_out = syn.acc_out;
      const fxp::Format& fa = fx_.format(Site::grad_acc);
      const double inv_batch = 1.0 / static_cast<double>(batch);
      last_gradient_.w_in = values(syn.acc_in, fa);
      last_gradient_.w_rec = values(syn.acc_rec, fa);
      last_gradient_.w_out = values(syn.acc_out, fa);
      for (Matrix<double>* g : {&last_gradient_.w_in, &last_gradient_.w_rec, &last_gradient_.w_out}) {
        for (std::size_t k = 0; k < g->size(); ++k) g->data()[k] *= inv_batch;
      }
    }
    core_.end_batch();
  }
  s.task_loss /= static_cast<double>(batch);
  s.error_rate = static_cast<double>(errors) / static_cast<double>(batch);
  ++iteration_;
  return s;
}

golden::EvaluationResult Trainer::evaluate(int trials, int record_trials, std::vector<RawRecord>* raw) {
  golden::EvaluationResult r;
  r.trials = trials;
  r.records.resize(static_cast<std::size_t>(record_trials));
  r.recorded_trials.resize(static_cast<std::size_t>(record_trials));
  if (raw != nullptr) raw->assign(static_cast<std::size_t>(record_trials), RawRecord{});
  std::vector<golden::TrialMetrics> metrics(static_cast<std::size_t>(trials > 0 ? trials : 0));
  for (int i = 0; i < trials; ++i) {
    const auto u = static_cast<std::size_t>(i);
    const CoreTrial& ct = load(tasks::TrialSet::kEval, u);
    const bool rec = i < record_trials;
    if (rec) r.recorded_trials[u] = trial_;
    metrics[u] =
        run_trial(trial_, ct, false, rec ? &r.records[u] : nullptr, rec && raw != nullptr ? &(*raw)[u] : nullptr);
  }
  golden::summarise_trials(metrics, cfg_.network.n_out, golden::ErrorCount::kFirstDecisionPerTrial, r);
  return r;
}

double Trainer::validation_error(int trials, std::uint64_t first) {
  int errors = 0;
  for (int i = 0; i < trials; ++i) {
    const CoreTrial& ct = load(tasks::TrialSet::kValidation, first + static_cast<std::uint64_t>(i));
    const golden::TrialMetrics m = run_trial(trial_, ct, false, nullptr, nullptr);
    errors += m.label >= 0 && m.predicted != m.label ? 1 : 0;
  }
  return trials > 0 ? static_cast<double>(errors) / trials : 0.0;
}

}  // namespace fxprop::fixed
