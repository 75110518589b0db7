// Evidence (cue) accumulation (Bellec et al. 2020, Fig. 3).
//
// Inputs: 4 groups of `population` neurons: left cues, right cues, recall cue, noise.
// Trial: with probability 1/2 the left side is dominant; each of n_cues cues is on the
// dominant side with probability cue_probability. Cue c lights its side's group at
// cue_rate during steps [gap + c (cue + gap), gap + c (cue + gap) + cue). The recall
// group fires at recall_rate and the loss is evaluated during the last recall_steps
// steps; the noise group fires at noise_rate throughout. Label: 0 if more cues were
// on the left, 1 otherwise (n_cues is odd, so there are no ties).
//
// Random draws (stream kTrainTrials, kEvalTrials or kValidationTrials, index = trial number), in order:
// one uniform for the dominant side (< 0.5: left), one per cue (< p_left: left), then
// one uniform per (t, i) of the raster in row-major order (spike if < rate * 1 ms).
#pragma once

#include "model/tasks/task.h"

namespace fxprop::tasks {

class EvidenceAccumulationTask final : public Task {
 public:
  EvidenceAccumulationTask(const EvidenceAccumulationConfig& cfg, int steps, std::uint64_t seed);
  TaskName name() const override { return TaskName::kEvidenceAccumulation; }
  void generate(TrialSet set, std::uint64_t index, Trial& out) const override;

 private:
  EvidenceAccumulationConfig cfg_;
  std::uint64_t seed_;
};

}  // namespace fxprop::tasks
