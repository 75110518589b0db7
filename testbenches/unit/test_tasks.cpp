// Properties of the task generators: determinism by (seed, set, index), the
// published timing of the evidence-accumulation trial, the pattern-generation
// and periodic targets.
#include <catch2/catch.hpp>

#include <cmath>

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
