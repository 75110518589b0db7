// Copyright fxprop contributors.
//
// Bit-field access to Verilator model ports of any width (CData/SData/IData/QData or
// VlWide<N>), as two's complement Boost cpp_int values.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <type_traits>
#include <verilated.h>

namespace fxtb {

// Fixed 512-bit cpp_int backend: exact for every width the core uses (< 200 bits), no heap,
// and free of the GCC 12 -Wmaybe-uninitialized false positive of the allocating cpp_int.
using cpp_int = boost::multiprecision::int512_t;

// Raw bits [lsb, lsb + width) of a port stored as 32-bit words.
inline cpp_int get_bits(const uint32_t* words, int lsb, int width) {
  cpp_int v = 0;
  for (int b = width - 1; b >= 0; --b) {
    const int bit = lsb + b;
    v <<= 1;
    v |= (words[bit / 32] >> (bit % 32)) & 1u;
  }
  return v;
}

// Writes the low `width` bits of value (two's complement) at [lsb, lsb + width).
inline void set_bits(uint32_t* words, int lsb, int width, const cpp_int& value) {
  const cpp_int mod = cpp_int(1) << width;
  cpp_int u = value % mod;
  if (u < 0) u += mod;
  for (int b = 0; b < width; ++b) {
    const int bit = lsb + b;
    const uint32_t m = 1u << (bit % 32);
    if (bit_test(u, static_cast<unsigned>(b))) {
      words[bit / 32] |= m;
    } else {
      words[bit / 32] &= ~m;
    }
  }
}

// Interprets `width` raw bits as signed (two's complement) or unsigned.
inline cpp_int from_raw(const cpp_int& raw, int width, bool is_signed) {
  if (is_signed && bit_test(raw, static_cast<unsigned>(width - 1))) return raw - (cpp_int(1) << width);
  return raw;
}

// Word views of the port types Verilator generates.
template <std::size_t N>
inline uint32_t* words(VlWide<N>& w) { return w.data(); }
template <std::size_t N>
inline const uint32_t* words(const VlWide<N>& w) { return w.data(); }

// Field access on a port of any generated type: integral (CData ... QData) or VlWide<N>.
template <class T>
inline std::enable_if_t<std::is_integral_v<T>> set_field(T& port, int lsb, int width, const cpp_int& v) {
  uint32_t w[2] = {static_cast<uint32_t>(static_cast<uint64_t>(port)),
                   static_cast<uint32_t>(static_cast<uint64_t>(port) >> 32)};
  set_bits(w, lsb, width, v);
  port = static_cast<T>(static_cast<uint64_t>(w[0]) | (static_cast<uint64_t>(w[1]) << 32));
}
template <std::size_t N>
inline void set_field(VlWide<N>& port, int lsb, int width, const cpp_int& v) {
  set_bits(port.data(), lsb, width, v);
}
template <class T>
inline std::enable_if_t<std::is_integral_v<T>, cpp_int> get_field(const T& port, int lsb, int width) {
  const uint32_t w[2] = {static_cast<uint32_t>(static_cast<uint64_t>(port)),
                         static_cast<uint32_t>(static_cast<uint64_t>(port) >> 32)};
  return get_bits(w, lsb, width);
}
template <std::size_t N>
inline cpp_int get_field(const VlWide<N>& port, int lsb, int width) {
  return get_bits(port.data(), lsb, width);
}

}  // namespace fxtb
