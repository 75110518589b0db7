// The random source of stochastic rounding, specified bit for bit so the RTL
// can reproduce it (the same generator exists in Verilog; see docs/fixedpoint.md).
//
// Generator: 32-bit Fibonacci LFSR, polynomial x^32 + x^22 + x^2 + x + 1
// (primitive, period 2^32 - 1). State s[31:0], never zero. One step:
//     fb = s[31] ^ s[21] ^ s[1] ^ s[0];   s = {s[30:0], fb};
// i.e. shift left, feedback enters bit 0. In Verilog:
//     state_d = {state_q[30:0], state_q[31] ^ state_q[21] ^ state_q[1] ^ state_q[0]};
//
// Drawing k random bits (1 <= k <= 32): step k times, then r = the low k bits
// of the state, so the first generated bit is r's MSB and the last is r[0].
// draw() computes the k steps at once: the k new bits are a GF(2)-linear
// function of the old state, tabulated per k and per state byte (4 lookups);
// draw_stepwise() is the literal definition and the tests prove them equal.
// draw_row() gives what n successive draw(k) give (values and final state) faster:
// the state after 32 steps is the 32 bits generated, so it makes the stream in 32-bit
// blocks, four blocks at a time from one state with the tables of M^32, M^64, M^96,
// M^128 (independent lookups instead of one serial chain per draw), and cuts the
// k-bit draws out of that stream.
//
// Stream seeding (host side only; the RTL has its seed loaded):
//     seed32 = low 32 bits of splitmix64(master_seed + 0x9E3779B97F4A7C15 * (stream_id + 1)),
//     and 1 if that is 0,
// where splitmix64(z) is Vigna's SplitMix64 output function
//     z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB; z ^ (z >> 31)
// (all arithmetic mod 2^64). Equivalently: the (stream_id+1)-th output of a
// SplitMix64 generator seeded with master_seed. The caller names each stream
// with a 64-bit id (e.g. a hash of variable name and trial index), so a
// stream's numbers do not depend on execution order or thread count.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace fxp {

constexpr uint64_t splitmix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

constexpr uint32_t stream_seed(uint64_t master_seed, uint64_t stream_id) {
  const auto s = static_cast<uint32_t>(splitmix64(master_seed + 0x9E3779B97F4A7C15ULL * (stream_id + 1)));
  return s == 0 ? 1 : s;
}

namespace detail {
// For each k, the k new bits after k steps as XOR of one entry per state byte.
using LeapTable = std::array<std::array<uint32_t, 256>, 4>;
extern const std::array<LeapTable, 33> kLeapTables;  // index k = 1..32; [0] unused
// kBlockTables[j]: the state after 32 (j + 1) steps, i.e. the (j + 1)-th next 32-bit block.
extern const std::array<LeapTable, 4> kBlockTables;

inline uint32_t apply_leap(const LeapTable& t, uint32_t s) {
  return t[0][s & 0xffu] ^ t[1][(s >> 8) & 0xffu] ^ t[2][(s >> 16) & 0xffu] ^ t[3][s >> 24];
}
}  // namespace detail

class Lfsr32 {
 public:
  explicit constexpr Lfsr32(uint32_t state) : s_(state) {
    if (state == 0) throw std::invalid_argument("Lfsr32: the all-zero state is not allowed (the LFSR would stay at 0)");
  }
  static constexpr Lfsr32 for_stream(uint64_t master_seed, uint64_t stream_id) {
    return Lfsr32(stream_seed(master_seed, stream_id));
  }

  constexpr uint32_t state() const { return s_; }

  // One step; returns the new state.
  constexpr uint32_t step() {
    const uint32_t fb = ((s_ >> 31) ^ (s_ >> 21) ^ (s_ >> 1) ^ s_) & 1u;
    s_ = (s_ << 1) | fb;
    return s_;
  }

  // k steps one at a time, then the low k bits (the definition).
  constexpr uint32_t draw_stepwise(int k) {
    check_k(k);
    for (int i = 0; i < k; ++i) step();
    return static_cast<uint32_t>(s_ & low_mask(k));
  }

  // The same k steps with four table lookups (the hot path).
  uint32_t draw(int k) {
    check_k(k);
    const detail::LeapTable& t = detail::kLeapTables[static_cast<unsigned>(k)];
    const uint32_t fresh = detail::apply_leap(t, s_);
    s_ = static_cast<uint32_t>(static_cast<uint64_t>(s_) << k) | fresh;
    return fresh;
  }

  // out[i] = draw(k) for i = 0 .. n-1 in order, leaving the state draw(k) n times
  // would (the hot path of stochastic rows).
  void draw_row(int k, uint32_t* out, std::size_t n);

  friend constexpr bool operator==(const Lfsr32& a, const Lfsr32& b) { return a.s_ == b.s_; }
  friend constexpr bool operator!=(const Lfsr32& a, const Lfsr32& b) { return a.s_ != b.s_; }

  static constexpr uint64_t low_mask(int k) { return (uint64_t{1} << k) - 1; }

 private:
  static constexpr void check_k(int k) {
    if (k < 1 || k > 32) throw std::invalid_argument("Lfsr32: draws take 1..32 bits");
  }
  uint32_t s_;
};

}  // namespace fxp
