// What the learning core is doing, as it does it: Core::step and friends report
// every unit of work (a row of a phase, a whole-vector phase) to an optional
// listener before doing it. A timing model (the SystemC engine, model/systemc/) turns
// these reports into memory transactions, operation counts and cycles; the loops,
// the event-driven skip rules and the order of the random draws stay in one place
// (core.cpp), shared by every engine.
//
// Without a listener Core runs the listener-free instantiation: no virtual calls, no
// cost.
#pragma once

#include <cstdint>

namespace fxprop::fixed {

class Core;

// Which weight matrix a row belongs to.
enum class Matrix3 : std::uint8_t { in, rec, out };

class CoreListener {
 public:
  virtual ~CoreListener() = default;

  // Core::begin_trial (the CLEAR command), before the state is zeroed.
  virtual void on_begin_trial(const Core& core) = 0;
  // Start of Core::step: this step's input spikes (n_in values), loss mask, learn flag.
  virtual void on_step_begin(const Core& core, const std::uint8_t* x, bool mask, bool learn) = 0;
  // Phase 1: the W_in row of an active input (in) or the W_rec row of a neuron that
  // spiked at t-1 (rec) is added into I.
  virtual void on_integrate_row(Matrix3 m, int row) = 0;
  // Phases 2-3: every neuron updated, then every trace (zbar_in, zbar_rec, zbar_out).
  virtual void on_neurons() = 0;
  // Phase 4: readout over the n_spiking neurons with z[t] = 1, then the error.
  virtual void on_readout(int n_spiking) = 0;
  // Phase 5 (loss-mask steps): L of every neuron (and L psi, factorised).
  virtual void on_learning_signal() = 0;
  // Phases 6-7, one source row of W_in / W_rec: its eligibility (exact variant) and,
  // if `update`, its weight update or gradient accumulation.
  virtual void on_synapse_row(Matrix3 m, int row, bool eligibility, bool update) = 0;
  // Phase 7, the W_out row of neuron j (zbar_out_j != 0, loss-mask steps).
  virtual void on_output_row(int j) = 0;
  // End of Core::step: the state after the step is final.
  virtual void on_step_end(const Core& core) = 0;
  // Core::end_batch (per_trial): the application of the accumulators of one row.
  virtual void on_apply_row(Matrix3 m, int row) = 0;
  // After Core::end_batch.
  virtual void on_end_batch(const Core& core) = 0;
};

}  // namespace fxprop::fixed
