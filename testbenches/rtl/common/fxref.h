// Copyright fxprop contributors.
//
// The fixed-point library (fixedpoint/) seen from the RTL testbenches: every rounding the
// testbenches expect is computed by fxp::Requantizer, every random number by fxp::Lfsr32.
//
//   requant(x, in_f, out, rng)  one requantisation of the exact value x * 2^-in_f into `out`
//                               (a stochastic destination takes one draw from rng);
//   requant_with(x, in_f, out, r)  the same with a given k-bit random word r: the
//                               Lfsr32 handed to the library is placed so that its next draw
//                               is exactly r (the LFSR stepped back k times), which lets a
//                               testbench drive every r exhaustively;
//   Fmt                         a format with rounding, overflow and k, in the codes of the
//                               RTL's format descriptors (fxp::Round / fxp::Overflow order).
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <stdexcept>

#include "fixedpoint/int128.h"
#include "fixedpoint/lfsr.h"
#include "fixedpoint/modes.h"
#include "fixedpoint/requantize.h"

namespace fxref {

// Fixed 512-bit cpp_int backend: exact for every width the core uses (< 200 bits), no heap,
// and free of the GCC 12 -Wmaybe-uninitialized false positive of the allocating cpp_int.
using cpp_int = boost::multiprecision::int512_t;
using Lfsr32 = fxp::Lfsr32;

// Codes as in rtl/fxprop_pkg.sv (= the order of fxp::Round and fxp::Overflow).
enum Rnd : int { kTrn = 0, kTrnZero, kRnd, kRndZero, kRndInf, kRndMinInf, kRndConv, kStoch };
enum Ovf : int { kWrap = 0, kSat, kSatSym, kSatZero };

struct Fmt {
  int w = 16;        // total bits
  int f = 0;         // fraction bits
  bool s = true;     // signed
  int rnd = kTrn;    // rounding mode (only for requantisation targets)
  int ovf = kWrap;   // overflow mode
  int k = 1;         // random bits of stochastic rounding
};

inline fxp::Spec spec(const Fmt& f) {
  fxp::Spec sp;
  sp.fmt = fxp::Format{f.w, f.f, f.s};
  sp.q.rounding = fxp::Rounding{static_cast<fxp::Round>(f.rnd), f.rnd == kStoch ? f.k : 0};
  sp.q.overflow = static_cast<fxp::Overflow>(f.ovf);
  return sp;
}

inline cpp_int fmt_max(const Fmt& f) { return (cpp_int(1) << (f.s ? f.w - 1 : f.w)) - 1; }
inline cpp_int fmt_min(const Fmt& f) { return f.s ? -(cpp_int(1) << (f.w - 1)) : cpp_int(0); }

inline fxp::i128 to_i128(const cpp_int& x) {
  static const cpp_int lim = cpp_int(1) << 126;
  if (x >= lim || x < -lim) throw std::range_error("exact value wider than 127 bits");
  const bool neg = x < 0;
  const cpp_int m = neg ? cpp_int(-x) : x;
  const auto lo = static_cast<uint64_t>(m & cpp_int(0xffffffffffffffffULL));
  const auto hi = static_cast<uint64_t>(m >> 64);
  const fxp::i128 v = static_cast<fxp::i128>((static_cast<fxp::u128>(hi) << 64) | lo);
  return neg ? -v : v;
}

// The stored raw (true integer) of a requantisation result.
inline cpp_int from_raw64(int64_t raw, const Fmt& f) {
  return f.s ? cpp_int(raw) : cpp_int(static_cast<uint64_t>(raw));
}

inline cpp_int requant(const cpp_int& x, int in_f, const Fmt& out, Lfsr32* rng) {
  const fxp::Requantizer rq(in_f, spec(out));
  return from_raw64(rq.apply(to_i128(x), rng), out);
}

// The state from which one draw of k bits yields r: take any state whose low k bits are r
// (the upper bits from `salt`, never all zero) and step the LFSR back k times. One step is
// s' = {s[30:0], s[31] ^ s[21] ^ s[1] ^ s[0]}, so s[30:0] = s'[31:1] and
// s[31] = s'[0] ^ s[21] ^ s[1] ^ s[0] with s[21] = s'[22], s[1] = s'[2], s[0] = s'[1].
inline Lfsr32 lfsr_drawing(uint32_t r, int k, uint32_t salt = 0x9e3779b9u) {
  const uint32_t low = k >= 32 ? ~0u : ((1u << k) - 1u);
  uint32_t s = (salt & ~low) | (r & low);
  if (s == 0) s = 1u << 31;
  for (int i = 0; i < k; ++i) {
    const uint32_t b31 = (s ^ (s >> 22) ^ (s >> 2) ^ (s >> 1)) & 1u;
    s = (s >> 1) | (b31 << 31);
  }
  return Lfsr32(s);
}

inline cpp_int requant_with(const cpp_int& x, int in_f, const Fmt& out, uint32_t r) {
  Lfsr32 rng = lfsr_drawing(r, out.rnd == kStoch ? out.k : 1);
  return requant(x, in_f, out, &rng);
}

}  // namespace fxref
