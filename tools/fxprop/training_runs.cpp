#include "tools/fxprop/training_runs.h"

#include "model/golden/configured_task.h"
#include "model/io/npy.h"
#include "tools/fxprop/cli_common.h"

namespace fxprop::cli {

TrainingInputs load_training_inputs(const golden::GoldenConfig& cfg) {
  TrainingInputs in;
  try {
    in.initial = golden::initial_weights(cfg);
    in.task = golden::make_configured_task(cfg);
  } catch (const io::NpyError& e) {
    throw BadInput(e.what());
  } catch (const std::invalid_argument& e) {
    throw BadInput(e.what());
  }
  return in;
}

int record_trials(const golden::GoldenConfig& cfg) {
  const bool records = cfg.exports.spikes || cfg.exports.membranes || cfg.exports.readout;
  return records ? cfg.exports.record_trials : 0;
}

TrainingReport new_report(const std::string& engine, const config::Document& doc, const golden::GoldenConfig& cfg,
                          int threads, golden::Weights initial) {
  TrainingReport report;
  report.engine = engine;
  report.cfg = cfg;
  report.config_toml = doc.to_toml();
  report.threads = threads;
  report.initial = std::move(initial);
  return report;
}

std::string iteration_status(const golden::GoldenConfig& cfg, const golden::IterationStats& s) {
  std::string status = fmt::format("loss {:.4g}  reg {:.3g}", s.task_loss, s.reg_loss);
  if (tasks::is_classification(cfg.task.name)) status += fmt::format("  err {:.1f} %", 100.0 * s.error_rate);
  return status;
}

}  // namespace fxprop::cli
