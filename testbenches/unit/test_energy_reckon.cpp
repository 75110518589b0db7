// The ReckOn-like analytic counts (NOT simulated) reproduce the published
// cycle and access structure, and the estimator prices them as the table's
// anchors say. The figures themselves are reported in docs/energy.md.
#include <catch2/catch.hpp>

#include <cmath>

#include "model/energy/estimate.h"
#include "model/energy/reckon_like.h"
#include "testbenches/unit/energy_test_util.h"

using namespace fxprop::energy;
using fxprop::energy::test::close;

TEST_CASE("ReckOn-like counts reproduce the published cycle structure", "[energy][reckon]") {
  for (const ReckonLikeWorkload w : {ReckonLikeWorkload{}, ReckonLikeWorkload{2, 50, 5, 10, 30}}) {
    const ActionCounts c = reckon_like_counts(w);
    const std::uint64_t steps = w.trials * w.timesteps_per_trial;
    const std::uint64_t learn = w.trials * w.learning_timesteps_per_trial;
    const std::uint64_t active = w.input_events_per_step + w.recurrent_spikes_per_step;
    CHECK(c.source.find("not simulated") != std::string::npos);
    // Inference ~ 256 + 256 x active source indices per step; leak step 256 cycles.
    CHECK(c.phase(Phase::integrate).cycles == steps * (256 + 256 * active));
    CHECK(c.phase(Phase::neuron).cycles == steps * 256);
    // A learning step of the full network: 8,704 cycles for 135,168 weights.
    CHECK(c.phase(Phase::learning_signal).cycles + c.phase(Phase::weight_update).cycles ==
          learn * kReckonLearningStepCycles);
    CHECK(c.events.weight_updates == learn * kReckonWeights);
    // 16 weights per 128-bit word: one word read and written per 16 updates.
    const PhaseCounts& wu = c.phase(Phase::weight_update);
    CHECK(wu.reads_of("w_in") + wu.reads_of("w_rec") + wu.reads_of("w_out") == learn * kReckonWeights / 16);
    CHECK(wu.writes_of("w_in") + wu.writes_of("w_rec") + wu.writes_of("w_out") == learn * kReckonWeights / 16);
    // One stochastic draw per weight: 32 bits for input/recurrent, 28 for output weights.
    CHECK(wu.ops.at(OpKey{OpKind::rng, 32, 0}) == learn * 2 * 65536);
    CHECK(wu.ops.at(OpKey{OpKind::rng, 28, 0}) == learn * 4096);
    CHECK(c.events.synaptic_events == steps * 256 * active);
    CHECK(c.phase(Phase::integrate).ops_of(OpKind::add) == c.events.synaptic_events);
    CHECK(c.cycles == c.total().cycles);
  }
  CHECK_THROWS_AS(reckon_like_counts(ReckonLikeWorkload{1, 10, 11, 1, 1}), std::invalid_argument);
  CHECK_THROWS_AS(reckon_like_counts(ReckonLikeWorkload{1, 10, 1, 200, 100}), std::invalid_argument);
  CHECK_THROWS_AS(reckon_like_counts(ReckonLikeWorkload{0, 10, 1, 1, 1}), std::invalid_argument);
}

TEST_CASE("ReckOn-like marginal SOP and update energies follow the table's anchors", "[energy][reckon]") {
  const ActionCounts c = reckon_like_counts(ReckonLikeWorkload{});
  const Report r = estimate(c, reckon_like_memory_map(), EnergyTable::builtin(), TechNode{28});
  // By hand from horowitz45.toml: SRAM = CACTI(KiB) x (128/8)^0.8 / f(32) x f(28).
  const double port = std::pow(16.0, 0.8), to28 = 0.51 / 0.616;
  const double neuron_r = 1.18 * std::pow(2.0 / 8.0, 0.6) * port * to28;  // 2 KiB: extrapolated with ^0.6
  const double neuron_w = 1.13 * std::pow(2.0 / 8.0, 0.6) * port * to28;
  const double weight_r = 3.94 * port * to28;  // 64 KiB anchor
  const double weight_w = 3.46 * port * to28;
  const double out_r = 1.18 * port * to28;  // 8 KiB anchor
  const double out_w = 1.13 * port * to28;
  // Per SOP: half a neuron-word read and write (2 neurons per word), 1/16 of a weight word,
  // shift(16,3) = 3 x 0.25 x add(16), add(16) = 0.05, requant(17,16) = 0.75 x add(17) = 0.75 x 0.05 x 17/16.
  const double ops = (3 * 0.25 * 0.05 + 0.05 + 0.75 * 0.05 * 17 / 16) * 0.51;
  CHECK(close(*r.pj_per_sop_integrate, 0.5 * (neuron_r + neuron_w) + weight_r / 16 + ops, 1e-9));
  // Weight read-modify-write per update: 4096 + 4096 words of 64 KiB and 256 of 8 KiB per 135,168 updates.
  const double rmw = (8192 * (weight_r + weight_w) + 256 * (out_r + out_w)) / 135168;
  REQUIRE(r.update_split.has_value());
  CHECK(close(r.update_split->weight_rmw, rmw, 1e-9));
  // In ReckOn-style cores the weight read-modify-write dominates an update.
  CHECK(r.update_split->weight_rmw > 0.5 * r.update_split->total());
  double sum = 0;
  for (double e : r.category_pj) sum += e;
  CHECK(close(sum, r.total_pj, 1e-12));
}
