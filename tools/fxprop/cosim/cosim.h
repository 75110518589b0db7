// `fxprop cosim`: the verilated RTL core in lock step with the SystemC model
// (model/systemc/, driving the fixed-point core whose bits are normative) on the same
// inputs and targets. After every timestep every state variable is compared bit for bit,
// every stochastic site's LFSR state, and the RTL's per-phase cycle counters against the
// SystemC model's; CLEAR, CLRACC and APPLY cycles against the formulas of
// docs/microarchitecture.md section 7 (testbenches/rtl/core/cycle_model.h).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/config/config_reader.h"
#include "model/fixed/core.h"
#include "model/fixed/core_state.h"
#include "model/fixed/fixed_config.h"
#include "model/golden/golden_config.h"
#include "model/hardware/hardware_config.h"
#include "model/tasks/task.h"
#include "testbenches/rtl/common/core_model.h"

namespace fxprop::cosim {

// Flip the LSB of one model variable after a given step (a test-only fault that the
// co-simulation must catch).
struct Fault {
  std::string variable;
  long index = 0;
  long step = 0;  // global step number (0-based) after which the fault is applied
};

// Parses "VAR:INDEX:STEP"; throws std::invalid_argument naming the part that is wrong.
Fault parse_fault(const std::string& text);

struct Options {
  long steps = 0;          // timesteps to co-simulate (0: one trial)
  std::string vcd;         // VCD of the RTL around the first mismatch ("" = none)
  std::optional<Fault> fault;
};

// Everything the run needs, prepared and validated by the command.
struct Setup {
  std::shared_ptr<const config::Document> doc;  // what the SystemC model reads
  golden::GoldenConfig cfg;
  fixed::FixedConfig fx;
  hardware::HardwareConfig hw;
  std::shared_ptr<const tasks::Task> task;
  fxref::Config rtl_cfg;                    // the raw run-time configuration of the RTL
  std::shared_ptr<const fixed::Core> core;  // weights loaded, streams seeded
};

// One compiled RTL configuration (rtl/cfg/<name>).
class RtlConfig {
 public:
  virtual ~RtlConfig() = default;
  virtual const char* name() const = 0;
  // "" if the run fits this configuration, else why not (naming the parameter).
  virtual std::string mismatch(const Setup& s) const = 0;
  // Runs the co-simulation; returns the exit code (0 bit-exact, 1 mismatch).
  virtual int run(const Setup& s, const Options& opt) const = 0;
};

std::unique_ptr<RtlConfig> rtl_default();
std::unique_ptr<RtlConfig> rtl_w8();

}  // namespace fxprop::cosim
