#include "model/fixed/stats_report.h"

#include <cstdint>
#include <string>

#include "fixedpoint/convert.h"
#include "fixedpoint/wide.h"

namespace fxprop::fixed {

namespace {

double to_value(fxp::i128 raw, const fxp::Format& f) { return fxp::to_double(fxp::Wide{raw, f.frac}); }

double fraction(std::uint64_t part, std::uint64_t whole) { return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0; }

nlohmann::json initial_json(const fxp::Stats& st) {
  return {{"values", st.requants}, {"inexact", st.inexact}, {"rounded_to_zero", st.to_zero}, {"saturations", st.saturations}};
}

nlohmann::json constant_json(const QuantisedConstant& c) {
  nlohmann::json j;
  j["format"] = c.fmt.str();
  j["used"] = c.used;
  j["value"] = c.value;
  if (c.used) {
    j["raw"] = c.q;
    j["quantised"] = to_value(c.fmt.widen(c.q), c.fmt);
    j["error"] = to_value(c.fmt.widen(c.q), c.fmt) - c.value;
  }
  return j;
}

}  // namespace

nlohmann::json site_stats_json(const fxp::Stats& st, const fxp::Spec& spec) {
  const fxp::Format& f = spec.fmt;
  nlohmann::json j;
  j["spec"] = spec.str();
  j["requantisations"] = st.requants;
  j["inexact"] = st.inexact;
  j["rounded_to_zero"] = st.to_zero;
  j["rounded_to_zero_fraction"] = fraction(st.to_zero, st.requants);
  j["saturations"] = st.saturations;
  j["wraps"] = st.wraps;
  j["zeroings"] = st.zeroings;
  j["overflow_fraction"] = fraction(st.overflows(), st.requants);
  j["range_available"] = {to_value(f.min_raw(), f), to_value(f.max_raw(), f)};
  j["bits_available"] = f.width;
  if (st.requants > 0) {
    j["range_used"] = {to_value(st.min_raw, f), to_value(st.max_raw, f)};
    j["raw_min"] = static_cast<std::int64_t>(st.min_raw);
    j["raw_max"] = static_cast<std::int64_t>(st.max_raw);
    // A signed register needs the magnitude bits plus the sign.
    j["bits_used"] = st.max_magnitude_bits() + (f.is_signed ? 1 : 0);
  } else {
    j["range_used"] = nullptr;
    j["bits_used"] = nullptr;
  }
  // magnitude_histogram[b]: stored values needing b bits besides the sign (b = 0..W).
  nlohmann::json hist = nlohmann::json::array();
  for (int b = 0; b <= f.width && b < static_cast<int>(st.magnitude.size()); ++b) hist.push_back(st.magnitude[static_cast<std::size_t>(b)]);
  j["magnitude_histogram"] = hist;
  return j;
}

nlohmann::json stats_json(const FixedConfig& fx, const CoreConstants& k, const Datapath& dp, const Sites& sites,
                          const InitialQuantisation& initial) {
  nlohmann::json j;
  j["counting"] = sites.counting();
  nlohmann::json vars = nlohmann::json::object();
  for (int s = 0; s < kSiteCount; ++s) {
    const auto site = static_cast<Site>(s);
    nlohmann::json v = site_stats_json(sites.stats(site), fx.spec(site));
    if (site == Site::grad_acc || site == Site::w_in || site == Site::w_rec || site == Site::w_out) {
      // Read-modify-write sites: updates whose nonzero change was rounded away.
      const UpdateCounts& u = sites.updates(site);
      v["updates_nonzero"] = u.nonzero;
      v["updates_stalled"] = u.stalled;
      v["stalled_fraction"] = fraction(u.stalled, u.nonzero);
    }
    v["stream_id"] = s;
    v["description"] = description(site);
    vars[key(site)] = v;
  }
  j["variables"] = vars;
  j["initial_quantisation"] = {{"w_in", initial_json(initial.w_in)},
                               {"w_rec", initial_json(initial.w_rec)},
                               {"w_out", initial_json(initial.w_out)},
                               {"b", initial_json(initial.b)}};
  nlohmann::json c;
  c["alpha"] = constant_json(k.alpha);
  c["rho"] = constant_json(k.rho);
  c["kappa"] = constant_json(k.kappa);
  c["thr"] = constant_json(k.thr);
  c["beta"] = constant_json(k.beta);
  c["psi_peak"] = constant_json(k.psi_peak);
  c["inv_thr"] = constant_json(k.inv_thr);
  nlohmann::json lr = constant_json(k.lr);
  lr["mode"] = k.lr_mode == LrMode::kShift ? "shift" : "multiplier";
  if (k.lr_mode == LrMode::kShift) {
    lr["shift"] = k.lr_shift;
    lr["used"] = true;
  }
  c["lr"] = lr;
  j["constants"] = c;
  j["datapath"] = {{"exact_type", dp.narrow ? "int64" : "int128"}, {"widest_intermediate_bits", dp.widest_bits + 1}};
  return j;
}

}  // namespace fxprop::fixed
