// The constants of the learning core, quantised once by the host with
// round-to-nearest into their configured formats (docs/learning-core.md, section 1),
// and checked before a run: a decay that becomes 0 or 1, a value that saturates or
// vanishes, is an error naming the format field, the value and the format.
#pragma once

#include <cstdint>

#include "fixedpoint/format.h"
#include "fixedpoint/stats.h"
#include "model/config/config_reader.h"
#include "model/fixed/fixed_config.h"
#include "model/golden/golden_config.h"

namespace fxprop::fixed {

// One constant: the float it comes from, its raw in `fmt`, and whether this
// configuration uses it (rho and beta only with ALIF neurons, lr_q only in
// multiplier mode).
struct QuantisedConstant {
  double value = 0.0;
  std::int64_t q = 0;
  fxp::Format fmt;
  bool used = false;
};

struct CoreConstants {
  QuantisedConstant alpha, rho, kappa, thr, beta, psi_peak, inv_thr;
  LrMode lr_mode = LrMode::kShift;
  int lr_shift = 0;        // shift mode: lr = 2^-lr_shift (any integer)
  QuantisedConstant lr;    // multiplier mode: the applied lr in fixed.formats.lr
};

// The learning rate of one weight application: optimizer.lr for the online schedule;
// optimizer.lr / train.batch for per_trial, which applies the sum of a batch's
// gradients where the golden model applies their mean.
double applied_learning_rate(const golden::GoldenConfig& cfg);

// Throws config::ConfigError naming fixed.formats.<key> (or optimizer.lr /
// train.batch for a learning rate that is not a power of two in shift mode).
CoreConstants quantise_constants(const golden::GoldenConfig& cfg, const FixedConfig& fx);

// The raw of `v` in `fmt`, rounded to nearest (ties up), saturating: how the host
// quantises every float it loads into the core (constants, weights, B, targets).
std::int64_t quantise_host(double v, const fxp::Format& fmt, fxp::Stats* stats = nullptr);

}  // namespace fxprop::fixed
