// The [hardware] section of a configuration: the compile-time parameters of the
// learning core's microarchitecture (docs/microarchitecture.md sections 2, 3 and 5)
// that the SystemC timing model and the RTL share. The defaults in
// tools/fxprop/default_config.toml equal rtl/cfg/default/fxprop_cfg.svh (a unit test
// reads that file and compares).
//
// Word packing is fixed by the microarchitecture: every memory holds one variable,
// `lanes` elements per word (lane l of word w = post w * lanes + l), so a memory of a
// variable of width W bits has a port of lanes * W bits.
#pragma once

#include <cstdint>
#include <string>

#include "model/config/config_reader.h"

namespace fxprop::hardware {

struct HardwareConfig {
  int lanes = 0;         // P: posts per memory word and parallel datapath lanes (power of two)
  int n_in_max = 0;      // NInMax: inputs the memories are sized for
  int n_rec_max = 0;     // NRecMax: recurrent neurons
  int n_out_max = 0;     // NOutMax: outputs
  int n_ref_max = 0;     // NRefMax: largest refractory period (steps)
  int lr_shift_max = 0;  // LrShiftMax: lr = 2^-lr_shift, lr_shift in [0, LrShiftMax]
  // Pipeline of a phase (microarchitecture.md section 5): a word is issued in stage A,
  // its memory data arrive memory_read_latency cycles later, and the execute stages
  // (compute + write-back) take execute_stages cycles. The RTL: 1 and 1, i.e. a phase
  // of n word items takes n + 1 cycles.
  int memory_read_latency = 0;
  int execute_stages = 0;
  // Memories with fewer words than this are flip-flop arrays, larger ones SRAM macros
  // (pricing only: model/energy/memory_builder.h).
  std::uint64_t min_sram_words = 0;
  double clock_mhz = 0;  // core clock: simulated time = cycles / clock_mhz

  // Cycles a phase with `items` word items takes (items >= 0): items issued one per
  // cycle, the last one drains through the pipeline; an enabled phase without items
  // still takes its drain cycles (1 in the RTL: the sequencer's phase cycle).
  std::uint64_t phase_cycles(std::uint64_t items) const {
    return items + static_cast<std::uint64_t>(drain_cycles());
  }
  int drain_cycles() const { return memory_read_latency + execute_stages - 1; }
  // Words of a vector of n elements (n >= 0).
  std::uint64_t words(std::uint64_t n) const {
    return (n + static_cast<std::uint64_t>(lanes) - 1) / static_cast<std::uint64_t>(lanes);
  }
  double clock_period_ns() const { return 1000.0 / clock_mhz; }
};

// Reads and validates [hardware] (config::ConfigError naming hardware.<field>, its
// value and what is allowed).
HardwareConfig parse_hardware_config(const config::Section& hardware);
HardwareConfig parse_hardware_config(const config::Document& doc);

// The network of a run must fit the core: n_in <= n_in_max etc. Throws ConfigError
// naming the network field (network.n_in, n_rec, n_out, n_ref), its value and the
// hardware maximum.
void check_network_fits(const config::Document& doc, const HardwareConfig& hw);

}  // namespace fxprop::hardware
