// Exact values beyond 128 bits (Boost.Multiprecision), for cold paths: wide
// alignments, u64 x u64 products, decimal input. They requantise through the
// same Requantizer: the value is first reduced to a 128-bit one that every
// rounding and overflow mode treats identically (a sticky bit below, the
// residue mod 2^104 and the sign above; see big.cpp for the argument).
#pragma once

#include <cstdint>
#include <string>

#include "fixedpoint/multiprecision.h"

#include "fixedpoint/format.h"
#include "fixedpoint/lfsr.h"
#include "fixedpoint/modes.h"
#include "fixedpoint/stats.h"
#include "fixedpoint/wide.h"

namespace fxp {

using BigInt = boost::multiprecision::cpp_int;
using Rational = boost::multiprecision::cpp_rational;

BigInt to_big(i128 v);
// Precondition: v fits in 128 bits signed (std::range_error otherwise).
i128 to_i128(const BigInt& v);

// floor(a / b) for b > 0 (cpp_int's / truncates toward zero).
BigInt floor_div(const BigInt& a, const BigInt& b);
// 2^n for n >= 0.
BigInt big_pow2(int n);

struct BigWide {
  BigInt raw;
  int frac = 0;
};

BigWide to_big(const Wide& w);
BigWide add(const BigWide& a, const BigWide& b);
BigWide sub(const BigWide& a, const BigWide& b);
BigWide mul(const BigWide& a, const BigWide& b);

Rational to_rational(const BigWide& v);
Rational to_rational(const Wide& v);
Rational to_rational(int64_t raw, const Format& f);

// Requantisation of exact values (same modes, streams and counters as Requantizer).
int64_t requantize(const BigWide& v, const Spec& dst, Lfsr32* rng = nullptr, Stats* st = nullptr);
// Any real: rational inputs need not be dyadic (0.1 is rounded as the real 0.1).
int64_t requantize(const Rational& v, const Spec& dst, Lfsr32* rng = nullptr, Stats* st = nullptr);

}  // namespace fxp
