// What the host writes into the core and reads back: initial weights and the
// feedback matrix quantised into their formats (round-to-nearest, saturating, as
// every host-side float), trials converted to input spikes and raw targets, and
// raws read back as values.
#pragma once

#include <cstdint>
#include <vector>

#include "fixedpoint/stats.h"
#include "model/common/matrix.h"
#include "model/fixed/core_state.h"
#include "model/fixed/fixed_config.h"
#include "model/golden/weights.h"
#include "model/tasks/task.h"

namespace fxprop::fixed {

// Counters of the initial quantisation (saturations and values that became 0).
struct InitialQuantisation {
  fxp::Stats w_in, w_rec, w_out, b;
};

// q(float) into W_in, W_rec, W_out (their sites' formats) and B (fixed.formats.b).
void load_weights(const golden::Weights& w, const FixedConfig& fx, SynapseState& syn, InitialQuantisation* counters);

// The represented value of every raw of a matrix (exact up to 53 significant bits).
Matrix<double> values(const Matrix<std::int64_t>& raws, const fxp::Format& fmt);
double value(std::int64_t raw, const fxp::Format& fmt);
// Current weights (and B) as values.
golden::Weights weight_values(const SynapseState& syn, const FixedConfig& fx);

// One trial as the core consumes it.
struct CoreTrial {
  Matrix<std::uint8_t> x;        // (T, n_in) input spikes
  Matrix<std::int64_t> ystar_q;  // (T, n_out) targets, raws in y's format
  std::vector<std::uint8_t> mask;  // (T) loss mask
};

// Throws std::invalid_argument if an input is not 0 or 1 (naming step and channel).
void load_trial(const tasks::Trial& trial, const fxp::Format& y_fmt, CoreTrial& out);

// Before a run: the task's inputs are binary and its targets fit y's format (a frozen
// task's trial is checked as generated or loaded; a classification target is 1).
// Throws config::ConfigError naming init.input / task.name or fixed.formats.y.
void check_task_for_core(const golden::GoldenConfig& cfg, const FixedConfig& fx, const tasks::Task& task);

}  // namespace fxprop::fixed
