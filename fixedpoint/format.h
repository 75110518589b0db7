// A runtime fixed-point format: W total bits, F fraction bits, signed or not.
// value = raw * 2^-F. Text notation (config, CLI, reports): "s16.12" is signed,
// 16 bits, 12 fraction bits; "u12.12" unsigned; F may be negative ("s8.-4":
// LSB = 16) or exceed W ("s8.12": |value| < 2^-4), as in ac_fixed/sc_fixed.
//
// Raw storage is int64_t: the W-bit register contents, sign-extended for
// signed formats and zero-extended for unsigned ones. Only u64 values >= 2^63
// do not fit that reading; they are stored as their bit pattern (negative as
// int64_t), and Format::widen() recovers the true integer. Every other raw is
// its own value.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fixedpoint/int128.h"

namespace fxp {

// Bad format / mode text or an unsupported combination. The message says what
// is allowed, so a configuration layer can show it verbatim.
struct FormatError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

inline constexpr int kMaxStorageWidth = 64;
// |F| bound: generous for any real design, and keeps every exponent the
// library forms (products, conversions from double) far from overflow.
inline constexpr int kMaxFrac = 256;

struct Format {
  int width = 16;  // W; 1..64 for storage, more for full-precision intermediates (add_format...)
  int frac = 0;    // F
  bool is_signed = true;

  constexpr int int_bits() const { return width - frac; }  // I = W - F, sign included
  // Raw bounds as true integers (u64's max is 2^64 - 1, hence i128); defined
  // for widths 1..127 (2^127 - 1 is formed without overflowing).
  constexpr i128 min_raw() const { return is_signed ? -pow2(width - 1) : 0; }
  constexpr i128 max_raw() const { return is_signed ? pow2(width - 1) - 1 : (pow2(width - 1) - 1) * 2 + 1; }
  // The true integer stored in an int64_t raw (see the header comment).
  constexpr i128 widen(int64_t raw) const {
    return is_signed ? static_cast<i128>(raw) : static_cast<i128>(static_cast<uint64_t>(raw));
  }
  constexpr bool fits(i128 v) const { return v >= min_raw() && v <= max_raw(); }
  // The value of one LSB is 2^lsb_exp().
  constexpr int lsb_exp() const { return -frac; }
  constexpr bool valid_storage() const {
    return width >= 1 && width <= kMaxStorageWidth && frac >= -kMaxFrac && frac <= kMaxFrac;
  }

  std::string str() const;
  static Format parse(std::string_view text);

  friend constexpr bool operator==(const Format& a, const Format& b) {
    return a.width == b.width && a.frac == b.frac && a.is_signed == b.is_signed;
  }
  friend constexpr bool operator!=(const Format& a, const Format& b) { return !(a == b); }
};

// Throws FormatError unless `text` is s<W>.<F> or u<W>.<F> with W in 1..64 and
// F in -256..256.
Format parse_format(std::string_view text);
std::string to_string(const Format& f);
// "s<W>.<F> ... with W in 1..64 ..." for messages and --help.
std::string allowed_formats();
// Throws FormatError unless f.valid_storage(); `what` names the value in the message.
void check_storage(const Format& f, std::string_view what);

// Full-precision result formats (W may exceed 64; the typed wrapper and Mac use
// these to size intermediates). Mixed signedness gives a signed result; an
// unsigned operand then needs one more integer bit.
constexpr Format add_format(const Format& a, const Format& b) {
  const bool s = a.is_signed || b.is_signed;
  const int ia = a.int_bits() + (s && !a.is_signed ? 1 : 0);
  const int ib = b.int_bits() + (s && !b.is_signed ? 1 : 0);
  const int f = a.frac > b.frac ? a.frac : b.frac;
  const int i = (ia > ib ? ia : ib) + 1;
  return Format{i + f, f, s};
}
// a - b can be negative even for unsigned operands: the result is signed. For
// two unsigned operands the difference lies in (-2^Ib, 2^Ia), so max(Ia, Ib) + 1
// signed integer bits suffice; otherwise as for add_format.
constexpr Format sub_format(const Format& a, const Format& b) {
  const bool both_unsigned = !a.is_signed && !b.is_signed;
  const int ia = a.int_bits() + (a.is_signed || both_unsigned ? 0 : 1);
  const int ib = b.int_bits() + (b.is_signed || both_unsigned ? 0 : 1);
  const int f = a.frac > b.frac ? a.frac : b.frac;
  const int i = (ia > ib ? ia : ib) + 1;
  return Format{i + f, f, true};
}
constexpr Format mul_format(const Format& a, const Format& b) {
  return Format{a.width + b.width, a.frac + b.frac, a.is_signed || b.is_signed};
}

}  // namespace fxp
