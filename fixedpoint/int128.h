// 128-bit integers for exact intermediates (a 64x64 product, an aligned sum).
// GCC's __int128 is an extension: `__extension__` keeps -Wpedantic quiet, and
// the standard traits (numeric_limits, make_unsigned) are not specialised for
// it under -std=c++17, so the few helpers the library needs are written here.
#pragma once

#include <cstdint>
#include <string>

namespace fxp {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

inline constexpr i128 kI128Max = static_cast<i128>(~static_cast<u128>(0) >> 1);
inline constexpr i128 kI128Min = -kI128Max - 1;

// Unsigned counterpart and width of the two raw integer types the hot path is
// instantiated for.
template <class T> struct IntTraits;
template <> struct IntTraits<int64_t> {
  using U = uint64_t;
  static constexpr int bits = 64;
};
template <> struct IntTraits<i128> {
  using U = u128;
  static constexpr int bits = 128;
};

// Number of significant bits of a non-negative value (0 for 0).
constexpr int bit_length(u128 v) {
  const auto hi = static_cast<uint64_t>(v >> 64);
  const auto lo = static_cast<uint64_t>(v);
  if (hi != 0) return 128 - __builtin_clzll(hi);
  if (lo != 0) return 64 - __builtin_clzll(lo);
  return 0;
}

// Bits a two's-complement value needs besides its sign: v >= 0 needs
// bit_length(v), v < 0 needs bit_length(~v) (so -1 needs 0, -2^(n-1) needs n-1).
constexpr int magnitude_bits(i128 v) { return bit_length(static_cast<u128>(v < 0 ? ~v : v)); }

// floor(v / 2^n) for any n >= 0 (arithmetic shift; n >= 127 gives 0 or -1).
constexpr i128 floor_shr(i128 v, int n) { return n >= 127 ? (v < 0 ? -1 : 0) : v >> n; }

// 2^n for 0 <= n <= 126.
constexpr i128 pow2(int n) { return static_cast<i128>(1) << n; }

std::string to_string(i128 v);
std::string to_string(u128 v);

}  // namespace fxp
