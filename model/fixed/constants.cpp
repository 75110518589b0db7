#include "model/fixed/constants.h"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "fixedpoint/convert.h"
#include "fixedpoint/stats.h"
#include "fixedpoint/wide.h"
#include "model/config/config_error.h"

namespace fxprop::fixed {

namespace {

std::string g(double v) { return fmt::format("{}", v); }

std::string range(const fxp::Format& f) {
  return fmt::format("{} holds [{}, {}] in steps of {}", f.str(), g(fxp::to_double(fxp::Wide{f.min_raw(), f.frac})),
                     g(fxp::to_double(fxp::Wide{f.max_raw(), f.frac})), g(std::ldexp(1.0, -f.frac)));
}

[[noreturn]] void fail(HostValue v, const fxp::Format& f, const std::string& why) {
  throw config::ConfigError(std::string("fixed.formats.") + key(v), '"' + f.str() + '"', why + " (" + range(f) + ")");
}

bool is_one_or_more(std::int64_t raw, const fxp::Format& f) {
  return fxp::compare(fxp::widen(raw, f), fxp::Wide{1, 0}) >= 0;
}

// what: "alpha = exp(-1/network.tau_m) = 0.967..." for the messages.
QuantisedConstant quantise(HostValue v, double value, const fxp::Format& f, const std::string& what, bool decay) {
  QuantisedConstant c;
  c.value = value;
  c.fmt = f;
  c.used = true;
  fxp::Stats st;
  c.q = quantise_host(value, f, &st);
  if (st.saturations > 0) fail(v, f, fmt::format("{} saturates in this format", what));
  if (c.q == 0 && value != 0.0) fail(v, f, fmt::format("{} rounds to 0 in this format", what));
  if (decay && is_one_or_more(c.q, f)) {
    fail(v, f, fmt::format("{} rounds to {} in this format, so nothing would decay; use more fraction bits", what,
                           g(fxp::to_double(fxp::widen(c.q, f)))));
  }
  if (decay) {
    // 1 - decay is formed exactly in the same format (the input and trace coefficients).
    // Here 0 < q < 2^F. For F > 65 the decay is below 1/2 (q < 2^64), so 1 - decay would
    // need a raw above 2^64: it cannot fit (and 2^F stays within pow2's range below).
    const bool fits = f.frac <= 65 && f.fits(fxp::pow2(f.frac) - f.widen(c.q));
    if (!fits) fail(v, f, fmt::format("1 - {} does not fit in this format", what));
  }
  return c;
}

}  // namespace

std::int64_t quantise_host(double v, const fxp::Format& fmt, fxp::Stats* stats) {
  return fxp::from_double(v, fxp::Spec{fmt, fxp::Quant{fxp::Rounding{fxp::Round::rnd, 0}, fxp::Overflow::sat}}, nullptr, stats);
}

double applied_learning_rate(const golden::GoldenConfig& cfg) {
  const double lr = cfg.optimizer.lr;
  return cfg.learning.schedule == golden::Schedule::kOnline ? lr : lr / cfg.train.batch;
}

CoreConstants quantise_constants(const golden::GoldenConfig& cfg, const FixedConfig& fx) {
  const golden::NetworkConfig& net = cfg.network;
  const golden::Decays d = golden::decays(net);
  const bool alif = net.n_alif > 0;
  CoreConstants c;
  c.alpha = quantise(HostValue::alpha, d.alpha, fx.format(HostValue::alpha),
                     fmt::format("alpha = exp(-1/network.tau_m) = {} (tau_m = {})", g(d.alpha), g(net.tau_m)), true);
  c.kappa = quantise(HostValue::kappa, d.kappa, fx.format(HostValue::kappa),
                     fmt::format("kappa = exp(-1/network.tau_out) = {} (tau_out = {})", g(d.kappa), g(net.tau_out)), true);
  if (alif) {
    c.rho = quantise(HostValue::rho, d.rho, fx.format(HostValue::rho),
                     fmt::format("rho = exp(-1/network.tau_a) = {} (tau_a = {})", g(d.rho), g(net.tau_a)), true);
    c.beta = quantise(HostValue::beta, net.beta, fx.format(HostValue::beta), fmt::format("network.beta = {}", g(net.beta)), false);
  } else {
    c.rho.fmt = fx.format(HostValue::rho);
    c.beta.fmt = fx.format(HostValue::beta);
  }
  c.thr = quantise(HostValue::thr, net.thr, fx.format(HostValue::thr), fmt::format("network.thr = {}", g(net.thr)), false);
  c.psi_peak = quantise(HostValue::psi_peak, net.gamma / net.thr, fx.format(HostValue::psi_peak),
                        fmt::format("psi_peak = network.gamma / network.thr = {}", g(net.gamma / net.thr)), false);
  c.inv_thr = quantise(HostValue::inv_thr, 1.0 / net.thr, fx.format(HostValue::inv_thr),
                       fmt::format("inv_thr = 1 / network.thr = {}", g(1.0 / net.thr)), false);

  c.lr_mode = fx.lr_mode;
  const double lr = applied_learning_rate(cfg);
  const bool per_trial = cfg.learning.schedule == golden::Schedule::kPerBatch;
  const std::string lr_what = per_trial && cfg.train.batch > 1
                                  ? fmt::format("optimizer.lr / train.batch = {} / {} = {}", g(cfg.optimizer.lr), cfg.train.batch, g(lr))
                                  : fmt::format("optimizer.lr = {}", g(lr));
  c.lr.fmt = fx.format(HostValue::lr);
  if (fx.lr_mode == LrMode::kMultiplier) {
    c.lr = quantise(HostValue::lr, lr, fx.format(HostValue::lr), lr_what, false);
  } else {
    int e = 0;
    const double m = std::frexp(lr, &e);  // lr = m 2^e, m in [0.5, 1)
    if (m != 0.5) {
      const bool lr_itself = std::frexp(cfg.optimizer.lr, &e) != 0.5;
      const double lo = std::ldexp(1.0, std::ilogb(lr));
      const std::string why = fmt::format(
          "{} is not a power of two, which fixed.lr_mode = \"shift\" needs (W -= g 2^-n); nearest: 2^{} = {} or 2^{} = {}; "
          "or set fixed.lr_mode = \"multiplier\"",
          lr_what, std::ilogb(lr), g(lo), std::ilogb(lr) + 1, g(2.0 * lo));
      if (lr_itself) throw config::ConfigError("optimizer.lr", g(cfg.optimizer.lr), why);
      throw config::ConfigError("train.batch", std::to_string(cfg.train.batch), why);
    }
    c.lr_shift = 1 - e;
    c.lr.value = lr;
  }
  return c;
}

}  // namespace fxprop::fixed
