#include "fixedpoint/wide.h"

#include "fixedpoint/big.h"

namespace fxp {

namespace {

[[noreturn]] void too_wide(const char* op) {
  throw RangeError(std::string("fixed-point ") + op + ": exact result exceeds 128 bits (use BigWide)");
}

// raw * 2^n for n >= 0, if it fits: the n + 1 top bits of raw must be
// copies of the sign, i.e. floor(raw / 2^(127 - n)) is 0 or -1.
bool shifted_left(i128 raw, int64_t n, i128& out) {
  if (raw == 0) {
    out = 0;
    return true;
  }
  if (n >= 128 || floor_shr(raw, static_cast<int>(127 - n)) != (raw < 0 ? -1 : 0)) return false;
  out = static_cast<i128>(static_cast<u128>(raw) << n);
  return true;
}

// a + b (negate_b: a - b) exactly. An aligned operand may not fit 128 bits
// although the result does (0 - 1*2^127); that rare case is settled exactly
// with cpp_int instead of being reported as too wide.
Wide add_or_sub(const Wide& a, const Wide& b, bool negate_b) {
  const int frac = a.frac > b.frac ? a.frac : b.frac;
  i128 ra = 0, rb = 0, r = 0;
  const bool fast = shifted_left(a.raw, int64_t{frac} - a.frac, ra) && shifted_left(b.raw, int64_t{frac} - b.frac, rb) &&
                    !(negate_b ? __builtin_sub_overflow(ra, rb, &r) : __builtin_add_overflow(ra, rb, &r));
  if (fast) return Wide{r, frac};
  const BigWide big = negate_b ? sub(to_big(a), to_big(b)) : add(to_big(a), to_big(b));
  if (big.raw > to_big(kI128Max) || big.raw < to_big(kI128Min)) too_wide(negate_b ? "sub" : "add");
  return Wide{to_i128(big.raw), big.frac};
}

}  // namespace

Wide add(const Wide& a, const Wide& b) { return add_or_sub(a, b, false); }

Wide sub(const Wide& a, const Wide& b) { return add_or_sub(a, b, true); }

Wide mul(const Wide& a, const Wide& b) {
  i128 r = 0;
  int frac = 0;
  if (__builtin_mul_overflow(a.raw, b.raw, &r) || __builtin_add_overflow(a.frac, b.frac, &frac)) too_wide("mul");
  return Wide{r, frac};
}

Wide neg(const Wide& a) {
  if (a.raw == kI128Min) too_wide("neg");
  return Wide{-a.raw, a.frac};
}

int64_t shl(int64_t raw, int n, const Format& f) {
  if (n < 0) throw std::invalid_argument("fxp::shl: negative shift " + std::to_string(n));
  check_storage(f, "fxp::shl");
  const uint64_t wmask = f.width == 64 ? ~uint64_t{0} : (uint64_t{1} << f.width) - 1;
  uint64_t bits = n >= 64 ? 0 : (static_cast<uint64_t>(raw) << n) & wmask;
  if (f.is_signed && ((bits >> (f.width - 1)) & 1u)) bits |= ~wmask;
  return static_cast<int64_t>(bits);
}

int64_t shr(int64_t raw, int n, const Format& f) {
  if (n < 0) throw std::invalid_argument("fxp::shr: negative shift " + std::to_string(n));
  check_storage(f, "fxp::shr");
  if (f.is_signed) return n >= 63 ? (raw < 0 ? -1 : 0) : raw >> n;
  return n >= 64 ? 0 : static_cast<int64_t>(static_cast<uint64_t>(raw) >> n);
}

std::string to_string(const Wide& w) { return to_string(w.raw) + "*2^" + std::to_string(-w.frac); }

}  // namespace fxp
