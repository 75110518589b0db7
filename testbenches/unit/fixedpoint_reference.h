// Exact reference for requantisation, written from the definitions of the modes
// on the real number (Boost cpp_rational / cpp_int), not from the library's
// shift formulas: t = value * 2^F, then
//   trn floor(t)   trn_zero t>=0 ? floor(t) : ceil(t)   rnd floor(t + 1/2)
//   rnd_min_inf ceil(t - 1/2)   rnd_zero t>=0 ? ceil(t - 1/2) : floor(t + 1/2)
//   rnd_inf t>=0 ? floor(t + 1/2) : ceil(t - 1/2)
//   rnd_conv nearest, exact ties to the even neighbour
//   stoch<k> with draw r: floor(t + r / 2^k)
// and overflow on the integer n: wrap = n mod 2^W read as W-bit two's
// complement (signed) or unsigned; sat clamps to [min, max]; sat_sym to
// [-max, max] for signed; sat_zero gives 0.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "fixedpoint/big.h"
#include "fixedpoint/format.h"
#include "fixedpoint/modes.h"
#include "fixedpoint/stats.h"

namespace fxp_ref {

using fxp::BigInt;
using fxp::Rational;

inline BigInt floor_q(const Rational& t) {
  const BigInt n = boost::multiprecision::numerator(t);
  const BigInt d = boost::multiprecision::denominator(t);  // > 0
  BigInt q = n / d;                                         // truncates toward zero
  if (n % d != 0 && n < 0) q -= 1;
  return q;
}

inline BigInt ceil_q(const Rational& t) { return -floor_q(-t); }

// 2^n for 0 <= n <= 2400 (by repeated doubling, cached).
inline const BigInt& pow2(int n) {
  static const std::vector<BigInt> table = [] {
    std::vector<BigInt> t(2401);
    t[0] = 1;
    for (std::size_t i = 1; i < t.size(); ++i) t[i] = t[i - 1] * 2;
    return t;
  }();
  return table.at(static_cast<std::size_t>(n));
}

// value * 2^e for any integer e.
inline Rational times_pow2(const Rational& v, int e) {
  return e >= 0 ? Rational(v * pow2(e)) : Rational(v / pow2(-e));
}

// The rounded integer for every deterministic mode.
inline BigInt round_def(const Rational& t, fxp::Round mode) {
  const Rational half(1, 2);
  switch (mode) {
    case fxp::Round::trn: return floor_q(t);
    case fxp::Round::trn_zero: return t >= 0 ? floor_q(t) : ceil_q(t);
    case fxp::Round::rnd: return floor_q(t + half);
    case fxp::Round::rnd_min_inf: return ceil_q(t - half);
    case fxp::Round::rnd_zero: return t >= 0 ? ceil_q(t - half) : floor_q(t + half);
    case fxp::Round::rnd_inf: return t >= 0 ? floor_q(t + half) : ceil_q(t - half);
    case fxp::Round::rnd_conv: {
      const BigInt n = floor_q(t);
      const Rational d = t - Rational(n);
      if (d < half) return n;
      if (d > half) return n + 1;
      return n % 2 == 0 ? n : BigInt(n + 1);
    }
    case fxp::Round::stoch: break;
  }
  throw std::logic_error("round_def: stochastic rounding needs a draw");
}

inline BigInt round_stoch_def(const Rational& t, uint32_t r, int k) { return floor_q(t + Rational(BigInt(r), pow2(k))); }

struct Outcome {
  int64_t raw = 0;  // stored form (u64 >= 2^63 as bit pattern)
  bool inexact = false;
  bool to_zero = false;
  fxp::OverflowEvent event = fxp::OverflowEvent::none;
  BigInt value;  // the stored value as a true integer
};

inline int64_t stored(const BigInt& v) {
  // Two's complement low 64 bits.
  BigInt m = v % pow2(64);
  if (m < 0) m += pow2(64);
  return static_cast<int64_t>(static_cast<uint64_t>(m));
}

inline Outcome overflow_def(const BigInt& n, const fxp::Format& f, fxp::Overflow o) {
  const BigInt max = f.is_signed ? BigInt(pow2(f.width - 1) - 1) : BigInt(pow2(f.width) - 1);
  const BigInt min = f.is_signed ? BigInt(-pow2(f.width - 1)) : BigInt(0);
  const BigInt lo = (o == fxp::Overflow::sat_sym && f.is_signed) ? BigInt(-max) : min;
  Outcome out;
  if (n >= lo && n <= max) {
    out.value = n;
  } else {
    switch (o) {
      case fxp::Overflow::wrap: {
        BigInt m = n % pow2(f.width);
        if (m < 0) m += pow2(f.width);
        if (f.is_signed && m >= pow2(f.width - 1)) m -= pow2(f.width);
        out.value = m;
        out.event = fxp::OverflowEvent::wrapped;
        break;
      }
      case fxp::Overflow::sat:
      case fxp::Overflow::sat_sym:
        out.value = n < lo ? lo : max;
        out.event = fxp::OverflowEvent::saturated;
        break;
      case fxp::Overflow::sat_zero:
        out.value = 0;
        out.event = fxp::OverflowEvent::zeroed;
        break;
    }
  }
  out.raw = stored(out.value);
  return out;
}

// Full requantisation of the real `v` to `dst` (deterministic modes; pass r
// for stochastic ones).
inline Outcome requantize(const Rational& v, const fxp::Spec& dst, uint32_t r = 0) {
  const Rational t = times_pow2(v, dst.fmt.frac);
  const BigInt n = dst.q.rounding.is_stochastic() ? round_stoch_def(t, r, dst.q.rounding.stoch_bits)
                                                  : round_def(t, dst.q.rounding.mode);
  Outcome out = overflow_def(n, dst.fmt, dst.q.overflow);
  out.inexact = Rational(floor_q(t)) != t;
  out.to_zero = v != 0 && n == 0;
  return out;
}

inline Rational value_of(const BigInt& raw, int frac) { return times_pow2(Rational(raw), -frac); }

inline std::string str(const Rational& v) { return v.str(); }

}  // namespace fxp_ref
