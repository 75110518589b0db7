// Copyright fxprop contributors.
//
// Block testbenches of the datapath units of fxprop_core (tb_units.sv), one per argument:
//   neuron | leaky | syn | wupd | readout | lsig
// Random operands (full-range, near-zero and extreme raw values; constants both realistic
// and arbitrary), random lane masks and random LFSR states; every active lane's result and
// every stream's final state is compared bit for bit with the fixed-point model's element
// kernels (model/fixed/kernels.h) on the Datapath the model builds for the RTL's formats and
// the drawn constants (testbenches/rtl/common/core_model.h), called lane by lane in lane
// order, which is the draw order the RTL's leap-forward chains implement. The seed of the
// operand generator is printed (and can be given as the third argument).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "Vtb_units.h"
#include "model/fixed/kernels.h"
#include "testbenches/rtl/common/core_model.h"
#include "testbenches/rtl/common/vl_bits.h"

namespace {

using fxref::cpp_int;
using fxref::Fmt;
namespace fx = fxprop::fixed;

struct Env {
  fxref::Fmts fm;
  int P = 0, ref_w = 0, lr_max = 0, g_w = 0, g_f = 0, sum_w = 0, ls_acc_w = 0, ls_acc_f = 0;
  std::mt19937_64 rng;
  long checks = 0, fails = 0;

  uint64_t u64() { return rng(); }
  bool coin(double p = 0.5) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }
  int below(int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); }
  uint32_t seed() {
    uint32_t s;
    do s = static_cast<uint32_t>(rng()); while (s == 0);
    return s;
  }

  // Raw value of a W-bit signed/unsigned format: full range, near zero, or an extreme.
  cpp_int raw(int w, bool s) {
    const cpp_int mx = (cpp_int(1) << (s ? w - 1 : w)) - 1, mn = s ? -(cpp_int(1) << (w - 1)) : cpp_int(0);
    const int kind = below(4);
    if (kind == 0) {
      switch (below(5)) {
        case 0: return mx;
        case 1: return mn;
        case 2: return 0;
        case 3: return 1;
        default: return s ? cpp_int(-1) : mx - 1;
      }
    }
    const int bits = kind == 1 ? std::min(w, 1 + below(std::max(1, w / 2))) : w;
    cpp_int v = 0;
    for (int i = 0; i < bits; i += 32) v = (v << 32) | cpp_int(static_cast<uint32_t>(rng()));
    v &= (cpp_int(1) << bits) - 1;
    if (bits == w) return fxtb::from_raw(v, w, s);
    return (s && coin()) ? cpp_int(-v) : v;
  }
  cpp_int raw(const Fmt& f) { return raw(f.w, f.s); }
  // A constant: mostly a realistic value quantised into its format, sometimes arbitrary.
  cpp_int konst(const Fmt& f, double lo, double hi) {
    if (coin(0.25)) return raw(f);
    const double v = lo + (hi - lo) * std::uniform_real_distribution<double>(0, 1)(rng);
    cpp_int r = cpp_int(static_cast<long long>(std::llround(std::ldexp(v, f.f))));
    if (r > fxref::fmt_max(f)) r = fxref::fmt_max(f);
    if (r < fxref::fmt_min(f)) r = fxref::fmt_min(f);
    return r;
  }

  // A decay (alpha, rho, kappa): below 1, as the host's constant checks guarantee, so that
  // 1 - decay is positive.
  cpp_int decay(const Fmt& f, double lo, double hi) {
    cpp_int r = konst(f, lo, hi);
    const cpp_int one = cpp_int(1) << f.f;
    if (r < 0) r = -r;
    if (r >= one) r = r % one;
    return r;
  }

  void eq(const cpp_int& got, const cpp_int& want, const char* what, int lane) {
    ++checks;
    if (got != want && fails++ < 25) {
      std::printf("MISMATCH %s lane %d: rtl=%s ref=%s\n", what, lane, got.str().c_str(), want.str().c_str());
    }
  }
};

// Signed value of a lane field of a port.
template <class T>
cpp_int lane(const T& port, int l, const Fmt& f) {
  return fxtb::from_raw(fxtb::get_field(port, l * f.w, f.w), f.w, f.s);
}
template <class T>
void set_lane(T& port, int l, const Fmt& f, const cpp_int& v) {
  fxtb::set_field(port, l * f.w, f.w, v);
}
template <class T>
uint32_t st(const T& port, int i) {
  return static_cast<uint32_t>(fxtb::get_field(port, 32 * i, 32));
}
template <class T>
void set_st(T& port, int i, uint32_t v) {
  fxtb::set_field(port, 32 * i, 32, cpp_int(v));
}
Fmt plain(int w, int f, bool s) { return Fmt{w, f, s, fxref::kTrn, fxref::kWrap, 1}; }

// An exact kernel intermediate (int64_t or i128) as a cpp_int, and back.
template <class T>
cpp_int big(T v) {
  if constexpr (std::is_same_v<T, std::int64_t>) {
    return cpp_int(v);
  } else {
    const bool neg = v < 0;
    const fxp::u128 m = neg ? static_cast<fxp::u128>(0) - static_cast<fxp::u128>(v) : static_cast<fxp::u128>(v);
    cpp_int r = cpp_int(static_cast<uint64_t>(m >> 64));
    r <<= 64;
    r |= cpp_int(static_cast<uint64_t>(m));
    return neg ? cpp_int(-r) : r;
  }
}
template <class T>
T exact_of(const cpp_int& v) {
  if constexpr (std::is_same_v<T, std::int64_t>) {
    return static_cast<std::int64_t>(v);
  } else {
    return fxref::to_i128(v);
  }
}
inline std::int64_t i64(const cpp_int& v) { return static_cast<std::int64_t>(v); }

// Streams of the fixed model's sites, seeded like the RTL's per-site LFSRs.
struct Streams {
  fx::Sites sites{1, false};
  void seed(int site, uint32_t s) { sites.lfsr(static_cast<fx::Site>(site)) = fxref::Lfsr32(s); }
  fx::SiteRef at(int site) { return sites.at(static_cast<fx::Site>(site)); }
  uint32_t state(int site) const { return sites.lfsr(static_cast<fx::Site>(site)).state(); }
};

// ---------------------------------------------------------------------------------------------
// Neuron update: fx::neuron_update, one lane after the other.
void test_neuron(Vtb_units& d, Env& e) {
  const auto& fm = e.fm;
  fxref::Config cfg;
  cfg.form_b = e.coin();
  cfg.spike_ge = e.coin();
  // Form a has no refractoriness (the configuration requires n_ref = 0 there).
  cfg.n_ref = cfg.form_b ? e.below(1 << e.ref_w) : 0;
  cfg.alpha = e.decay(fm[fxref::kAlpha], 0.5, 0.999);
  cfg.rho = e.decay(fm[fxref::kRho], 0.9, 0.9999);
  cfg.thr = e.konst(fm[fxref::kThr], 0.01, 0.8);
  cfg.beta = e.konst(fm[fxref::kBeta], 0.0, 1.8);
  cfg.psi_peak = e.konst(fm[fxref::kPsiPeak], 0.3, 10.0);
  cfg.inv_thr = e.konst(fm[fxref::kInvThr], 1.0, 40.0);
  const fx::Datapath dp = fxref::datapath(fm, cfg, 1);
  const int af = fm[fxref::kAlpha].f;
  const cpp_int one = cpp_int(1) << af;
  d.nu_form_b_i = cfg.form_b;
  d.nu_spike_ge_i = cfg.spike_ge;
  d.nu_alpha_i = static_cast<uint32_t>(cfg.alpha);
  d.nu_coef_i = static_cast<uint32_t>(cfg.form_b ? one : one - cfg.alpha);
  d.nu_rho_i = static_cast<uint32_t>(cfg.rho);
  d.nu_thr_i = static_cast<uint32_t>(cfg.thr & ((cpp_int(1) << fm[fxref::kThr].w) - 1));
  d.nu_beta_i = static_cast<uint32_t>(cfg.beta);
  d.nu_psi_peak_i = static_cast<uint32_t>(cfg.psi_peak);
  d.nu_inv_thr_i = static_cast<uint32_t>(cfg.inv_thr);
  d.nu_n_ref_i = static_cast<uint32_t>(cfg.n_ref);
  const uint32_t active = static_cast<uint32_t>(e.u64()) & ((1u << e.P) - 1);
  const uint32_t alif = static_cast<uint32_t>(e.u64()) & ((1u << e.P) - 1);
  const uint32_t zp = static_cast<uint32_t>(e.u64()) & ((1u << e.P) - 1);
  d.nu_active_i = active;
  d.nu_alif_i = alif;
  d.nu_z_prev_i = zp;
  std::vector<fx::NeuronIn> in(static_cast<std::size_t>(e.P));
  for (int l = 0; l < e.P; ++l) {
    auto& n = in[static_cast<std::size_t>(l)];
    const cpp_int isyn = e.raw(fm[fxref::kISyn]), v = e.raw(fm[fxref::kV]), a = e.raw(fm[fxref::kA]);
    n.i_syn_q = i64(isyn);
    n.v_q = i64(v);
    n.a_q = i64(a);
    n.refractory = cfg.form_b ? e.below(1 << e.ref_w) : 0;
    n.z_prev = (zp >> l) & 1;
    n.alif = (alif >> l) & 1;
    set_lane(d.nu_isyn_i, l, fm[fxref::kISyn], isyn);
    set_lane(d.nu_v_i, l, fm[fxref::kV], v);
    set_lane(d.nu_a_i, l, fm[fxref::kA], a);
    set_lane(d.nu_r_i, l, plain(e.ref_w, 0, false), cpp_int(n.refractory));
  }
  Streams s;
  const int sites[4] = {fxref::kA, fxref::kThrA, fxref::kV, fxref::kPsi};
  for (int i = 0; i < 4; ++i) {
    const uint32_t sd = e.seed();
    set_st(d.nu_st_i, i, sd);
    s.seed(sites[i], sd);
  }
  d.eval();
  fx::with_exact_type(dp, [&](auto t) {
    using T = decltype(t);
    for (int l = 0; l < e.P; ++l) {
      if (!((active >> l) & 1)) continue;
      const fx::NeuronOut o = fx::neuron_update<T>(dp, in[static_cast<std::size_t>(l)], s.sites);
      e.eq(lane(d.nu_v_o, l, fm[fxref::kV]), cpp_int(o.v_q), "neuron v", l);
      e.eq(lane(d.nu_a_o, l, fm[fxref::kA]), cpp_int(o.a_q), "neuron a", l);
      e.eq(lane(d.nu_r_o, l, plain(e.ref_w, 0, false)), cpp_int(o.refractory), "neuron r", l);
      e.eq(cpp_int((d.nu_z_o >> l) & 1), cpp_int(o.z ? 1 : 0), "neuron z", l);
      e.eq(lane(d.nu_psi_o, l, fm[fxref::kPsi]), cpp_int(o.psi_q), "neuron psi", l);
    }
  });
  for (int i = 0; i < 4; ++i) e.eq(cpp_int(st(d.nu_st_o, i)), cpp_int(s.state(sites[i])), "neuron stream", i);
}

// ---------------------------------------------------------------------------------------------
// Leaky filter as the presynaptic trace: fx::trace_update (q_zbar(alpha zbar + c z), c = 1 -
// alpha in form a, 1 in form b).
void test_leaky(Vtb_units& d, Env& e) {
  const auto& fm = e.fm;
  const Fmt& fa = fm[fxref::kAlpha];
  fxref::Config cfg;
  cfg.form_b = e.coin();
  cfg.alpha = e.decay(fa, 0.5, 0.999);
  const fx::Datapath dp = fxref::datapath(fm, cfg, 0);
  const cpp_int one = cpp_int(1) << fa.f;
  d.lk_decay_i = static_cast<uint32_t>(cfg.alpha);
  d.lk_coef_i = static_cast<uint32_t>(cfg.form_b ? one : one - cfg.alpha);
  const uint32_t active = static_cast<uint32_t>(e.u64()) & ((1u << e.P) - 1);
  const uint32_t u = static_cast<uint32_t>(e.u64()) & ((1u << e.P) - 1);
  d.lk_active_i = active;
  d.lk_u_i = u;
  std::vector<cpp_int> x(static_cast<std::size_t>(e.P));
  for (int l = 0; l < e.P; ++l) {
    x[static_cast<std::size_t>(l)] = e.raw(fm[fxref::kZbar]);
    set_lane(d.lk_x_i, l, fm[fxref::kZbar], x[static_cast<std::size_t>(l)]);
  }
  Streams s;
  const uint32_t sd = e.seed();
  d.lk_st_i = sd;
  s.seed(fxref::kZbar, sd);
  d.eval();
  fx::with_exact_type(dp, [&](auto t) {
    using T = decltype(t);
    for (int l = 0; l < e.P; ++l) {
      if (!((active >> l) & 1)) continue;
      const std::int64_t want = fx::trace_update<T>(dp, i64(x[static_cast<std::size_t>(l)]), (u >> l) & 1, s.at(fxref::kZbar));
      e.eq(lane(d.lk_y_o, l, fm[fxref::kZbar]), cpp_int(want), "leaky y", l);
    }
  });
  e.eq(cpp_int(d.lk_st_o), cpp_int(s.state(fxref::kZbar)), "leaky stream", 0);
}

// ---------------------------------------------------------------------------------------------
// Synapse unit: eligibility (fx::eligibility_lif / eligibility_alif) and the gradient
// (fx::product_exact: L ebar or lpsi zbar), the latter at the unit's common gradient fraction.
void test_syn(Vtb_units& d, Env& e) {
  const auto& fm = e.fm;
  fxref::Config cfg;
  cfg.exact = e.coin(0.7);
  cfg.beta = e.konst(fm[fxref::kBeta], 0.0, 1.8);
  cfg.rho = e.decay(fm[fxref::kRho], 0.9, 0.9999);
  cfg.kappa = e.decay(fm[fxref::kKappa], 0.5, 0.99);
  const fx::Datapath dp = fxref::datapath(fm, cfg, 1);
  const cpp_int one_k = cpp_int(1) << fm[fxref::kKappa].f;
  d.sy_exact_i = cfg.exact;
  d.sy_beta_i = static_cast<uint32_t>(cfg.beta);
  d.sy_rho_i = static_cast<uint32_t>(cfg.rho);
  d.sy_kappa_i = static_cast<uint32_t>(cfg.kappa);
  d.sy_coef_kappa_i = static_cast<uint32_t>(one_k - cfg.kappa);
  const cpp_int zbar = e.raw(fm[fxref::kZbar]);
  fxtb::set_field(d.sy_zbar_i, 0, fm[fxref::kZbar].w, zbar);
  const uint32_t active = static_cast<uint32_t>(e.u64()) & ((1u << e.P) - 1);
  const uint32_t alif = static_cast<uint32_t>(e.u64()) & ((1u << e.P) - 1);
  d.sy_active_i = active;
  d.sy_alif_i = alif;
  struct L {
    cpp_int psi, l, lpsi, eps_a, ebar;
  };
  std::vector<L> in(static_cast<std::size_t>(e.P));
  for (int l = 0; l < e.P; ++l) {
    auto& n = in[static_cast<std::size_t>(l)];
    n.psi = e.raw(fm[fxref::kPsi]);
    n.l = e.raw(fm[fxref::kL]);
    n.lpsi = e.raw(fm[fxref::kLpsi]);
    n.eps_a = e.raw(fm[fxref::kEpsA]);
    n.ebar = e.raw(fm[fxref::kEbar]);
    set_lane(d.sy_psi_i, l, fm[fxref::kPsi], n.psi);
    set_lane(d.sy_l_i, l, fm[fxref::kL], n.l);
    set_lane(d.sy_lpsi_i, l, fm[fxref::kLpsi], n.lpsi);
    set_lane(d.sy_eps_a_i, l, fm[fxref::kEpsA], n.eps_a);
    set_lane(d.sy_ebar_i, l, fm[fxref::kEbar], n.ebar);
  }
  Streams s;
  const int sites[3] = {fxref::kE, fxref::kEpsA, fxref::kEbar};
  for (int i = 0; i < 3; ++i) {
    const uint32_t sd = e.seed();
    set_st(d.sy_st_i, i, sd);
    s.seed(sites[i], sd);
  }
  d.eval();
  const Fmt gfmt = plain(e.g_w, e.g_f, true);
  const int g_frac = dp.w_in.g_frac;  // the fraction of the Datapath's gradient products
  fx::with_exact_type(dp, [&](auto t) {
    using T = decltype(t);
    for (int l = 0; l < e.P; ++l) {
      const auto& n = in[static_cast<std::size_t>(l)];
      const bool act = (active >> l) & 1, al = (alif >> l) & 1;
      T g_x;
      if (cfg.exact) {
        if (!act) continue;
        std::int64_t eps_a = i64(n.eps_a), ebar = i64(n.ebar);
        if (al) {
          fx::eligibility_alif<T>(dp, i64(zbar), i64(n.psi), eps_a, ebar, s.at(fxref::kE), s.at(fxref::kEpsA),
                                  s.at(fxref::kEbar));
        } else {
          ebar = fx::eligibility_lif<T>(dp, i64(zbar), i64(n.psi), ebar, s.at(fxref::kE), s.at(fxref::kEbar));
        }
        e.eq(lane(d.sy_ebar_o, l, fm[fxref::kEbar]), cpp_int(ebar), "syn ebar", l);
        e.eq(lane(d.sy_eps_a_o, l, fm[fxref::kEpsA]), cpp_int(eps_a), "syn eps_a", l);
        g_x = fx::product_exact<T>(i64(n.l), ebar);
      } else {
        g_x = fx::product_exact<T>(i64(n.lpsi), i64(zbar));
        if (!al) e.eq(lane(d.sy_eps_a_o, l, fm[fxref::kEpsA]), n.eps_a, "syn eps_a kept", l);
      }
      e.eq(lane(d.sy_g_o, l, gfmt), big(g_x) << (e.g_f - g_frac), "syn g", l);
    }
  });
  for (int i = 0; i < 3; ++i) e.eq(cpp_int(st(d.sy_st_o, i)), cpp_int(s.state(sites[i])), "syn stream", i);
}

// ---------------------------------------------------------------------------------------------
// Weight-update unit: fx::update_weight (online), fx::accumulate_gradient (per trial),
// fx::apply_accumulated (end of batch), with gradients formed as the core forms them.
void test_wupd(Vtb_units& d, Env& e) {
  const auto& fm = e.fm;
  const int mode = e.below(4);  // 0 online, 1 accumulate, 2 apply, 3 none
  fxref::Config cfg;
  cfg.exact = e.coin();
  cfg.lr_shift = e.below(e.lr_max + 1);
  const fx::Datapath dp = fxref::datapath(fm, cfg, 0);
  const fx::WeightUpdateExpr& u = dp.w_in;
  d.wu_mode_i = static_cast<uint8_t>(mode);
  d.wu_lr_shift_i = static_cast<uint8_t>(cfg.lr_shift);
  const uint32_t active = static_cast<uint32_t>(e.u64()) & ((1u << e.P) - 1);
  d.wu_active_i = active;
  const Fmt gfmt = plain(e.g_w, e.g_f, true);
  std::vector<cpp_int> w(static_cast<std::size_t>(e.P)), acc(w), ga(w), gb(w);
  for (int l = 0; l < e.P; ++l) {
    const std::size_t i = static_cast<std::size_t>(l);
    w[i] = e.raw(fm[fxref::kWIn]);
    acc[i] = e.raw(fm[fxref::kGradAcc]);
    // g = L ebar (exact) or lpsi zbar (factorised), as the synapse unit delivers it.
    ga[i] = e.raw(fm[cfg.exact ? fxref::kL : fxref::kLpsi]);
    gb[i] = e.raw(fm[cfg.exact ? fxref::kEbar : fxref::kZbar]);
    set_lane(d.wu_w_i, l, fm[fxref::kWIn], w[i]);
    set_lane(d.wu_acc_i, l, fm[fxref::kGradAcc], acc[i]);
    set_lane(d.wu_g_i, l, gfmt, (ga[i] * gb[i]) << (e.g_f - u.g_frac));
  }
  Streams s;
  const int sites[2] = {fxref::kWIn, fxref::kGradAcc};
  for (int i = 0; i < 2; ++i) {
    const uint32_t sd = e.seed();
    set_st(d.wu_st_i, i, sd);
    s.seed(sites[i], sd);
  }
  d.eval();
  fx::with_exact_type(dp, [&](auto t) {
    using T = decltype(t);
    for (int l = 0; l < e.P; ++l) {
      const std::size_t i = static_cast<std::size_t>(l);
      if (!((active >> l) & 1)) continue;
      const cpp_int got_w = lane(d.wu_w_o, l, fm[fxref::kWIn]);
      const cpp_int got_acc = lane(d.wu_acc_o, l, fm[fxref::kGradAcc]);
      const T g_x = fx::product_exact<T>(i64(ga[i]), i64(gb[i]));
      if (mode == 0) {
        e.eq(got_w, cpp_int(fx::update_weight<T>(u, i64(w[i]), g_x, s.at(fxref::kWIn))), "wupd online w", l);
      } else if (mode == 1) {
        e.eq(got_acc, cpp_int(fx::accumulate_gradient<T>(u, i64(acc[i]), g_x, s.at(fxref::kGradAcc))), "wupd accumulate acc", l);
      } else if (mode == 2) {
        e.eq(got_w, cpp_int(fx::apply_accumulated<T>(u, i64(w[i]), i64(acc[i]), s.at(fxref::kWIn))), "wupd apply w", l);
        e.eq(got_acc, cpp_int(0), "wupd apply acc", l);
      }
    }
  });
  for (int i = 0; i < 2; ++i) e.eq(cpp_int(st(d.wu_st_o, i)), cpp_int(s.state(sites[i])), "wupd stream", i);
}

// ---------------------------------------------------------------------------------------------
// Readout and error: fx::readout_update on the exact sum of W_out, fx::output_error.
void test_readout(Vtb_units& d, Env& e) {
  const auto& fm = e.fm;
  const Fmt& fk = fm[fxref::kKappa];
  fxref::Config cfg;
  cfg.kappa = e.decay(fk, 0.5, 0.99);
  const fx::Datapath dp = fxref::datapath(fm, cfg, 0);
  const bool mask = e.coin(0.7);
  d.ro_mask_i = mask;
  d.ro_kappa_i = static_cast<uint32_t>(cfg.kappa);
  d.ro_coef_kappa_i = static_cast<uint32_t>((cpp_int(1) << fk.f) - cfg.kappa);
  const uint32_t active = static_cast<uint32_t>(e.u64()) & ((1u << e.P) - 1);
  d.ro_active_i = active;
  const Fmt sumf = plain(e.sum_w, fm[fxref::kWOut].f, true);
  std::vector<cpp_int> y(static_cast<std::size_t>(e.P)), sum(y), ystar(y);
  for (int l = 0; l < e.P; ++l) {
    const std::size_t i = static_cast<std::size_t>(l);
    y[i] = e.raw(fm[fxref::kY]);
    sum[i] = e.raw(sumf);
    ystar[i] = e.raw(fm[fxref::kY]);
    set_lane(d.ro_y_i, l, fm[fxref::kY], y[i]);
    set_lane(d.ro_sum_i, l, sumf, sum[i]);
    set_lane(d.ro_ystar_i, l, fm[fxref::kY], ystar[i]);
  }
  Streams s;
  const int sites[2] = {fxref::kY, fxref::kErr};
  for (int i = 0; i < 2; ++i) {
    const uint32_t sd = e.seed();
    set_st(d.ro_st_i, i, sd);
    s.seed(sites[i], sd);
  }
  d.eval();
  fx::with_exact_type(dp, [&](auto t) {
    using T = decltype(t);
    for (int l = 0; l < e.P; ++l) {
      const std::size_t i = static_cast<std::size_t>(l);
      if (!((active >> l) & 1)) continue;
      const std::int64_t yn = fx::readout_update<T>(dp, i64(y[i]), exact_of<T>(sum[i]), s.at(fxref::kY));
      e.eq(lane(d.ro_y_o, l, fm[fxref::kY]), cpp_int(yn), "readout y", l);
      const std::int64_t err = mask ? fx::output_error<T>(dp, yn, i64(ystar[i]), s.at(fxref::kErr)) : 0;
      e.eq(lane(d.ro_err_o, l, fm[fxref::kErr]), cpp_int(err), "readout err", l);
    }
  });
  for (int i = 0; i < 2; ++i) e.eq(cpp_int(st(d.ro_st_o, i)), cpp_int(s.state(sites[i])), "readout stream", i);
}

// ---------------------------------------------------------------------------------------------
// Learning signal over one word of outputs (the unit accumulates a row word by word):
// fx::learning_signal_exact of the active lanes added to the running sum, the Datapath's
// q_l on the row's last word, then fx::post_factor (L psi) for the factorised rule.
void test_lsig(Vtb_units& d, Env& e) {
  const auto& fm = e.fm;
  const bool fb_random = e.coin(), factorised = e.coin(), first = e.coin(), last = e.coin();
  fxref::Config cfg;
  cfg.fb_random = fb_random;
  cfg.exact = !factorised;
  const fx::Datapath dp = fxref::datapath(fm, cfg, 0);
  const int fb_frac = (fb_random ? fm[fxref::kB] : fm[fxref::kWOut]).f;
  const int sum_frac = fb_frac + fm[fxref::kErr].f;  // the fraction of dp.l's exact sum
  const int align = e.ls_acc_f - sum_frac;          // the unit's running sum is at ls_acc_f
  d.ls_fb_random_i = fb_random;
  d.ls_factorised_i = factorised;
  d.ls_first_i = first;
  d.ls_last_i = last;
  const uint32_t active = static_cast<uint32_t>(e.u64()) & ((1u << e.P) - 1);
  d.ls_active_i = active;
  // The running sum holds earlier words' products, so it is a multiple of 2^align; it stays
  // far from its width's edge, as it does in the core.
  const cpp_int acc_prev = e.raw(e.ls_acc_w - 3 - align, true);
  fxtb::set_field(d.ls_acc_i, 0, e.ls_acc_w, cpp_int(acc_prev << align));
  const cpp_int psi = e.raw(fm[fxref::kPsi]);
  fxtb::set_field(d.ls_psi_i, 0, fm[fxref::kPsi].w, psi);
  std::vector<std::int64_t> fb_act, err_act;
  for (int l = 0; l < e.P; ++l) {
    const cpp_int b = e.raw(fm[fxref::kB]), wo = e.raw(fm[fxref::kWOut]), err = e.raw(fm[fxref::kErr]);
    set_lane(d.ls_b_i, l, fm[fxref::kB], b);
    set_lane(d.ls_w_out_i, l, fm[fxref::kWOut], wo);
    set_lane(d.ls_err_i, l, fm[fxref::kErr], err);
    if ((active >> l) & 1) {
      fb_act.push_back(i64(fb_random ? b : wo));
      err_act.push_back(i64(err));
    }
  }
  Streams s;
  const int sites[2] = {fxref::kL, fxref::kLpsi};
  for (int i = 0; i < 2; ++i) {
    const uint32_t sd = e.seed();
    set_st(d.ls_st_i, i, sd);
    s.seed(sites[i], sd);
  }
  d.eval();
  fx::with_exact_type(dp, [&](auto t) {
    using T = decltype(t);
    const T word_x = fx::learning_signal_exact<T>(fb_act.data(), err_act.data(), static_cast<int>(fb_act.size()));
    const T sum_x = (first ? T{0} : exact_of<T>(acc_prev)) + word_x;
    e.eq(fxtb::from_raw(fxtb::get_field(d.ls_acc_o, 0, e.ls_acc_w), e.ls_acc_w, true), big(sum_x) << align,
         "lsig running sum", -1);
    if (last) {
      const std::int64_t l = fx::requantize<T>(dp.l.rq, sum_x, s.at(fxref::kL));
      e.eq(fxtb::from_raw(fxtb::get_field(d.ls_l_o, 0, fm[fxref::kL].w), fm[fxref::kL].w, fm[fxref::kL].s), cpp_int(l),
           "lsig L", -1);
      if (factorised) {
        const std::int64_t lp = fx::post_factor<T>(dp, l, i64(psi), s.at(fxref::kLpsi));
        e.eq(fxtb::from_raw(fxtb::get_field(d.ls_lpsi_o, 0, fm[fxref::kLpsi].w), fm[fxref::kLpsi].w, fm[fxref::kLpsi].s),
             cpp_int(lp), "lsig lpsi", -1);
      }
    }
  });
  for (int i = 0; i < 2; ++i) e.eq(cpp_int(st(d.ls_st_o, i)), cpp_int(s.state(sites[i])), "lsig stream", i);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: tb_units neuron|leaky|syn|wupd|readout|lsig [iterations]\n");
    return 2;
  }
  const std::string unit = argv[1];
  const long iters = argc > 2 ? std::atol(argv[2]) : 20000;
  const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 12345;
  auto ctx = std::make_unique<VerilatedContext>();
  auto dut = std::make_unique<Vtb_units>(ctx.get(), "tb_units");
  dut->eval();
  Env e;
  e.rng.seed(seed);
  std::printf("tb_units %s: seed %llu\n", unit.c_str(), static_cast<unsigned long long>(seed));
  for (int i = 0; i < fxref::kNFmts; ++i)
    e.fm.f[static_cast<std::size_t>(i)] = fxref::fmt_from_desc(static_cast<uint32_t>(fxtb::get_field(dut->fmt_o, 32 * i, 32)));
  auto dim = [&](int i) { return static_cast<int>(fxtb::get_field(dut->dims_o, 32 * i, 32)); };
  e.P = dim(0);
  e.ref_w = dim(1);
  e.lr_max = dim(2);
  e.g_w = dim(3);
  e.g_f = dim(4);
  e.sum_w = dim(5);
  e.ls_acc_w = dim(6);
  e.ls_acc_f = dim(7);

  std::function<void(Vtb_units&, Env&)> fn;
  if (unit == "neuron") fn = test_neuron;
  else if (unit == "leaky") fn = test_leaky;
  else if (unit == "syn") fn = test_syn;
  else if (unit == "wupd") fn = test_wupd;
  else if (unit == "readout") fn = test_readout;
  else if (unit == "lsig") fn = test_lsig;
  else {
    std::fprintf(stderr, "unknown unit %s\n", unit.c_str());
    return 2;
  }
  for (long i = 0; i < iters; ++i) fn(*dut, e);
  dut->final();
  std::printf("tb_units %s: %ld iterations, %ld checks, %ld mismatches\n", unit.c_str(), iters, e.checks, e.fails);
  return e.fails == 0 && e.checks > 0 ? 0 : 1;
}
