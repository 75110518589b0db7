// The energy table: anchors reproduced exactly, interpolation and
// extrapolation rules, monotonicity, node scaling, the stated fractions, and
// strict validation of table files.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "model/energy/energy_table.h"
#include "model/energy/input_error.h"
#include "testbenches/unit/energy_test_util.h"

using namespace fxprop::energy;
using fxprop::energy::test::close;
using fxprop::energy::test::replace_once;

TEST_CASE("built-in table reproduces its anchors exactly", "[energy][table]") {
  const EnergyTable t = EnergyTable::builtin();
  CHECK(t.name() == "horowitz45");
  CHECK(t.reference_nm() == 45);
  // Horowitz ISSCC 2014, 45 nm: adds 8/16/32 bit, multiplies 8x8 and 32x32.
  CHECK(t.add_pj(8, 8) == 0.03);
  CHECK(t.add_pj(16, 16) == 0.05);
  CHECK(t.add_pj(32, 32) == 0.1);
  CHECK(t.mul_pj(8, 8) == 0.2);
  CHECK(t.mul_pj(32, 32) == 3.1);
  // CACTI 32 nm points: the SRAM rule at an 8-bit port, converted back to 32 nm.
  const double f32 = t.node_factor(TechNode{32});
  const std::pair<double, std::pair<double, double>> cacti[] = {
      {8, {1.18, 1.13}}, {32, {2.75, 2.51}}, {64, {3.94, 3.46}}, {144, {6.53, 5.89}}, {256, {8.99, 7.89}}};
  for (const auto& [kib, rw] : cacti) {
    const auto words = static_cast<std::uint64_t>(kib * 1024);  // 8-bit words
    CHECK(close(t.sram_read_pj(words, 8) * f32, rw.first));
    CHECK(close(t.sram_write_pj(words, 8) * f32, rw.second));
  }
}

TEST_CASE("anchor curves interpolate in log-log and extrapolate with the exponent", "[energy][table]") {
  const EnergyTable t = EnergyTable::builtin();
  // Geometric mean of the widths gives the geometric mean of the energies.
  CHECK(close(t.add_curve().at(std::sqrt(8.0 * 16.0)), std::sqrt(0.03 * 0.05)));
  // 12 bits: 0.03 * (0.05/0.03)^(log(12/8)/log(2)).
  CHECK(close(t.add_pj(12, 4), 0.03 * std::pow(0.05 / 0.03, std::log(1.5) / std::log(2.0))));
  // Outside the anchors: adders ~ W^0.9, multipliers ~ width product.
  CHECK(close(t.add_pj(4, 4), 0.03 * std::pow(0.5, 0.9)));
  CHECK(close(t.add_pj(64, 1), 0.1 * std::pow(2.0, 0.9)));
  CHECK(close(t.mul_pj(64, 64), 3.1 * 4.0));
  CHECK(close(t.mul_pj(4, 4), 0.2 / 4.0));
  // 16x16 lies between the anchors, close to the ~0.8 pJ usually quoted.
  CHECK(t.mul_pj(16, 16) > 0.75);
  CHECK(t.mul_pj(16, 16) < 0.85);
  // Width order does not matter for the product.
  CHECK(t.mul_pj(16, 5) == t.mul_pj(5, 16));
  // SRAM below 8 KiB extrapolates with capacity^0.6 (2 KiB at an 8-bit port).
  CHECK(close(t.sram_read_pj(2048, 8) * t.node_factor(TechNode{32}), 1.18 * std::pow(0.25, 0.6)));
  // Port width: (bits / 8)^0.8.
  CHECK(close(t.sram_read_pj(4096, 128) / t.sram_read_pj(65536, 8), std::pow(16.0, 0.8)));
}

TEST_CASE("stated fractions and the rng rule", "[energy][table]") {
  const EnergyTable t = EnergyTable::builtin();
  CHECK(close(t.cmp_pj(16, 8), 0.5 * 0.05));
  CHECK(close(t.mux_pj(32, 2), 0.25 * 0.1));
  CHECK(close(t.mux_pj(32, 5), 3 * 0.25 * 0.1));  // ceil(log2 5) = 3 levels
  CHECK(close(t.shift_pj(32, 5), 5 * 0.25 * 0.1));
  CHECK(close(t.requant_pj(17, 16), 0.75 * t.add_pj(17, 17)));
  CHECK(close(t.rng_pj(32), 32 * (0.5 * 0.003125 + 3 * 0.00078125)));
  CHECK(close(t.registers_write_pj(16), 16 * 0.003125));
  CHECK(t.registers_read_pj(1, 16) == 0.0);  // a single register is read by wiring
  CHECK(close(t.registers_read_pj(16, 16), 4 * 0.25 * 0.05));
  CHECK(close(t.op_pj(OpKey{OpKind::shift, 32, 5}), t.shift_pj(32, 5)));
  CHECK_THROWS_AS(t.op_pj(OpKey{OpKind::rng, 32, 1}), std::invalid_argument);
}

TEST_CASE("energies are monotone in width and capacity", "[energy][table]") {
  const EnergyTable t = EnergyTable::builtin();
  for (int w = 2; w <= 256; ++w) {
    INFO("width " << w);
    CHECK(t.add_pj(w, 1) > t.add_pj(w - 1, 1));
    CHECK(t.mul_pj(w, 8) > t.mul_pj(w - 1, 8));
    CHECK(t.cmp_pj(w, 1) > t.cmp_pj(w - 1, 1));
    CHECK(t.requant_pj(w, 8) >= t.requant_pj(w - 1, 8));
    CHECK(t.shift_pj(w, 4) > t.shift_pj(w - 1, 4));
    CHECK(t.rng_pj(w) > t.rng_pj(w - 1));
    CHECK(t.sram_read_pj(1024, w) > t.sram_read_pj(1024, w - 1));
    CHECK(t.sram_write_pj(1024, w) > t.sram_write_pj(1024, w - 1));
  }
  for (std::uint64_t words = 2; words <= (std::uint64_t{1} << 24); words *= 2) {
    INFO("words " << words);
    CHECK(t.sram_read_pj(words, 64) > t.sram_read_pj(words / 2, 64));
    CHECK(t.sram_write_pj(words, 64) > t.sram_write_pj(words / 2, 64));
    CHECK(t.sram_read_pj(words + 1, 64) > t.sram_read_pj(words, 64));
  }
}

TEST_CASE("technology node factors", "[energy][table]") {
  const EnergyTable t = EnergyTable::builtin();
  CHECK(t.node_factor(TechNode{45}) == 1.0);
  CHECK(t.node_factor(TechNode{28}) == 0.51);  // Stillmaker & Baas
  CHECK(t.node_factor(TechNode{22}) == 0.29);
  // The 32 nm factor is the stated log-log interpolation between 45 and 28 nm.
  const double k = std::log(0.51) / std::log(28.0 / 45.0);
  CHECK(close(t.node_factor(TechNode{32}), std::pow(32.0 / 45.0, k), 1e-3));
  CHECK_FALSE(t.has_node(14));
  CHECK_THROWS_AS(t.node_factor(TechNode{14}), std::invalid_argument);
  CHECK(t.node_list() == "45, 32, 28, 22");
}

TEST_CASE("the SRAM port-width exponent reproduces Horowitz's 64-bit 8 KB access", "[energy][table]") {
  const EnergyTable t = EnergyTable::builtin();
  // 8 KB with a 64-bit port = 1024 words of 64 bits: Horowitz gives 10 pJ at 45 nm.
  CHECK(std::fabs(t.sram_read_pj(1024, 64) - 10.0) / 10.0 < 0.02);
}

namespace {
std::string error_of(const std::string& text) {
  try {
    (void)EnergyTable::parse(text, "t.toml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
const std::string kRound = fxprop::energy::test::read_text(fxprop::energy::test::data_path("round_table.toml"));
const std::string kAddAnchor = "anchors = [{ x = 8, pj = 0.1, source = \"test\" }]";
}  // namespace

TEST_CASE("a valid user table parses and prices with its own numbers", "[energy][table]") {
  const EnergyTable t = EnergyTable::parse(kRound, "round_table.toml");
  CHECK(t.name() == "round");
  CHECK(t.source() == "round_table.toml");
  CHECK(close(t.add_pj(12, 12), 0.15));
  CHECK(close(t.mul_pj(16, 8), 2.0));
  CHECK(close(t.sram_read_pj(2048, 16), 4.0));  // sqrt(4 KiB) * 16/8
  CHECK(close(t.sram_write_pj(512, 16), 4.0));  // 2 * sqrt(1 KiB) * 16/8
  CHECK(t.node_factor(TechNode{28}) == 0.5);
  CHECK(EnergyTable::load("").name() == "horowitz45");
}

TEST_CASE("table files are validated strictly", "[energy][table]") {
  CHECK(error_of(kRound).empty());
  using Catch::Contains;
  CHECK_THAT(error_of(replace_once(kRound, kAddAnchor, "anchors = [{ x = 8, pj = -0.1, source = \"test\" }]")),
             Contains("t.toml: field 'add.anchors[0].pj' = -0.1") && Contains("energy in pJ"));
  CHECK_THAT(error_of(replace_once(kRound, kAddAnchor, "anchors = [{ x = 8, pj = 0.0, source = \"test\" }]")),
             Contains("'add.anchors[0].pj' = 0"));
  CHECK_THAT(error_of(replace_once(kRound, kAddAnchor, "anchors = [{ x = 8, pj = nan, source = \"test\" }]")),
             Contains("'add.anchors[0].pj' = nan"));
  CHECK_THAT(error_of(replace_once(kRound, kAddAnchor, "anchors = [{ x = 8, pj = \"0.1\", source = \"test\" }]")),
             Contains("'add.anchors[0].pj' = \"0.1\""));
  CHECK_THAT(error_of(replace_once(kRound, kAddAnchor, "anchors = [{ x = 8, pj = 0.1e, source = \"test\" }]")),
             Contains("not valid TOML") && Contains("line "));
  CHECK_THAT(error_of(kRound + "\n[div]\nfraction_of_add = 4.0\nsource = \"x\"\n"),
             Contains("field 'div'") && Contains("unknown component") && Contains("add, mul"));
  CHECK_THAT(error_of(replace_once(kRound, "anchors = [{ x = 64, pj = 1.0, source = \"test\" }]", "anchors = []")),
             Contains("'mul.anchors' = []") && Contains("at least one anchor"));
  CHECK_THAT(error_of(replace_once(kRound, kAddAnchor,
                                   "anchors = [{ x = 8, pj = 0.1, source = \"a\" }, { x = 16, pj = 0.05, source = \"b\" }]")),
             Contains("'add.anchors[1].pj' = 0.05") && Contains("must not decrease"));
  CHECK_THAT(error_of(replace_once(kRound, kAddAnchor,
                                   "anchors = [{ x = 8, pj = 0.1, source = \"a\" }, { x = 8, pj = 0.2, source = \"b\" }]")),
             Contains("'add.anchors[1].x' = 8") && Contains("increasing x"));
  CHECK_THAT(error_of(replace_once(kRound, kAddAnchor, "anchors = [{ x = 8, pj = 0.1, source = \"\" }]")),
             Contains("'add.anchors[0].source'") && Contains("cite a source"));
  CHECK_THAT(error_of(replace_once(kRound, kAddAnchor, "anchors = [{ x = 8, pj = 0.1, sauce = \"a\" }]")),
             Contains("'add.anchors[0].sauce'") && Contains("unknown key"));
  CHECK_THAT(error_of(replace_once(kRound, "[cmp]\nfraction_of_add = 0.5\n", "[cmp]\n")),
             Contains("'cmp.fraction_of_add' = (missing)"));
  CHECK_THAT(error_of(replace_once(kRound, "[cmp]\nfraction_of_add = 0.5\nsource = \"test\"\n", "")),
             Contains("field 'cmp' = (missing)"));
  CHECK_THAT(error_of(replace_once(kRound, "nm = 45\nfactor = 1.0", "nm = 45\nfactor = 0.9")),
             Contains("'node[0].factor' = 0.9") && Contains("reference node"));
  CHECK_THAT(error_of(replace_once(kRound, "nm = 28\nfactor = 0.5", "nm = 45\nfactor = 1.0")),
             Contains("'node[1].nm' = 45") && Contains("listed once"));
  CHECK_THAT(error_of(replace_once(kRound, "anchor_nm = 45", "anchor_nm = 32")),
             Contains("'sram.anchor_nm' = 32") && Contains("45, 28"));
  CHECK_THAT(error_of(replace_once(kRound, "toggle_probability = 0.5", "toggle_probability = 1.5")),
             Contains("'rng.toggle_probability' = 1.5") && Contains("(0, 1]"));
  CHECK_THAT(error_of(replace_once(kRound, "exponent = 0.5", "exponent = -0.5")),
             Contains("'sram.exponent' = -0.5"));
  CHECK_THAT(error_of(replace_once(kRound, "reference_nm = 45", "reference_nm = 40")),
             Contains("'table.reference_nm' = 40"));
}

TEST_CASE("a missing table file is an input error naming the path", "[energy][table]") {
  CHECK_THROWS_WITH(EnergyTable::load("/nonexistent/table.toml"),
                    Catch::Contains("/nonexistent/table.toml") && Catch::Contains("cannot be opened"));
}
