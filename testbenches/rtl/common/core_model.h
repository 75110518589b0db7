// Copyright fxprop contributors.
//
// The fixed-point model (model/fixed/) seen from the RTL harnesses. The RTL reports its
// formats through format descriptors and takes its run-time configuration as raw integers;
// this header turns those into the fixed model's configuration objects and Datapath, and
// wraps fixed::Core (the normative bits, docs/learning-core.md) behind the interface the
// whole-core lock-step check uses: the architectural state as the RTL's host bus exposes it.
//
// No arithmetic is written here: every value the harnesses expect comes from the kernels
// of model/fixed/kernels.h (through fixed::Core or called directly by the block testbenches).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/fixed/constants.h"
#include "model/fixed/core.h"
#include "model/fixed/datapath.h"
#include "model/fixed/fixed_config.h"
#include "model/golden/golden_config.h"
#include "testbenches/rtl/common/fxref.h"

namespace fxref {

namespace fx = fxprop::fixed;

// ---- Formats of the RTL ------------------------------------------------------------------
// Descriptor layout of the core's format CSRs (rtl/fxprop_pkg.sv fmt_desc).
inline Fmt fmt_from_desc(uint32_t d) {
  Fmt f;
  f.w = static_cast<int>(d & 0xff);
  f.f = static_cast<int>((d >> 8) & 0xff);
  f.s = ((d >> 16) & 1) != 0;
  f.rnd = static_cast<int>((d >> 20) & 0xf);
  f.ovf = static_cast<int>((d >> 24) & 0x3);
  f.k = static_cast<int>((d >> 26) & 0x3f);
  return f;
}

// Site / descriptor indices, as in fxprop_pkg; sites are the fixed model's stream ids.
enum Site : int {
  kISyn = 0, kV, kA, kThrA, kPsi, kZbar, kZbarOut, kY, kErr, kL, kLpsi, kE, kEpsA, kEbar,
  kGradAcc, kWIn, kWRec, kWOut, kNSites
};
static_assert(kNSites == fx::kSiteCount, "RTL sites and fixed-model sites are one list");
enum FmtIdx : int { kB = 18, kAlpha, kRho, kKappa, kThr, kBeta, kPsiPeak, kInvThr, kNFmts };

struct Fmts {
  std::array<Fmt, kNFmts> f;
  const Fmt& operator[](int i) const { return f[static_cast<std::size_t>(i)]; }
};

inline fxp::Format format(const Fmt& f) { return fxp::Format{f.w, f.f, f.s}; }

// ---- Run-time configuration, raw -------------------------------------------------------------
struct Config {
  int n_in = 1, n_rec = 1, n_out = 1;
  bool form_b = false, spike_ge = false, exact = false, per_trial = false, fb_random = false;
  int lr_shift = 0, n_ref = 0;
  // raw constants in their formats
  cpp_int alpha = 0, rho = 0, kappa = 0, thr = 0, beta = 0, psi_peak = 0, inv_thr = 0;
  std::vector<int> alif;  // per recurrent neuron (the fixed model: the last n_alif neurons)
};

// Number of ALIF neurons; throws unless they are the last ones (the fixed model's layout).
inline int alif_suffix(const Config& c) {
  const int n_alif = static_cast<int>(std::count(c.alif.begin(), c.alif.end(), 1));
  for (int j = 0; j < c.n_rec; ++j) {
    if ((c.alif[static_cast<std::size_t>(j)] != 0) != (j >= c.n_rec - n_alif))
      throw std::invalid_argument("ALIF neurons must be the last n_alif recurrent neurons (as in the fixed model)");
  }
  return n_alif;
}

// The fixed model's configuration for the RTL's formats and a raw run-time configuration.
struct ModelConfig {
  fxprop::golden::GoldenConfig golden;
  fx::FixedConfig fixed;
  fx::CoreConstants constants;
};

inline ModelConfig model_config(const Fmts& fm, const Config& c, int n_alif) {
  namespace g = fxprop::golden;
  ModelConfig m;
  g::NetworkConfig& net = m.golden.network;
  net.n_in = c.n_in;
  net.n_rec = c.n_rec;
  net.n_out = c.n_out;
  net.n_alif = n_alif;
  net.form = c.form_b ? g::NeuronForm::kB : g::NeuronForm::kA;
  net.spike_test = c.spike_ge ? g::SpikeTest::kGreaterEqual : g::SpikeTest::kGreater;
  net.n_ref = c.n_ref;
  g::LearningConfig& l = m.golden.learning;
  l.eligibility = c.exact ? g::Eligibility::kExact : g::Eligibility::kFactorised;
  l.schedule = c.per_trial ? g::Schedule::kPerBatch : g::Schedule::kOnline;
  l.feedback = c.fb_random ? g::Feedback::kRandom : g::Feedback::kSymmetric;
  for (int s = 0; s < kNSites; ++s) m.fixed.site_spec[static_cast<std::size_t>(s)] = spec(fm[s]);
  m.fixed.host_format[static_cast<std::size_t>(fx::index(fx::HostValue::b))] = format(fm[kB]);
  m.fixed.lr_mode = fx::LrMode::kShift;
  m.fixed.stats = false;
  fx::CoreConstants& k = m.constants;
  const auto set = [&](fx::QuantisedConstant& q, const cpp_int& raw, int idx, fx::HostValue hv) {
    q.q = static_cast<std::int64_t>(raw);
    q.fmt = format(fm[idx]);
    q.used = true;
    m.fixed.host_format[static_cast<std::size_t>(fx::index(hv))] = q.fmt;
  };
  set(k.alpha, c.alpha, kAlpha, fx::HostValue::alpha);
  set(k.rho, c.rho, kRho, fx::HostValue::rho);
  set(k.kappa, c.kappa, kKappa, fx::HostValue::kappa);
  set(k.thr, c.thr, kThr, fx::HostValue::thr);
  set(k.beta, c.beta, kBeta, fx::HostValue::beta);
  set(k.psi_peak, c.psi_peak, kPsiPeak, fx::HostValue::psi_peak);
  set(k.inv_thr, c.inv_thr, kInvThr, fx::HostValue::inv_thr);
  k.lr_mode = fx::LrMode::kShift;
  k.lr_shift = c.lr_shift;
  return m;
}

inline fx::Datapath datapath(const Fmts& fm, const Config& c, int n_alif) {
  const ModelConfig m = model_config(fm, c, n_alif);
  return fx::build_datapath(m.golden, m.fixed, m.constants);
}

// ---- Architectural state, as the host bus reads it ------------------------------------------
// Raw integers; matrices [pre][post] flattened row-major; ebar / eps_a / acc rows are the
// sources (inputs, then neurons), every post (eps_a of LIF posts is 0).
struct State {
  std::vector<cpp_int> w_in, w_rec, w_out, b;        // [i][j], [i][j], [j][k], [j][k]
  std::vector<cpp_int> ebar, eps_a, acc;             // [source][j]
  std::vector<cpp_int> acc_out;                      // [j][k]
  std::vector<cpp_int> isyn, v, a, psi, l, lpsi, zbar_rec, zbar_out;
  std::vector<int> r;
  std::vector<int> z;
  std::vector<cpp_int> zbar_in;
  std::vector<cpp_int> y, err, ystar;
};

// Raws as cpp_int (the harnesses' common integer type).
template <class V>
std::vector<cpp_int> to_cpp_ints(const V& v) {
  return std::vector<cpp_int>(v.begin(), v.end());
}
inline std::vector<cpp_int> to_cpp_ints(const std::int64_t* p, std::size_t n) { return std::vector<cpp_int>(p, p + n); }

// The state of a fixed::Core as the RTL's read-back presents it (b: what the host loaded into
// B; ystar: the last target).
inline State snapshot(const fx::Core& core, const Config& cfg, const std::vector<cpp_int>& b,
                    const std::vector<cpp_int>& ystar, bool synapses) {
  const fx::NeuronState& ns = core.neurons();
  const fx::SynapseState& syn = core.synapses();
  const auto ni = static_cast<std::size_t>(cfg.n_in), nr = static_cast<std::size_t>(cfg.n_rec);
  const auto n_lif = nr - static_cast<std::size_t>(std::count(cfg.alif.begin(), cfg.alif.end(), 1));
  State s;
  s.isyn = to_cpp_ints(ns.i_syn);
  s.v = to_cpp_ints(ns.v);
  s.a = to_cpp_ints(ns.a);
  s.psi = to_cpp_ints(ns.psi);
  s.l = to_cpp_ints(ns.l);
  s.lpsi = to_cpp_ints(ns.lpsi);
  s.zbar_rec = to_cpp_ints(ns.zbar_rec);
  s.zbar_out = to_cpp_ints(ns.zbar_out);
  s.zbar_in = to_cpp_ints(ns.zbar_in);
  s.y = to_cpp_ints(ns.y);
  s.err = to_cpp_ints(ns.err);
  s.ystar = ystar;
  s.ystar.resize(static_cast<std::size_t>(cfg.n_out), 0);
  s.r.assign(ns.refractory.begin(), ns.refractory.end());
  s.z.assign(ns.z.begin(), ns.z.end());
  if (!synapses) return s;
  s.w_in = to_cpp_ints(syn.w_in.data(), syn.w_in.size());
  s.w_rec = to_cpp_ints(syn.w_rec.data(), syn.w_rec.size());
  s.w_out = to_cpp_ints(syn.w_out.data(), syn.w_out.size());
  s.b = cfg.fb_random ? to_cpp_ints(syn.b.data(), syn.b.size()) : b;
  const std::size_t rows = ni + nr;
  s.ebar.assign(rows * nr, 0);
  s.eps_a.assign(rows * nr, 0);
  s.acc.assign(rows * nr, 0);
  s.acc_out = to_cpp_ints(syn.acc_out.data(), syn.acc_out.size());
  s.acc_out.resize(nr * static_cast<std::size_t>(cfg.n_out), 0);
  for (std::size_t src = 0; src < rows; ++src) {
    const bool rec = src >= ni;
    const std::size_t r = rec ? src - ni : src;
    const auto& ebar = rec ? syn.ebar_rec : syn.ebar_in;
    const auto& eps = rec ? syn.eps_a_rec : syn.eps_a_in;
    const auto& acc = rec ? syn.acc_rec : syn.acc_in;
    for (std::size_t j = 0; j < nr; ++j) {
      if (!ebar.empty()) s.ebar[src * nr + j] = ebar(r, j);
      if (!eps.empty() && j >= n_lif) s.eps_a[src * nr + j] = eps(r, j - n_lif);
      if (!acc.empty()) s.acc[src * nr + j] = acc(r, j);
    }
  }
  return s;
}

// fixed::Core driven with the RTL's commands: CLEAR, CLRACC, STEP, APPLY.
class ModelCore {
 public:
  ModelCore(const Fmts& fm, const Config& cfg)
      : cfg_(cfg), core_(datapath(fm, cfg, alif_suffix(cfg)), 1, false), ystar_(static_cast<std::size_t>(cfg.n_out), 0) {}

  fx::Core& core() { return core_; }
  const fx::Core& core() const { return core_; }
  const Config& config() const { return cfg_; }

  // The stream of site s starts at `seed` (the RTL's LFSR seed CSR).
  void seed(int s, uint32_t seed) { core_.sites().lfsr(static_cast<fx::Site>(s)) = Lfsr32(seed); }
  uint32_t lfsr(int s) const { return core_.sites().lfsr(static_cast<fx::Site>(s)).state(); }

  void load_weights(const std::vector<cpp_int>& w_in, const std::vector<cpp_int>& w_rec,
                    const std::vector<cpp_int>& w_out, const std::vector<cpp_int>& b) {
    fx::SynapseState& syn = core_.synapses();
    copy_in(w_in, syn.w_in.data(), syn.w_in.size());
    copy_in(w_rec, syn.w_rec.data(), syn.w_rec.size());
    copy_in(w_out, syn.w_out.data(), syn.w_out.size());
    if (cfg_.fb_random) copy_in(b, syn.b.data(), syn.b.size());
    b_ = b;
  }

  void clear() { core_.begin_trial(); }
  void clear_acc() {
    fx::SynapseState& syn = core_.synapses();
    syn.acc_in.fill(0);
    syn.acc_rec.fill(0);
    syn.acc_out.fill(0);
  }
  void apply() { core_.end_batch(); }
  void step(const std::vector<int>& x, const std::vector<cpp_int>& ystar, bool mask) {
    x_.assign(x.begin(), x.end());
    for (std::size_t k = 0; k < ystar.size(); ++k) ystar_[k] = static_cast<std::int64_t>(ystar[k]);
    ystar_seen_ = ystar;
    core_.step(x_.data(), ystar_.data(), mask);
  }

  // The state as the RTL's read-back presents it.
  State state(bool synapses = true) const { return snapshot(core_, cfg_, b_, ystar_seen_, synapses); }

 private:
  static void copy_in(const std::vector<cpp_int>& src, std::int64_t* dst, std::size_t n) {
    if (src.size() != n) throw std::invalid_argument("weight matrix size does not match the configuration");
    for (std::size_t i = 0; i < n; ++i) dst[i] = static_cast<std::int64_t>(src[i]);
  }

  Config cfg_;
  fx::Core core_;
  std::vector<std::uint8_t> x_;
  std::vector<std::int64_t> ystar_;
  std::vector<cpp_int> ystar_seen_, b_;
};

}  // namespace fxref
