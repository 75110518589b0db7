// The SystemC model of the learning core as a library (docs/systemc-model.md).
//
//   fxprop::systemc::SimulationReport r = fxprop::systemc::simulate(doc, opt);
//
// trains (or runs) the configured task on the cycle-approximate model: the
// fixed-point core's arithmetic (bit-identical to `--engine fixed`) driven through the
// SystemC hierarchy (controller, neuron unit, readout unit, learning unit, TLM-2.0
// memories), and returns the final state, the action counts (model/energy format),
// the cycles per phase and the simulated and wall-clock time.
//
// SystemC elaborates once per process: the hierarchy is built by the first
// simulation of a process and reused (re-attached) by every later one; only the
// first may write a VCD. Not thread-safe: one simulation at a time per process
// (concurrent calls are serialised by a lock).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/config/config_reader.h"
#include "model/energy/counts_json.h"
#include "model/fixed/core_state.h"
#include "model/fixed/trainer.h"
#include "model/golden/trainer.h"
#include "model/golden/weights.h"
#include "model/run/training.h"
#include "model/systemc/controller.h"
#include "model/systemc/memory.h"
#include "model/systemc/phases.h"

namespace fxprop::systemc {

struct SimulateOptions {
  // Training trials to run: 0 = the configuration's training run (train.iterations
  // batches, with its early stopping); n > 0 = ceil(n / train.batch) batches.
  std::int64_t trials = 0;
  std::string vcd_path;  // "" = no VCD (phase, timestep and counters over simulated time)
  StepHook on_step;      // after every timestep (lock-step co-simulation)
  run::IterationCallback on_iteration;  // after every training batch (progress)
};

struct PhaseCycleSummary {
  RtlPhase phase = RtlPhase::trace_in;
  std::string name;              // "INTEG", ...
  std::uint64_t total = 0;       // over the whole simulation (every command)
  std::uint64_t step_total = 0;  // in STEP commands
  double mean_per_step = 0.0;    // step_total / timesteps
  std::uint64_t max_per_step = 0;
};

struct MemoryReport {
  std::string name;
  std::uint64_t words = 0;
  int word_bits = 0;
  MemoryTraffic traffic;
};

struct SimulationReport {
  run::LoopResult loop;              // learning curve of the training run
  std::int64_t training_trials = 0;  // trials trained
  // Final state: raws of the core and the weights as values.
  fixed::NeuronState neurons;
  fixed::SynapseState synapses;
  golden::Weights weights;
  // Action counts of the whole simulation (total and per energy phase) with the
  // memory map they refer to: what `fxprop energy --counts` reads.
  energy::CountsDocument counts;
  std::vector<PhaseCycleSummary> phases;  // the 14 command phases, in code order
  std::vector<MemoryReport> memories;     // the memories present in this configuration
  std::uint64_t timesteps = 0;
  std::uint64_t total_cycles = 0;  // every command (STEP, CLEAR, CLRACC, APPLY)
  std::uint64_t random_bits = 0;   // drawn by the stochastic-rounding LFSRs
  double clock_mhz = 0.0;
  double simulated_seconds = 0.0;  // total_cycles / clock
  double wall_seconds = 0.0;       // of the simulation (job) only
  double cycles_per_second = 0.0;  // simulated core cycles per wall-clock second
};

// Parses and validates `doc` (config::ConfigError, std::invalid_argument for bad
// input, as `fxprop train --engine fixed` does, plus [hardware] and the network's fit
// into it) and simulates.
SimulationReport simulate(const config::Document& doc, const SimulateOptions& opt);

// The lower level: the SystemC model attached to a fixed-point trainer built by the
// caller (who keeps the trainer's interface: train_iteration, evaluate, ...). Every
// call that makes the trainer's core work must run inside run(); the report covers
// everything run so far. A second Session waits until the open one is destroyed (another
// thread) or throws std::logic_error (the same thread).
class Session {
 public:
  // Checks [hardware], the network's fit and (shift mode) lr_shift <= lr_shift_max.
  Session(const config::Document& doc, fixed::Trainer& trainer, const SimulateOptions& opt);
  // A core driven directly (Core::begin_trial / step / end_batch inside run(), e.g. in
  // lock step with the RTL); `fx` = the formats it was built with. Not copied: both must
  // outlive the Session. The learning-rate shift is not checked (no constants here).
  Session(const config::Document& doc, fixed::Core& core, const fixed::FixedConfig& fx, const SimulateOptions& opt);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void run(const std::function<void()>& job);
  // Counts, cycles, memories, time (loop, training_trials and the state are the caller's).
  SimulationReport report() const;

 private:
  Session(const config::Document& doc, const fixed::Core& core, const fixed::FixedConfig& fx,
          std::function<void(fixed::CoreListener*)> set_listener, const SimulateOptions& opt);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// cycles_per_phase.csv: phase code, name, total, step total, mean and max per timestep.
std::string phase_cycles_csv(const SimulationReport& r);

}  // namespace fxprop::systemc
