#include "model/fixed/host_io.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "fixedpoint/convert.h"
#include "model/config/config_error.h"
#include "model/fixed/constants.h"

namespace fxprop::fixed {

namespace {

void quantise_matrix(const Matrix<double>& m, const fxp::Format& fmt, Matrix<std::int64_t>& out, fxp::Stats* st) {
  out.assign(m.rows(), m.cols());
  for (std::size_t k = 0; k < m.size(); ++k) out.data()[k] = quantise_host(m.data()[k], fmt, st);
}

}  // namespace

void load_weights(const golden::Weights& w, const FixedConfig& fx, SynapseState& syn, InitialQuantisation* counters) {
  InitialQuantisation local;
  InitialQuantisation& c = counters != nullptr ? *counters : local;
  quantise_matrix(w.w_in, fx.format(Site::w_in), syn.w_in, &c.w_in);
  quantise_matrix(w.w_rec, fx.format(Site::w_rec), syn.w_rec, &c.w_rec);
  quantise_matrix(w.w_out, fx.format(Site::w_out), syn.w_out, &c.w_out);
  if (!syn.b.empty()) quantise_matrix(w.b, fx.format(HostValue::b), syn.b, &c.b);
}

double value(std::int64_t raw, const fxp::Format& fmt) { return fxp::to_double(fxp::widen(raw, fmt)); }

Matrix<double> values(const Matrix<std::int64_t>& raws, const fxp::Format& fmt) {
  Matrix<double> m(raws.rows(), raws.cols());
  for (std::size_t k = 0; k < raws.size(); ++k) m.data()[k] = value(raws.data()[k], fmt);
  return m;
}

golden::Weights weight_values(const SynapseState& syn, const FixedConfig& fx) {
  golden::Weights w;
  w.w_in = values(syn.w_in, fx.format(Site::w_in));
  w.w_rec = values(syn.w_rec, fx.format(Site::w_rec));
  w.w_out = values(syn.w_out, fx.format(Site::w_out));
  if (!syn.b.empty()) w.b = values(syn.b, fx.format(HostValue::b));
  return w;
}

void load_trial(const tasks::Trial& trial, const fxp::Format& y_fmt, CoreTrial& out) {
  const std::size_t steps = trial.steps();
  out.x.assign(steps, trial.input.cols());
  out.ystar_q.assign(steps, trial.target.cols());
  out.mask.resize(steps);
  for (std::size_t t = 0; t < steps; ++t) {
    const double* x = trial.input.row(t);
    std::uint8_t* xq = out.x.row(t);
    for (std::size_t i = 0; i < trial.input.cols(); ++i) {
      if (x[i] != 0.0 && x[i] != 1.0) {
        throw std::invalid_argument(fmt::format("input of step {}, channel {} is {}: the learning core takes binary spike inputs (0 or 1)", t, i, x[i]));
      }
      xq[i] = x[i] != 0.0 ? 1 : 0;
    }
    const double* y = trial.target.row(t);
    std::int64_t* yq = out.ystar_q.row(t);
    for (std::size_t k = 0; k < trial.target.cols(); ++k) yq[k] = quantise_host(y[k], y_fmt);
    out.mask[t] = trial.loss_mask[t] != 0.0 ? 1 : 0;
  }
}

void check_task_for_core(const golden::GoldenConfig& cfg, const FixedConfig& fx, const tasks::Task& task) {
  const fxp::Format& fy = fx.format(Site::y);
  double lo = 0.0, hi = 1.0;  // classification: one-hot targets
  if (task.frozen()) {
    tasks::Trial trial;
    task.generate(tasks::TrialSet::kTrain, 0, trial);
    CoreTrial ignored;
    try {
      load_trial(trial, fy, ignored);
    } catch (const std::invalid_argument& e) {
      if (!cfg.init.input.empty()) throw config::ConfigError("init.input", '"' + cfg.init.input.string() + '"', e.what());
      throw config::ConfigError("task.name", fmt::format("\"{}\"", tasks::task_name_string(cfg.task.name)), e.what());
    }
    hi = lo = 0.0;
    for (double v : trial.target.values()) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  for (const double v : {lo, hi}) {
    fxp::Stats st;
    quantise_host(v, fy, &st);
    if (st.saturations > 0) {
      throw config::ConfigError("fixed.formats.y", '"' + fx.spec(Site::y).str() + '"',
                                fmt::format("the target value {} saturates in {}, which holds [{}, {}]; the readout needs a format "
                                            "that holds every target",
                                            v, fy.str(), fxp::to_double(fxp::Wide{fy.min_raw(), fy.frac}),
                                            fxp::to_double(fxp::Wide{fy.max_raw(), fy.frac})));
    }
  }
}

}  // namespace fxprop::fixed
