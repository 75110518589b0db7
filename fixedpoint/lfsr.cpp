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

// The table of the linear map `columns` (column i = image of bit i).
constexpr LeapTable table_of(const std::array<uint32_t, 32>& columns) {
  LeapTable t{};
  for (unsigned byte = 0; byte < 4; ++byte) {
    for (unsigned v = 0; v < 256; ++v) {
      uint32_t acc = 0;
      for (unsigned bit = 0; bit < 8; ++bit) {
        if ((v >> bit) & 1u) acc ^= columns[byte * 8 + bit];
      }
      t[byte][v] = acc;
    }
  }
  return t;
}

constexpr std::array<LeapTable, 33> make_tables() {
  std::array<LeapTable, 33> tables{};
  for (int k = 1; k <= 32; ++k) {
    std::array<uint32_t, 32> column{};  // fresh bits of each unit vector
    for (int i = 0; i < 32; ++i) column[static_cast<unsigned>(i)] = fresh_bits(uint32_t{1} << i, k);
    tables[static_cast<unsigned>(k)] = table_of(column);
  }
  return tables;
}

// M^(32 j) for j = 1..4: after 32 steps the state is exactly the 32 new bits.
constexpr std::array<LeapTable, 4> make_block_tables() {
  std::array<LeapTable, 4> tables{};
  std::array<uint32_t, 32> column{};
  for (int i = 0; i < 32; ++i) column[static_cast<unsigned>(i)] = uint32_t{1} << i;
  for (unsigned j = 0; j < 4; ++j) {
    for (auto& c : column) c = fresh_bits(c, 32);
    tables[j] = table_of(column);
  }
  return tables;
}

}  // namespace

// Computed by the compiler: no start-up cost, no initialisation-order issue.
constexpr std::array<LeapTable, 33> kLeapTables = make_tables();
constexpr std::array<LeapTable, 4> kBlockTables = make_block_tables();

}  // namespace fxp::detail

namespace fxp {

void Lfsr32::draw_row(int k, uint32_t* out, std::size_t n) {
  check_k(k);
  if (32 % k == 0) {
    // Whole groups of four blocks hold 128 / k draws each, none straddling a block;
    // after a group the state is its last block.
    const auto per_block = static_cast<std::size_t>(32 / k);
    const auto mask = static_cast<uint32_t>(low_mask(k));
    for (; n >= 4 * per_block; n -= 4 * per_block) {
      uint32_t blocks[4];
      for (unsigned j = 0; j < 4; ++j) blocks[j] = detail::apply_leap(detail::kBlockTables[j], s_);
      for (unsigned j = 0; j < 4; ++j) {
        for (std::size_t d = 0; d < per_block; ++d) {
          *out++ = (blocks[j] >> (32 - static_cast<std::size_t>(k) * (d + 1))) & mask;
        }
      }
      s_ = blocks[3];
    }
  }
  if (n == 0) return;
  // The stream after the current state, in 32-bit blocks B1, B2, ... (B0 = the state).
  // `pending` holds the `have` unconsumed stream bits in its low bits, earliest highest.
  uint32_t blocks[4];
  unsigned next = 4;  // index in blocks of the next block to consume; 4: make four more
  uint32_t base = s_;  // the state the next four blocks are made from
  uint32_t last = s_, before_last = s_;  // the last two blocks consumed (B0 initially)
  uint64_t pending = 0;
  int have = 0;
  const uint64_t mask = low_mask(k);
  for (std::size_t i = 0; i < n; ++i) {
    if (have < k) {
      if (next == 4) {
        for (unsigned j = 0; j < 4; ++j) blocks[j] = detail::apply_leap(detail::kBlockTables[j], base);
        base = blocks[3];
        next = 0;
      }
      before_last = last;
      last = blocks[next++];
      pending = (pending << 32) | last;  // have < k <= 32: no unconsumed bit is shifted out
      have += 32;
    }
    have -= k;
    out[i] = static_cast<uint32_t>((pending >> have) & mask);
  }
  // The state is the last 32 bits consumed: those of the block before `last` followed
  // by the 32 - have consumed bits of `last` (when have = 0, just `last`). Take the
  // block they start in and step it 32 - have times with a leap.
  if (have == 0) {
    s_ = last;
  } else {
    s_ = before_last;
    draw(32 - have);
  }
}

}  // namespace fxp
