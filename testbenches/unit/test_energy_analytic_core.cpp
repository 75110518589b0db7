// The analytic cycles and counts of the learning core (model/energy/analytic_core.h)
// against the cycle formulas of docs/microarchitecture.md section 7 written out by
// hand, and the counts' consistency with the memory map and the estimator.
#include <catch2/catch.hpp>

#include <numeric>

#include "model/energy/analytic_core.h"
#include "model/energy/counts_json.h"
#include "model/energy/estimate.h"
#include "model/energy/memory_builder.h"

using namespace fxprop::energy;

namespace {

// The example of microarchitecture.md section 7: 100-100-1, P = 4, factorised.
AnalyticCore pattern_core(LearningVariant variant, UpdateSchedule schedule) {
  AnalyticCore a;
  a.core.n_in = 100;
  a.core.n_rec = 100;
  a.core.n_out = 1;
  a.core.lanes = 4;
  a.core.variant = variant;
  a.core.schedule = schedule;
  a.core.feedback = FeedbackKind::random;
  a.stoch_bits = {{"w_in", 16}, {"w_rec", 16}, {"w_out", 16}};
  return a;
}

std::vector<StepActivity> some_steps() {
  return {
      {3, 0, 2, 40, 2, true},    // n_x, n_z', n_z, n_zb, n_zo, m
      {0, 2, 0, 38, 1, true},
      {5, 0, 7, 60, 9, false},
      {100, 100, 100, 200, 100, true},
  };
}

}  // namespace

TEST_CASE("analytic STEP cycles equal the section 7 formula of the 100-100-1 example, step by step", "[energy][analytic]") {
  const AnalyticCore a = pattern_core(LearningVariant::factorised, UpdateSchedule::online);
  for (const StepActivity& s : some_steps()) {
    const std::uint64_t m = s.loss_mask ? 1 : 0;
    // 26 + (n_x + n_z') 25 + 1 + 26 + n_z + 1 + 2 + m (101 + n_zb 25 + 1 + n_zo + 1)
    const std::uint64_t expected = 26 + (s.inputs_active + s.spikes_prev) * 25ULL + 1 + 26 + s.spikes + 1 + 2 +
                                   m * (101 + s.traces_nonzero * 25ULL + 1 + s.out_traces_nonzero + 1);
    const AnalyticCycles c = analytic_cycles(a, {s});
    CAPTURE(s.inputs_active, s.spikes_prev, s.spikes, s.traces_nonzero, s.out_traces_nonzero, s.loss_mask);
    CHECK(c.step_cycles == expected);
    CHECK(c.step_cycles == std::accumulate(c.phase.begin(), c.phase.begin() + 8, std::uint64_t{0}));
  }
}

TEST_CASE("analytic CLEAR, CLRACC and APPLY cycles follow section 7 for both variants", "[energy][analytic]") {
  // NWI = NWR = 25, NWO = 1.
  const AnalyticCycles f = analytic_cycles(pattern_core(LearningVariant::factorised, UpdateSchedule::online), some_steps());
  CHECK(f.clear_cycles == 26);
  CHECK(f.clracc_cycles == (200 * 25 + 1) + (100 + 1));
  CHECK(f.apply_cycles == 0);  // online: no APPLY
  const AnalyticCycles e = analytic_cycles(pattern_core(LearningVariant::exact, UpdateSchedule::per_trial), some_steps());
  CHECK(e.clear_cycles == 26 + 200 * 25 + 1);
  CHECK(e.apply_cycles == (200 * 25 + 1) + (100 + 1));
  // Exact: SYN runs every step over all rows, mask or not.
  CHECK(e.phase[6] == 4 * (200 * 25 + 1));
  CHECK(e.total() == e.step_cycles + e.clear_cycles + e.apply_cycles);
}

TEST_CASE("analytic counts of every variant are consistent with the memory map and priced by the estimator", "[energy][analytic]") {
  const auto variant = GENERATE(LearningVariant::factorised, LearningVariant::exact);
  const auto schedule = GENERATE(UpdateSchedule::online, UpdateSchedule::per_trial);
  AnalyticCore a = pattern_core(variant, schedule);
  a.core.n_alif = GENERATE(0, 10);
  const MemoryMap map = build_memory_map(a.core);
  const ActionCounts c = analytic_core_counts(a, some_steps(), 2, "test");
  CAPTURE(static_cast<int>(variant), static_cast<int>(schedule), a.core.n_alif);
  REQUIRE_NOTHROW(check_consistent(map, c, "test"));
  // Two trials of the same four steps.
  CHECK(c.events.trials == 2);
  CHECK(c.events.timesteps == 8);
  CHECK(c.events.learning_timesteps == 6);
  CHECK(c.events.synaptic_events == 2 * (3 + 2 + 5 + 200) * 100ULL);
  // Weight updates: online counts the masked steps' rows, per_trial the applied synapses of one batch.
  const std::uint64_t rows = variant == LearningVariant::exact ? 2 * (200 + 200 + 200) : 2 * (40 + 38 + 200);
  const std::uint64_t outs = 2 * (2 + 1 + 100);
  CHECK(c.events.weight_updates ==
        (schedule == UpdateSchedule::online ? rows * 100 + outs : 200 * 100 + 100 * 1));
  // Integrate reads one weight word per active source and word of the row.
  CHECK(c.phase(Phase::integrate).reads_of("w_in") == 2 * (3 + 5 + 100) * 25ULL);
  CHECK(c.phase(Phase::integrate).reads_of("w_rec") == 2 * (2 + 100) * 25ULL);
  // Stochastic weight rounding draws 16 bits per weight written, nothing else draws.
  std::uint64_t rng_bits = 0;
  for (const PhaseCounts& ph : c.phases) {
    for (const auto& [key, n] : ph.ops) {
      if (key.kind == OpKind::rng) rng_bits += static_cast<std::uint64_t>(key.width_a) * n;
    }
  }
  const std::uint64_t weights_written = schedule == UpdateSchedule::online ? rows * 100 + outs : 200 * 100 + 100;
  CHECK(rng_bits == 16 * weights_written);
  const Report r = estimate(c, map, EnergyTable::builtin(), TechNode{45});
  CHECK(r.pj_per_sop.value() > 0.0);
  CHECK(r.pj_per_weight_update.value() > 0.0);
  CHECK(r.cycles == c.cycles);
}

TEST_CASE("analytic counts reject activity that exceeds the network's sizes, naming the step and field", "[energy][analytic]") {
  const AnalyticCore a = pattern_core(LearningVariant::factorised, UpdateSchedule::online);
  std::vector<StepActivity> steps = some_steps();
  steps[1].spikes = 101;
  CHECK_THROWS_WITH(analytic_cycles(a, steps), Catch::Contains("activity[1].spikes = 101: must be in [0, 100]"));
  CHECK_THROWS_WITH(analytic_core_counts(a, steps, 1, "x"), Catch::Contains("activity[1].spikes"));
}
