// One trial of a task: plain data, the same for every engine.
#pragma once

#include <cstddef>
#include <vector>

#include "model/common/matrix.h"

namespace fxprop::tasks {

struct Trial {
  // Input per step: (T, N_in). Spike tasks hold 0/1, rate tasks real values.
  Matrix<double> input;
  // Target per step: (T, N_out). Regression: the desired output. Classification:
  // the one-hot target (inside the loss window; zero rows elsewhere).
  Matrix<double> target;
  // Per-step weight of the loss (0 outside the loss window, 1 inside).
  std::vector<double> loss_mask;
  // Classification label (index of the correct output), -1 for regression.
  int label = -1;

  std::size_t steps() const { return input.rows(); }
};

}  // namespace fxprop::tasks
