// Randomised property tests for wide formats (up to 64-bit storage, 128-bit
// products and beyond) against the exact cpp_int / cpp_rational reference.
// The seed is Catch's (--rng-seed N, default 0) mixed with a per-test constant
// and is printed with every failure, so `test_fixedpoint "<name>" --rng-seed N`
// reproduces it.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "fixedpoint/big.h"
#include "fixedpoint/convert.h"
#include "fixedpoint/requantize.h"
#include "fixedpoint/wide.h"
#include "testbenches/unit/fixedpoint_reference.h"
#include "testbenches/unit/fixedpoint_test_util.h"

using fxp::BigInt;
using fxp::Format;
using fxp::i128;
using fxp::Rational;

namespace {

class Gen {
 public:
  explicit Gen(uint64_t salt) : seed_(static_cast<uint64_t>(Catch::rngSeed()) * 0x9E3779B97F4A7C15ULL ^ salt), g_(seed_) {}
  uint64_t seed() const { return seed_; }
  int range(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(g_); }
  uint64_t bits() { return g_(); }
  bool coin() { return (g_() & 1u) != 0; }

  Format format(int max_width = 64, int frac_lo = -70, int frac_hi = 70) {
    return Format{range(1, max_width), range(frac_lo, frac_hi), coin()};
  }

  fxp::Spec spec(const Format& f) {
    const int m = range(0, 7);
    fxp::Rounding r = m == 7 ? fxp::Rounding::stochastic(range(1, 32)) : fxp::Rounding{fxp_test::kDeterministic[static_cast<std::size_t>(m)], 0};
    return fxp::Spec{f, fxp::Quant{r, fxp_test::kOverflows[static_cast<std::size_t>(range(0, 3))]}};
  }

  // A stored raw of f, biased toward the edges.
  int64_t raw(const Format& f) {
    const i128 lo = f.min_raw(), hi = f.max_raw();
    i128 v = 0;
    switch (range(0, 9)) {
      case 0: v = lo; break;
      case 1: v = hi; break;
      case 2: v = 0; break;
      case 3: v = hi > 0 ? 1 : 0; break;
      case 4: v = lo < 0 ? -1 : 0; break;
      case 5: v = lo + 1 <= hi ? lo + 1 : lo; break;
      case 6: v = hi - 1 >= lo ? hi - 1 : hi; break;
      default: {
        // Uniform over a random number of low bits, then into range.
        const int len = range(1, f.width);
        const u128_t r = (static_cast<u128_t>(bits()) << 64 | bits()) & ((static_cast<u128_t>(1) << len) - 1);
        v = f.is_signed ? static_cast<i128>(r) - (static_cast<i128>(1) << (len - 1)) : static_cast<i128>(r);
        if (v < lo) v = lo;
        if (v > hi) v = hi;
      }
    }
    return static_cast<int64_t>(static_cast<uint64_t>(v));
  }

 private:
  using u128_t = fxp::u128;
  uint64_t seed_;
  std::mt19937_64 g_;
};

fxp::u128 mag(i128 v) { return v < 0 ? fxp::u128{0} - static_cast<fxp::u128>(v) : static_cast<fxp::u128>(v); }

BigInt random_big(Gen& g, int max_bits) {
  const int len = g.range(0, max_bits);
  BigInt v = 0;
  for (int i = 0; i < len; i += 64) v = v * fxp_ref::pow2(64) + BigInt(g.bits());
  v = v % fxp_ref::pow2(len);
  return g.coin() ? BigInt(-v) : v;
}

// The library's result and the reference for one requantisation; r is the
// draw the library will make (read from a copy of the stream).
std::string check_one(const Rational& exact, const fxp::Spec& sp, int64_t got, uint32_t r) {
  const fxp_ref::Outcome want = fxp_ref::requantize(exact, sp, r);
  if (got == want.raw) return "";
  return "value " + exact.str() + " -> " + sp.str() + " (r=" + std::to_string(r) + "): want " +
         std::to_string(want.raw) + " got " + std::to_string(got);
}

uint32_t peek(const fxp::Lfsr32& g, const fxp::Spec& sp) {
  if (!sp.q.rounding.is_stochastic()) return 0;
  fxp::Lfsr32 probe = g;
  return probe.draw(sp.q.rounding.stoch_bits);
}

}  // namespace

TEST_CASE("random 64-bit operands: exact add/sub/mul (to 128 bits) and requantisation match cpp_int",
          "[fixedpoint][random]") {
  Gen g(1);
  INFO("seed " << g.seed() << " (Catch --rng-seed " << Catch::rngSeed() << ")");
  fxp::Lfsr32 stream = fxp::Lfsr32::for_stream(g.seed(), 0);
  std::string failure;
  int wide_throws = 0, products_over_64 = 0;
  for (int i = 0; i < 150000 && failure.empty(); ++i) {
    const Format fa = g.format(), fb = g.format();
    const int64_t a = g.raw(fa), b = g.raw(fb);
    const fxp::Wide wa = fxp::widen(a, fa), wb = fxp::widen(b, fb);
    const BigInt ba = fxp::to_big(fa.widen(a)), bb = fxp::to_big(fb.widen(b));
    const Rational va = fxp_ref::value_of(ba, fa.frac), vb = fxp_ref::value_of(bb, fb.frac);
    struct Case {
      const char* op;
      Rational exact;
      fxp::BigWide big;
    };
    const int fmax = std::max(fa.frac, fb.frac);
    const std::array<Case, 3> cases{{
        {"mul", va * vb, fxp::BigWide{ba * bb, fa.frac + fb.frac}},
        {"add", va + vb, fxp::BigWide{ba * fxp_ref::pow2(fmax - fa.frac) + bb * fxp_ref::pow2(fmax - fb.frac), fmax}},
        {"sub", va - vb, fxp::BigWide{ba * fxp_ref::pow2(fmax - fa.frac) - bb * fxp_ref::pow2(fmax - fb.frac), fmax}},
    }};
    for (const Case& c : cases) {
      const bool fits = c.big.raw >= fxp::to_big(fxp::kI128Min) && c.big.raw <= fxp::to_big(fxp::kI128Max);
      fxp::Wide w;
      bool threw = false;
      try {
        const std::string op = c.op;
        w = op == "mul" ? fxp::mul(wa, wb) : (op == "add" ? fxp::add(wa, wb) : fxp::sub(wa, wb));
      } catch (const fxp::RangeError&) {
        threw = true;
      }
      if (threw != !fits) {
        failure = std::string(c.op) + " of " + fa.str() + " " + std::to_string(a) + ", " + fb.str() + " " +
                  std::to_string(b) + (threw ? " threw although it fits" : " did not throw");
        break;
      }
      if (threw) {
        ++wide_throws;
      } else if (fxp_ref::value_of(fxp::to_big(w.raw), w.frac) != c.exact) {
        failure = std::string(c.op) + " inexact";
        break;
      }
      products_over_64 += (!threw && std::string(c.op) == "mul" && fxp::bit_length(mag(w.raw)) > 64) ? 1 : 0;
      const fxp::Spec sp = g.spec(g.format(64, -90, 110));
      uint32_t r = peek(stream, sp);
      const int64_t got_big = fxp::requantize(c.big, sp, &stream);
      failure = check_one(c.exact, sp, got_big, r);
      if (!failure.empty()) {
        failure = std::string(c.op) + " BigWide path: " + failure;
        break;
      }
      if (!threw) {
        r = peek(stream, sp);
        const int64_t got = fxp::Requantizer(w.frac, sp).apply(w.raw, &stream);
        failure = check_one(c.exact, sp, got, r);
      }
    }
  }
  INFO(failure);
  CHECK(failure.empty());
  CHECK(wide_throws > 0);        // the 128-bit limit was exercised
  CHECK(products_over_64 > 1000);  // and so were products wider than 64 bits
}

TEST_CASE("random values up to 400 bits and random non-dyadic rationals requantise to the definition",
          "[fixedpoint][random]") {
  Gen g(2);
  INFO("seed " << g.seed());
  fxp::Lfsr32 stream = fxp::Lfsr32::for_stream(g.seed(), 1);
  std::string failure;
  for (int i = 0; i < 50000 && failure.empty(); ++i) {
    const fxp::Spec sp = g.spec(g.format(64, -100, 150));
    const fxp::BigWide v{random_big(g, 400), g.range(-300, 300)};
    const Rational exact = fxp_ref::value_of(v.raw, v.frac);
    uint32_t r = peek(stream, sp);
    failure = check_one(exact, sp, fxp::requantize(v, sp, &stream), r);
    if (!failure.empty()) break;
    // p / q with q not a power of two (0.1-like values).
    BigInt den = random_big(g, 100);
    if (den < 0) den = -den;
    den += 1;
    const Rational q(random_big(g, 120), den);
    r = peek(stream, sp);
    failure = check_one(q, sp, fxp::requantize(q, sp, &stream), r);
  }
  INFO(failure);
  CHECK(failure.empty());
}

TEST_CASE("random requantisation of 64-bit raws: int64 and i128 paths, with and without counters, agree",
          "[fixedpoint][random]") {
  Gen g(3);
  INFO("seed " << g.seed());
  std::string failure;
  for (int i = 0; i < 500000 && failure.empty(); ++i) {
    const Format src = g.format(63, -200, 200);
    const fxp::Spec sp = g.spec(g.format(64, -200, 200));
    const int64_t x = g.raw(src);
    const fxp::Requantizer rq(src.frac, sp);
    fxp::Lfsr32 s1(static_cast<uint32_t>(i) | 1u), s2 = s1, s3 = s1;
    fxp::Stats st;
    const int64_t a = rq.apply(x, &s1), b = rq.apply(i128{x}, &s2), c = rq.apply(x, &s3, &st);
    if (a != b || a != c || s1 != s2 || s1 != s3) {
      failure = "paths disagree for " + src.str() + " " + std::to_string(x) + " -> " + sp.str();
    } else if (i % 8 == 0) {
      fxp::Lfsr32 p(static_cast<uint32_t>(i) | 1u);
      failure = check_one(fxp_ref::value_of(x, src.frac), sp, a, peek(p, sp));
    }
  }
  INFO(failure);
  CHECK(failure.empty());
}

namespace {
// The exact value of a finite double from frexp (independent of exact_wide).
Rational exact_double(double v) {
  int e = 0;
  const double m = std::frexp(v, &e);               // v = m * 2^e, 0.5 <= |m| < 1
  const auto mi = static_cast<int64_t>(std::ldexp(m, 53));  // exact: at most 53 significant bits
  return fxp_ref::times_pow2(Rational(mi), e - 53);
}
double random_double(Gen& g) {
  for (;;) {
    const uint64_t bits = g.bits();
    double v = 0;
    std::memcpy(&v, &bits, sizeof v);
    if (std::isfinite(v)) return v;
  }
}
}  // namespace

TEST_CASE("from_double matches the definition on random doubles (normal, subnormal, huge) in every mode",
          "[fixedpoint][random]") {
  Gen g(4);
  INFO("seed " << g.seed());
  fxp::Lfsr32 stream = fxp::Lfsr32::for_stream(g.seed(), 2);
  std::string failure;
  for (int i = 0; i < 30000 && failure.empty(); ++i) {
    double v = random_double(g);
    if (i % 2 == 0) v = std::ldexp(static_cast<double>(static_cast<int64_t>(g.bits())), g.range(-120, 40));
    if (i % 7 == 0) v = std::ldexp(1.0, g.range(-80, 80)) * (g.coin() ? 1.5 : -0.5);  // ties
    const fxp::Spec sp = g.spec(g.format(64, -100, 150));
    const uint32_t r = peek(stream, sp);
    failure = check_one(exact_double(v), sp, fxp::from_double(v, sp, &stream), r);
  }
  INFO(failure);
  CHECK(failure.empty());
  const fxp::Spec s{Format{8, 4, true}, fxp::Quant{}};
  CHECK_THROWS_AS(fxp::from_double(std::nan(""), s), std::invalid_argument);
  CHECK_THROWS_AS(fxp::from_double(std::numeric_limits<double>::infinity(), s), std::invalid_argument);
  CHECK(fxp::from_double(-0.0, s) == 0);
  CHECK(fxp::from_double(std::numeric_limits<double>::denorm_min(), s) == 0);
}

TEST_CASE("to_double rounds wide raws to 53 bits by the definition of each mode, exactly below 2^53",
          "[fixedpoint][random]") {
  Gen g(5);
  INFO("seed " << g.seed());
  std::string failure;
  for (int i = 0; i < 30000 && failure.empty(); ++i) {
    const fxp::Wide w{fxp::to_i128(random_big(g, 126)), g.range(-300, 300)};
    const fxp::Round mode = fxp_test::kDeterministic[static_cast<std::size_t>(g.range(0, 6))];
    const double d = fxp::to_double(w, fxp::Rounding{mode, 0});
    const Rational v = fxp_ref::value_of(fxp::to_big(w.raw), w.frac);
    Rational want = 0;
    if (v != 0) {
      // 2^e <= |v| < 2^(e+1); round v * 2^(52 - e) to an integer.
      const BigInt mag = w.raw < 0 ? BigInt(-fxp::to_big(w.raw)) : fxp::to_big(w.raw);
      const int e = static_cast<int>(boost::multiprecision::msb(mag)) - w.frac;
      const BigInt n = fxp_ref::round_def(fxp_ref::times_pow2(v, 52 - e), mode);
      want = fxp_ref::times_pow2(Rational(n), e - 52);
    }
    if (exact_double(d) != want) failure = fxp::to_string(w) + " " + fxp::to_string(mode) + ": got " + std::to_string(d);
    if (fxp::bit_length(mag(w.raw)) <= 53 && exact_double(d) != v) {
      failure = fxp::to_string(w) + " should convert exactly";
    }
  }
  INFO(failure);
  CHECK(failure.empty());
}
