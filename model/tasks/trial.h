// One trial of a task: plain data, the same for every engine.
#pragma once

#include <cstddef>
#include <vector>

#include "model/common/matrix.h"

namespace fxprop::tasks {

// A classification decision: the readout summed over steps [begin, end) votes for one output,
// which should be `label`. Evidence accumulation has one per trial (the recall window),
// store-recall one per recall symbol.
struct Decision {
  std::size_t begin = 0;
  std::size_t end = 0;
  int label = -1;
};

struct Trial {
  // Input per step: (T, N_in). Spike tasks hold 0/1, rate tasks real values.
  Matrix<double> input;
  // Target per step: (T, N_out). Regression: the desired output. Classification:
  // the one-hot target (inside the loss window; zero rows elsewhere).
  Matrix<double> target;
  // Per-step weight of the loss (0 outside the loss window, 1 inside).
  std::vector<double> loss_mask;
  // Classification label (index of the correct output) of the first decision, -1 for regression.
  int label = -1;
  // Classification: the trial's decisions, in time order, non-overlapping (empty for regression).
  std::vector<Decision> decisions;

  std::size_t steps() const { return input.rows(); }
};

}  // namespace fxprop::tasks
