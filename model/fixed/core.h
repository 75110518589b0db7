// The whole learning core, one timestep at a time: the phases of
// docs/learning-core.md section 2, in order, over explicit state, built from the
// row kernels (row_kernels.h). Sequential by design, as the hardware is.
#pragma once

#include <cstdint>
#include <vector>

#include "model/fixed/core_listener.h"
#include "model/fixed/core_state.h"
#include "model/fixed/datapath.h"
#include "model/fixed/sites.h"

namespace fxprop::fixed {

class Core {
 public:
  // Weights start at 0 (load them into synapses()); the LFSR streams are seeded from
  // master_seed (sites.h); `count` enables the per-site counters.
  Core(const Datapath& dp, std::uint64_t master_seed, bool count);

  const Datapath& datapath() const { return dp_; }
  NeuronState& neurons() { return ns_; }
  const NeuronState& neurons() const { return ns_; }
  SynapseState& synapses() { return syn_; }
  const SynapseState& synapses() const { return syn_; }
  Sites& sites() { return sites_; }
  const Sites& sites() const { return sites_; }

  // Start of a trial: neuron state and eligibility memories to 0; weights,
  // accumulators and LFSR states persist.
  void begin_trial();
  // One timestep: x = this step's input spikes (n_in values, 0 or 1), ystar_q = target
  // (n_out raws in y's format), mask = loss mask. With learn = false only phases 1-4
  // run (inference: no learning signal, eligibility or weight change, no draws there).
  void step(const std::uint8_t* x, const std::int64_t* ystar_q, bool mask, bool learn = true);
  // End of a batch (per_trial schedule): W = q_w(W - lr acc), acc = 0 for every trained
  // synapse, W_in rows, W_rec rows, W_out rows, posts ascending. No-op when online.
  void end_batch();

  // Reports every unit of work to `listener` (nullptr: none, the fast path). Not owned.
  void set_listener(CoreListener* listener) { listener_ = listener; }
  CoreListener* listener() const { return listener_; }

 private:
  Datapath dp_;
  NeuronState ns_;
  SynapseState syn_;
  Sites sites_;
  std::vector<int> spiking_;  // neurons with z[t] = 1 (event list of the readout)
  CoreListener* listener_ = nullptr;
};

}  // namespace fxprop::fixed
