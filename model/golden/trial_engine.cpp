#include "model/golden/trial_engine.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "model/golden/eprop.h"
#include "model/golden/rate_bptt.h"
#include "model/golden/rate_network.h"
#include "model/golden/rflo.h"
#include "model/golden/spiking_bptt.h"
#include "model/golden/spiking_network.h"
#include "model/golden/trial_loss.h"

namespace fxprop::golden {

const Matrix<double>& feedback_matrix(const LearningConfig& learning, const Weights& w) {
  return learning.feedback == Feedback::kSymmetric ? w.w_out : w.b;
}

namespace {

void copy_row(const std::vector<double>& v, Matrix<double>& m, std::size_t t) { std::copy(v.begin(), v.end(), m.row(t)); }

class SpikingTrialEngine final : public TrialEngine {
 public:
  explicit SpikingTrialEngine(const GoldenConfig& cfg)
      : cfg_(cfg),
        net_(cfg.network),
        loss_(loss_kind(cfg), cfg.learning.loss_reduction, static_cast<std::size_t>(cfg.network.n_out)),
        signal_(static_cast<std::size_t>(cfg.network.n_rec)),
        counts_(static_cast<std::size_t>(cfg.network.n_rec)),
        rate_factor_(static_cast<std::size_t>(cfg.network.n_rec)) {
    if (cfg.learning.rule == Rule::kBptt) {
      bptt_.emplace(cfg.network);
    } else {
      eprop_.emplace(cfg.network, cfg.learning.eligibility, decays(cfg.network).kappa, cfg.learning.c_reg > 0.0);
    }
    if (cfg.learning.schedule == Schedule::kOnline) step_gradient_ = Gradients(cfg.network);
  }

  TrialMetrics run(const Weights& w, const tasks::Trial& trial, Gradients* g, TrialRecord* record) override {
    begin(trial, record);
    if (g != nullptr) {
      g->zero();
      if (eprop_) eprop_->reset();
      if (bptt_) bptt_->reset(trial.steps());
    }
    const Matrix<double>& feedback = feedback_matrix(cfg_.learning, w);
    for (std::size_t t = 0; t < trial.steps(); ++t) {
      const double* x = trial.input.row(t);
      net_.step(w, x);
      const double* err = loss_.step(t, net_.y().data());
      if (err != nullptr) learning_signal(feedback, err, signal_.data());
      if (g != nullptr) {
        if (eprop_) eprop_->step(x, net_, err != nullptr ? signal_.data() : nullptr, err, *g);
        if (bptt_) bptt_->record(t, net_, loss_.last_error().data());
      }
      observe(t, err != nullptr, record);
    }
    TrialMetrics m = finish(trial);
    if (g != nullptr) {
      const bool reg = cfg_.learning.c_reg > 0.0;
      if (eprop_ && reg) eprop_->add_regularisation(rate_factor_, *g);
      if (bptt_) {
        const bool full = cfg_.learning.bptt_gradient == BpttGradient::kFull;
        bptt_->backward(w, trial.input, BpttPaths{full, full}, reg ? rate_factor_ : std::vector<double>{}, *g);
      }
      g->scale(loss_.reduction());
    }
    return m;
  }

  TrialMetrics run_online(Weights& w, const tasks::Trial& trial,
                          const std::function<void(Weights&, const Gradients&)>& apply) override {
    if (!eprop_) throw std::logic_error("online learning needs an online rule (e-prop); BPTT needs the whole trial");
    begin(trial, nullptr);
    eprop_->reset();
    Gradients& g = step_gradient_;
    for (std::size_t t = 0; t < trial.steps(); ++t) {
      const double* x = trial.input.row(t);
      net_.step(w, x);
      const double* err = loss_.step(t, net_.y().data());
      if (err != nullptr) learning_signal(feedback_matrix(cfg_.learning, w), err, signal_.data());
      g.zero();
      eprop_->step(x, net_, err != nullptr ? signal_.data() : nullptr, err, g);
      observe(t, err != nullptr, nullptr);
      if (err != nullptr) {
        g.scale(loss_.reduction());
        apply(w, g);
      }
    }
    TrialMetrics m = finish(trial);
    if (cfg_.learning.c_reg > 0.0) {
      g.zero();
      eprop_->add_regularisation(rate_factor_, g);
      g.scale(loss_.reduction());
      apply(w, g);
    }
    return m;
  }

 private:
  void begin(const tasks::Trial& trial, TrialRecord* record) {
    net_.reset();
    loss_.reset(trial);
    std::fill(counts_.begin(), counts_.end(), 0.0);
    if (record != nullptr) {
      const std::size_t T = trial.steps();
      const auto n = static_cast<std::size_t>(cfg_.network.n_rec);
      const auto n_out = static_cast<std::size_t>(cfg_.network.n_out);
      *record = TrialRecord{};
      for (Matrix<double>* m : {&record->v, &record->threshold, &record->adaptation, &record->z, &record->psi,
                                &record->learning_signal}) {
        m->assign(T, n);
      }
      record->y.assign(T, n_out);
      record->err.assign(T, n_out);
    }
  }

  void observe(std::size_t t, bool has_error, TrialRecord* record) {
    const std::vector<double>& z = net_.z();
    for (std::size_t j = 0; j < z.size(); ++j) counts_[j] += z[j];
    if (record == nullptr) return;
    copy_row(net_.v(), record->v, t);
    copy_row(net_.threshold(), record->threshold, t);
    copy_row(net_.adaptation(), record->adaptation, t);
    copy_row(z, record->z, t);
    copy_row(net_.psi(), record->psi, t);
    copy_row(net_.y(), record->y, t);
    copy_row(loss_.last_error(), record->err, t);
    if (has_error) copy_row(signal_, record->learning_signal, t);
  }

  // Rate regulariser (loss and per-neuron gradient factor r_j = c_reg (f_j - f0) / T).
  TrialMetrics finish(const tasks::Trial& trial) {
    TrialMetrics m = loss_.metrics();
    const double T = static_cast<double>(trial.steps());
    const double f0 = cfg_.learning.f0_hz * 1e-3;
    const double c_reg = cfg_.learning.c_reg;
    double reg = 0.0;
    double total = 0.0;
    for (std::size_t j = 0; j < counts_.size(); ++j) {
      const double f = counts_[j] / T;
      reg += (f - f0) * (f - f0);
      rate_factor_[j] = c_reg * (f - f0) / T;
      total += counts_[j];
    }
    m.reg_loss = loss_.reduction() * 0.5 * c_reg * reg;
    m.mean_rate_hz = 1e3 * total / (T * static_cast<double>(counts_.size()));
    return m;
  }

  GoldenConfig cfg_;
  SpikingNetwork net_;
  TrialLoss loss_;
  std::optional<EpropGradient> eprop_;
  std::optional<SpikingBptt> bptt_;
  Gradients step_gradient_;
  std::vector<double> signal_, counts_, rate_factor_;
};

class RateTrialEngine final : public TrialEngine {
 public:
  explicit RateTrialEngine(const GoldenConfig& cfg)
      : cfg_(cfg),
        net_(cfg.network),
        loss_(LossKind::kRegression, cfg.learning.loss_reduction, static_cast<std::size_t>(cfg.network.n_out)),
        signal_(static_cast<std::size_t>(cfg.network.n_rec)) {
    if (cfg.learning.rule == Rule::kBptt) {
      bptt_.emplace(cfg.network);
    } else {
      rflo_.emplace(cfg.network);
    }
    if (cfg.learning.schedule == Schedule::kOnline) step_gradient_ = Gradients(cfg.network);
  }

  TrialMetrics run(const Weights& w, const tasks::Trial& trial, Gradients* g, TrialRecord* record) override {
    begin(trial, record);
    if (g != nullptr) {
      g->zero();
      if (rflo_) rflo_->reset();
      if (bptt_) bptt_->reset(trial.steps());
    }
    const Matrix<double>& feedback = feedback_matrix(cfg_.learning, w);
    for (std::size_t t = 0; t < trial.steps(); ++t) {
      const double* x = trial.input.row(t);
      net_.step(w, x);
      const double* err = loss_.step(t, net_.y().data());
      if (err != nullptr) learning_signal(feedback, err, signal_.data());
      if (g != nullptr) {
        if (rflo_) rflo_->step(x, net_, err != nullptr ? signal_.data() : nullptr, err, *g);
        if (bptt_) bptt_->record(t, net_, loss_.last_error().data());
      }
      observe(t, err != nullptr, record);
    }
    if (g != nullptr) {
      if (bptt_) bptt_->backward(w, trial.input, cfg_.learning.bptt_gradient == BpttGradient::kFull, *g);
      g->scale(loss_.reduction());
    }
    return loss_.metrics();
  }

  TrialMetrics run_online(Weights& w, const tasks::Trial& trial,
                          const std::function<void(Weights&, const Gradients&)>& apply) override {
    if (!rflo_) throw std::logic_error("online learning needs an online rule (RFLO); BPTT needs the whole trial");
    begin(trial, nullptr);
    rflo_->reset();
    Gradients& g = step_gradient_;
    for (std::size_t t = 0; t < trial.steps(); ++t) {
      const double* x = trial.input.row(t);
      net_.step(w, x);
      const double* err = loss_.step(t, net_.y().data());
      if (err != nullptr) learning_signal(feedback_matrix(cfg_.learning, w), err, signal_.data());
      g.zero();
      rflo_->step(x, net_, err != nullptr ? signal_.data() : nullptr, err, g);
      if (err != nullptr) {
        g.scale(loss_.reduction());
        apply(w, g);
      }
    }
    return loss_.metrics();
  }

 private:
  void begin(const tasks::Trial& trial, TrialRecord* record) {
    net_.reset();
    loss_.reset(trial);
    if (record != nullptr) {
      const std::size_t T = trial.steps();
      const auto n = static_cast<std::size_t>(cfg_.network.n_rec);
      const auto n_out = static_cast<std::size_t>(cfg_.network.n_out);
      *record = TrialRecord{};
      record->u.assign(T, n);
      record->h.assign(T, n);
      record->learning_signal.assign(T, n);
      record->y.assign(T, n_out);
      record->err.assign(T, n_out);
    }
  }

  void observe(std::size_t t, bool has_error, TrialRecord* record) {
    if (record == nullptr) return;
    copy_row(net_.u(), record->u, t);
    copy_row(net_.h(), record->h, t);
    copy_row(net_.y(), record->y, t);
    copy_row(loss_.last_error(), record->err, t);
    if (has_error) copy_row(signal_, record->learning_signal, t);
  }

  GoldenConfig cfg_;
  RateNetwork net_;
  TrialLoss loss_;
  std::optional<RfloGradient> rflo_;
  std::optional<RateBptt> bptt_;
  Gradients step_gradient_;
  std::vector<double> signal_;
};

}  // namespace

std::unique_ptr<TrialEngine> make_trial_engine(const GoldenConfig& cfg) {
  if (cfg.network.spiking()) return std::make_unique<SpikingTrialEngine>(cfg);
  return std::make_unique<RateTrialEngine>(cfg);
}

}  // namespace fxprop::golden
