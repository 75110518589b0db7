// Shared helpers of the fixed-point tests: mode lists, enumeration of small
// formats, and counters computed independently of fxp::Stats.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "fixedpoint/format.h"
#include "fixedpoint/modes.h"
#include "fixedpoint/stats.h"
#include "testbenches/unit/fixedpoint_reference.h"

namespace fxp_test {

inline constexpr std::array<fxp::Round, 7> kDeterministic{
    fxp::Round::trn,      fxp::Round::trn_zero,    fxp::Round::rnd,      fxp::Round::rnd_zero,
    fxp::Round::rnd_inf,  fxp::Round::rnd_min_inf, fxp::Round::rnd_conv,
};
inline constexpr std::array<fxp::Overflow, 4> kOverflows{fxp::Overflow::wrap, fxp::Overflow::sat,
                                                         fxp::Overflow::sat_sym, fxp::Overflow::sat_zero};

inline fxp::Spec spec(const fxp::Format& f, fxp::Round r, fxp::Overflow o) {
  return fxp::Spec{f, fxp::Quant{fxp::Rounding{r, 0}, o}};
}

// Every raw value of a format with W <= 16, as the true integers.
inline std::vector<int64_t> all_raws(const fxp::Format& f) {
  std::vector<int64_t> v;
  for (auto x = static_cast<int64_t>(f.min_raw()); x <= static_cast<int64_t>(f.max_raw()); ++x) v.push_back(x);
  return v;
}

inline int magnitude_bits(const fxp::BigInt& v) {
  const fxp::BigInt m = v < 0 ? fxp::BigInt(-v - 1) : v;
  return m == 0 ? 0 : static_cast<int>(boost::multiprecision::msb(m)) + 1;
}

// What a Stats should hold after a sequence of reference outcomes, counted here
// rather than with Stats::record.
struct ExpectedStats {
  uint64_t requants = 0, inexact = 0, to_zero = 0, saturations = 0, wraps = 0, zeroings = 0;
  fxp::BigInt min, max;
  std::array<uint64_t, 65> magnitude{};

  void add(const fxp_ref::Outcome& o) {
    if (requants == 0 || o.value < min) min = o.value;
    if (requants == 0 || o.value > max) max = o.value;
    ++requants;
    inexact += o.inexact ? 1 : 0;
    to_zero += o.to_zero ? 1 : 0;
    saturations += o.event == fxp::OverflowEvent::saturated ? 1 : 0;
    wraps += o.event == fxp::OverflowEvent::wrapped ? 1 : 0;
    zeroings += o.event == fxp::OverflowEvent::zeroed ? 1 : 0;
    ++magnitude.at(static_cast<std::size_t>(magnitude_bits(o.value)));
  }

  // Empty string when equal, else what differs.
  std::string diff(const fxp::Stats& s) const {
    std::string d;
    auto field = [&d](const char* name, uint64_t want, uint64_t got) {
      if (want != got) d += std::string(name) + " want " + std::to_string(want) + " got " + std::to_string(got) + "; ";
    };
    field("requants", requants, s.requants);
    field("inexact", inexact, s.inexact);
    field("to_zero", to_zero, s.to_zero);
    field("saturations", saturations, s.saturations);
    field("wraps", wraps, s.wraps);
    field("zeroings", zeroings, s.zeroings);
    if (requants > 0 && (fxp::to_big(s.min_raw) != min || fxp::to_big(s.max_raw) != max)) d += "min/max differ; ";
    if (s.magnitude != magnitude) d += "magnitude histogram differs; ";
    return d;
  }
};

}  // namespace fxp_test
