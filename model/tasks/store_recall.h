// Store-recall (Bellec, Salaj, Subramoney, Legenstein, Maass, "Long short-term memory and
// learning-to-learn in networks of spiking neurons", NeurIPS 2018 (LSNN), and the e-prop
// authors' tutorial_store_recall.py / storerecall_utils.py, GitHub IGITUGraz/eligibility_propagation,
// for Bellec et al., Nat. Commun. 11:3625 (2020)).
//
// A trial is a sentence of `symbols` symbols of `symbol_steps` steps each (12 x 200 ms).
// Symbols: the bits 0 and 1, STORE and RECALL. The n_in inputs form 4 groups (numpy's
// array_split of n_in into 4: the first n_in % 4 groups one larger): bit 0, bit 1, store,
// recall. Each input fires as a Poisson process at input_rate_hz while its group's channel
// is on during a symbol, and is silent otherwise.
//
// Sentence (generate_input_with_prob of the reference), p = 1 / (1 + expected_delay):
//   draw a random bit per symbol; walking through the symbols, after a RECALL (and at the
//   start) a symbol becomes STORE with probability p, after a STORE a symbol becomes RECALL
//   with probability p (one uniform per symbol). Redraw until valid: at least one STORE, one
//   RECALL and one bit; the first RECALL after the first STORE and the last RECALL after the
//   last STORE; every STORE followed by a bit; STOREs and RECALLs alternate. As in the
//   reference, the "last signal" state carries over from a rejected draw into the next.
// Channels (generate_mikolov_data): a bit symbol lights its bit's group; a STORE symbol
//   lights the store group AND the bit group of the following symbol (the bit to remember
//   is shown together with STORE); then, with probability 1/2, the symbol after the STORE
//   shows the other bit (a distractor). A RECALL symbol lights only the recall group.
// Target: during every RECALL symbol, the bit that was shown with the preceding STORE.
//   Loss mask 1 and one-hot target on every step of a RECALL symbol; each RECALL symbol is one
//   decision (argmax of the readout summed over its steps). Error = wrong recalls / recalls.
//
// Random draws (stream kTrainTrials / kEvalTrials / kValidationTrials, index = trial number),
// in order: per sentence attempt `symbols` uniforms for the bits (< 0.5: bit 0), then one
// uniform per symbol for the store/recall walk; one uniform per STORE (< 0.5: flip the
// following symbol) in time order; then one uniform per (t, i) of the raster, row-major.
#pragma once

#include <utility>
#include <vector>

#include "model/common/random.h"
#include "model/tasks/task.h"

namespace fxprop::tasks {

// Symbol codes, as in the reference: bits 0 and 1, then STORE = 2, RECALL = 3.
constexpr int kStoreSymbol = 2;
constexpr int kRecallSymbol = 3;

class StoreRecallTask final : public Task {
 public:
  StoreRecallTask(const StoreRecallConfig& cfg, int n_in, int steps, std::uint64_t seed);
  TaskName name() const override { return TaskName::kStoreRecall; }
  void generate(TrialSet set, std::uint64_t index, Trial& out) const override;

  // The symbol sequence of a trial (codes above) and the channel each symbol lights,
  // channels[s][g] for the 4 groups (bit 0, bit 1, store, recall); exposed for tests.
  struct Sentence {
    std::vector<int> symbols;
    std::vector<int> targets;  // bit to recall at RECALL symbols, -1 elsewhere
    std::vector<std::vector<bool>> channels;
  };
  Sentence sentence(TrialSet set, std::uint64_t index) const;

  // [first, last) input indices of group g (numpy array_split of n_in into 4).
  static std::pair<int, int> group_range(int n_in, int g);

 private:
  Sentence draw_sentence(Random& rng) const;

  StoreRecallConfig cfg_;
  std::uint64_t seed_;
};

// The reference's validity test of a sentence (codes above).
bool store_recall_sentence_valid(const std::vector<int>& symbols);

}  // namespace fxprop::tasks
