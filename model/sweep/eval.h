// Evaluating one sweep point: its complete configuration, its metrics (run::evaluate)
// and its memory figures (energy::build_memory_map with the point's formats).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/config/config_reader.h"
#include "model/energy/memory_builder.h"
#include "model/golden/golden_config.h"
#include "model/sweep/plan.h"
#include "model/sweep/spec.h"

namespace fxprop::sweep {

// Defaults + base overlay + the point's overrides + run.seed. Throws config::ConfigError.
config::Document point_document(const Spec& spec, const Point& p, std::string_view defaults_toml);

// The core a configuration describes: sizes from the network, widths from [fixed.formats],
// variant / schedule / feedback from [learning]. Throws std::invalid_argument naming the format.
energy::CoreDescription core_description(const config::Document& doc, const golden::GoldenConfig& cfg);
// learning bits per synapse / neuron, weight bits per synapse, inference / learning / total bits.
nlohmann::json memory_figures(const energy::CoreDescription& core);

// Everything a point needs checked before a sweep starts: the configuration parses and
// validates, the .npy files fit, the memory map builds. Throws (ConfigError / invalid_argument).
void check_point(const Spec& spec, const Point& p, std::string_view defaults_toml);

// Runs the point (single-threaded) and returns its record (without the "run" timing part):
// {"kind":"point","key","id","engine","seed","overrides","config_hash","status","metrics","memory","stats"};
// status is "ok", "diverged" (a non-finite loss) or "rejected" (the engine refused the configuration:
// metrics null, "error" holds its message).
nlohmann::json evaluate_point(const Spec& spec, const Point& p, std::string_view defaults_toml);

}  // namespace fxprop::sweep
