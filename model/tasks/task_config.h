// The [task] section of the configuration, parsed and validated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/config/config_reader.h"

namespace fxprop::tasks {

enum class TaskName { kPatternGeneration, kEvidenceAccumulation, kPeriodicOutput, kStoreRecall };

struct PatternGenerationConfig {
  double input_rate_hz = 50.0;
  std::vector<double> periods_ms{1000.0, 500.0, 333.0, 200.0};
  double amplitude_min = 0.5;
  double amplitude_max = 2.0;
};

struct EvidenceAccumulationConfig {
  int population = 10;  // neurons per input group (4 groups: left, right, recall, noise)
  int n_cues = 7;
  int cue_steps = 100;
  int gap_steps = 50;
  int recall_steps = 150;
  double cue_rate_hz = 40.0;
  double recall_rate_hz = 40.0;
  double noise_rate_hz = 10.0;
  double cue_probability = 0.7;  // probability of a cue on the trial's dominant side
};

struct PeriodicOutputConfig {
  std::vector<double> harmonics{1.0, 2.0, 4.0};
  std::vector<double> amplitudes{1.0, 0.5, 0.25};
  int period = 0;  // steps per cycle of the fundamental; 0 = task.steps
};

struct StoreRecallConfig {
  int symbols = 12;             // symbols per trial (the reference's seq_len); task.steps = symbols * symbol_steps
  int symbol_steps = 200;       // steps (ms) per symbol (tau_char)
  double input_rate_hz = 50.0;  // Poisson rate of an input while its group's channel is on (f0)
  double expected_delay = 6.0;  // store/recall probability per symbol 1 / (1 + expected_delay) (seq_delay)
};

struct TaskConfig {
  TaskName name = TaskName::kPatternGeneration;
  int steps = 1000;
  std::int64_t seed = -1;  // -1: use run.seed
  PatternGenerationConfig pattern_generation;
  EvidenceAccumulationConfig evidence_accumulation;
  PeriodicOutputConfig periodic_output;
  StoreRecallConfig store_recall;
};

const char* task_name_string(TaskName name);
bool is_classification(TaskName name);
// Frozen tasks present the same trial every time (and may take it from .npy files).
bool is_frozen(TaskName name);

// Input and output counts the task fixes (nullopt: any count works).
std::optional<int> required_inputs(const TaskConfig& cfg);
std::optional<int> required_outputs(const TaskConfig& cfg);

// Parses [task] and the subsection of the selected task. Throws ConfigError.
TaskConfig parse_task_config(const config::Document& doc);

}  // namespace fxprop::tasks
