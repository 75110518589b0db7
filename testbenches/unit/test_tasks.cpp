// Properties of the task generators: determinism by (seed, set, index), the
// published timing of the evidence-accumulation trial, the pattern-generation
// and periodic targets.
#include <catch2/catch.hpp>

#include <cmath>

#include "model/tasks/store_recall.h"
#include "model/tasks/task.h"
#include "testbenches/unit/golden_test_support.h"

using namespace fxprop;
using namespace fxprop::tasks;

namespace {
TaskConfig evidence_config() {
  return test::config_from("[task]\nname = \"evidence_accumulation\"\nsteps = 2250\n[network]\nn_in = 40\nn_out = 2\n").task;
}
}  // namespace

TEST_CASE("an evidence-accumulation trial depends only on (seed, set, index), not on generation order", "[tasks]") {
  const auto task = make_task(evidence_config(), 40, 2, 7);
  Trial a, b, c, d;
  task->generate(TrialSet::kTrain, 5, a);
  task->generate(TrialSet::kTrain, 6, c);
  task->generate(TrialSet::kTrain, 5, b);
  CHECK(a.input == b.input);
  CHECK(a.label == b.label);
  CHECK(a.input != c.input);
  task->generate(TrialSet::kEval, 5, d);
  CHECK(a.input != d.input);
  const auto other_seed = make_task(evidence_config(), 40, 2, 8);
  other_seed->generate(TrialSet::kTrain, 5, d);
  CHECK(a.input != d.input);
}

TEST_CASE("evidence-accumulation trials follow the reference timing: cue k at steps 50+150k to 149+150k, recall and loss in the last 150 steps, label = majority side",
          "[tasks]") {
  const auto task = make_task(evidence_config(), 40, 2, 1);
  double noise_spikes = 0.0;
  int labels[2] = {0, 0};
  const int n_trials = 20;
  for (int n = 0; n < n_trials; ++n) {
    Trial tr;
    task->generate(TrialSet::kTrain, static_cast<std::uint64_t>(n), tr);
    REQUIRE(tr.steps() == 2250);
    int left_cues = 0;
    for (std::size_t t = 0; t < tr.steps(); ++t) {
      double group[4] = {0, 0, 0, 0};
      for (std::size_t i = 0; i < 40; ++i) group[i / 10] += tr.input(t, i);
      noise_spikes += group[3];
      const bool in_cue = t >= 50 && (t - 50) / 150 < 7 && (t - 50) % 150 < 100;
      if (!in_cue) {
        CHECK(group[0] == 0.0);
        CHECK(group[1] == 0.0);
      }
      CHECK((group[0] == 0.0 || group[1] == 0.0));  // one side per cue
      if (t < 2100) CHECK(group[2] == 0.0);
      CHECK(tr.loss_mask[t] == (t >= 2100 ? 1.0 : 0.0));
      const double onehot = t >= 2100 ? 1.0 : 0.0;
      CHECK(tr.target(t, static_cast<std::size_t>(tr.label)) == onehot);
      CHECK(tr.target(t, static_cast<std::size_t>(1 - tr.label)) == 0.0);
    }
    // A cue lights 10 neurons for 100 steps at 40 Hz: ~40 spikes, so its side is visible.
    for (int k = 0; k < 7; ++k) {
      double left = 0.0, right = 0.0;
      for (std::size_t t = static_cast<std::size_t>(50 + 150 * k); t < static_cast<std::size_t>(150 + 150 * k); ++t) {
        for (std::size_t i = 0; i < 10; ++i) left += tr.input(t, i);
        for (std::size_t i = 10; i < 20; ++i) right += tr.input(t, i);
      }
      REQUIRE(left + right > 0.0);
      left_cues += left > 0.0 ? 1 : 0;
    }
    CHECK(tr.label == (left_cues >= 4 ? 0 : 1));
    ++labels[tr.label];
  }
  CHECK(labels[0] > 0);
  CHECK(labels[1] > 0);
  const double noise_hz = 1000.0 * noise_spikes / (n_trials * 2250.0 * 10.0);
  CHECK(noise_hz == Approx(10.0).epsilon(0.1));
}

TEST_CASE("pattern-generation target starts at 0 with max |y*| = 1 and its frozen input fires at the configured rate",
          "[tasks]") {
  const TaskConfig cfg = test::config_from("[network]\nn_out = 3\n").task;
  const auto task = make_task(cfg, 100, 3, 11);
  CHECK(task->frozen());
  Trial a, b;
  task->generate(TrialSet::kTrain, 0, a);
  task->generate(TrialSet::kEval, 99, b);
  CHECK(a.input == b.input);
  CHECK(a.target == b.target);
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(a.target(0, k) == 0.0);
    double m = 0.0;
    for (std::size_t t = 0; t < a.steps(); ++t) m = std::max(m, std::abs(a.target(t, k)));
    CHECK(m == Approx(1.0).epsilon(1e-12));
  }
  CHECK(a.target(500, 0) != a.target(500, 1));
  double spikes = 0.0;
  for (double x : a.input.values()) spikes += x;
  CHECK(1000.0 * spikes / static_cast<double>(a.input.size()) == Approx(50.0).epsilon(0.05));
}

TEST_CASE("periodic-output target is sin(2 pi t'/T) + 0.5 sin(4 pi t'/T) + 0.25 sin(8 pi t'/T) with t' = t + 1", "[tasks]") {
  const TaskConfig cfg = test::config_from("[task]\nname = \"periodic_output\"\nsteps = 100\n[network]\nneuron_form = \"rate\"\n[learning]\nrule = \"rflo\"\n").task;
  const auto task = make_task(cfg, 1, 1, 1);
  Trial tr;
  task->generate(TrialSet::kTrain, 0, tr);
  const double pi = 3.14159265358979323846;
  for (std::size_t t : {0u, 24u, 49u, 99u}) {
    const double s = static_cast<double>(t + 1) / 100.0;
    CHECK(tr.target(t, 0) == Approx(std::sin(2 * pi * s) + 0.5 * std::sin(4 * pi * s) + 0.25 * std::sin(8 * pi * s)).margin(1e-12));
  }
  for (double x : tr.input.values()) CHECK(x == 0.0);
}

TEST_CASE("periodic-output period decouples the target cycle from the trial length (Murray's notebook: steps 99, period 100)", "[tasks]") {
  const TaskConfig cfg = test::config_from(
                             "[task]\nname = \"periodic_output\"\nsteps = 99\n[task.periodic_output]\nperiod = 100\n"
                             "[network]\nneuron_form = \"rate\"\n[learning]\nrule = \"rflo\"\n")
                             .task;
  const auto task = make_task(cfg, 1, 1, 1);
  Trial tr;
  task->generate(TrialSet::kTrain, 0, tr);
  REQUIRE(tr.steps() == 99);
  const double pi = 3.14159265358979323846;
  for (std::size_t t : {0u, 49u, 98u}) {
    const double s = static_cast<double>(t + 1) / 100.0;
    CHECK(tr.target(t, 0) == Approx(std::sin(2 * pi * s) + 0.5 * std::sin(4 * pi * s) + 0.25 * std::sin(8 * pi * s)).margin(1e-12));
  }
  CHECK(tr.target(98, 0) != Approx(0.0).margin(1e-3));  // the 100th index (phase 1, target 0) is not a step
}

namespace {
TaskConfig store_recall_config() {
  return test::config_from("[task]\nname = \"store_recall\"\nsteps = 2400\n[network]\nneuron_form = \"b\"\nn_in = 100\nn_out = 2\n").task;
}
}  // namespace

TEST_CASE("store-recall input groups are numpy's array_split of n_in into 4", "[tasks]") {
  using P = std::pair<int, int>;
  CHECK(StoreRecallTask::group_range(100, 0) == P{0, 25});
  CHECK(StoreRecallTask::group_range(100, 3) == P{75, 100});
  CHECK(StoreRecallTask::group_range(10, 0) == P{0, 3});
  CHECK(StoreRecallTask::group_range(10, 1) == P{3, 6});
  CHECK(StoreRecallTask::group_range(10, 2) == P{6, 8});
  CHECK(StoreRecallTask::group_range(10, 3) == P{8, 10});
}

TEST_CASE("store-recall validity test of the reference: stores and recalls alternate, a bit follows every store, a recall ends", "[tasks]") {
  const int S = kStoreSymbol, R = kRecallSymbol;
  CHECK(store_recall_sentence_valid({0, S, 1, 0, R, 1}));
  CHECK(store_recall_sentence_valid({S, 1, R, S, 0, 1, R}));
  CHECK_FALSE(store_recall_sentence_valid({0, 1, 0, 1}));        // no store, no recall
  CHECK_FALSE(store_recall_sentence_valid({R, S, 1, R}));        // recall before the first store
  CHECK_FALSE(store_recall_sentence_valid({S, 1, R, S, 0}));     // last store never recalled
  CHECK_FALSE(store_recall_sentence_valid({S, R, 1, R}));        // store not followed by a bit
  CHECK_FALSE(store_recall_sentence_valid({S, 1, S, 0, R}));     // two stores without a recall
  CHECK_FALSE(store_recall_sentence_valid({S, 1, R, 0, R}));     // two recalls without a store
  CHECK_FALSE(store_recall_sentence_valid({S, S}));              // store at the end / no bit
}

TEST_CASE("store-recall trials: 12 symbols of 200 ms, the bit shown with STORE is the label of the next RECALL, loss and decisions on recall symbols only",
          "[tasks]") {
  const TaskConfig cfg = store_recall_config();
  const auto task = make_task(cfg, 100, 2, 3);
  const auto& sr = dynamic_cast<const StoreRecallTask&>(*task);
  CHECK(task->classification());
  CHECK_FALSE(task->frozen());
  int recalls = 0, stores = 0, flipped = 0, kept = 0;
  int labels[2] = {0, 0};
  double on_spikes = 0.0, on_steps = 0.0;
  const int n_trials = 40;
  for (int n = 0; n < n_trials; ++n) {
    Trial tr;
    task->generate(TrialSet::kTrain, static_cast<std::uint64_t>(n), tr);
    const auto s = sr.sentence(TrialSet::kTrain, static_cast<std::uint64_t>(n));
    REQUIRE(tr.steps() == 2400);
    REQUIRE(s.symbols.size() == 12);
    CHECK(store_recall_sentence_valid(s.symbols));
    std::size_t d = 0;
    int stored = -1;
    for (std::size_t k = 0; k < 12; ++k) {
      const int sym = s.symbols[k];
      if (sym == kStoreSymbol) {
        ++stores;
        stored = s.symbols[k + 1];
        CHECK(s.channels[k][static_cast<std::size_t>(stored)]);  // the bit to store is shown with STORE
        CHECK_FALSE(s.channels[k][static_cast<std::size_t>(1 - stored)]);
        CHECK(s.channels[k][2]);
        (s.channels[k + 1][static_cast<std::size_t>(stored)] ? kept : flipped) += 1;  // the next symbol: a random distractor
      }
      if (sym == kRecallSymbol) {
        ++recalls;
        REQUIRE(d < tr.decisions.size());
        CHECK(tr.decisions[d].begin == 200 * k);
        CHECK(tr.decisions[d].end == 200 * (k + 1));
        CHECK(tr.decisions[d].label == stored);
        CHECK(s.targets[k] == stored);
        CHECK((s.channels[k] == std::vector<bool>{false, false, false, true}));
        ++labels[stored];
        ++d;
      }
      // Raster: inputs fire only in the groups lit by this symbol; loss only on recall symbols.
      double group[4] = {0, 0, 0, 0};
      for (std::size_t t = 200 * k; t < 200 * (k + 1); ++t) {
        for (std::size_t i = 0; i < 100; ++i) group[i / 25] += tr.input(t, i);
        CHECK(tr.loss_mask[t] == (sym == kRecallSymbol ? 1.0 : 0.0));
        if (sym == kRecallSymbol) {
          CHECK(tr.target(t, static_cast<std::size_t>(stored)) == 1.0);
          CHECK(tr.target(t, static_cast<std::size_t>(1 - stored)) == 0.0);
        } else {
          CHECK(tr.target(t, 0) + tr.target(t, 1) == 0.0);
        }
      }
      for (std::size_t g = 0; g < 4; ++g) {
        if (!s.channels[k][g]) {
          CHECK(group[g] == 0.0);
        } else {
          on_spikes += group[g];
          on_steps += 200.0 * 25.0;
        }
      }
    }
    CHECK(d == tr.decisions.size());
    CHECK(tr.label == tr.decisions.front().label);
  }
  CHECK(recalls >= n_trials);
  CHECK(stores == recalls);
  CHECK(labels[0] > 0);
  CHECK(labels[1] > 0);
  CHECK(flipped > 0);
  CHECK(kept > 0);
  CHECK(1000.0 * on_spikes / on_steps == Approx(50.0).epsilon(0.05));
}

TEST_CASE("a store-recall trial depends only on (seed, set, index)", "[tasks]") {
  const auto task = make_task(store_recall_config(), 100, 2, 7);
  Trial a, b, c, d;
  task->generate(TrialSet::kTrain, 5, a);
  task->generate(TrialSet::kTrain, 6, c);
  task->generate(TrialSet::kTrain, 5, b);
  CHECK(a.input == b.input);
  CHECK(a.target == b.target);
  CHECK(a.decisions.size() == b.decisions.size());
  CHECK(a.input != c.input);
  task->generate(TrialSet::kValidation, 5, d);
  CHECK(a.input != d.input);
  make_task(store_recall_config(), 100, 2, 8)->generate(TrialSet::kTrain, 5, d);
  CHECK(a.input != d.input);
}
