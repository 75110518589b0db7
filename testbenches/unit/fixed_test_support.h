// Helpers shared by the fixed-point model tests: golden + fixed configurations
// built from the embedded defaults plus a TOML overlay, format overlays, and runs
// of both engines on the same task and initial weights.
#pragma once

#include <cstdio>
#include <map>
#include <string>

#include "model/config/config_reader.h"
#include "model/fixed/datapath.h"
#include "model/fixed/fixed_config.h"
#include "model/golden/golden_config.h"
#include "tools/fxprop/default_config.h"

namespace fxprop::test {

struct Configs {
  golden::GoldenConfig golden;
  fixed::FixedConfig fixed;
};

inline Configs configs_from(const std::string& overlay) {
  const config::Document doc = config::Document::from_strings(default_config_toml(), overlay, "test.toml");
  Configs c{golden::parse_config(doc, "."), fixed::parse_fixed_config(doc)};
  fixed::check_hardware_support(doc, c.golden);
  return c;
}

// [fixed.formats] with every written site at `site_spec`, the (signed) feedback matrix B
// in the sites' format, every constant at `constant_format`, and the entries of
// `overrides` (key -> spec or format) instead.
inline std::string uniform_formats(const std::string& site_spec, const std::string& constant_format,
                                   const std::map<std::string, std::string>& overrides = {}) {
  std::map<std::string, std::string> f;
  for (int i = 0; i < fixed::kSiteCount; ++i) f[fixed::key(static_cast<fixed::Site>(i))] = site_spec;
  for (int i = 0; i < fixed::kHostValueCount; ++i) f[fixed::key(static_cast<fixed::HostValue>(i))] = constant_format;
  f["b"] = site_spec.substr(0, site_spec.find(' '));
  for (const auto& [k, v] : overrides) f[k] = v;
  std::string s = "[fixed.formats]\n";
  for (const auto& [k, v] : f) s += k + " = \"" + v + "\"\n";
  return s;
}

// Sites at s(F+16).F round-to-nearest saturating, host values at u(F+8).F: F fraction
// bits everywhere, integer parts wide enough for every value of the small test tasks.
inline std::string formats_with_fraction(int f) {
  return uniform_formats("s" + std::to_string(f + 16) + "." + std::to_string(f) + " rnd sat",
                         "u" + std::to_string(f + 8) + "." + std::to_string(f));
}

// A double as TOML text, exactly (17 significant digits round-trip).
inline std::string exact_text(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

// 20 frozen Poisson inputs, 30 LIF neurons (form a), 1 output, `steps` steps, 3 sines;
// no regulariser, SGD with a power-of-two rate (shift mode).
inline std::string small_pattern(const std::string& learning, int iterations, int steps = 200, double lr = 0.0009765625,
                                 std::uint64_t seed = 1) {
  return "[run]\nseed = " + std::to_string(seed) + "\n[task]\nname = \"pattern_generation\"\nsteps = " + std::to_string(steps) +
         "\n[task.pattern_generation]\nperiods_ms = [200.0, 100.0, 50.0]\n"
         "[network]\nn_in = 20\nn_rec = 30\nn_out = 1\n[learning]\nc_reg = 0.0\n" +
         learning + "\n[optimizer]\nlr = " + exact_text(lr) + "\n[train]\nthreads = 1\niterations = " + std::to_string(iterations) +
         "\n[fixed]\nlr_mode = \"shift\"\n";
}

// 8 inputs, 10 LIF + 10 ALIF (form b, refractory 3), 2 outputs, 3 cues, 330 steps, mse loss.
inline std::string small_evidence(const std::string& learning, int iterations, int batch = 1, std::uint64_t seed = 1) {
  return "[run]\nseed = " + std::to_string(seed) +
         "\n[task]\nname = \"evidence_accumulation\"\nsteps = 330\n"
         "[task.evidence_accumulation]\npopulation = 2\nn_cues = 3\ncue_steps = 40\ngap_steps = 20\nrecall_steps = 60\n"
         "[network]\nneuron_form = \"b\"\nn_in = 8\nn_rec = 20\nn_alif = 10\nn_out = 2\ntau_m = 20.0\ntau_a = 300.0\n"
         "tau_out = 20.0\nthr = 0.6\nbeta = 0.1\nn_ref = 3\n"
         "[init]\nw_in_gain = 3.0\nb_normalisation = \"none\"\n"
         "[learning]\nc_reg = 0.0\nclassification_loss = \"mse\"\n" +
         learning + "\n[optimizer]\nlr = 0.0078125\n[train]\nthreads = 1\nbatch = " + std::to_string(batch) +
         "\niterations = " + std::to_string(iterations) + "\n[fixed]\nlr_mode = \"shift\"\n";
}

}  // namespace fxprop::test
