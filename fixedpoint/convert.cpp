#include "fixedpoint/convert.h"

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "fixedpoint/requantize.h"

namespace fxp {

Wide exact_wide(double v) {
  uint64_t bits = 0;
  static_assert(sizeof bits == sizeof v);
  std::memcpy(&bits, &v, sizeof v);
  const bool negative = (bits >> 63) != 0;
  const int biased = static_cast<int>((bits >> 52) & 0x7ff);
  const uint64_t fraction = bits & ((uint64_t{1} << 52) - 1);
  if (biased == 0x7ff) throw std::invalid_argument("fxp: cannot convert NaN or infinity to fixed point");
  // Normal: m = 2^52 + fraction, e = biased - 1075; subnormal: m = fraction, e = -1074.
  const uint64_t m = biased == 0 ? fraction : fraction | (uint64_t{1} << 52);
  const int e = biased == 0 ? -1074 : biased - 1075;
  if (m == 0) return Wide{0, 0};
  const auto sm = static_cast<int64_t>(m);
  return Wide{negative ? -sm : sm, -e};
}

int64_t from_double(double v, const Spec& dst, Lfsr32* rng, Stats* st) {
  const Wide w = exact_wide(v);
  // The raw fits int64 (|m| < 2^53): the 64-bit path of the same requantiser.
  return Requantizer(w.frac, dst).apply(static_cast<int64_t>(w.raw), rng, st);
}

double to_double(const Wide& w, const Rounding& rounding, Lfsr32* rng) {
  const u128 mag = w.raw < 0 ? static_cast<u128>(0) - static_cast<u128>(w.raw) : static_cast<u128>(w.raw);
  // Keep at most 53 significant bits: drop s bits with the requested rounding.
  // Always through the Requantizer, so a stochastic stream advances once per call.
  const int s = bit_length(mag) > 53 ? bit_length(mag) - 53 : 0;
  const Spec keep{Format{64, 0, true}, Quant{rounding, Overflow::wrap}};  // |result| <= 2^53: no overflow
  const int64_t m = Requantizer(s, keep).apply(w.raw, rng, nullptr);
  if (m == 0) return 0.0;
  const int64_t e = int64_t{s} - w.frac;  // value = m * 2^e
  const int64_t top = bit_length(static_cast<u128>(m < 0 ? -m : m)) - 1 + e;
  if (top < -1022 || top > 1023) {
    throw std::range_error("fxp::to_double: " + to_string(w) + " is outside the normal double range");
  }
  return std::ldexp(static_cast<double>(m), static_cast<int>(e));
}

}  // namespace fxp
