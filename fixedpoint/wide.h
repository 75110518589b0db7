// Full-precision values and exact arithmetic. A Wide is raw * 2^-frac with a
// 128-bit raw: the product of two 64-bit signed raws, or an aligned sum, fits.
// Nothing here rounds; an operation whose exact result does not fit 128 bits
// throws RangeError (use BigWide from big.h then). Only Requantizer rounds.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "fixedpoint/format.h"
#include "fixedpoint/int128.h"

namespace fxp {

struct RangeError : std::overflow_error {
  using std::overflow_error::overflow_error;
};

struct Wide {
  i128 raw = 0;
  int frac = 0;
};

// A stored raw of format f as a full-precision value.
constexpr Wide widen(int64_t raw, const Format& f) { return Wide{f.widen(raw), f.frac}; }

Wide add(const Wide& a, const Wide& b);
Wide sub(const Wide& a, const Wide& b);
Wide mul(const Wide& a, const Wide& b);
Wide neg(const Wide& a);
// a * 2^n, exact for any n (only the exponent changes).
constexpr Wide scale(const Wide& a, int n) { return Wide{a.raw, a.frac - n}; }

// Exact comparison of the represented values: -1, 0 or 1. Compares
// x.raw * 2^-d with y.raw (d >= 0) without forming either product:
// q = floor(x.raw / 2^d) and whether bits were dropped decide it.
constexpr int compare(const Wide& a, const Wide& b) {
  const bool swap = a.frac < b.frac;
  const Wide& x = swap ? b : a;
  const Wide& y = swap ? a : b;
  const int64_t d = int64_t{x.frac} - y.frac;  // fracs are ints: no overflow in int64
  int c = 0;
  if (d == 0) {
    c = x.raw < y.raw ? -1 : (x.raw > y.raw ? 1 : 0);
  } else {
    const i128 q = floor_shr(x.raw, d >= 127 ? 127 : static_cast<int>(d));
    const bool dropped =
        d >= 128 ? x.raw != 0 : (static_cast<u128>(x.raw) & ((static_cast<u128>(1) << d) - 1)) != 0;
    c = q != y.raw ? (q < y.raw ? -1 : 1) : (dropped ? 1 : 0);  // x / 2^d = q + (0 or something in (0,1))
  }
  return swap ? -c : c;
}
constexpr bool operator==(const Wide& a, const Wide& b) { return compare(a, b) == 0; }
constexpr bool operator!=(const Wide& a, const Wide& b) { return compare(a, b) != 0; }
constexpr bool operator<(const Wide& a, const Wide& b) { return compare(a, b) < 0; }
constexpr bool operator>(const Wide& a, const Wide& b) { return compare(a, b) > 0; }
constexpr bool operator<=(const Wide& a, const Wide& b) { return compare(a, b) <= 0; }
constexpr bool operator>=(const Wide& a, const Wide& b) { return compare(a, b) >= 0; }

// Register shifts on a stored raw of format f, as Verilog does them on a W-bit
// vector; defined for every n >= 0 (n >= W included):
//   shl: the low W bits of raw << n (bits shifted out are lost; sign-extended for signed)
//   shr: signed formats shift arithmetically (>>>, n >= W gives 0 or -1),
//        unsigned ones logically (n >= W gives 0)
// A negative n throws std::invalid_argument. (To scale a value exactly, use scale().)
int64_t shl(int64_t raw, int n, const Format& f);
int64_t shr(int64_t raw, int n, const Format& f);

std::string to_string(const Wide& w);  // "raw*2^-frac", for messages

}  // namespace fxp
