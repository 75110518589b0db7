// The memories of the learning core (docs/learning-core.md) computed from the
// network size, the variable widths and the learning variant: pure arithmetic
// on sizes, independent of any simulator, so the SystemC model's memory map
// can be cross-checked against it.
//
// Layout (learning-core.md section 3): every memory is [pre][post] with P
// posts per word, so a synaptic memory with `pre` rows and `post` columns has
// pre * ceil(post / P) words of P * bits; a per-neuron (or per-source) memory
// of n entries has ceil(n / P) words of P * bits. One memory per variable.
// Memories with fewer than `min_sram_words` words are built from flip-flops
// (kind registers), larger ones are SRAM macros.
//
// What is stored, by variant:
//   always            w_in, w_rec, w_out (inference weights); i_syn, v (neuron state);
//                     a (ALIF posts only), r (refractory counter, if n_ref > 0), y (readout);
//                     zbar_in, zbar_rec (trace per source), zbar_out, psi, l, err
//                     (per-neuron learning state)
//   feedback random   b [n_rec][n_out] (learning_other)
//   variant exact     ebar_in, ebar_rec per synapse; eps_a_in, eps_a_rec for ALIF posts
//                     (columns = n_alif); learning_per_synapse
//   schedule per_trial grad_acc_in, grad_acc_rec, grad_acc_out per synapse
// The factorised variant keeps no per-synapse learning state; lpsi, e and
// thr_adaptive are transient (datapath registers, not memories).
#pragma once

#include <cstdint>
#include <string>

#include "model/energy/memory_map.h"

namespace fxprop::energy {

enum class LearningVariant { factorised, exact };
enum class UpdateSchedule { online, per_trial };
enum class FeedbackKind { symmetric, random };

// Total width in bits (sign included) of each stored variable's format: the
// width the fixed-point library reports for the [fixed.formats] entry of the
// same name. zbar covers the traces of inputs and recurrent neurons.
struct VariableBits {
  int w_in = 8, w_rec = 8, w_out = 8, b = 8;
  int i_syn = 16, v = 16, a = 16, y = 16;
  int zbar = 12, zbar_out = 12, psi = 8, l = 16, err = 16;
  int ebar = 16, eps_a = 16, grad_acc = 16;
};

struct CoreDescription {
  int n_in = 0, n_rec = 0, n_out = 0;
  int n_alif = 0;  // ALIF neurons among the recurrent ones (adaptation state, eps_a columns)
  int n_ref = 0;   // refractory period in steps; 0 = no refractory counter
  int lanes = 1;   // P, posts per memory word
  LearningVariant variant = LearningVariant::factorised;
  UpdateSchedule schedule = UpdateSchedule::online;
  FeedbackKind feedback = FeedbackKind::symmetric;
  VariableBits bits;
  std::uint64_t min_sram_words = 16;
};

// std::invalid_argument naming the field for sizes or widths out of range
// (sizes in [1, 1 << 20] except n_alif in [0, n_rec] and n_ref >= 0; widths in [1, 64]).
MemoryMap build_memory_map(const CoreDescription& core);

// Bits of the refractory counter for a period of n_ref steps (0 if n_ref == 0).
int refractory_counter_bits(int n_ref);

}  // namespace fxprop::energy
