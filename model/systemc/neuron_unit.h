// The neuron unit: input traces (TRACE_IN), event-driven integration of the weight
// rows of active sources into the synaptic currents (INTEG), and the neuron update
// with the recurrent and readout traces (NEURON: leak, adaptation, threshold, spike,
// reset, refractoriness, pseudo-derivative). P lanes: one memory word per cycle.
// The arithmetic is done by model/fixed (Core's phase code); this module issues the
// memory transactions and counts the operations of that work.
#pragma once

#include <cstdint>

#include "model/fixed/core.h"
#include "model/systemc/engine_base.h"

namespace fxprop::systemc {

class NeuronUnit : public EngineBase {
 public:
  explicit NeuronUnit(const sc_core::sc_module_name& name) : EngineBase(name) {}

  // TRACE_IN: zbar_in = q(alpha zbar_in + c x) for every input.
  void trace_inputs();
  // INTEG, one row: I_j = q(I_j + W[row][j]) for every post (W_in row of an active
  // input, or W_rec row of a neuron that spiked at t-1).
  void integrate_row(fixed::Matrix3 m, int row);
  // NEURON: every neuron (core = the state before the update); `had_events` = INTEG
  // had rows (otherwise I = 0 is written back).
  void update_neurons(const fixed::Core& core, bool had_events);
  // CLR_N (CLEAR): every per-neuron and per-input memory to 0.
  void clear_neurons();
};

}  // namespace fxprop::systemc
