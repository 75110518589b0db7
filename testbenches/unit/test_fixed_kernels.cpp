// Element and row kernels of the fixed-point learning core: hand-computed cases
// (one neuron step, an ALIF step, refractoriness, the psi clamp, the spike test at
// equality, a stochastic weight update from a known LFSR state, accumulation and
// application), exhaustive checks of every kernel against its definition computed
// independently with fxp::Wide (exact products and sums, then one fxp::requantize),
// and row kernels against element loops (same values, draws and counts).
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fixedpoint/requantize.h"
#include "fixedpoint/wide.h"
#include "model/fixed/constants.h"
#include "model/fixed/datapath.h"
#include "model/fixed/kernels.h"
#include "model/fixed/row_kernels.h"
#include "model/fixed/sites.h"
#include "testbenches/unit/fixed_test_support.h"
#include "testbenches/unit/fixedpoint_test_util.h"

using namespace fxprop;
using namespace fxprop::fixed;
using fxp::i128;
using fxp::Wide;

namespace {

struct Built {
  test::Configs cfg;
  CoreConstants k;
  Datapath dp;
};

Built build(const std::string& overlay) {
  Built b{test::configs_from(overlay), {}, {}};
  b.k = quantise_constants(b.cfg.golden, b.cfg.fixed);
  b.dp = build_datapath(b.cfg.golden, b.cfg.fixed, b.k);
  return b;
}

// Form a, 2 inputs, 2 LIF neurons: alpha = kappa = 15/16 (tau 30 in u8.4), thr = 0.5,
// psi_peak = 0.6 -> 0.625, inv_thr = 2; v, I in s16.8. `formats` replaces entries of
// [fixed.formats] ("key = value" lines), `network` and `learning` add fields.
std::string hand_config(const std::string& formats = "", const std::string& network = "", const std::string& learning = "") {
  std::map<std::string, std::string> f{{"alpha", "\"u8.4\""},          {"kappa", "\"u8.4\""},
                                       {"thr", "\"u8.4\""},            {"psi_peak", "\"u8.4\""},
                                       {"inv_thr", "\"u8.4\""},        {"rho", "\"u8.4\""},
                                       {"beta", "\"u8.4\""},           {"v", "\"s16.8 rnd sat\""},
                                       {"i_syn", "\"s16.8 rnd sat\""}, {"psi", "\"u16.8 rnd sat\""},
                                       {"a", "\"s16.8 rnd sat\""},     {"thr_adaptive", "\"s16.8 rnd sat\""}};
  std::map<std::string, std::string> net{{"n_in", "2"}, {"n_rec", "2"}, {"n_out", "1"}, {"thr", "0.5"}};
  const auto overlay = [](std::map<std::string, std::string>& m, const std::string& text) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      const auto eq = line.find(" = ");
      if (eq != std::string::npos) m[line.substr(0, eq)] = line.substr(eq + 3);
    }
  };
  overlay(f, formats);
  overlay(net, network);
  std::string s = "[network]\n";
  for (const auto& [k, v] : net) s += k + " = " + v + "\n";
  s += "[learning]\nc_reg = 0.0\n" + learning + "[optimizer]\nlr = 0.0625\n[fixed]\nlr_mode = \"shift\"\n[fixed.formats]\n";
  for (const auto& [k, v] : f) s += k + " = " + v + "\n";
  return s;
}

template <class T>
NeuronOut step(const Datapath& dp, std::int64_t v, std::int64_t i_syn, bool z_prev, Sites& s, bool alif = false, std::int64_t a = 0,
               int refractory = 0) {
  NeuronIn in;
  in.v_q = v;
  in.i_syn_q = i_syn;
  in.z_prev = z_prev;
  in.alif = alif;
  in.a_q = a;
  in.refractory = refractory;
  return neuron_update<T>(dp, in, s);
}

}  // namespace

TEST_CASE("hand-computed LIF steps of form a: membrane and psi triangle and psi clamp and the spike test at v = thr", "[fixed][kernels]") {
  const Built b = build(hand_config());
  REQUIRE(b.k.alpha.q == 15);
  REQUIRE(b.k.psi_peak.q == 10);
  REQUIRE(b.k.inv_thr.q == 32);
  Sites s(1, true);
  for (int wide = 0; wide < 2; ++wide) {
    INFO("exact type " << (wide ? "i128" : "int64"));
    // v = 15/16 * 100/256 + 1/16 * 512/256 = 2012/4096 -> 125.75 LSB -> 126; d = -2/256;
    // psi = 0.625 (1 - 2/256 * 2) = 0.615234375 = 157.5 LSB -> 158 (ties up).
    NeuronOut o = wide ? step<i128>(b.dp, 100, 512, false, s) : step<std::int64_t>(b.dp, 100, 512, false, s);
    CHECK(o.v_q == 126);
    CHECK_FALSE(o.z);
    CHECK(o.psi_q == 158);
    // v = (15 * 67 + 256 - 2048) / 4096 = -787/4096 = -49.1875 LSB -> -49 (reset by thr);
    // |d| inv_thr = 354/256 > 1: psi clamps to 0.
    o = wide ? step<i128>(b.dp, 67, 256, true, s) : step<std::int64_t>(b.dp, 67, 256, true, s);
    CHECK(o.v_q == -49);
    CHECK(o.psi_q == 0);
    // v = 1/16 * 8 = 0.5 = thr exactly: no spike with '>', psi at its peak 0.625 = 160 LSB.
    o = wide ? step<i128>(b.dp, 0, 2048, false, s) : step<std::int64_t>(b.dp, 0, 2048, false, s);
    CHECK(o.v_q == 128);
    CHECK_FALSE(o.z);
    CHECK(o.psi_q == 160);
  }
  // Three neuron steps per pass, two passes: v and psi each requantised 6 times (the
  // clamped psi too); no adaptation for LIF neurons.
  CHECK(s.stats(Site::v).requants == 6);
  CHECK(s.stats(Site::psi).requants == 6);
  CHECK(s.stats(Site::a).requants == 0);
  // With '>=' the same v = thr spikes.
  const Built ge = build(hand_config("", "spike_test = \">=\"\n"));
  CHECK(step<std::int64_t>(ge.dp, 0, 2048, false, s).z);
}

TEST_CASE("hand-computed ALIF step of form b: adaptation and adaptive threshold and baseline reset and psi", "[fixed][kernels]") {
  const Built b = build(hand_config("", "neuron_form = \"b\"\nn_alif = 1\ntau_a = 30.0\nbeta = 0.25\nn_ref = 3\n"));
  REQUIRE(b.k.rho.q == 15);
  REQUIRE(b.k.beta.q == 4);
  Sites s(1, true);
  // a = 15/16 * 1 + 1 = 1.9375 = 496 LSB; A = 0.5 + 0.25 * 1.9375 = 0.984375 = 252 LSB;
  // v = 15/16 * 1 + 0.5 - 0.5 (reset by the baseline thr) = 0.9375 = 240 LSB;
  // d = -12/256, psi = 0.625 (1 - 24/256) = 0.56640625 = 145 LSB.
  const NeuronOut o = step<std::int64_t>(b.dp, 256, 128, true, s, true, 256);
  CHECK(o.a_q == 496);
  CHECK(o.thr_adaptive_q == 252);
  CHECK(o.v_q == 240);
  CHECK_FALSE(o.z);
  CHECK(o.psi_q == 145);
  const NeuronOut w = step<i128>(b.dp, 256, 128, true, s, true, 256);
  CHECK((w.a_q == o.a_q && w.thr_adaptive_q == o.thr_adaptive_q && w.v_q == o.v_q && w.psi_q == o.psi_q));
}

TEST_CASE("refractory period: after a spike the next n_ref - 1 steps cannot spike and have psi = 0 without a requantisation",
          "[fixed][kernels]") {
  const Built b = build(hand_config("", "neuron_form = \"b\"\nn_ref = 3\n"));
  Sites s(1, true);
  std::int64_t v = 0;
  int r = 0;
  bool z = false;
  std::vector<int> spikes, psi_zero;
  for (int t = 0; t < 8; ++t) {
    const std::uint64_t psi_before = s.stats(Site::psi).requants;
    const NeuronOut o = step<std::int64_t>(b.dp, v, 2048, z, s, false, 0, r);  // I = 8: far above threshold
    spikes.push_back(o.z);
    psi_zero.push_back(s.stats(Site::psi).requants == psi_before);
    v = o.v_q;
    r = o.refractory;
    z = o.z;
  }
  // Spike at 0, blocked at 1 and 2, spike at 3, blocked at 4 and 5, spike at 6.
  CHECK(spikes == std::vector<int>{1, 0, 0, 1, 0, 0, 1, 0});
  CHECK(psi_zero == std::vector<int>{0, 1, 1, 0, 1, 1, 0, 1});
}

TEST_CASE("a stochastic weight update from a known LFSR state: W = floor((W 2^8 - lr g + r) / 2^8) with the stream's 8-bit draws",
          "[fixed][kernels]") {
  // lpsi s8.4 x zbar u8.4: g has 8 fraction bits; lr = 2^-4 (shift): lr g has 12; W s8.4 stoch8:
  // s = 8 bits dropped, c = r. W = 0.5 (8 LSB), g = 120/256: x = 2048 - 120 = 1928 = 7.53125 * 256,
  // so W stays 8 when r >= 120 and becomes 7 otherwise. Draws from seed 1 (docs/fixedpoint.md):
  // 0xb6 0xdb 0x68 0xa3 0xcf 0x21 = 182 219 104 163 207 33.
  const Built b = build(hand_config("zbar = \"u8.4 rnd sat\"\nlpsi = \"s8.4 rnd sat\"\nw_in = \"s8.4 stoch8 sat\"\n", "",
                                     "eligibility = \"factorised\"\nschedule = \"online\"\n"));
  REQUIRE(b.dp.w_in.step_w_shift == 8);
  REQUIRE(b.dp.w_in.step_g_shift == 0);
  Sites s(1, true);
  s.lfsr(Site::w_in) = fxp::Lfsr32(1);
  std::vector<std::int64_t> w;
  for (int n = 0; n < 6; ++n) w.push_back(update_weight<std::int64_t>(b.dp.w_in, 8, product_exact<std::int64_t>(12, 10), s.at(Site::w_in)));
  CHECK(w == std::vector<std::int64_t>{8, 8, 7, 8, 8, 7});
  CHECK(s.lfsr(Site::w_in).state() == 0x68a3cf21u);
  // The row kernel draws the same numbers in post order.
  s.lfsr(Site::w_in) = fxp::Lfsr32(1);
  std::vector<std::int64_t> row(6, 8), lpsi(6, 12);
  factorised_row<std::int64_t>(b.dp.w_in, false, 10, lpsi.data(), row.data(), 6, -1, s.at(Site::w_in));
  CHECK(row == w);
  // The diagonal of a W_rec row is skipped: no draw, no write.
  s.lfsr(Site::w_in) = fxp::Lfsr32(1);
  std::vector<std::int64_t> rec(7, 8), lpsi7(7, 12);
  rec[2] = 0;
  factorised_row<std::int64_t>(b.dp.w_in, false, 10, lpsi7.data(), rec.data(), 7, 2, s.at(Site::w_in));
  CHECK(rec == std::vector<std::int64_t>{8, 8, 0, 7, 8, 8, 7});
}

TEST_CASE("hand-computed accumulation and end-of-batch application: acc + g is exact and W = rnd(W - lr acc)", "[fixed][kernels]") {
  const Built b = build(hand_config("zbar = \"u8.4 rnd sat\"\nlpsi = \"s8.4 rnd sat\"\ngrad_acc = \"s16.8 rnd sat\"\nw_in = \"s8.4 rnd sat\"\n", "",
                                     "eligibility = \"factorised\"\n"));
  Sites s(1, true);
  // g = 12 * 10 = 120 at 8 fraction bits = the accumulator's: the sum is exact.
  std::int64_t acc = 180;
  acc = accumulate_gradient<std::int64_t>(b.dp.w_in, acc, product_exact<std::int64_t>(12, 10), s.at(Site::grad_acc));
  CHECK(acc == 300);
  // W - lr acc = 2048/4096 - 300/4096 = 1748/4096 = 6.828 LSB -> 7.
  CHECK(apply_accumulated<std::int64_t>(b.dp.w_in, 8, acc, s.at(Site::grad_acc)) == 7);
  // An accumulator that saturates: s16.8 holds at most 32767/256.
  CHECK(accumulate_gradient<std::int64_t>(b.dp.w_in, 32700, product_exact<std::int64_t>(12, 10), s.at(Site::grad_acc)) == 32767);
  CHECK(s.stats(Site::grad_acc).saturations == 1);
}

namespace {

// Modes of the exhaustive checks: every deterministic rounding with every overflow mode, and stoch3.
std::vector<std::string> modes() {
  std::vector<std::string> m;
  for (const char* r : {"trn", "trn_zero", "rnd", "rnd_zero", "rnd_inf", "rnd_min_inf", "rnd_conv", "stoch3"}) {
    for (const char* o : {"wrap", "sat", "sat_sym", "sat_zero"}) m.push_back(std::string(r) + " " + o);
  }
  return m;
}

Wide w(std::int64_t raw, const fxp::Format& f) { return fxp::widen(raw, f); }

}  // namespace

TEST_CASE("exhaustive: the trace and membrane and psi kernels equal one requantisation of their exact definition (Wide arithmetic)",
          "[fixed][kernels]") {
  for (const std::string& mode : modes()) {
    INFO(mode);
    const Built b = build(hand_config("zbar = \"u6.3 " + mode + "\"\nv = \"s6.3 " + mode + "\"\ni_syn = \"s6.3 " + mode +
                                      "\"\npsi = \"u6.4 " + mode + "\"\n"));
    const test::Configs& c = b.cfg;
    const fxp::Format fz = c.fixed.format(Site::zbar), fv = c.fixed.format(Site::v), fi = c.fixed.format(Site::i_syn);
    const Wide alpha = w(b.k.alpha.q, b.k.alpha.fmt), one_minus_alpha = fxp::sub(Wide{1, 0}, alpha);
    const Wide thr = w(b.k.thr.q, b.k.thr.fmt), pk = w(b.k.psi_peak.q, b.k.psi_peak.fmt), inv = w(b.k.inv_thr.q, b.k.inv_thr.fmt);
    Sites s(7, false);
    fxp::Lfsr32 ref_z = s.lfsr(Site::zbar), ref_v = s.lfsr(Site::v), ref_p = s.lfsr(Site::psi);
    for (std::int64_t zq = fz.min_raw(); zq <= fz.max_raw(); ++zq) {
      for (int z = 0; z < 2; ++z) {
        const Wide exact = fxp::add(fxp::mul(alpha, w(zq, fz)), fxp::mul(one_minus_alpha, Wide{z, 0}));
        const std::int64_t want = fxp::requantize(exact, c.fixed.spec(Site::zbar), &ref_z);
        REQUIRE(trace_update<std::int64_t>(b.dp, zq, z != 0, s.at(Site::zbar)) == want);
      }
    }
    for (std::int64_t vq = fv.min_raw(); vq <= fv.max_raw(); ++vq) {
      for (std::int64_t iq = fi.min_raw(); iq <= fi.max_raw(); ++iq) {
        for (int z = 0; z < 2; ++z) {
          Wide exact = fxp::add(fxp::mul(alpha, w(vq, fv)), fxp::mul(one_minus_alpha, w(iq, fi)));
          if (z) exact = fxp::sub(exact, thr);
          const std::int64_t v_want = fxp::requantize(exact, c.fixed.spec(Site::v), &ref_v);
          // psi of the stored v: psi_peak max(0, 1 - |v - thr| inv_thr), one rounding.
          Wide d = fxp::sub(w(v_want, fv), thr);
          if (d < Wide{0, 0}) d = fxp::neg(d);
          Wide h = fxp::sub(Wide{1, 0}, fxp::mul(d, inv));
          if (h < Wide{0, 0}) h = Wide{0, 0};
          const std::int64_t psi_want = fxp::requantize(fxp::mul(pk, h), c.fixed.spec(Site::psi), &ref_p);
          const NeuronOut o = step<std::int64_t>(b.dp, vq, iq, z != 0, s);
          REQUIRE(o.v_q == v_want);
          REQUIRE(o.psi_q == psi_want);
          REQUIRE(o.z == (fxp::compare(w(v_want, fv), thr) > 0));
        }
      }
    }
    CHECK(s.lfsr(Site::v) == ref_v);
    CHECK(s.lfsr(Site::psi) == ref_p);
  }
}

TEST_CASE("exhaustive: eligibility (LIF and ALIF) and weight kernels equal their exact definition (Wide arithmetic)", "[fixed][kernels]") {
  for (const std::string& mode : modes()) {
    INFO(mode);
    const std::string f = "zbar = \"u5.3 rnd sat\"\npsi = \"u5.3 rnd sat\"\ne = \"s6.4 " + mode + "\"\neps_a = \"s6.3 " + mode +
                          "\"\nebar = \"s6.4 " + mode + "\"\nl = \"s5.3 rnd sat\"\nw_in = \"s6.3 " + mode + "\"\ngrad_acc = \"s8.4 " +
                          mode + "\"\n";
    const Built b = build(hand_config(f, "neuron_form = \"b\"\nn_alif = 1\ntau_a = 30.0\nbeta = 0.25\n"));
    const FixedConfig& fx = b.cfg.fixed;
    const Wide kappa = w(b.k.kappa.q, b.k.kappa.fmt), one_minus_kappa = fxp::sub(Wide{1, 0}, kappa);
    const Wide rho = w(b.k.rho.q, b.k.rho.fmt), beta = w(b.k.beta.q, b.k.beta.fmt);
    Sites s(11, false);
    fxp::Lfsr32 re = s.lfsr(Site::e), rea = s.lfsr(Site::eps_a), reb = s.lfsr(Site::ebar);
    const fxp::Format fz = fx.format(Site::zbar), fp = fx.format(Site::psi), fe = fx.format(Site::e);
    const fxp::Format fea = fx.format(Site::eps_a), feb = fx.format(Site::ebar);
    for (std::int64_t zq = 0; zq <= fz.max_raw(); zq += 3) {
      for (std::int64_t pq = 0; pq <= fp.max_raw(); pq += 5) {
        for (std::int64_t ebq = feb.min_raw(); ebq <= feb.max_raw(); ebq += 7) {
          for (std::int64_t eaq = fea.min_raw(); eaq <= fea.max_raw(); eaq += 9) {
            // LIF
            const std::int64_t e_want = fxp::requantize(fxp::mul(w(pq, fp), w(zq, fz)), fx.spec(Site::e), &re);
            const std::int64_t eb_want = fxp::requantize(fxp::add(fxp::mul(kappa, w(ebq, feb)), fxp::mul(one_minus_kappa, w(e_want, fe))),
                                                         fx.spec(Site::ebar), &reb);
            REQUIRE(eligibility_lif<std::int64_t>(b.dp, zq, pq, ebq, s.at(Site::e), s.at(Site::ebar)) == eb_want);
            // ALIF
            const std::int64_t ea_e = fxp::requantize(fxp::mul(w(pq, fp), fxp::sub(w(zq, fz), fxp::mul(beta, w(eaq, fea)))),
                                                      fx.spec(Site::e), &re);
            const std::int64_t ea_want = fxp::requantize(fxp::add(fxp::mul(rho, w(eaq, fea)), w(ea_e, fe)), fx.spec(Site::eps_a), &rea);
            const std::int64_t eab_want = fxp::requantize(fxp::add(fxp::mul(kappa, w(ebq, feb)), fxp::mul(one_minus_kappa, w(ea_e, fe))),
                                                          fx.spec(Site::ebar), &reb);
            std::int64_t eps = eaq, ebar = ebq;
            eligibility_alif<std::int64_t>(b.dp, zq, pq, eps, ebar, s.at(Site::e), s.at(Site::eps_a), s.at(Site::ebar));
            REQUIRE(eps == ea_want);
            REQUIRE(ebar == eab_want);
          }
        }
      }
    }
    // Weights: W - lr g (online), acc + g, W - lr acc with lr = 2^-4, g = L ebar (exact rule).
    Sites u(13, false);
    fxp::Lfsr32 rw = u.lfsr(Site::w_in), ra = u.lfsr(Site::grad_acc);
    const fxp::Format fw = fx.format(Site::w_in), fl = fx.format(Site::l), fa = fx.format(Site::grad_acc);
    const Wide lr{1, 4};
    for (std::int64_t wq = fw.min_raw(); wq <= fw.max_raw(); ++wq) {
      for (std::int64_t lq = fl.min_raw(); lq <= fl.max_raw(); lq += 3) {
        for (std::int64_t ebq = feb.min_raw(); ebq <= feb.max_raw(); ebq += 11) {
          const Wide g = fxp::mul(w(lq, fl), w(ebq, feb));
          const std::int64_t step_want = fxp::requantize(fxp::sub(w(wq, fw), fxp::mul(lr, g)), fx.spec(Site::w_in), &rw);
          REQUIRE(update_weight<std::int64_t>(b.dp.w_in, wq, product_exact<std::int64_t>(lq, ebq), u.at(Site::w_in)) == step_want);
          const std::int64_t aq = wq * 5;  // some accumulator value in range
          const std::int64_t acc_want = fxp::requantize(fxp::add(w(aq, fa), g), fx.spec(Site::grad_acc), &ra);
          REQUIRE(accumulate_gradient<std::int64_t>(b.dp.w_in, aq, product_exact<std::int64_t>(lq, ebq), u.at(Site::grad_acc)) ==
                  acc_want);
          const std::int64_t apply_want = fxp::requantize(fxp::sub(w(wq, fw), fxp::mul(lr, w(aq, fa))), fx.spec(Site::w_in), &rw);
          REQUIRE(apply_accumulated<std::int64_t>(b.dp.w_in, wq, aq, u.at(Site::w_in)) == apply_want);
        }
      }
    }
  }
}

namespace {

// Random raws of a format (the whole range, edges included).
std::vector<std::int64_t> random_row(std::mt19937_64& g, const fxp::Format& f, int n) {
  std::vector<std::int64_t> v(static_cast<std::size_t>(n));
  const auto lo = static_cast<std::int64_t>(f.min_raw()), hi = static_cast<std::int64_t>(f.max_raw());
  for (auto& x : v) x = std::uniform_int_distribution<std::int64_t>(lo, hi)(g);
  v.front() = lo;
  v.back() = hi;
  return v;
}

bool same_sites(const Sites& a, const Sites& b) {
  for (int i = 0; i < kSiteCount; ++i) {
    const auto s = static_cast<Site>(i);
    if (a.lfsr(s) != b.lfsr(s) || a.stats(s) != b.stats(s)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("row kernels equal element-kernel loops in values and draws and counters (300 posts across chunk and LIF/ALIF boundaries with a diagonal)",
          "[fixed][kernels]") {
  // Stochastic rounding at every synapse site, so a draw out of order would show.
  const std::string formats =
      "i_syn = \"s16.6 stoch5 sat\"\nzbar = \"u12.8 stoch4 sat\"\ne = \"s14.7 stoch6 sat\"\neps_a = \"s14.7 stoch3 wrap\"\n"
      "ebar = \"s14.8 stoch7 sat\"\nl = \"s12.7 rnd sat\"\nlpsi = \"s12.6 stoch2 sat_sym\"\ngrad_acc = \"s20.8 stoch9 sat\"\n"
      "w_in = \"s10.6 stoch8 sat\"\nw_rec = \"s10.6 rnd_conv wrap\"\nw_out = \"s10.6 stoch8 sat_zero\"\nerr = \"s12.7 rnd sat\"\n"
      "zbar_out = \"u12.8 stoch4 sat\"\n";
  std::mt19937_64 g(0x726f776b65726e);
  for (const char* schedule : {"per_batch", "online"}) {
    for (const char* variant : {"exact", "factorised"}) {
      INFO(schedule << " " << variant);
      const Built b = build(hand_config(formats, "neuron_form = \"b\"\nn_in = 4\nn_rec = 300\nn_alif = 130\nn_out = 3\ntau_a = 30.0\nbeta = 0.25\n",
                                        std::string("schedule = \"") + schedule + "\"\neligibility = \"" + variant + "\"\n"));
      const FixedConfig& fx = b.cfg.fixed;
      const Datapath& dp = b.dp;
      const int n = dp.n_rec;
      const bool acc = dp.per_trial;
      Sites elem(5, true), row_counted(5, true), row_fast(5, false);
      const std::vector<std::int64_t> w0 = random_row(g, fx.format(Site::w_in), n);
      const std::vector<std::int64_t> i0 = random_row(g, fx.format(Site::i_syn), n);
      const std::vector<std::int64_t> psi = random_row(g, fx.format(Site::psi), n);
      const std::vector<std::int64_t> l = random_row(g, fx.format(Site::l), n);
      const std::vector<std::int64_t> lpsi = random_row(g, fx.format(Site::lpsi), n);
      const std::vector<std::int64_t> eb0 = random_row(g, fx.format(Site::ebar), n);
      const std::vector<std::int64_t> ea0 = random_row(g, fx.format(Site::eps_a), n - dp.n_lif);
      const std::vector<std::int64_t> acc0 = random_row(g, fx.format(Site::grad_acc), n);
      const std::vector<std::int64_t> err = random_row(g, fx.format(Site::err), 3);
      const std::int64_t zbar = 37;
      const int diagonal = 150;

      // Element loops.
      std::vector<std::int64_t> i_e = i0, eb_e = eb0, ea_e = ea0, w_e = w0, a_e = acc0;
      for (int j = 0; j < n; ++j) i_e[j] = integrate<std::int64_t>(dp.isyn_in, i_e[j], w0[j], elem.at(Site::i_syn));
      for (int j = 0; j < n && dp.exact; ++j) {
        if (j == diagonal) continue;
        if (j < dp.n_lif) {
          eb_e[j] = eligibility_lif<std::int64_t>(dp, zbar, psi[j], eb_e[j], elem.at(Site::e), elem.at(Site::ebar));
        } else {
          eligibility_alif<std::int64_t>(dp, zbar, psi[j], ea_e[j - dp.n_lif], eb_e[j], elem.at(Site::e), elem.at(Site::eps_a),
                                         elem.at(Site::ebar));
        }
      }
      std::vector<std::int64_t>& target_e = acc ? a_e : w_e;
      const SiteRef ws_e = elem.at(acc ? Site::grad_acc : Site::w_in);
      for (int j = 0; j < n; ++j) {
        if (j == diagonal) continue;
        const std::int64_t g_x = dp.exact ? product_exact<std::int64_t>(l[j], eb_e[j]) : product_exact<std::int64_t>(lpsi[j], zbar);
        target_e[j] = acc ? accumulate_gradient<std::int64_t>(dp.w_in, target_e[j], g_x, ws_e)
                          : update_weight<std::int64_t>(dp.w_in, target_e[j], g_x, ws_e);
      }
      std::vector<std::int64_t> out_e(w0.begin(), w0.begin() + 3);
      for (int k = 0; k < 3; ++k) {
        const std::int64_t g_x = product_exact<std::int64_t>(err[k], zbar);
        out_e[k] = acc ? accumulate_gradient<std::int64_t>(dp.w_out, out_e[k], g_x, elem.at(Site::grad_acc))
                       : update_weight<std::int64_t>(dp.w_out, out_e[k], g_x, elem.at(Site::w_out));
      }
      std::vector<std::int64_t> applied_e = w0;
      if (acc) {
        for (int j = 0; j < n; ++j) {
          if (j != diagonal) applied_e[j] = apply_accumulated<std::int64_t>(dp.w_in, applied_e[j], a_e[j], elem.at(Site::w_in));
        }
      }

      // Row kernels, with and without counters.
      for (Sites* s : {&row_counted, &row_fast}) {
        std::vector<std::int64_t> i_r = i0, eb_r = eb0, ea_r = ea0, w_r = w0, a_r = acc0;
        integrate_row<std::int64_t>(dp.isyn_in, w0.data(), i_r.data(), n, s->at(Site::i_syn));
        if (dp.exact) eligibility_row<std::int64_t>(dp, zbar, psi.data(), eb_r.data(), ea_r.data(), diagonal, *s);
        std::vector<std::int64_t>& target_r = acc ? a_r : w_r;
        const SiteRef ws_r = s->at(acc ? Site::grad_acc : Site::w_in);
        if (dp.exact) {
          exact_row<std::int64_t>(dp.w_in, acc, l.data(), eb_r.data(), target_r.data(), n, diagonal, ws_r);
        } else {
          factorised_row<std::int64_t>(dp.w_in, acc, zbar, lpsi.data(), target_r.data(), n, diagonal, ws_r);
        }
        std::vector<std::int64_t> out_r(w0.begin(), w0.begin() + 3);
        output_row<std::int64_t>(dp.w_out, acc, zbar, err.data(), out_r.data(), 3, s->at(acc ? Site::grad_acc : Site::w_out));
        CHECK(i_r == i_e);
        if (dp.exact) {
          CHECK(eb_r == eb_e);
          CHECK(ea_r == ea_e);
        }
        CHECK(target_r == target_e);
        CHECK(out_r == out_e);
        if (acc) {
          std::vector<std::int64_t> applied_r = w0;
          apply_row<std::int64_t>(dp.w_in, applied_r.data(), a_r.data(), n, diagonal, s->at(Site::w_in));
          CHECK(applied_r == applied_e);
          // Applied accumulators are cleared; the diagonal's is never touched.
          for (int j = 0; j < n; ++j) CHECK(a_r[j] == (j == diagonal ? target_e[j] : 0));
        }
      }
      for (int i = 0; i < kSiteCount; ++i) {
        const auto site = static_cast<Site>(i);
        INFO("site " << key(site));
        CHECK(row_fast.lfsr(site) == elem.lfsr(site));
        CHECK(row_counted.lfsr(site) == elem.lfsr(site));
        CHECK(row_counted.stats(site) == elem.stats(site));
      }
      CHECK(same_sites(row_counted, elem));
      CHECK(row_counted.stats(Site::i_syn).requants == static_cast<std::uint64_t>(n));
    }
  }
}

TEST_CASE("wide row requantisation equals element-wise requantisation in values, draws and counters, whether or not a chunk fits int64",
          "[fixed][kernels]") {
  // The i128 row path hands chunks whose values all fit int64 to the vectorised int64 row;
  // chunks with one value beyond int64 stay element-wise. Both must equal rq.apply on each
  // i128 value in turn, for every rounding and overflow mode.
  const std::uint64_t seed = static_cast<std::uint64_t>(Catch::rngSeed()) ^ 0x77696465726f77ULL;
  INFO("seed " << seed);
  std::mt19937_64 g(seed);
  std::vector<fxp::Rounding> roundings;
  for (fxp::Round r : fxp_test::kDeterministic) roundings.push_back(fxp::Rounding{r, 0});
  roundings.push_back(fxp::Rounding::stochastic(16));
  roundings.push_back(fxp::Rounding::stochastic(3));
  for (const fxp::Rounding& r : roundings) {
    for (fxp::Overflow o : fxp_test::kOverflows) {
      const fxp::Spec spec{fxp::Format{16, 10, true}, fxp::Quant{r, o}};
      const fxp::Requantizer rq(60, spec);  // 50 bits dropped, as an online W - lr g
      INFO(spec.str());
      const int n = 300;  // chunks of 128, 128, 44
      std::vector<i128> x(static_cast<std::size_t>(n));
      for (auto& v : x) v = static_cast<i128>(static_cast<std::int64_t>(g()) >> (g() % 8));  // fits int64
      x[200] = static_cast<i128>(std::numeric_limits<std::int64_t>::max()) * 5;  // the second chunk does not
      x[201] = -x[200];
      fxp::Lfsr32 rng_elem(0x1234567u), rng_row = rng_elem;
      fxp::Stats st_elem, st_row;
      std::vector<std::int64_t> want(static_cast<std::size_t>(n)), got(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) want[static_cast<std::size_t>(i)] = rq.apply(x[static_cast<std::size_t>(i)], &rng_elem, &st_elem);
      detail::requantize_row<i128>(rq, x.data(), got.data(), n, SiteRef{&rng_row, &st_row, nullptr});
      REQUIRE(got == want);
      REQUIRE(rng_row == rng_elem);
      REQUIRE(st_row == st_elem);
    }
  }
}
