// Per-variable counters of what requantisation did to the values. A null
// Stats* disables them: Requantizer::apply then runs an instantiation with no
// counting code at all (see bench_fixedpoint for the measured cost).
//
// Semantics (one requantisation = one call of Requantizer::apply):
//   requants      calls
//   inexact       the exact value was not a multiple of the destination LSB (bits were dropped)
//   to_zero       a nonzero value rounded to 0 (before overflow handling): "updates rounded to zero"
//   saturations   overflow clamped (sat, sat_sym)
//   wraps         overflow wrapped (wrap)
//   zeroings      overflow replaced by 0 (sat_zero)
//   min/max       smallest/largest stored value (true integer, after overflow handling)
//   magnitude[b]  stored values needing b bits besides the sign: bit_length(v) for v >= 0,
//                 bit_length(~v) for v < 0 (so a signed register needs max b + 1 bits,
//                 an unsigned one max b); b = 0..64
// Counter sets merge by summing (min/max by min/max), so per-thread sets reduce
// to the same totals in any order.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "fixedpoint/int128.h"

namespace fxp {

enum class OverflowEvent : uint8_t { none, saturated, wrapped, zeroed };

struct Stats {
  uint64_t requants = 0;
  uint64_t inexact = 0;
  uint64_t to_zero = 0;
  uint64_t saturations = 0;
  uint64_t wraps = 0;
  uint64_t zeroings = 0;
  i128 min_raw = kI128Max;  // meaningful when requants > 0
  i128 max_raw = kI128Min;
  std::array<uint64_t, 65> magnitude{};

  uint64_t overflows() const { return saturations + wraps + zeroings; }
  // Largest magnitude bin with a count (the bits actually used), -1 when empty.
  int max_magnitude_bits() const;

  constexpr void record(i128 stored, bool was_inexact, bool rounded_to_zero, OverflowEvent ev) {
    ++requants;
    inexact += was_inexact;
    to_zero += rounded_to_zero;
    saturations += ev == OverflowEvent::saturated;
    wraps += ev == OverflowEvent::wrapped;
    zeroings += ev == OverflowEvent::zeroed;
    if (stored < min_raw) min_raw = stored;
    if (stored > max_raw) max_raw = stored;
    ++magnitude[static_cast<unsigned>(magnitude_bits(stored))];
  }

  Stats& merge(const Stats& o);
  friend bool operator==(const Stats& a, const Stats& b);
  friend bool operator!=(const Stats& a, const Stats& b) { return !(a == b); }
  // One line, for logs and test failure messages.
  std::string str() const;
};

}  // namespace fxp
