// The [hardware] section: defaults equal the RTL's default configuration, and every
// bad value is rejected naming the field, the value and what is allowed.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "model/config/config_reader.h"
#include "model/hardware/hardware_config.h"
#include "tools/fxprop/default_config.h"

using fxprop::config::ConfigError;
using fxprop::config::Document;
using fxprop::hardware::HardwareConfig;
using fxprop::hardware::parse_hardware_config;

namespace {

// `localparam int Name = value;` lines of an RTL configuration file (values that are
// plain decimal numbers; std::regex is avoided: GCC 12 warns inside it under -O1 sanitizers).
std::map<std::string, long> svh_params(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::map<std::string, long> p;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string kw, type, name, eq, value;
    if (!(words >> kw >> type >> name >> eq >> value) || kw != "localparam" || type != "int" || eq != "=") continue;
    if (!value.empty() && value.back() == ';') value.pop_back();
    if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos) continue;
    p[name] = std::stol(value);
  }
  return p;
}

HardwareConfig parse(const std::string& overlay) {
  const Document d = Document::from_strings(fxprop::default_config_toml(), overlay, "hw.toml");
  return parse_hardware_config(d);
}

std::string error_of(const std::string& overlay) {
  try {
    const Document d = Document::from_strings(fxprop::default_config_toml(), overlay, "hw.toml");
    const HardwareConfig h = parse_hardware_config(d);
    fxprop::hardware::check_network_fits(d, h);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("The default [hardware] equals the RTL's default configuration (rtl/cfg/default/fxprop_cfg.svh)",
          "[hardware]") {
  const auto p = svh_params(FXPROP_RTL_DEFAULT_CFG);
  const HardwareConfig h = parse("");
  REQUIRE(p.count("Lanes") == 1);
  CHECK(h.lanes == p.at("Lanes"));
  CHECK(h.n_in_max == p.at("NInMax"));
  CHECK(h.n_rec_max == p.at("NRecMax"));
  CHECK(h.n_out_max == p.at("NOutMax"));
  CHECK(h.n_ref_max == p.at("NRefMax"));
  CHECK(h.lr_shift_max == p.at("LrShiftMax"));
  // docs/microarchitecture.md section 5: registered read (1 cycle), one execute stage, so a
  // phase of n items takes n + 1 cycles and an enabled empty phase 1.
  CHECK(h.memory_read_latency == 1);
  CHECK(h.execute_stages == 1);
  CHECK(h.phase_cycles(0) == 1);
  CHECK(h.phase_cycles(25) == 26);
  CHECK(h.words(100) == 25);
  CHECK(h.words(101) == 26);
  CHECK(h.words(0) == 0);
}

TEST_CASE("Deeper pipelines add their extra stages to every phase", "[hardware]") {
  const HardwareConfig h = parse("[hardware]\nmemory_read_latency = 2\nexecute_stages = 3\n");
  CHECK(h.drain_cycles() == 4);
  CHECK(h.phase_cycles(10) == 14);
  CHECK(h.clock_period_ns() == Approx(10.0));
}

TEST_CASE("Bad [hardware] values are rejected naming the field, the value and what is allowed", "[hardware]") {
  CHECK_THAT(error_of("[hardware]\nlanes = 6\n"),
             Catch::Contains("hardware.lanes") && Catch::Contains("6") && Catch::Contains("power of two"));
  CHECK_THAT(error_of("[hardware]\nlanes = 0\n"), Catch::Contains("hardware.lanes"));
  CHECK_THAT(error_of("[hardware]\nclock_mhz = 0.0\n"), Catch::Contains("hardware.clock_mhz"));
  CHECK_THAT(error_of("[hardware]\nmemory_read_latency = 0\n"), Catch::Contains("hardware.memory_read_latency"));
  CHECK_THAT(error_of("[hardware]\nexecute_stages = 17\n"), Catch::Contains("hardware.execute_stages"));
  CHECK_THAT(error_of("[hardware]\nbogus = 1\n"), Catch::Contains("bogus"));
  CHECK(error_of("").empty());
}

TEST_CASE("A network larger than the core's memories is rejected naming the network field and the maximum",
          "[hardware]") {
  CHECK_THAT(error_of("[network]\nn_rec = 129\n"),
             Catch::Contains("network.n_rec") && Catch::Contains("129") && Catch::Contains("hardware.n_rec_max = 128"));
  CHECK_THAT(error_of("[network]\nn_in = 200\n"), Catch::Contains("network.n_in") && Catch::Contains("n_in_max"));
  CHECK_THAT(error_of("[network]\nn_out = 9\n"), Catch::Contains("network.n_out"));
  CHECK_THAT(error_of("[network]\nn_ref = 16\n"), Catch::Contains("network.n_ref") && Catch::Contains("n_ref_max = 15"));
  CHECK(error_of("[network]\nn_rec = 128\n[hardware]\nn_rec_max = 128\n").empty());
}
