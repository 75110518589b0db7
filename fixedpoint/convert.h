// Conversions between double and fixed point, exact: a finite double is
// m * 2^e with an integer m (|m| < 2^53), read from its bits, and that integer
// goes through the Requantizer like any other value. No double arithmetic is
// involved in rounding.
#pragma once

#include <cstdint>

#include "fixedpoint/format.h"
#include "fixedpoint/lfsr.h"
#include "fixedpoint/modes.h"
#include "fixedpoint/stats.h"
#include "fixedpoint/wide.h"

namespace fxp {

// A finite double as raw * 2^-frac (raw = +-m, frac = -e; zero is {0, 0}).
// Throws std::invalid_argument for NaN and infinities.
Wide exact_wide(double v);

// The stored raw of `v` requantised to `dst` (every rounding and overflow mode).
int64_t from_double(double v, const Spec& dst, Lfsr32* rng = nullptr, Stats* st = nullptr);

// The value as a double, rounded to the 53-bit significand with `rounding`
// (default: round-half-even, what a plain cast does). Exact whenever the raw
// has at most 53 significant bits. Throws std::range_error if the result would
// be subnormal or overflow (impossible for storage formats: |F| <= 256).
double to_double(const Wide& w, const Rounding& rounding = Rounding{Round::rnd_conv, 0}, Lfsr32* rng = nullptr);
inline double to_double(int64_t raw, const Format& f) { return to_double(widen(raw, f)); }

}  // namespace fxp
