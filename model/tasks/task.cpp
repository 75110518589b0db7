#include "model/tasks/task.h"

#include <stdexcept>
#include <string>
#include <utility>

#include "model/tasks/evidence_accumulation.h"
#include "model/tasks/frozen_trial_task.h"
#include "model/tasks/pattern_generation.h"
#include "model/tasks/periodic_output.h"
#include "model/tasks/store_recall.h"

namespace fxprop::tasks {

namespace {

void check_shape(const Matrix<double>& m, std::size_t rows, std::size_t cols, const char* what) {
  if (m.rows() != rows || m.cols() != cols) {
    throw std::invalid_argument(std::string(what) + " has shape (" + std::to_string(m.rows()) + ", " +
                                std::to_string(m.cols()) + "), expected (" + std::to_string(rows) + ", " +
                                std::to_string(cols) + ")");
  }
}

}  // namespace

std::unique_ptr<Task> make_task(const TaskConfig& cfg, int n_in, int n_out, std::uint64_t seed,
                                const FrozenTrialOverride& override_arrays) {
  if (auto need = required_inputs(cfg); need && *need != n_in) {
    throw std::invalid_argument(std::string(task_name_string(cfg.name)) + " needs " + std::to_string(*need) + " inputs");
  }
  if (auto need = required_outputs(cfg); need && *need != n_out) {
    throw std::invalid_argument(std::string(task_name_string(cfg.name)) + " needs " + std::to_string(*need) + " outputs");
  }
  if (!is_frozen(cfg.name)) {
    if (override_arrays.input || override_arrays.target) {
      throw std::invalid_argument("only frozen tasks take their input or target from arrays");
    }
    if (cfg.name == TaskName::kStoreRecall) {
      if (n_in < 4) throw std::invalid_argument("store_recall needs at least 4 inputs (4 groups: bit 0, bit 1, store, recall)");
      return std::make_unique<StoreRecallTask>(cfg.store_recall, n_in, cfg.steps, seed);
    }
    return std::make_unique<EvidenceAccumulationTask>(cfg.evidence_accumulation, cfg.steps, seed);
  }
  const std::size_t T = static_cast<std::size_t>(cfg.steps);
  Trial trial;
  if (override_arrays.input) {
    check_shape(*override_arrays.input, T, static_cast<std::size_t>(n_in), "input");
    trial.input = *override_arrays.input;
  } else if (cfg.name == TaskName::kPatternGeneration) {
    trial.input = frozen_poisson_input(cfg.steps, n_in, cfg.pattern_generation.input_rate_hz, seed);
  } else {
    trial.input.assign(T, static_cast<std::size_t>(n_in));  // Murray's example: zero input
  }
  if (override_arrays.target) {
    check_shape(*override_arrays.target, T, static_cast<std::size_t>(n_out), "target");
    trial.target = *override_arrays.target;
  } else if (cfg.name == TaskName::kPatternGeneration) {
    trial.target = sum_of_sines_target(cfg.steps, n_out, cfg.pattern_generation, seed);
  } else {
    trial.target = periodic_target(cfg.steps, cfg.periodic_output);
  }
  trial.loss_mask.assign(T, 1.0);
  trial.label = -1;
  trial.decisions.clear();
  return std::make_unique<FrozenTrialTask>(cfg.name, std::move(trial), n_in, n_out);
}

}  // namespace fxprop::tasks
