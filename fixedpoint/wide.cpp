#include "fixedpoint/wide.h"

namespace fxp {

namespace {

[[noreturn]] void too_wide(const char* op) {
  throw RangeError(std::string("fixed-point ") + op + ": exact result exceeds 128 bits (use BigWide)");
}

// raw * 2^n for n >= 0, or RangeError. It fits iff the n + 1 top bits of raw
// are copies of the sign, i.e. floor(raw / 2^(127 - n)) is 0 or -1.
i128 shifted_left(i128 raw, int64_t n, const char* op) {
  if (raw == 0) return 0;
  if (n >= 128 || floor_shr(raw, static_cast<int>(127 - n)) != (raw < 0 ? -1 : 0)) too_wide(op);
  return static_cast<i128>(static_cast<u128>(raw) << n);
}

// The operands brought to the larger frac (differences in int64: fracs are ints).
void align(const Wide& a, const Wide& b, i128& ra, i128& rb, int& frac, const char* op) {
  frac = a.frac > b.frac ? a.frac : b.frac;
  ra = shifted_left(a.raw, int64_t{frac} - a.frac, op);
  rb = shifted_left(b.raw, int64_t{frac} - b.frac, op);
}

}  // namespace

Wide add(const Wide& a, const Wide& b) {
  i128 ra = 0, rb = 0, r = 0;
  int frac = 0;
  align(a, b, ra, rb, frac, "add");
  if (__builtin_add_overflow(ra, rb, &r)) too_wide("add");
  return Wide{r, frac};
}

Wide sub(const Wide& a, const Wide& b) {
  i128 ra = 0, rb = 0, r = 0;
  int frac = 0;
  align(a, b, ra, rb, frac, "sub");
  if (__builtin_sub_overflow(ra, rb, &r)) too_wide("sub");
  return Wide{r, frac};
}

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
