// What `fxprop train` writes: learning curve (CSV + .npy), metrics.json,
// requested exports, and the merged configuration. Pure formatting: the
// numbers come from the golden model, the files go through an OutputDir.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/golden/golden_config.h"
#include "model/golden/trainer.h"
#include "model/golden/weights.h"
#include "model/io/output_dir.h"
#include "model/run/training.h"

namespace fxprop::cli {

struct TrainingReport {
  std::string engine;
  golden::GoldenConfig cfg;
  std::string config_toml;  // merged configuration actually used
  int threads = 1;
  std::vector<golden::IterationStats> curve;
  bool stopped_early = false;
  using ValidationCheck = run::ValidationCheck;
  std::vector<ValidationCheck> validation_errors;  // periodic validation batches (stop_rule = validation)
  std::vector<ValidationCheck> validation_checks;  // early-stopping confirmations
  golden::Weights initial;
  golden::Weights final_weights;
  const golden::Gradients* last_gradient = nullptr;
  golden::EvaluationResult evaluation;
  double train_seconds = 0.0;
  // Engine-specific facts for metrics.json, written under the engine's name (null: none).
  nlohmann::json engine_metrics;
};

// Every file name is prefixed with `prefix` (e.g. "float/": a sub-folder).
void write_training_outputs(io::OutputDir& out, const TrainingReport& report, const std::string& prefix = "");

// One-line summary printed at the end of a run.
std::string summary_line(const TrainingReport& report);

}  // namespace fxprop::cli
