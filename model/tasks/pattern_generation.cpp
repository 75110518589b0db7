#include "model/tasks/pattern_generation.h"

#include <algorithm>
#include <cmath>

#include "model/common/random.h"

namespace fxprop::tasks {

Matrix<double> frozen_poisson_input(int steps, int n_in, double rate_hz, std::uint64_t seed) {
  Random rng(seed, RandomStream::kTaskInstance, 1);
  const double p = rate_hz * 1e-3;
  Matrix<double> x(static_cast<std::size_t>(steps), static_cast<std::size_t>(n_in));
  for (std::size_t t = 0; t < x.rows(); ++t) {
    for (std::size_t i = 0; i < x.cols(); ++i) x(t, i) = rng.bernoulli(p) ? 1.0 : 0.0;
  }
  return x;
}

Matrix<double> sum_of_sines_target(int steps, int n_out, const PatternGenerationConfig& cfg, std::uint64_t seed) {
  constexpr double kTwoPi = 6.283185307179586476925286766559;
  Random rng(seed, RandomStream::kTaskInstance, 0);
  const std::size_t T = static_cast<std::size_t>(steps);
  const std::size_t n_sines = cfg.periods_ms.size();
  Matrix<double> target(T, static_cast<std::size_t>(n_out));
  std::vector<double> amplitude(n_sines);
  std::vector<double> phase(n_sines);
  std::vector<double> y(T);
  for (std::size_t k = 0; k < target.cols(); ++k) {
    for (auto& a : amplitude) a = rng.uniform(cfg.amplitude_min, cfg.amplitude_max);
    for (auto& ph : phase) ph = rng.uniform(0.0, kTwoPi);
    std::fill(y.begin(), y.end(), 0.0);
    for (std::size_t s = 0; s < n_sines; ++s) {
      const double cycles = std::floor(static_cast<double>(T) / cfg.periods_ms[s]);
      const double span = kTwoPi * cycles;
      for (std::size_t t = 0; t < T; ++t) {
        const double frac = T > 1 ? static_cast<double>(t) / static_cast<double>(T - 1) : 0.0;
        y[t] += amplitude[s] * std::sin(phase[s] + span * frac);
      }
    }
    const double y0 = y[0];
    double scale = 0.0;
    for (double& v : y) {
      v -= y0;
      scale = std::max(scale, std::abs(v));
    }
    scale = std::max(scale, 1e-6);
    for (std::size_t t = 0; t < T; ++t) target(t, k) = y[t] / scale;
  }
  return target;
}

}  // namespace fxprop::tasks
