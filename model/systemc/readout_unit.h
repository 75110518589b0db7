// The readout unit: the readout sums of the spiking neurons (RO_ACC), the leaky
// readout and the output error (READOUT), and the learning signal L_j = sum_k B_jk
// err_k with the factorised post factor L psi (LSIG).
#pragma once

#include "model/fixed/core.h"
#include "model/systemc/engine_base.h"

namespace fxprop::systemc {

class ReadoutUnit : public EngineBase {
 public:
  explicit ReadoutUnit(const sc_core::sc_module_name& name) : EngineBase(name) {}

  // RO_ACC over the neurons with z[t] = 1 (core = state after the neuron update),
  // then READOUT (err on loss-mask steps).
  void readout(const fixed::Core& core, bool mask);
  // LSIG: every neuron's L (and lpsi in the factorised variant).
  void learning_signal();
};

}  // namespace fxprop::systemc
