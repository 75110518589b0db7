// What `fxprop train --engine fixed` writes besides the float engine's files:
// fixed_stats.json (per-variable counters, constants, initial quantisation) and
// every exported array also as raw integers (`*_raw.npy`, int64, in the variable's
// format: value = raw * 2^-F; the formats are in fixed_stats.json).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/fixed/core_state.h"
#include "model/fixed/trainer.h"
#include "model/golden/golden_config.h"
#include "model/io/output_dir.h"

namespace fxprop::cli {

// initial: the core's synapses before training (quantised initial weights and B).
void write_fixed_outputs(io::OutputDir& out, const golden::ExportConfig& exports, const fixed::Trainer& trainer,
                         const fixed::SynapseState& initial, const std::vector<fixed::RawRecord>& records,
                         const std::string& prefix = "");

// The engine block of metrics.json: formats, learning-rate mode, exact-intermediate type.
nlohmann::json fixed_metrics(const fixed::Trainer& trainer);

}  // namespace fxprop::cli
