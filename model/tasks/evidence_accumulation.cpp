#include "model/tasks/evidence_accumulation.h"

#include <vector>

#include "model/common/random.h"

namespace fxprop::tasks {

EvidenceAccumulationTask::EvidenceAccumulationTask(const EvidenceAccumulationConfig& cfg, int steps, std::uint64_t seed)
    : Task(4 * cfg.population, 2, steps), cfg_(cfg), seed_(seed) {}

void EvidenceAccumulationTask::generate(TrialSet set, std::uint64_t index, Trial& out) const {
  const RandomStream stream = set == TrialSet::kTrain  ? RandomStream::kTrainTrials
                              : set == TrialSet::kEval ? RandomStream::kEvalTrials
                                                       : RandomStream::kValidationTrials;
  Random rng(seed_, stream, index);
  const bool left_dominant = rng.uniform() < 0.5;
  const double p_left = left_dominant ? cfg_.cue_probability : 1.0 - cfg_.cue_probability;
  std::vector<bool> cue_left(static_cast<std::size_t>(cfg_.n_cues));
  int n_left = 0;
  for (std::size_t c = 0; c < cue_left.size(); ++c) {
    cue_left[c] = rng.uniform() < p_left;
    n_left += cue_left[c] ? 1 : 0;
  }
  out.label = 2 * n_left > cfg_.n_cues ? 0 : 1;

  const std::size_t T = static_cast<std::size_t>(steps());
  const std::size_t P = static_cast<std::size_t>(cfg_.population);
  const std::size_t recall_start = T - static_cast<std::size_t>(cfg_.recall_steps);
  out.input.assign(T, 4 * P);
  out.target.assign(T, 2);
  out.loss_mask.assign(T, 0.0);
  out.decisions.assign(1, Decision{recall_start, T, out.label});

  const double p_cue = cfg_.cue_rate_hz * 1e-3;
  const double p_recall = cfg_.recall_rate_hz * 1e-3;
  const double p_noise = cfg_.noise_rate_hz * 1e-3;
  const std::size_t period = static_cast<std::size_t>(cfg_.cue_steps + cfg_.gap_steps);
  const std::size_t gap = static_cast<std::size_t>(cfg_.gap_steps);
  for (std::size_t t = 0; t < T; ++t) {
    double p_left_group = 0.0;
    double p_right_group = 0.0;
    if (t >= gap) {
      const std::size_t c = (t - gap) / period;
      const bool in_cue = c < cue_left.size() && (t - gap) % period < static_cast<std::size_t>(cfg_.cue_steps);
      if (in_cue) (cue_left[c] ? p_left_group : p_right_group) = p_cue;
    }
    const double p_recall_group = t >= recall_start ? p_recall : 0.0;
    double* x = out.input.row(t);
    for (std::size_t i = 0; i < 4 * P; ++i) {
      const std::size_t group = i / P;
      const double p = group == 0 ? p_left_group : group == 1 ? p_right_group : group == 2 ? p_recall_group : p_noise;
      x[i] = rng.uniform() < p ? 1.0 : 0.0;
    }
    if (t >= recall_start) {
      out.loss_mask[t] = 1.0;
      out.target(t, static_cast<std::size_t>(out.label)) = 1.0;
    }
  }
}

}  // namespace fxprop::tasks
