// Rounding and overflow modes, and the destination of a requantisation.
// Deterministic modes have SystemC's meanings (SC_TRN ... SC_RND_CONV); the
// exact formulas are in requantize.h and docs/fixedpoint.md. Text names:
//   rounding: trn trn_zero rnd rnd_zero rnd_inf rnd_min_inf rnd_conv stoch<k> (k = 1..32)
//   overflow: wrap sat sat_sym sat_zero
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fixedpoint/format.h"

namespace fxp {

enum class Round : uint8_t {
  trn,          // floor
  trn_zero,     // toward zero
  rnd,          // nearest, ties toward +inf
  rnd_zero,     // nearest, ties toward zero
  rnd_inf,      // nearest, ties away from zero
  rnd_min_inf,  // nearest, ties toward -inf
  rnd_conv,     // nearest, ties to even
  stoch,        // stochastic with k random bits from an Lfsr32
};

inline constexpr int kMaxStochBits = 32;

// A rounding mode; stoch_bits (k) is meaningful only for Round::stoch.
struct Rounding {
  Round mode = Round::trn;
  int stoch_bits = 0;

  static constexpr Rounding stochastic(int k) { return Rounding{Round::stoch, k}; }
  constexpr bool is_stochastic() const { return mode == Round::stoch; }
  friend constexpr bool operator==(const Rounding& a, const Rounding& b) {
    return a.mode == b.mode && (a.mode != Round::stoch || a.stoch_bits == b.stoch_bits);
  }
  friend constexpr bool operator!=(const Rounding& a, const Rounding& b) { return !(a == b); }
};

enum class Overflow : uint8_t {
  wrap,      // keep the low W bits (two's complement; Verilog assignment to a narrower vector)
  sat,       // clamp to [min, max]
  sat_sym,   // clamp to [-max, max]: the most negative value is never produced (signed)
  sat_zero,  // 0 on overflow
};

// How to requantise: rounding first, then overflow handling.
struct Quant {
  Rounding rounding;
  Overflow overflow = Overflow::wrap;
  friend constexpr bool operator==(const Quant& a, const Quant& b) {
    return a.rounding == b.rounding && a.overflow == b.overflow;
  }
};

// A destination: format plus how to get there. Text: "s16.12 rnd sat".
struct Spec {
  Format fmt;
  Quant q;
  std::string str() const;
  friend constexpr bool operator==(const Spec& a, const Spec& b) { return a.fmt == b.fmt && a.q == b.q; }
};

// Each throws FormatError with a message listing what is allowed.
Rounding parse_rounding(std::string_view text);
Overflow parse_overflow(std::string_view text);
Spec parse_spec(std::string_view text);  // "<format> <rounding> <overflow>", single spaces or more

std::string to_string(Round r);
std::string to_string(const Rounding& r);
std::string to_string(Overflow o);
std::string to_string(const Spec& s);

// "trn, trn_zero, ..., stoch<k> (k = 1..32)" for messages and --help.
std::string allowed_roundings();
std::string allowed_overflows();

// Throws FormatError unless the spec can be a requantisation destination
// (storage format; stoch_bits in 1..32 for stochastic rounding).
void check_spec(const Spec& s, std::string_view what);

}  // namespace fxp
