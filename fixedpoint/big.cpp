#include "fixedpoint/big.h"

#include <stdexcept>

#include "fixedpoint/requantize.h"

namespace fxp {

namespace {

// Guard bits kept below the destination LSB when reducing an exact value: a
// sticky bit plus G - 1 exact bits. Stochastic rounding with k bits needs
// G - 1 >= k (k <= 32); deterministic modes need G >= 2.
constexpr int kGuard = 40;
// Residue bits kept above: enough for the dropped bits (<= kGuard) and the W <= 64
// result bits that wrap keeps.
constexpr int kResidue = kGuard + kMaxStorageWidth;
static_assert(kResidue + 2 <= 127, "the reduced value must fit i128");

}  // namespace

BigInt to_big(i128 v) {
  const u128 mag = v < 0 ? static_cast<u128>(0) - static_cast<u128>(v) : static_cast<u128>(v);
  BigInt b = static_cast<uint64_t>(mag >> 64);
  b <<= 64;
  b += static_cast<uint64_t>(mag);
  return v < 0 ? BigInt(-b) : b;
}

i128 to_i128(const BigInt& v) {
  static const BigInt kMax = to_big(kI128Max);
  static const BigInt kMin = to_big(kI128Min);
  if (v > kMax || v < kMin) throw std::range_error("fxp::to_i128: value exceeds 128 bits");
  const BigInt mag = v < 0 ? BigInt(-v) : v;
  const BigInt mask64 = (BigInt(1) << 64) - 1;
  const auto lo = static_cast<uint64_t>(mag & mask64);
  const auto hi = static_cast<uint64_t>((mag >> 64) & mask64);
  const u128 m = (static_cast<u128>(hi) << 64) | lo;
  return v < 0 ? static_cast<i128>(static_cast<u128>(0) - m) : static_cast<i128>(m);
}

BigInt floor_div(const BigInt& a, const BigInt& b) {
  if (b <= 0) throw std::invalid_argument("fxp::floor_div: divisor must be positive");
  BigInt q = a / b;
  if (a < 0 && q * b != a) q -= 1;
  return q;
}

BigInt big_pow2(int n) {
  if (n < 0) throw std::invalid_argument("fxp::big_pow2: negative exponent");
  return BigInt(1) << n;
}

BigWide to_big(const Wide& w) { return BigWide{to_big(w.raw), w.frac}; }

namespace {
void align(const BigWide& a, const BigWide& b, BigInt& ra, BigInt& rb, int& frac) {
  frac = a.frac > b.frac ? a.frac : b.frac;
  ra = a.raw * big_pow2(frac - a.frac);  // multiply: cpp_int shifts of negative values are sign-magnitude
  rb = b.raw * big_pow2(frac - b.frac);
}
}  // namespace

BigWide add(const BigWide& a, const BigWide& b) {
  BigWide r;
  BigInt ra, rb;
  align(a, b, ra, rb, r.frac);
  r.raw = ra + rb;
  return r;
}

BigWide sub(const BigWide& a, const BigWide& b) {
  BigWide r;
  BigInt ra, rb;
  align(a, b, ra, rb, r.frac);
  r.raw = ra - rb;
  return r;
}

BigWide mul(const BigWide& a, const BigWide& b) { return BigWide{a.raw * b.raw, a.frac + b.frac}; }

Rational to_rational(const BigWide& v) {
  if (v.frac >= 0) return Rational(v.raw, big_pow2(v.frac));
  return Rational(v.raw * big_pow2(-v.frac));
}

Rational to_rational(const Wide& v) { return to_rational(to_big(v)); }

Rational to_rational(int64_t raw, const Format& f) { return to_rational(widen(raw, f)); }

int64_t requantize(const BigWide& v, const Spec& dst, Lfsr32* rng, Stats* st) {
  check_spec(dst, "requantisation destination");
  // 1. Below: if more than kGuard bits are dropped, shift right keeping a
  //    sticky bit; every mode then rounds the same (requantize.h).
  BigInt x = v.raw;
  int frac = v.frac;
  if (frac - dst.fmt.frac > kGuard) {
    const int n = frac - dst.fmt.frac - kGuard;
    const BigInt p = big_pow2(n);
    const BigInt q = floor_div(x, p);
    const bool dropped = q * p != x;
    x = dropped && q % 2 == 0 ? BigInt(q + 1) : q;  // floor(x / 2^n) | sticky, as detail::sticky_shr
    frac -= n;
  }
  // 2. Above: a value too large for i128 is out of range for any storage
  //    format. Replace it by one with the same sign, the same residue mod
  //    2^kResidue (all wrap and rounding look at) and still out of range.
  const BigInt limit = big_pow2(kResidue + 1);
  if (x >= limit || x <= -limit) {
    const BigInt residue = x - floor_div(x, big_pow2(kResidue)) * big_pow2(kResidue);
    x = x < 0 ? BigInt(residue - limit) : BigInt(residue + limit);
  }
  return Requantizer(frac, dst).apply(to_i128(x), rng, st);
}

int64_t requantize(const Rational& v, const Spec& dst, Lfsr32* rng, Stats* st) {
  check_spec(dst, "requantisation destination");
  // t = v * 2^(F + kGuard - 1); X = 2 * floor(t) + (t not an integer) at
  // frac F + kGuard: kGuard - 1 exact bits below the destination LSB and a
  // sticky bit, which is all any mode looks at.
  const int e = dst.fmt.frac + kGuard - 1;
  BigInt num = boost::multiprecision::numerator(v);
  BigInt den = boost::multiprecision::denominator(v);
  if (e >= 0) {
    num *= big_pow2(e);
  } else {
    den *= big_pow2(-e);
  }
  const BigInt fl = floor_div(num, den);
  const BigInt x = fl * 2 + (fl * den != num ? 1 : 0);
  return requantize(BigWide{x, dst.fmt.frac + kGuard}, dst, rng, st);
}

}  // namespace fxp
