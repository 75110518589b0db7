#include "model/tasks/task_config.h"

#include <fmt/format.h>

namespace fxprop::tasks {

const char* task_name_string(TaskName name) {
  switch (name) {
    case TaskName::kPatternGeneration: return "pattern_generation";
    case TaskName::kEvidenceAccumulation: return "evidence_accumulation";
    case TaskName::kPeriodicOutput: return "periodic_output";
    case TaskName::kStoreRecall: return "store_recall";
  }
  return "?";
}

bool is_classification(TaskName name) { return name == TaskName::kEvidenceAccumulation || name == TaskName::kStoreRecall; }

bool is_frozen(TaskName name) { return name == TaskName::kPatternGeneration || name == TaskName::kPeriodicOutput; }

std::optional<int> required_inputs(const TaskConfig& cfg) {
  if (cfg.name == TaskName::kEvidenceAccumulation) return 4 * cfg.evidence_accumulation.population;
  return std::nullopt;
}

std::optional<int> required_outputs(const TaskConfig& cfg) {
  if (cfg.name == TaskName::kEvidenceAccumulation || cfg.name == TaskName::kStoreRecall) return 2;
  if (cfg.name == TaskName::kPeriodicOutput) return 1;
  return std::nullopt;
}

namespace {

constexpr int kMaxSteps = 10'000'000;

PatternGenerationConfig parse_pattern_generation(const config::Section& s) {
  PatternGenerationConfig c;
  c.input_rate_hz = s.get_double("input_rate_hz", 0.0, 1000.0);
  c.periods_ms = s.get_double_array("periods_ms", 1.0, 1e9);
  if (c.periods_ms.empty()) s.fail("periods_ms", "[]", "must list at least one period");
  c.amplitude_min = s.get_double("amplitude_min", 0.0, 1e6);
  c.amplitude_max = s.get_double("amplitude_max", 0.0, 1e6);
  if (c.amplitude_max < c.amplitude_min) {
    s.fail("amplitude_max", fmt::format("{}", c.amplitude_max),
           fmt::format("must be >= {} = {}", s.field("amplitude_min"), c.amplitude_min));
  }
  return c;
}

EvidenceAccumulationConfig parse_evidence(const config::Section& s, int steps) {
  EvidenceAccumulationConfig c;
  c.population = static_cast<int>(s.get_int("population", 1, 100000));
  c.n_cues = static_cast<int>(s.get_int("n_cues", 1, 1000));
  if (c.n_cues % 2 == 0) s.fail("n_cues", std::to_string(c.n_cues), "must be odd (the label is the side with more cues; no ties)");
  c.cue_steps = static_cast<int>(s.get_int("cue_steps", 1, kMaxSteps));
  c.gap_steps = static_cast<int>(s.get_int("gap_steps", 0, kMaxSteps));
  c.recall_steps = static_cast<int>(s.get_int("recall_steps", 1, kMaxSteps));
  c.cue_rate_hz = s.get_double("cue_rate_hz", 0.0, 1000.0);
  c.recall_rate_hz = s.get_double("recall_rate_hz", 0.0, 1000.0);
  c.noise_rate_hz = s.get_double("noise_rate_hz", 0.0, 1000.0);
  c.cue_probability = s.get_double("cue_probability", 0.5, 1.0);
  const std::int64_t cues_end =
      static_cast<std::int64_t>(c.gap_steps) + static_cast<std::int64_t>(c.n_cues) * (c.cue_steps + c.gap_steps);
  const std::int64_t recall_start = static_cast<std::int64_t>(steps) - c.recall_steps;
  if (cues_end > recall_start) {
    s.fail("recall_steps", std::to_string(c.recall_steps),
           fmt::format("must be <= task.steps - {} = {}: the loss window (the last recall_steps steps) must start after "
                       "the last cue, which ends at step {} = gap_steps + n_cues * (cue_steps + gap_steps); "
                       "increase task.steps or shorten the cues",
                       cues_end, static_cast<std::int64_t>(steps) - cues_end, cues_end));
  }
  return c;
}

PeriodicOutputConfig parse_periodic(const config::Section& s) {
  PeriodicOutputConfig c;
  c.harmonics = s.get_double_array("harmonics", 0.0, 1e6);
  c.amplitudes = s.get_double_array("amplitudes", -1e6, 1e6);
  c.period = static_cast<int>(s.get_int("period", 0, kMaxSteps));
  if (c.harmonics.empty()) s.fail("harmonics", "[]", "must list at least one harmonic");
  if (c.amplitudes.size() != c.harmonics.size()) {
    s.fail("amplitudes", fmt::format("({} values)", c.amplitudes.size()),
           fmt::format("must have as many values as {} ({})", s.field("harmonics"), c.harmonics.size()));
  }
  return c;
}

StoreRecallConfig parse_store_recall(const config::Section& s, int steps) {
  StoreRecallConfig c;
  c.symbols = static_cast<int>(s.get_int("symbols", 3, 100000));
  c.symbol_steps = static_cast<int>(s.get_int("symbol_steps", 1, kMaxSteps));
  c.input_rate_hz = s.get_double("input_rate_hz", 0.0, 1000.0);
  c.expected_delay = s.get_double("expected_delay", 0.0, 1e6, true);
  if (static_cast<std::int64_t>(c.symbols) * c.symbol_steps != steps) {
    s.fail("symbol_steps", std::to_string(c.symbol_steps),
           fmt::format("must satisfy task.steps = symbols * symbol_steps, but {} * {} = {} != {}", c.symbols, c.symbol_steps,
                       static_cast<std::int64_t>(c.symbols) * c.symbol_steps, steps));
  }
  return c;
}

}  // namespace

TaskConfig parse_task_config(const config::Document& doc) {
  const config::Section s = doc.section("task");
  TaskConfig c;
  const std::string name =
      s.get_choice("name", {"pattern_generation", "evidence_accumulation", "periodic_output", "store_recall"});
  if (name == "pattern_generation") c.name = TaskName::kPatternGeneration;
  if (name == "evidence_accumulation") c.name = TaskName::kEvidenceAccumulation;
  if (name == "periodic_output") c.name = TaskName::kPeriodicOutput;
  if (name == "store_recall") c.name = TaskName::kStoreRecall;
  c.steps = static_cast<int>(s.get_int("steps", 1, kMaxSteps));
  c.seed = s.get_int("seed", -1, INT64_MAX);
  switch (c.name) {
    case TaskName::kPatternGeneration: c.pattern_generation = parse_pattern_generation(s.section("pattern_generation")); break;
    case TaskName::kEvidenceAccumulation:
      c.evidence_accumulation = parse_evidence(s.section("evidence_accumulation"), c.steps);
      break;
    case TaskName::kPeriodicOutput: c.periodic_output = parse_periodic(s.section("periodic_output")); break;
    case TaskName::kStoreRecall: c.store_recall = parse_store_recall(s.section("store_recall"), c.steps); break;
  }
  return c;
}

}  // namespace fxprop::tasks
