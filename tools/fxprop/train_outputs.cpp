#include "tools/fxprop/train_outputs.h"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/io/csv.h"
#include "model/io/npy.h"

namespace fxprop::cli {

namespace {

using golden::TrialRecord;

bool classification(const TrainingReport& r) { return tasks::is_classification(r.cfg.task.name); }

void write_npy(io::OutputDir& out, const std::string& name, const std::string& bytes) {
  out.write_binary(name, bytes.data(), bytes.size());
}

void write_vector(io::OutputDir& out, const std::string& name, const std::vector<double>& v) {
  write_npy(out, name, io::encode_npy({v.size()}, v.data()));
}

void write_weights(io::OutputDir& out, const std::string& prefix, const golden::Weights& w, bool with_b) {
  write_npy(out, prefix + "w_in.npy", io::encode_npy(w.w_in));
  write_npy(out, prefix + "w_rec.npy", io::encode_npy(w.w_rec));
  write_npy(out, prefix + "w_out.npy", io::encode_npy(w.w_out));
  if (with_b) write_npy(out, prefix + "b.npy", io::encode_npy(w.b));
}

// (trials, T, units) stack of one recorded field.
void write_stack(io::OutputDir& out, const std::string& name, const std::vector<const Matrix<double>*>& mats) {
  if (mats.empty() || mats.front()->empty()) return;
  std::vector<double> data;
  data.reserve(mats.size() * mats.front()->size());
  for (const Matrix<double>* m : mats) data.insert(data.end(), m->values().begin(), m->values().end());
  write_npy(out, name, io::encode_npy({mats.size(), mats.front()->rows(), mats.front()->cols()}, data.data()));
}

template <class Member>
std::vector<const Matrix<double>*> field(const std::vector<TrialRecord>& records, Member member) {
  std::vector<const Matrix<double>*> v;
  for (const TrialRecord& r : records) v.push_back(&(r.*member));
  return v;
}

std::vector<const Matrix<double>*> trial_field(const std::vector<tasks::Trial>& trials, Matrix<double> tasks::Trial::*member) {
  std::vector<const Matrix<double>*> v;
  for (const tasks::Trial& t : trials) v.push_back(&(t.*member));
  return v;
}

void write_spike_stack(io::OutputDir& out, const std::string& name, const std::vector<TrialRecord>& records) {
  if (records.empty() || records.front().z.empty()) return;
  std::vector<std::uint8_t> data;
  for (const TrialRecord& r : records) {
    for (double z : r.z.values()) data.push_back(z != 0.0 ? 1 : 0);
  }
  const std::string bytes = io::encode_npy_bool({records.size(), records.front().z.rows(), records.front().z.cols()}, data.data());
  write_npy(out, name, bytes);
}

nlohmann::json evaluation_json(const TrainingReport& r) {
  const golden::EvaluationResult& e = r.evaluation;
  nlohmann::json j;
  j["trials"] = e.trials;
  j["task_loss"] = e.task_loss;
  if (r.cfg.network.spiking()) {
    j["reg_loss"] = e.reg_loss;
    j["mean_rate_hz"] = e.mean_rate_hz;
  }
  if (classification(r)) {
    j["error_rate"] = e.error_rate;
    j["accuracy"] = 1.0 - e.error_rate;
  } else {
    j["mse"] = e.mse;
    j["nmse"] = e.nmse;
  }
  return j;
}

}  // namespace

void write_training_outputs(io::OutputDir& out, const TrainingReport& r, const std::string& prefix) {
  const bool cls = classification(r);
  const std::size_t n = r.curve.size();
  std::vector<double> iteration(n), task(n), reg(n), accuracy(n);
  for (std::size_t i = 0; i < n; ++i) {
    iteration[i] = static_cast<double>(i);
    task[i] = r.curve[i].task_loss;
    reg[i] = r.curve[i].reg_loss;
    accuracy[i] = 1.0 - r.curve[i].error_rate;
  }
  std::vector<std::string> header{"iteration", "task_loss", "reg_loss"};
  std::vector<std::vector<double>> columns{iteration, task, reg};
  if (cls) {
    header.push_back("accuracy");
    columns.push_back(accuracy);
  }
  out.write_text(prefix + "learning_curve.csv", io::csv_table(header, columns));
  write_vector(out, prefix + "curve_task_loss.npy", task);
  write_vector(out, prefix + "curve_reg_loss.npy", reg);
  if (cls) write_vector(out, prefix + "curve_accuracy.npy", accuracy);

  nlohmann::json m;
  m["engine"] = r.engine;
  m["task"] = tasks::task_name_string(r.cfg.task.name);
  m["rule"] = golden::rule_name(r.cfg.learning.rule);
  m["seed"] = r.cfg.seed;
  m["task_seed"] = r.cfg.task_seed;
  m["iterations_requested"] = r.cfg.train.iterations;
  m["iterations_run"] = n;
  m["stopped_early"] = r.stopped_early;
  if (n > 0) {
    nlohmann::json last;
    last["task_loss"] = task.back();
    last["reg_loss"] = reg.back();
    if (cls) last["accuracy"] = accuracy.back();
    m["last_iteration"] = last;
  }
  if (cls) {
    // The authors' stopping criterion for evidence accumulation: error < 7 % on a fresh batch.
    nlohmann::json first = nullptr;
    for (std::size_t i = 0; i < n; ++i) {
      if (r.curve[i].error_rate < 0.07) {
        first = i;
        break;
      }
    }
    m["first_iteration_below_7pct_error"] = first;
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& c : r.validation_checks) checks.push_back({{"iteration", c.iteration}, {"error_rate", c.error_rate}});
    m["validation_checks"] = checks;
    nlohmann::json periodic = nlohmann::json::array();
    for (const auto& c : r.validation_errors) periodic.push_back({{"iteration", c.iteration}, {"error_rate", c.error_rate}});
    m["validation_errors"] = periodic;
  }
  m["evaluation"] = evaluation_json(r);
  nlohmann::json timing;
  timing["threads"] = r.threads;
  timing["train_seconds"] = r.train_seconds;
  const double trials = static_cast<double>(n) * r.cfg.train.batch;
  timing["trials_per_second"] = r.train_seconds > 0.0 ? trials / r.train_seconds : 0.0;
  m["timing"] = timing;
  if (!r.engine_metrics.is_null()) m[r.engine] = r.engine_metrics;
  out.write_text(prefix + "metrics.json", m.dump(2) + "\n");
  out.write_text(prefix + "config_used.toml", r.config_toml + "\n");

  const golden::ExportConfig& x = r.cfg.exports;
  const bool with_b = r.cfg.learning.feedback != golden::Feedback::kSymmetric;
  if (x.weights) {
    write_weights(out, prefix + "initial_", r.initial, with_b);
    write_weights(out, prefix + "final_", r.final_weights, with_b);
  }
  if (x.gradients && r.last_gradient != nullptr && n > 0) {
    write_npy(out, prefix + "gradient_w_in.npy", io::encode_npy(r.last_gradient->w_in));
    write_npy(out, prefix + "gradient_w_rec.npy", io::encode_npy(r.last_gradient->w_rec));
    write_npy(out, prefix + "gradient_w_out.npy", io::encode_npy(r.last_gradient->w_out));
  }
  const auto& rec = r.evaluation.records;
  if (x.spikes) {
    write_spike_stack(out, prefix + "spikes.npy", rec);
    write_stack(out, prefix + "input.npy", trial_field(r.evaluation.recorded_trials, &tasks::Trial::input));
  }
  if (x.membranes) {
    write_stack(out, prefix + "v.npy", field(rec, &TrialRecord::v));
    write_stack(out, prefix + "threshold.npy", field(rec, &TrialRecord::threshold));
    write_stack(out, prefix + "adaptation.npy", field(rec, &TrialRecord::adaptation));
    write_stack(out, prefix + "psi.npy", field(rec, &TrialRecord::psi));
    write_stack(out, prefix + "u.npy", field(rec, &TrialRecord::u));
    write_stack(out, prefix + "h.npy", field(rec, &TrialRecord::h));
  }
  if (x.readout) {
    write_stack(out, prefix + "y.npy", field(rec, &TrialRecord::y));
    write_stack(out, prefix + "target.npy", trial_field(r.evaluation.recorded_trials, &tasks::Trial::target));
    write_stack(out, prefix + "err.npy", field(rec, &TrialRecord::err));
    write_stack(out, prefix + "learning_signal.npy", field(rec, &TrialRecord::learning_signal));
  }
}

std::string summary_line(const TrainingReport& r) {
  const golden::EvaluationResult& e = r.evaluation;
  std::string s = fmt::format("{} iterations in {:.1f} s", r.curve.size(), r.train_seconds);
  if (!r.curve.empty()) s += fmt::format("; last batch task loss {:.4g}, reg loss {:.4g}", r.curve.back().task_loss, r.curve.back().reg_loss);
  if (e.trials > 0) {
    if (classification(r)) {
      s += fmt::format("; evaluation ({} trials) error {:.2f} %", e.trials, 100.0 * e.error_rate);
    } else {
      s += fmt::format("; evaluation task loss {:.4g}, nmse {:.4g}", e.task_loss, e.nmse);
    }
  }
  return s;
}

}  // namespace fxprop::cli
