// Copyright fxprop contributors.
//
// A run of the core: runtime configuration, LFSR seeds, initial weights, and trials of
// timesteps (input spikes, target, loss mask), all as raw integers in the core's formats.
// Built by a small generator or read from a JSON file (and written back, so a generated run
// can be replayed or handed to another engine).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "testbenches/rtl/common/core_model.h"

namespace fxtb {

using fxref::cpp_int;

struct StepIn {
  std::vector<int> x;
  std::vector<cpp_int> ystar;
  bool mask = true;
};

struct Scenario {
  fxref::Config cfg;
  std::array<uint32_t, fxref::kNSites> seeds{};
  std::vector<cpp_int> w_in, w_rec, w_out, b;
  std::vector<std::vector<StepIn>> trials;
  int batch = 1;  // per-trial schedule: APPLY after every `batch` trials
};

struct GenParams {
  uint64_t seed = 1;
  int n_in = 10, n_rec = 12, n_out = 3;
  int trials = 2, steps = 20, batch = 2;
  bool form_b = false, spike_ge = false, exact = false, per_trial = false, fb_random = false;
  double alif_frac = 0.0;   // fraction of ALIF neurons
  double p_in = 0.25;       // input spike probability per step
  double p_mask = 0.75;     // loss-mask probability per step
  int lr_shift = 8;
  int n_ref = -1;           // -1: 0 in form a, 3 in form b
};

// Raw integer nearest to v * 2^F, clamped to the format.
inline cpp_int quantise(double v, const fxref::Fmt& f) {
  const long double scaled = std::ldexp(static_cast<long double>(v), f.f);
  cpp_int r = cpp_int(static_cast<long long>(std::llround(scaled)));
  const cpp_int mx = fxref::fmt_max(f), mn = fxref::fmt_min(f);
  if (r > mx) r = mx;
  if (r < mn) r = mn;
  return r;
}

inline Scenario generate(const GenParams& g, const fxref::Fmts& fm) {
  std::mt19937_64 rng(g.seed);
  std::uniform_real_distribution<double> uni(0.0, 1.0);
  auto U = [&](double lo, double hi) { return lo + (hi - lo) * uni(rng); };
  Scenario s;
  fxref::Config& c = s.cfg;
  c.n_in = g.n_in;
  c.n_rec = g.n_rec;
  c.n_out = g.n_out;
  c.form_b = g.form_b;
  c.spike_ge = g.spike_ge;
  c.exact = g.exact;
  c.per_trial = g.per_trial;
  c.fb_random = g.fb_random;
  c.lr_shift = g.lr_shift;
  c.n_ref = g.n_ref >= 0 ? g.n_ref : (g.form_b ? 3 : 0);
  // Pattern-generation constants (form a) or evidence-accumulation-like ones (form b).
  const double tau_m = g.form_b ? 20.0 : 30.0, tau_out = g.form_b ? 20.0 : 30.0, tau_a = 200.0;
  const double thr = g.form_b ? 0.6 : 0.03, gamma = 0.3;
  c.alpha = quantise(std::exp(-1.0 / tau_m), fm[fxref::kAlpha]);
  c.rho = quantise(std::exp(-1.0 / tau_a), fm[fxref::kRho]);
  c.kappa = quantise(std::exp(-1.0 / tau_out), fm[fxref::kKappa]);
  c.thr = quantise(thr, fm[fxref::kThr]);
  c.beta = quantise(g.form_b ? 0.07 : 0.002, fm[fxref::kBeta]);
  c.psi_peak = quantise(gamma / thr, fm[fxref::kPsiPeak]);
  c.inv_thr = quantise(1.0 / thr, fm[fxref::kInvThr]);
  // The last round(alif_frac n_rec) neurons are ALIF, as in the fixed model.
  c.alif.assign(static_cast<std::size_t>(g.n_rec), 0);
  const int n_alif = static_cast<int>(std::lround(g.alif_frac * g.n_rec));
  for (int j = g.n_rec - n_alif; j < g.n_rec; ++j) c.alif[static_cast<std::size_t>(j)] = 1;
  for (auto& sd : s.seeds) {
    do sd = static_cast<uint32_t>(rng()); while (sd == 0);
  }
  // Weights: scaled so that the network is active; a few at the edges of their formats.
  const double in_scale = g.form_b ? 0.5 : 0.6;
  auto weight = [&](const fxref::Fmt& f, double lo, double hi) {
    const double r = uni(rng);
    if (r < 0.01) return fxref::fmt_max(f);
    if (r < 0.02) return fxref::fmt_min(f);
    return quantise(U(lo, hi), f);
  };
  const std::size_t ni = static_cast<std::size_t>(g.n_in), nr = static_cast<std::size_t>(g.n_rec),
                    no = static_cast<std::size_t>(g.n_out);
  for (std::size_t i = 0; i < ni * nr; ++i) s.w_in.push_back(weight(fm[fxref::kWIn], -0.3 * in_scale, in_scale));
  for (std::size_t i = 0; i < nr * nr; ++i) {
    const bool diag = i / nr == i % nr;
    s.w_rec.push_back(diag ? cpp_int(0) : weight(fm[fxref::kWRec], -0.5 * in_scale, 0.5 * in_scale));
  }
  for (std::size_t i = 0; i < nr * no; ++i) s.w_out.push_back(weight(fm[fxref::kWOut], -0.6, 0.6));
  for (std::size_t i = 0; i < nr * no; ++i) s.b.push_back(weight(fm[fxref::kB], -1.0, 1.0));
  s.batch = g.batch;
  for (int tr = 0; tr < g.trials; ++tr) {
    std::vector<StepIn> steps;
    const double phase = U(0.0, 6.28);
    for (int t = 0; t < g.steps; ++t) {
      StepIn in;
      in.x.resize(ni);
      for (auto& xi : in.x) xi = uni(rng) < g.p_in ? 1 : 0;
      for (std::size_t k = 0; k < no; ++k)
        in.ystar.push_back(quantise(0.5 * std::sin(phase + 0.3 * t + static_cast<double>(k)), fm[fxref::kY]));
      in.mask = uni(rng) < g.p_mask;
      steps.push_back(in);
    }
    s.trials.push_back(steps);
  }
  return s;
}

// ---- JSON ---------------------------------------------------------------------------------
inline nlohmann::json ints(const std::vector<cpp_int>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& e : v) a.push_back(static_cast<long long>(e));
  return a;
}
inline std::vector<cpp_int> from_ints(const nlohmann::json& a) {
  std::vector<cpp_int> v;
  for (const auto& e : a) v.emplace_back(e.get<long long>());
  return v;
}

inline nlohmann::json to_json(const Scenario& s) {
  const fxref::Config& c = s.cfg;
  nlohmann::json j;
  j["config"] = {{"n_in", c.n_in}, {"n_rec", c.n_rec}, {"n_out", c.n_out}, {"form_b", c.form_b},
                 {"spike_ge", c.spike_ge}, {"exact", c.exact}, {"per_trial", c.per_trial},
                 {"fb_random", c.fb_random}, {"lr_shift", c.lr_shift}, {"n_ref", c.n_ref},
                 {"alpha", static_cast<long long>(c.alpha)}, {"rho", static_cast<long long>(c.rho)},
                 {"kappa", static_cast<long long>(c.kappa)}, {"thr", static_cast<long long>(c.thr)},
                 {"beta", static_cast<long long>(c.beta)},
                 {"psi_peak", static_cast<long long>(c.psi_peak)},
                 {"inv_thr", static_cast<long long>(c.inv_thr)}, {"alif", c.alif}};
  j["seeds"] = s.seeds;
  j["w_in"] = ints(s.w_in);
  j["w_rec"] = ints(s.w_rec);
  j["w_out"] = ints(s.w_out);
  j["b"] = ints(s.b);
  j["batch"] = s.batch;
  j["trials"] = nlohmann::json::array();
  for (const auto& tr : s.trials) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& st : tr) steps.push_back({{"x", st.x}, {"ystar", ints(st.ystar)}, {"mask", st.mask}});
    j["trials"].push_back(steps);
  }
  return j;
}

inline Scenario from_json(const nlohmann::json& j) {
  Scenario s;
  const auto& jc = j.at("config");
  fxref::Config& c = s.cfg;
  c.n_in = jc.at("n_in");
  c.n_rec = jc.at("n_rec");
  c.n_out = jc.at("n_out");
  c.form_b = jc.at("form_b");
  c.spike_ge = jc.at("spike_ge");
  c.exact = jc.at("exact");
  c.per_trial = jc.at("per_trial");
  c.fb_random = jc.at("fb_random");
  c.lr_shift = jc.at("lr_shift");
  c.n_ref = jc.at("n_ref");
  c.alpha = jc.at("alpha").get<long long>();
  c.rho = jc.at("rho").get<long long>();
  c.kappa = jc.at("kappa").get<long long>();
  c.thr = jc.at("thr").get<long long>();
  c.beta = jc.at("beta").get<long long>();
  c.psi_peak = jc.at("psi_peak").get<long long>();
  c.inv_thr = jc.at("inv_thr").get<long long>();
  c.alif = jc.at("alif").get<std::vector<int>>();
  s.seeds = j.at("seeds").get<std::array<uint32_t, fxref::kNSites>>();
  s.w_in = from_ints(j.at("w_in"));
  s.w_rec = from_ints(j.at("w_rec"));
  s.w_out = from_ints(j.at("w_out"));
  s.b = from_ints(j.at("b"));
  s.batch = j.at("batch");
  for (const auto& jt : j.at("trials")) {
    std::vector<StepIn> steps;
    for (const auto& js : jt) {
      StepIn in;
      in.x = js.at("x").get<std::vector<int>>();
      in.ystar = from_ints(js.at("ystar"));
      in.mask = js.at("mask");
      steps.push_back(in);
    }
    s.trials.push_back(steps);
  }
  const std::size_t ni = static_cast<std::size_t>(c.n_in), nr = static_cast<std::size_t>(c.n_rec),
                    no = static_cast<std::size_t>(c.n_out);
  if (c.alif.size() != nr || s.w_in.size() != ni * nr || s.w_rec.size() != nr * nr ||
      s.w_out.size() != nr * no || s.b.size() != nr * no)
    throw std::runtime_error("scenario: matrix sizes do not match n_in/n_rec/n_out");
  for (const auto& tr : s.trials)
    for (const auto& st : tr)
      if (st.x.size() != ni || st.ystar.size() != no)
        throw std::runtime_error("scenario: a step's x or ystar has the wrong length");
  return s;
}

}  // namespace fxtb
