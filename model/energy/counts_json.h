// The JSON form of a run's action counts together with the memory map they
// refer to: what the SystemC model writes and `fxprop energy --counts FILE`
// reads. Reading is strict: unknown keys, missing fields, negative or
// non-integer counts, unknown phases, memories, roles or operation kinds are
// errors (InputError) that name the JSON path, e.g.
//   counts.json: field 'phases.integrate.ops[2].count' = -4: must be a non-negative integer
//
// Layout (every key required; the writer emits every phase, zeros included):
// {
//   "format": "fxprop-action-counts", "version": 1,
//   "source": "systemc", "lanes": 16, "cycles": 123456,
//   "events": {"timesteps": ., "learning_timesteps": ., "trials": ., "synaptic_events": ., "weight_updates": .},
//   "memory_map": {"synapses": ., "neurons": ., "memories": [
//       {"name": "w_rec", "kind": "sram", "words": 4096, "word_bits": 128,
//        "fields": [{"name": "w_rec", "role": "inference_weights", "bits": 524288}]}, ...]},
//   "phases": {"integrate": {"cycles": ., "lane_cycles_busy": ., "lane_cycles_idle": .,
//                            "memories": {"w_rec": {"reads": ., "writes": .}},
//                            "ops": [{"kind": "add", "width_a": 16, "width_b": 8, "count": .}]}, ...}
// }
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "model/energy/action_counts.h"
#include "model/energy/memory_map.h"

namespace fxprop::energy {

inline constexpr std::string_view kCountsFormat = "fxprop-action-counts";
inline constexpr int kCountsVersion = 1;
inline constexpr int kMaxLanes = 4096;

struct CountsDocument {
  MemoryMap memory_map;
  ActionCounts counts;
};

nlohmann::json counts_to_json(const CountsDocument& doc);
std::string counts_to_json_text(const CountsDocument& doc);  // pretty-printed, newline-terminated

// `source` names the input in error messages (usually the file name).
CountsDocument counts_from_json(const nlohmann::json& j, const std::string& source);
CountsDocument parse_counts_json(std::string_view text, const std::string& source);
CountsDocument read_counts_file(const std::string& path);

// Checks between counts and map (also run by counts_from_json and by
// estimate()): every memory a phase accesses exists in the map; lanes in
// [1, kMaxLanes]; busy + idle lane-cycles <= lanes x cycles per phase;
// max(phase cycles) <= cycles <= sum(phase cycles); learning_timesteps <= timesteps.
void check_consistent(const MemoryMap& map, const ActionCounts& counts, const std::string& source);

}  // namespace fxprop::energy
