// The synapse/learning unit: per-synapse eligibility traces of the exact variant
// (e, eps_a, ebar), the weight updates or gradient accumulation of W_in and W_rec
// rows (SYN) and of W_out rows (OUT), the end-of-batch application (APPLY_S,
// APPLY_O) and the clearing of the per-synapse memories (CLR_S, CLRACC_S, CLRACC_O).
#pragma once

#include "model/fixed/core.h"
#include "model/systemc/engine_base.h"

namespace fxprop::systemc {

class LearningUnit : public EngineBase {
 public:
  explicit LearningUnit(const sc_core::sc_module_name& name) : EngineBase(name) {}

  // SYN, one source row: its eligibility (exact variant) and/or its update.
  void synapse_row(fixed::Matrix3 m, int row, bool eligibility, bool update);
  // OUT, the W_out row of neuron j.
  void output_row(int j);
  // APPLY_S / APPLY_O, one row.
  void apply_row(fixed::Matrix3 m, int row);
  // CLR_S (exact variant): ebar and eps_a rows to 0.
  void clear_eligibility();
  // CLRACC_S, CLRACC_O: every accumulator to 0.
  void clear_accumulators();
};

}  // namespace fxprop::systemc
