// Periodic output (Murray 2019, Fig. 2; the authors' RFLO_Example notebook):
// zero input; target y*[t] = sum_k amplitudes[k] sin(2 pi harmonics[k] (t + 1) / P), P = period
// (0: P = steps). Step t of a trial corresponds to the notebook's index t + 1: the notebook's
// index 0 is the given initial state h0 (no output, err = y*[0] = 0), so its trial of
// `duration` = 100 indices is steps = 99, period = 100 here.
#pragma once

#include "model/common/matrix.h"
#include "model/tasks/task_config.h"

namespace fxprop::tasks {

Matrix<double> periodic_target(int steps, const PeriodicOutputConfig& cfg);

}  // namespace fxprop::tasks
