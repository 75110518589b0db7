#include "model/tasks/periodic_output.h"

#include <cmath>

namespace fxprop::tasks {

Matrix<double> periodic_target(int steps, const PeriodicOutputConfig& cfg) {
  constexpr double kTwoPi = 6.283185307179586476925286766559;
  const std::size_t T = static_cast<std::size_t>(steps);
  Matrix<double> target(T, 1);
  const double period = static_cast<double>(cfg.period > 0 ? cfg.period : steps);
  for (std::size_t t = 0; t < T; ++t) {
    const double phase = kTwoPi * static_cast<double>(t + 1) / period;
    double y = 0.0;
    for (std::size_t k = 0; k < cfg.harmonics.size(); ++k) y += cfg.amplitudes[k] * std::sin(cfg.harmonics[k] * phase);
    target(t, 0) = y;
  }
  return target;
}

}  // namespace fxprop::tasks
