// Exact decimal text <-> rationals, so that "0.1" is rounded as the real
// number 0.1 (not as the nearest double) and represented values and errors
// print exactly (every fixed-point value is a finite decimal).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "fixedpoint/big.h"

namespace fxp {

struct DecimalError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

inline constexpr int kMaxDecimalDigits = 1000;
inline constexpr int kMaxDecimalExponent = 1000;

// [+-] digits [. digits] [e|E [+-] digits] (or .digits), at most 1000 digits,
// exponent in -1000..1000. Throws DecimalError with the reason (NaN and
// infinities are named as such).
Rational parse_decimal(std::string_view text);
// "what is allowed" for messages.
std::string allowed_decimals();

// Exact decimal expansion ("-0.10009765625", "3", "0"). Throws DecimalError if
// the denominator has a prime factor other than 2 and 5.
std::string to_decimal_string(const Rational& v);

}  // namespace fxp
