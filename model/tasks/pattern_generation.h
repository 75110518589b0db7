// Pattern generation (Bellec et al. 2020, Fig. 2; the authors' tutorial_pattern_generation.py):
// frozen Poisson input, target a sum of sines per output.
#pragma once

#include <cstdint>

#include "model/common/matrix.h"
#include "model/tasks/task_config.h"

namespace fxprop::tasks {

// (T, n_in) raster, each entry 1 with probability rate_hz * 1 ms, drawn in
// row-major order from stream kTaskInstance, index 1.
Matrix<double> frozen_poisson_input(int steps, int n_in, double rate_hz, std::uint64_t seed);

// (T, n_out) target. Per output k (in order): amplitudes a_s ~ U(amplitude_min, amplitude_max)
// for every period, then phases phi_s ~ U(0, 2 pi), from stream kTaskInstance, index 0.
// sine_s[t] = a_s sin(phi_s + 2 pi floor(T / period_s) t / (T - 1))  (numpy linspace with endpoint,
// as in the reference), summed, shifted so y*[0] = 0 and scaled to max |y*| = 1.
Matrix<double> sum_of_sines_target(int steps, int n_out, const PatternGenerationConfig& cfg, std::uint64_t seed);

}  // namespace fxprop::tasks
