// Copyright fxprop contributors.
//
// Reference semantics the RTL block testbenches compare against.
//
// requant(): one requantisation, normative formulas of docs/learning-core.md and
// ../shared/reference/fixed-point.md, on exact Boost cpp_int values.
// Lfsr32: the 32-bit Fibonacci LFSR x^32 + x^22 + x^2 + x + 1 of the stochastic rounding.
//
// These stand in for fxp::Requantizer and fxp::Lfsr32 of fixedpoint/ until that library
// is on main; the harnesses call only requant() and Lfsr32, so switching to the library
// changes this file alone.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>

namespace fxref {

// Fixed 512-bit cpp_int backend: exact for every width the core uses (< 200 bits), no heap,
// and free of the GCC 12 -Wmaybe-uninitialized false positive of the allocating cpp_int.
using cpp_int = boost::multiprecision::int512_t;

// Codes as in rtl/fxprop_pkg.sv.
enum Rnd : int { kTrn = 0, kTrnZero, kRnd, kRndMinInf, kRndZero, kRndInf, kRndConv, kStoch };
enum Ovf : int { kWrap = 0, kSat, kSatSym, kSatZero };

struct Fmt {
  int w = 16;        // total bits
  int f = 0;         // fraction bits
  bool s = true;     // signed
  int rnd = kTrn;    // rounding mode (only for requantisation targets)
  int ovf = kWrap;   // overflow mode
  int k = 1;         // random bits of stochastic rounding
};

// floor(x / 2^s), s >= 0
inline cpp_int floor_shift(const cpp_int& x, int s) {
  if (s <= 0) return x;
  const cpp_int d = cpp_int(1) << s;
  if (x >= 0) return x >> s;
  return -(((-x) + d - 1) >> s);
}

inline cpp_int fmt_max(const Fmt& f) { return (cpp_int(1) << (f.s ? f.w - 1 : f.w)) - 1; }
inline cpp_int fmt_min(const Fmt& f) { return f.s ? -(cpp_int(1) << (f.w - 1)) : cpp_int(0); }

// Requantises the exact value x * 2^-in_f into `out`; r holds the K random bits of a
// stochastic rounding (ignored otherwise). Returns the value of the result's raw integer.
inline cpp_int requant(const cpp_int& x, int in_f, const Fmt& out, uint64_t r = 0) {
  const int s = in_f - out.f;
  cpp_int q;
  if (s > 0) {
    const cpp_int half = cpp_int(1) << (s - 1);
    cpp_int inc = 0;
    switch (out.rnd) {
      case kTrn: inc = 0; break;
      case kTrnZero: inc = x < 0 ? (cpp_int(1) << s) - 1 : cpp_int(0); break;
      case kRnd: inc = half; break;
      case kRndMinInf: inc = half - 1; break;
      case kRndZero: inc = half - (x >= 0 ? 1 : 0); break;
      case kRndInf: inc = half - (x < 0 ? 1 : 0); break;
      case kRndConv: inc = half - 1 + (floor_shift(x, s) & 1); break;
      case kStoch:
        inc = s >= out.k ? cpp_int(r) << (s - out.k) : cpp_int(r) >> (out.k - s);
        break;
      default: inc = 0; break;
    }
    q = floor_shift(x + inc, s);
  } else {
    q = x << (-s);
  }
  const cpp_int mx = fmt_max(out);
  const cpp_int mn = (out.ovf == kSatSym && out.s) ? -mx : fmt_min(out);
  if (q >= mn && q <= mx) return q;
  switch (out.ovf) {
    case kSat:
    case kSatSym: return q > mx ? mx : mn;
    case kSatZero: return 0;
    default: {  // wrap: low w bits, reinterpreted
      const cpp_int mod = cpp_int(1) << out.w;
      cpp_int u = q % mod;
      if (u < 0) u += mod;
      if (out.s && u > fmt_max(out)) u -= mod;
      return u;
    }
  }
}

class Lfsr32 {
 public:
  explicit Lfsr32(uint32_t seed) : s_(seed) {}
  uint32_t step() {
    const uint32_t fb = ((s_ >> 31) ^ (s_ >> 21) ^ (s_ >> 1) ^ s_) & 1u;
    s_ = (s_ << 1) | fb;
    return s_;
  }
  // k steps; the draw is the low k bits of the new state.
  uint32_t draw(int k) {
    for (int i = 0; i < k; ++i) step();
    return k >= 32 ? s_ : (s_ & ((1u << k) - 1u));
  }
  uint32_t state() const { return s_; }

 private:
  uint32_t s_;
};

}  // namespace fxref
