#include "model/tasks/store_recall.h"

#include <stdexcept>
#include <string>

#include "model/common/random.h"

namespace fxprop::tasks {

namespace {

RandomStream stream_of(TrialSet set) {
  return set == TrialSet::kTrain ? RandomStream::kTrainTrials
         : set == TrialSet::kEval ? RandomStream::kEvalTrials
                                  : RandomStream::kValidationTrials;
}

// A sentence has no valid draw only for degenerate settings; the parser rejects those
// (symbols >= 3, 0 < p < 1), after which a valid draw has probability > 0 per attempt.
constexpr int kMaxAttempts = 1'000'000;

}  // namespace

std::pair<int, int> StoreRecallTask::group_range(int n_in, int g) {
  const int base = n_in / 4;
  const int extra = n_in % 4;
  const int first = g * base + (g < extra ? g : extra);
  return {first, first + base + (g < extra ? 1 : 0)};
}

bool store_recall_sentence_valid(const std::vector<int>& symbols) {
  const int n = static_cast<int>(symbols.size());
  int first_store = -1, first_recall = -1, last_store = -1, last_recall = -1;
  bool has_bit = false;
  for (int t = 0; t < n; ++t) {
    const int s = symbols[static_cast<std::size_t>(t)];
    if (s == kStoreSymbol) {
      if (first_store < 0) first_store = t;
      last_store = t;
    } else if (s == kRecallSymbol) {
      if (first_recall < 0) first_recall = t;
      last_recall = t;
    } else {
      has_bit = true;
    }
  }
  if (first_store < 0 || first_recall < 0 || !has_bit) return false;
  if (first_recall < first_store) return false;
  if (last_recall < last_store) return false;
  int last_signal = -1;
  for (int t = 0; t < n; ++t) {
    const int s = symbols[static_cast<std::size_t>(t)];
    if (s == kStoreSymbol) {
      if (t == n - 1 || symbols[static_cast<std::size_t>(t + 1)] >= kStoreSymbol) return false;
    }
    if (s >= kStoreSymbol) {
      if (s == last_signal) return false;  // two STOREs (RECALLs) without a RECALL (STORE) between
      last_signal = s;
    }
  }
  return true;
}

StoreRecallTask::StoreRecallTask(const StoreRecallConfig& cfg, int n_in, int steps, std::uint64_t seed)
    : Task(n_in, 2, steps), cfg_(cfg), seed_(seed) {}

StoreRecallTask::Sentence StoreRecallTask::draw_sentence(Random& rng) const {
  const auto n = static_cast<std::size_t>(cfg_.symbols);
  const double p = 1.0 / (1.0 + cfg_.expected_delay);
  Sentence s;
  s.symbols.resize(n);
  int last_signal = kRecallSymbol;  // carried over between attempts, as in the reference
  for (int attempt = 0;; ++attempt) {
    if (attempt == kMaxAttempts) throw std::runtime_error("store_recall: no valid sentence in " + std::to_string(kMaxAttempts) + " draws");
    for (std::size_t t = 0; t < n; ++t) s.symbols[t] = rng.uniform() < 0.5 ? 0 : 1;
    for (std::size_t t = 0; t < n; ++t) {
      const double u = rng.uniform();
      if (last_signal == kRecallSymbol && u < p) {
        s.symbols[t] = kStoreSymbol;
        last_signal = kStoreSymbol;
      } else if (last_signal == kStoreSymbol && u < p) {
        s.symbols[t] = kRecallSymbol;
        last_signal = kRecallSymbol;
      }
    }
    if (store_recall_sentence_valid(s.symbols)) break;
  }
  s.targets.assign(n, -1);
  int stored = -1;
  for (std::size_t t = 0; t < n; ++t) {
    if (s.symbols[t] == kStoreSymbol) stored = s.symbols[t + 1];  // valid: a bit follows every STORE
    if (s.symbols[t] == kRecallSymbol) s.targets[t] = stored;
  }
  s.channels.assign(n, std::vector<bool>(4, false));
  for (std::size_t t = 0; t < n; ++t) s.channels[t][static_cast<std::size_t>(s.symbols[t])] = true;
  for (std::size_t t = 0; t + 1 < n; ++t) {
    if (s.symbols[t] != kStoreSymbol) continue;
    s.channels[t][0] = s.channels[t + 1][0];
    s.channels[t][1] = s.channels[t + 1][1];
    if (rng.uniform() < 0.5) {
      s.channels[t + 1][0] = !s.channels[t + 1][0];
      s.channels[t + 1][1] = !s.channels[t + 1][1];
    }
  }
  return s;
}

StoreRecallTask::Sentence StoreRecallTask::sentence(TrialSet set, std::uint64_t index) const {
  Random rng(seed_, stream_of(set), index);
  return draw_sentence(rng);
}

void StoreRecallTask::generate(TrialSet set, std::uint64_t index, Trial& out) const {
  Random rng(seed_, stream_of(set), index);
  const Sentence s = draw_sentence(rng);
  const std::size_t T = static_cast<std::size_t>(steps());
  const std::size_t D = static_cast<std::size_t>(cfg_.symbol_steps);
  const std::size_t n_in = static_cast<std::size_t>(this->n_in());
  out.input.assign(T, n_in);
  out.target.assign(T, 2);
  out.loss_mask.assign(T, 0.0);
  out.decisions.clear();
  out.label = -1;
  std::vector<int> group_of(n_in);
  for (int g = 0; g < 4; ++g) {
    const auto [first, last] = group_range(this->n_in(), g);
    for (int i = first; i < last; ++i) group_of[static_cast<std::size_t>(i)] = g;
  }
  const double rate = cfg_.input_rate_hz * 1e-3;
  for (std::size_t t = 0; t < T; ++t) {
    const std::size_t sym = t / D;
    const std::vector<bool>& on = s.channels[sym];
    double* x = out.input.row(t);
    for (std::size_t i = 0; i < n_in; ++i) {
      const double p = on[static_cast<std::size_t>(group_of[i])] ? rate : 0.0;
      x[i] = rng.uniform() < p ? 1.0 : 0.0;
    }
    const int target = s.targets[sym];
    if (target >= 0) {
      out.loss_mask[t] = 1.0;
      out.target(t, static_cast<std::size_t>(target)) = 1.0;
    }
  }
  for (std::size_t sym = 0; sym < s.symbols.size(); ++sym) {
    if (s.targets[sym] < 0) continue;
    out.decisions.push_back(Decision{sym * D, (sym + 1) * D, s.targets[sym]});
  }
  out.label = out.decisions.front().label;
}

}  // namespace fxprop::tasks
