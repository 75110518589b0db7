#include "fixedpoint/lfsr.h"

namespace fxp::detail {

namespace {

// The k new bits produced from `state` by k single steps. The step is linear
// over GF(2), so it may be applied to any vector, including zero.
constexpr uint32_t fresh_bits(uint32_t state, int k) {
  for (int i = 0; i < k; ++i) {
    const uint32_t fb = ((state >> 31) ^ (state >> 21) ^ (state >> 1) ^ state) & 1u;
    state = (state << 1) | fb;
  }
  return static_cast<uint32_t>(state & Lfsr32::low_mask(k));
}

constexpr std::array<LeapTable, 33> make_tables() {
  std::array<LeapTable, 33> tables{};
  for (int k = 1; k <= 32; ++k) {
    std::array<uint32_t, 32> column{};  // fresh bits of each unit vector
    for (int i = 0; i < 32; ++i) column[static_cast<unsigned>(i)] = fresh_bits(uint32_t{1} << i, k);
    for (unsigned byte = 0; byte < 4; ++byte) {
      for (unsigned v = 0; v < 256; ++v) {
        uint32_t acc = 0;
        for (unsigned bit = 0; bit < 8; ++bit) {
          if ((v >> bit) & 1u) acc ^= column[byte * 8 + bit];
        }
        tables[static_cast<unsigned>(k)][byte][v] = acc;
      }
    }
  }
  return tables;
}

}  // namespace

// Computed by the compiler: no start-up cost, no initialisation-order issue.
constexpr std::array<LeapTable, 33> kLeapTables = make_tables();

}  // namespace fxp::detail
