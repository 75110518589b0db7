// Action counts: the recording helpers a simulator calls, the JSON round trip,
// and strict validation of counts documents (every error names its JSON path).
#include <catch2/catch.hpp>

#include <limits>
#include <nlohmann/json.hpp>

#include "model/energy/counts_json.h"
#include "model/energy/input_error.h"
#include "model/energy/reckon_like.h"
#include "testbenches/unit/energy_test_util.h"

using namespace fxprop::energy;
using fxprop::energy::test::data_path;
using fxprop::energy::test::read_text;
using nlohmann::json;

TEST_CASE("recording helpers accumulate and reject bad widths and overflow", "[energy][counts]") {
  PhaseCounts p;
  p.read("w_rec", 3);
  p.read("w_rec");
  p.write("w_rec", 2);
  p.op(OpKind::add, 16, 8, 5);
  p.op(OpKind::add, 16, 8);
  p.op(OpKind::add, 8, 16);  // a different key: operand order is kept as given
  p.op(OpKind::rng, 32, 0, 7);
  p.lane_cycles(3, 1);
  p.lane_cycles(2, 2);
  CHECK(p.reads_of("w_rec") == 4);
  CHECK(p.writes_of("w_rec") == 2);
  CHECK(p.reads_of("nothing") == 0);
  CHECK(p.ops.at(OpKey{OpKind::add, 16, 8}) == 6);
  CHECK(p.ops_of(OpKind::add) == 7);
  CHECK(p.ops_of(OpKind::rng) == 7);
  CHECK(p.lane_cycles_busy == 5);
  CHECK(p.lane_cycles_idle == 3);
  CHECK_THROWS_AS(p.op(OpKind::rng, 32, 1), std::invalid_argument);
  CHECK_THROWS_AS(p.op(OpKind::add, 0, 8), std::invalid_argument);
  CHECK_THROWS_AS(p.op(OpKind::mux, 8, 1), std::invalid_argument);
  CHECK_THROWS_AS(p.op(OpKind::shift, 8, 17), std::invalid_argument);
  CHECK_THROWS_AS(p.op(OpKind::mul, kMaxOperandBits + 1, 8), std::invalid_argument);
  p.read("big", std::numeric_limits<std::uint64_t>::max());
  CHECK_THROWS_AS(p.read("big"), std::overflow_error);

  PhaseCounts q;
  q.merge(p);
  q.merge(PhaseCounts{});
  CHECK(q.reads_of("w_rec") == 4);
  CHECK(q.ops_of(OpKind::add) == 7);
  CHECK_THROWS_AS(q.merge(p), std::overflow_error);  // "big" would wrap
}

TEST_CASE("total() sums the phases", "[energy][counts]") {
  ActionCounts c;
  c.phase(Phase::integrate).cycles = 10;
  c.phase(Phase::integrate).read("w", 2);
  c.phase(Phase::weight_update).cycles = 5;
  c.phase(Phase::weight_update).read("w", 3);
  c.phase(Phase::weight_update).op(OpKind::mul, 8, 8, 4);
  const PhaseCounts t = c.total();
  CHECK(t.cycles == 15);
  CHECK(t.reads_of("w") == 5);
  CHECK(t.ops_of(OpKind::mul) == 4);
}

TEST_CASE("names of phases and kinds round-trip", "[energy][counts]") {
  for (Phase p : kAllPhases) CHECK(phase_from_name(phase_name(p)) == p);
  for (OpKind k : kAllOpKinds) CHECK(op_kind_from_name(op_kind_name(k)) == k);
  CHECK_FALSE(phase_from_name("leak").has_value());
  CHECK_FALSE(op_kind_from_name("div").has_value());
}

TEST_CASE("counts documents round-trip through JSON", "[energy][counts]") {
  CountsDocument doc;
  doc.memory_map = reckon_like_memory_map();
  doc.counts = reckon_like_counts(ReckonLikeWorkload{});
  const std::string text = counts_to_json_text(doc);
  const CountsDocument back = parse_counts_json(text, "roundtrip.json");
  CHECK(back.counts == doc.counts);
  CHECK(counts_to_json_text(back) == text);
  // A simulator may hand its document over without going through text.
  CHECK(counts_from_json(counts_to_json(doc), "direct").counts == doc.counts);
  CHECK(back.memory_map.memories.size() == doc.memory_map.memories.size());
  CHECK(back.memory_map.learning_bits() == doc.memory_map.learning_bits());

  const CountsDocument small = read_counts_file(data_path("small_counts.json"));
  CHECK(small.counts.lanes == 4);
  CHECK(small.counts.phase(Phase::integrate).reads_of("n") == 20);
  CHECK(small.counts.phase(Phase::traces).ops.at(OpKey{OpKind::mux, 12, 4}) == 64);
  CHECK(small.memory_map.find("n")->fields.size() == 2);
}

namespace {
const json kSmall = json::parse(read_text(data_path("small_counts.json")));

template <typename F>
std::string error_after(F&& mutate) {
  json j = kSmall;
  mutate(j);
  try {
    (void)counts_from_json(j, "c.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
std::string parse_error(const std::string& text) {
  try {
    (void)parse_counts_json(text, "c.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("counts documents are validated strictly", "[energy][counts]") {
  using Catch::Contains;
  CHECK(error_after([](json&) {}).empty());
  CHECK_THAT(error_after([](json& j) { j["phases"]["integrate"]["ops"][0]["count"] = -4; }),
             Contains("c.json: field 'phases.integrate.ops[0].count' = -4") && Contains("non-negative integer"));
  CHECK_THAT(error_after([](json& j) { j["events"]["synaptic_events"] = 160.5; }),
             Contains("'events.synaptic_events' = 160.5"));
  CHECK_THAT(error_after([](json& j) { j["events"]["trials"] = "1"; }), Contains("'events.trials' = \"1\""));
  CHECK_THAT(error_after([](json& j) { j["phases"]["neuron"]["cycels"] = 50; }),
             Contains("'phases.neuron.cycels'") && Contains("unknown key") && Contains("cycles"));
  CHECK_THAT(error_after([](json& j) { j["extra"] = 1; }), Contains("field 'extra'") && Contains("unknown key"));
  CHECK_THAT(error_after([](json& j) { j["memory_map"]["memories"][1].erase("word_bits"); }),
             Contains("'memory_map.memories[1].word_bits' = (missing)"));
  CHECK_THAT(error_after([](json& j) { j["phases"].erase("apply"); }),
             Contains("'phases.apply' = (missing)") && Contains("every phase"));
  CHECK_THAT(error_after([](json& j) { j["phases"]["leak"] = j["phases"]["apply"]; }),
             Contains("'phases.leak'") && Contains("unknown phase") && Contains("weight_update"));
  CHECK_THAT(error_after([](json& j) { j["phases"]["weight_update"]["memories"]["w_inn"] = {{"reads", 1}, {"writes", 0}}; }),
             Contains("'phases.weight_update.memories.w_inn'") && Contains("not in memory_map (known: w, n, g)"));
  CHECK_THAT(error_after([](json& j) { j["phases"]["traces"]["ops"][0]["kind"] = "div"; }),
             Contains("'phases.traces.ops[0].kind' = \"div\"") && Contains("add, mul, cmp"));
  CHECK_THAT(error_after([](json& j) { j["phases"]["neuron"]["ops"][2]["width_b"] = 3; }),
             Contains("'phases.neuron.ops[2]'") && Contains("rng needs") && Contains("width_b = 0"));
  CHECK_THAT(error_after([](json& j) { j["phases"]["neuron"]["ops"][0]["width_a"] = 5000; }),
             Contains("'phases.neuron.ops[0].width_a' = 5000"));
  CHECK_THAT(error_after([](json& j) { j["phases"]["neuron"]["ops"].push_back(j["phases"]["neuron"]["ops"][0]); }),
             Contains("'phases.neuron.ops[3]'") && Contains("duplicate"));
  CHECK_THAT(error_after([](json& j) { j["memory_map"]["memories"][0]["kind"] = "dram"; }),
             Contains("'memory_map.memories[0].kind' = \"dram\"") && Contains("sram, registers"));
  CHECK_THAT(error_after([](json& j) { j["memory_map"]["memories"][0]["fields"][0]["role"] = "weights"; }),
             Contains("'memory_map.memories[0].fields[0].role' = \"weights\"") && Contains("inference_weights"));
  CHECK_THAT(error_after([](json& j) { j["memory_map"]["memories"][0]["fields"][0]["bits"] = 8193; }),
             Contains("'memory_map.memories[0].fields[0].bits' = 8193") && Contains("512 x 16 = 8192"));
  CHECK_THAT(error_after([](json& j) { j["memory_map"]["memories"][2]["name"] = "w"; }),
             Contains("'memory_map.memories[2].name' = \"w\"") && Contains("duplicate"));
  CHECK_THAT(error_after([](json& j) { j["memory_map"]["memories"][0]["name"] = "w rec"; }),
             Contains("'memory_map.memories[0].name' = \"w rec\""));
  CHECK_THAT(error_after([](json& j) { j["memory_map"]["memories"][0]["words"] = 0; }),
             Contains("'memory_map.memories[0].words' = 0"));
  CHECK_THAT(error_after([](json& j) { j["format"] = "other"; }), Contains("'format' = \"other\""));
  CHECK_THAT(error_after([](json& j) { j["version"] = 2; }), Contains("'version' = 2"));
  CHECK_THAT(error_after([](json& j) { j["lanes"] = 0; }), Contains("'lanes' = 0"));
  CHECK_THAT(error_after([](json& j) { j["cycles"] = 99; }),
             Contains("'cycles' = 99") && Contains("longest phase (100)") && Contains("sum of the phases (200)"));
  CHECK_THAT(error_after([](json& j) { j["cycles"] = 201; }), Contains("'cycles' = 201"));
  CHECK(error_after([](json& j) { j["cycles"] = 100; }).empty());  // fully overlapped phases are allowed
  CHECK_THAT(error_after([](json& j) { j["phases"]["integrate"]["lane_cycles_idle"] = 241; }),
             Contains("'phases.integrate.lane_cycles_busy' = 160 (+ idle 241)") && Contains("4 x 100"));
  CHECK_THAT(error_after([](json& j) { j["events"]["learning_timesteps"] = 5; }),
             Contains("'events.learning_timesteps' = 5") && Contains("events.timesteps = 4"));
}

TEST_CASE("malformed JSON text is reported with line and column", "[energy][counts]") {
  using Catch::Contains;
  CHECK_THAT(parse_error("{\n  \"format\": \"fxprop-action-counts\",,\n}"),
             Contains("c.json: field '(document)' = line 2") && Contains("not valid JSON"));
  CHECK_THAT(parse_error(""), Contains("not valid JSON"));
  CHECK_THAT(parse_error("{\"lanes\": 1, \"lanes\": 2}"), Contains("field 'lanes'") && Contains("only once"));
  CHECK_THAT(parse_error("[1, 2]"), Contains("must be an object"));
  CHECK_THROWS_WITH(read_counts_file("/nonexistent/counts.json"),
                    Contains("/nonexistent/counts.json") && Contains("cannot be opened"));
}
