// The controller (sequencer) of the core: turns the fixed-point core's work reports
// (fixed::CoreListener) into the commands STEP, CLEAR, CLRACC and APPLY of
// docs/microarchitecture.md, hands each unit of work to its engine, sums the
// cycles of each command's phases and advances simulated time.
//
// Time (temporal decoupling): the engines do not wait; the controller keeps a
// tlm_quantumkeeper whose local time grows by each command's cycles and
// synchronises with the SystemC kernel once per timestep (the quantum). With a VCD
// trace it synchronises after every phase instead, so the trace shows the phases.
//
// The controller's thread also runs the whole job (the training loop) that drives
// the core: SystemC allows one elaboration per process, so the module hierarchy is
// built once (Platform) and each simulation is a job handed to this thread.
#pragma once

#include <array>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "model/fixed/core_listener.h"
#include "model/systemc/learning_unit.h"
#include "model/systemc/neuron_unit.h"
#include "model/systemc/readout_unit.h"
#include "model/systemc/run_context.h"

namespace fxprop::systemc {

// Cycles of every phase of one timestep (index slot(p); 0 for disabled phases).
using PhaseCycleArray = std::array<std::uint64_t, kNumRtlPhases>;

// What the per-timestep hook sees (after the step, before the next one).
struct StepView {
  std::uint64_t timestep = 0;  // 0, 1, ... over the whole simulation
  PhaseCycleArray phase_cycles{};  // of this STEP command
  std::uint64_t step_cycles = 0;   // their sum
  const fixed::Core* core = nullptr;  // the state after the step (read only)
  const std::uint8_t* x = nullptr;    // this step's input spikes (n_in values)
  bool mask = false, learn = false;   // loss mask, learning step
};
using StepHook = std::function<void(const StepView&)>;

// Per-phase cycle statistics over the STEP commands of a run.
struct StepCycleStats {
  std::uint64_t steps = 0;
  PhaseCycleArray total{}, max{};
};

class Controller : public sc_core::sc_module, public fixed::CoreListener {
 public:
  SC_HAS_PROCESS(Controller);
  Controller(const sc_core::sc_module_name& name, NeuronUnit& neuron, ReadoutUnit& readout, LearningUnit& learning);

  // Per run.
  void attach(RunContext* ctx, StepHook hook);
  // Runs `job` in this module's thread until it returns (sc_start inside); rethrows
  // what the job threw.
  void run(const std::function<void()>& job);
  // CLRACC (per_trial schedule): before the first batch.
  void clear_accumulators();
  // Traces phase, timestep and counters into `tf` (elaboration only).
  void trace(sc_core::sc_trace_file* tf);

  void stop_tracing() { tracing_ = false; }
  const StepCycleStats& step_stats() const { return stats_; }
  // Cycles of every command phase over the run (STEP, CLEAR, CLRACC, APPLY).
  const PhaseCycleArray& command_cycles() const { return command_cycles_; }
  std::uint64_t steps() const { return stats_.steps; }

  // fixed::CoreListener
  void on_begin_trial(const fixed::Core& core) override;
  void on_step_begin(const fixed::Core& core, const std::uint8_t* x, bool mask, bool learn) override;
  void on_integrate_row(fixed::Matrix3 m, int row) override;
  void on_neurons() override;
  void on_readout(int n_spiking) override;
  void on_learning_signal() override;
  void on_synapse_row(fixed::Matrix3 m, int row, bool eligibility, bool update) override;
  void on_output_row(int j) override;
  void on_step_end(const fixed::Core& core) override;
  void on_apply_row(fixed::Matrix3 m, int row) override;
  void on_end_batch(const fixed::Core& core) override;

 private:
  void thread();
  void begin_command();
  // Charges the current command's phases (cycles, time); returns the per-phase cycles.
  PhaseCycleArray finish_command(bool updating);

  NeuronUnit& neuron_;
  ReadoutUnit& readout_;
  LearningUnit& learning_;
  RunContext* ctx_ = nullptr;
  StepHook hook_;
  tlm_utils::tlm_quantumkeeper qk_;
  bool tracing_ = false;

  sc_core::sc_event job_event_;
  std::function<void()> job_;
  std::exception_ptr error_;
  bool job_done_ = false;

  // The STEP in progress.
  const fixed::Core* core_ = nullptr;
  const std::uint8_t* x_ = nullptr;
  bool mask_ = false, learn_ = false, had_events_ = false;
  bool in_apply_ = false;
  StepCycleStats stats_;
  PhaseCycleArray command_cycles_{};

  // VCD signals.
  sc_core::sc_signal<int> phase_sig_{"phase"};
  sc_core::sc_signal<sc_dt::uint64> timestep_sig_{"timestep"};
  sc_core::sc_signal<sc_dt::uint64> cycles_sig_{"cycles"};
  sc_core::sc_signal<sc_dt::uint64> step_cycles_sig_{"step_cycles"};
  sc_core::sc_signal<sc_dt::uint64> reads_sig_{"memory_reads"};
  sc_core::sc_signal<sc_dt::uint64> writes_sig_{"memory_writes"};
  sc_core::sc_signal<sc_dt::uint64> sops_sig_{"synaptic_events"};
};

}  // namespace fxprop::systemc
