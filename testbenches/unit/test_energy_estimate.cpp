// The estimator against hand arithmetic: a small configuration whose every
// count and every per-action energy is written down below, with the expected
// figures computed by hand from them. Plus the structural properties: the
// categories and the update split add up, node scaling is one factor, and
// figures with a zero denominator are absent.
#include <catch2/catch.hpp>

#include "model/energy/counts_json.h"
#include "model/energy/estimate.h"
#include "model/energy/input_error.h"
#include "model/energy/report_format.h"
#include "testbenches/unit/energy_test_util.h"

#include <nlohmann/json.hpp>

using namespace fxprop::energy;
using fxprop::energy::test::close;
using fxprop::energy::test::data_path;

namespace {

// testbenches/data/energy/round_table.toml (45 nm reference, 28 nm = 0.5x):
//   add(w) = 0.1 w/8        mul(a,b) = a b / 64      cmp = 0.5 add   mux2 = 0.25 add
//   requant = 1.0 add(max)  rng bit = 0.5*0.01 + 2*0.005 = 0.015
//   SRAM read = sqrt(KiB) * bits/8, write = 2 sqrt(KiB) * bits/8
//   registers: read = ceil(log2 words) * mux2(bits), write = bits * 0.01
// testbenches/data/energy/small_counts.json, memories:
//   w: SRAM 512 x 16 = 1 KiB      read 1*2 = 2      write 4
//   n: SRAM 2048 x 16 = 4 KiB     read 2*2 = 4      write 8
//   g: registers 4 x 8            read 2 * 0.25 * add(8)=0.1 -> 0.05    write 8 * 0.01 = 0.08
// Per phase (45 nm):
//   integrate   w 10 R = 20; n 20 R + 20 W = 80 + 160; add(16,8) 160 x 0.2 = 32;
//               requant(17,16) 160 x add(17) = 160 x 0.2125 = 34            -> 326
//   neuron      n 5 R + 5 W = 20 + 40; mul(16,8) 64 x 2 = 128; cmp(16,16) 64 x 0.1 = 6.4;
//               rng(8) 64 x 0.12 = 7.68                                      -> 202.08
//   traces      mux(12, 4 inputs) 64 x 2 levels x 0.25 x 0.15 = 4.8; shift(16, 3) 10 x 3 x 0.25 x 0.2 = 1.5
//                                                                            -> 6.3
//   learning_signal  add(32,32) 8 x 0.4                                      -> 3.2
//   weight_update    w 4 R + 4 W = 8 + 16; n 2 R = 8; g 3 R + 3 W = 0.15 + 0.24;
//               mul(8,8) 64 x 1 = 64; rng(16) 64 x 0.24 = 15.36; add(8,8) 64 x 0.1 = 6.4
//                                                                            -> 118.15
//   host_io     add(8,8) 10 x 0.1                                            -> 1
constexpr double kIntegrate = 326, kNeuron = 202.08, kTraces = 6.3, kLearningSignal = 3.2, kWeightUpdate = 118.15,
                 kHostIo = 1;
constexpr double kTotal = kIntegrate + kNeuron + kTraces + kLearningSignal + kWeightUpdate + kHostIo;  // 656.73
constexpr double kCore = kTotal - kHostIo;                                                              // 655.73

struct Fixture {
  EnergyTable table = EnergyTable::load(data_path("round_table.toml"));
  CountsDocument doc = read_counts_file(data_path("small_counts.json"));
  Report at(int nm) const { return estimate(doc.counts, doc.memory_map, table, TechNode{nm}); }
};

}  // namespace

TEST_CASE("hand-computed small configuration: per phase and totals", "[energy][estimate]") {
  const Fixture f;
  const Report r = f.at(45);
  CHECK(close(r.phase_pj(Phase::integrate), kIntegrate));
  CHECK(close(r.phase_pj(Phase::neuron), kNeuron));
  CHECK(close(r.phase_pj(Phase::traces), kTraces));
  CHECK(r.phase_pj(Phase::readout) == 0);
  CHECK(close(r.phase_pj(Phase::learning_signal), kLearningSignal));
  CHECK(r.phase_pj(Phase::eligibility) == 0);
  CHECK(close(r.phase_pj(Phase::weight_update), kWeightUpdate));
  CHECK(r.phase_pj(Phase::apply) == 0);
  CHECK(close(r.phase_pj(Phase::host_io), kHostIo));
  CHECK(close(r.total_pj, kTotal));
  CHECK(close(r.core_pj, kCore));
  // Components of one phase.
  const PhaseEnergy& in = r.phases[index_of(Phase::integrate)];
  CHECK(close(in.read_pj.at("w"), 20));
  CHECK(close(in.read_pj.at("n"), 80));
  CHECK(close(in.write_pj.at("n"), 160));
  CHECK(close(in.op_pj[index_of(OpKind::add)], 32));
  CHECK(close(in.op_pj[index_of(OpKind::requant)], 34));
  const PhaseEnergy& wu = r.phases[index_of(Phase::weight_update)];
  CHECK(close(wu.read_pj.at("g"), 0.15));
  CHECK(close(wu.write_pj.at("g"), 0.24));
  CHECK(close(wu.op_pj[index_of(OpKind::rng)], 15.36));
}

TEST_CASE("hand-computed small configuration: figures", "[energy][estimate]") {
  const Fixture f;
  const Report r = f.at(45);
  // events: 160 SOPs, 64 weight updates, 4 timesteps (2 learning), 1 trial.
  CHECK(close(*r.pj_per_sop, (kIntegrate + kNeuron) / 160));  // 3.3005
  CHECK(close(*r.pj_per_sop, 3.3005));
  CHECK(close(*r.pj_per_sop_integrate, 326.0 / 160));             // 2.0375
  CHECK(close(*r.pj_per_weight_update, (3.2 + 118.15) / 64));   // 1.89609375
  CHECK(close(*r.pj_per_timestep, kCore / 4));                    // 163.9325
  CHECK(close(*r.pj_per_learning_timestep, (3.2 + 118.15) / 2));  // 60.675
  CHECK(close(*r.pj_per_trial, kCore));
  CHECK(close(*r.learning_energy_share, (6.3 + 3.2 + 118.15) / kCore));
  // Split of one update: compute = (3.2 + 64 + 6.4)/64, rng = 15.36/64, weights = 24/64,
  // per-synapse state (g) = 0.39/64, trace/neuron state (n) = 8/64.
  REQUIRE(r.update_split.has_value());
  CHECK(close(r.update_split->compute, 73.6 / 64));
  CHECK(close(r.update_split->rng, 0.24));
  CHECK(close(r.update_split->weight_rmw, 0.375));
  CHECK(close(r.update_split->synapse_state, 0.39 / 64));
  CHECK(close(r.update_split->trace_access, 0.125));
  CHECK(close(r.update_split->total(), *r.pj_per_weight_update));
  // 200 cycles at 100 MHz = 2 us.
  CHECK(close(*r.average_power_uw(100.0), kTotal / 2));
  CHECK_FALSE(r.average_power_uw(0.0).has_value());
  // Lane utilisation of integrate: 160 busy of 400 accounted lane-cycles.
  CHECK(close(*r.lane_utilisation[index_of(Phase::integrate)], 0.4));
  CHECK_FALSE(r.lane_utilisation[index_of(Phase::neuron)].has_value());
}

TEST_CASE("hand-computed small configuration: categories", "[energy][estimate]") {
  const Fixture f;
  const Report r = f.at(45);
  const auto cat = [&](Category c) { return r.category_pj[index_of(c)]; };
  CHECK(close(cat(Category::synaptic_integration), 326));
  CHECK(close(cat(Category::neuron_update), 202.08 - 7.68));  // rng goes to random_numbers
  CHECK(close(cat(Category::trace_access), 6.3 + 8));         // traces phase + n reads while updating
  CHECK(close(cat(Category::learning_signal), 3.2));
  CHECK(cat(Category::eligibility) == 0);
  CHECK(close(cat(Category::update_compute), 64 + 6.4));
  CHECK(close(cat(Category::weight_rmw), 24));
  CHECK(close(cat(Category::synapse_state_access), 0.39));
  CHECK(close(cat(Category::random_numbers), 7.68 + 15.36));
  CHECK(close(cat(Category::host_io), 1));
  double sum = 0;
  for (double e : r.category_pj) sum += e;
  CHECK(close(sum, r.total_pj));
}

TEST_CASE("hand-computed small configuration: memory report", "[energy][estimate]") {
  const Fixture f;
  const Report r = f.at(45);
  const MemoryReport& m = r.memory;
  CHECK(m.inference_bits == 8192 + 16384);
  CHECK(m.learning_bits == 16384 + 32);
  CHECK(m.capacity_bits == 8192 + 32768 + 32);
  CHECK(close(*m.learning_overhead, 16416.0 / 24576.0));
  CHECK(close(*m.learning_bits_per_synapse, 32.0 / 1024));  // g over 1024 synapses
  CHECK(close(*m.learning_bits_per_neuron, 16384.0 / 64));  // zbar over 64 neurons
  CHECK(close(*m.weight_bits_per_synapse, 8));
  REQUIRE(m.memories.size() == 3);
  CHECK(m.memories[1].name == "n");
  CHECK(close(m.memories[1].read_pj, 4));
  CHECK(close(m.memories[1].write_pj, 8));
  CHECK(m.memories[1].reads == 20 + 5 + 2);
  CHECK(m.memories[1].writes == 20 + 5);
}

TEST_CASE("technology scaling multiplies every energy by the node factor", "[energy][estimate]") {
  const Fixture f;
  const Report r45 = f.at(45), r28 = f.at(28);
  CHECK(r28.node_factor == 0.5);
  CHECK(close(r28.total_pj, 0.5 * kTotal));
  for (Phase p : kAllPhases) CHECK(close(r28.phase_pj(p), 0.5 * r45.phase_pj(p), 1e-12));
  CHECK(close(*r28.pj_per_sop, 0.5 * 3.3005));
  CHECK(close(r28.memory.memories[0].read_pj, 1.0));
  // Memory bits do not depend on the node.
  CHECK(r28.memory.learning_bits == r45.memory.learning_bits);
  // The built-in table: 28 nm = 0.51 x 45 nm.
  const EnergyTable builtin = EnergyTable::builtin();
  const Report b45 = estimate(f.doc.counts, f.doc.memory_map, builtin, TechNode{45});
  const Report b28 = estimate(f.doc.counts, f.doc.memory_map, builtin, TechNode{28});
  const Report b22 = estimate(f.doc.counts, f.doc.memory_map, builtin, TechNode{22});
  CHECK(close(b28.total_pj, 0.51 * b45.total_pj));
  CHECK(close(b22.total_pj, 0.29 * b45.total_pj));
}

TEST_CASE("the built-in table prices the small configuration by its entries", "[energy][estimate]") {
  const Fixture f;
  const EnergyTable t = EnergyTable::builtin();
  const Report r = estimate(f.doc.counts, f.doc.memory_map, t, TechNode{28});
  // learning_signal: 8 x add(32,32) = 8 x 0.1 pJ at 45 nm, x 0.51 at 28 nm.
  CHECK(close(r.phase_pj(Phase::learning_signal), 8 * 0.1 * 0.51));
  // host_io: 10 x add(8,8) = 10 x 0.03 x 0.51.
  CHECK(close(r.phase_pj(Phase::host_io), 10 * 0.03 * 0.51));
  // traces: 64 mux(12, 4) + 10 shift(16, 3), each mux2 level = 0.25 x add(12).
  const double add12 = 0.03 * std::pow(0.05 / 0.03, std::log(1.5) / std::log(2.0));
  CHECK(close(r.phase_pj(Phase::traces), (64 * 2 * 0.25 * add12 + 10 * 3 * 0.25 * 0.05) * 0.51));
}

TEST_CASE("figures with a zero denominator are absent", "[energy][estimate]") {
  Fixture f;
  f.doc.counts.events = Events{};
  const Report r = f.at(45);
  CHECK_FALSE(r.pj_per_sop.has_value());
  CHECK_FALSE(r.pj_per_weight_update.has_value());
  CHECK_FALSE(r.update_split.has_value());
  CHECK_FALSE(r.pj_per_timestep.has_value());
  CHECK_FALSE(r.pj_per_learning_timestep.has_value());
  CHECK_FALSE(r.pj_per_trial.has_value());
  CHECK(r.learning_energy_share.has_value());  // energies are still there
  const nlohmann::json j = report_to_json(r, std::nullopt);
  CHECK(j["figures"]["pj_per_sop"].is_null());
  CHECK_FALSE(j.contains("power"));
  CHECK_THAT(report_to_text(r, 100.0), Catch::Contains("n/a"));
}

TEST_CASE("estimate rejects an unknown node and inconsistent counts", "[energy][estimate]") {
  Fixture f;
  CHECK_THROWS_WITH(f.at(22), Catch::Contains("tech") && Catch::Contains("45, 28"));
  f.doc.counts.phase(Phase::apply).read("missing");
  CHECK_THROWS_AS(f.at(45), InputError);
}

TEST_CASE("report JSON carries the figures and the provenance", "[energy][estimate]") {
  const Fixture f;
  const Report r = f.at(28);
  const nlohmann::json j = report_to_json(r, 50.0);
  CHECK(j["format"] == "fxprop-energy-report");
  CHECK(j["counts_source"] == "hand-written test counts");
  CHECK(j["table"]["name"] == "round");
  CHECK(j["tech_nm"] == 28);
  CHECK(close(j["figures"]["pj_per_sop"].get<double>(), 0.5 * 3.3005));
  CHECK(close(j["energy_pj"]["total"].get<double>(), 0.5 * kTotal));
  CHECK(close(j["power"]["average_dynamic_uw"].get<double>(), 0.5 * kTotal / 4.0));  // 200 cycles at 50 MHz = 4 us
  CHECK(close(j["phases"]["integrate"]["memories"]["n"]["write_pj"].get<double>(), 80));
  CHECK(j["memory"]["learning_bits"] == 16416);
  const std::string text = report_to_text(r, 50.0);
  CHECK_THAT(text, Catch::Contains("hand-written test counts") && Catch::Contains("pJ per synaptic operation") &&
                       Catch::Contains("1.65"));
}
