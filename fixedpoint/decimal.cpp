#include "fixedpoint/decimal.h"

#include <algorithm>
#include <cctype>

namespace fxp {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

BigInt pow10(int n) {
  BigInt r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

std::string lower(std::string_view t) {
  std::string s(t);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::string allowed_decimals() {
  return "a finite decimal number such as -1.25, 0.1 or 3e-4 (at most " + std::to_string(kMaxDecimalDigits) +
         " digits, exponent in " + std::to_string(-kMaxDecimalExponent) + ".." + std::to_string(kMaxDecimalExponent) +
         ")";
}

Rational parse_decimal(std::string_view text) {
  {
    std::string l = lower(text);
    if (!l.empty() && (l[0] == '+' || l[0] == '-')) l.erase(0, 1);
    if (l == "nan" || l == "inf" || l == "infinity") throw DecimalError("not a finite number");
  }
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::string digits;
  int frac_digits = 0;
  bool seen_dot = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      digits.push_back(c);
      if (seen_dot) ++frac_digits;
    } else if (c == '.' && !seen_dot) {
      seen_dot = true;
    } else {
      break;
    }
  }
  if (digits.empty()) throw DecimalError("not a decimal number");
  if (digits.size() > static_cast<std::size_t>(kMaxDecimalDigits)) throw DecimalError("too many digits");
  int exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    const std::size_t start = i;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      if (exponent > kMaxDecimalExponent) continue;  // already out of range; keep scanning digits
      exponent = exponent * 10 + (text[i] - '0');
    }
    if (i == start) throw DecimalError("exponent has no digits");
    if (exponent > kMaxDecimalExponent) throw DecimalError("exponent out of range");
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) throw DecimalError("not a decimal number");
  // cpp_int reads a leading 0 as an octal prefix: strip leading zeros first.
  const std::size_t nz = digits.find_first_not_of('0');
  const BigInt mantissa(nz == std::string::npos ? std::string("0") : digits.substr(nz));
  const int e10 = exponent - frac_digits;
  Rational r = e10 >= 0 ? Rational(mantissa * pow10(e10)) : Rational(mantissa, pow10(-e10));
  return negative ? Rational(-r) : r;
}

std::string to_decimal_string(const Rational& v) {
  const BigInt num = boost::multiprecision::numerator(v);
  BigInt den = boost::multiprecision::denominator(v);
  int twos = 0, fives = 0;
  while (den % 2 == 0) {
    den /= 2;
    ++twos;
  }
  while (den % 5 == 0) {
    den /= 5;
    ++fives;
  }
  if (den != 1) throw DecimalError("value has no finite decimal expansion");
  const int n = std::max(twos, fives);
  // num / (2^twos 5^fives) = num * 2^(n - twos) * 5^(n - fives) / 10^n
  BigInt scaled = num < 0 ? BigInt(-num) : num;
  for (int i = twos; i < n; ++i) scaled *= 2;
  for (int i = fives; i < n; ++i) scaled *= 5;
  std::string s = scaled.str();
  if (n > 0) {
    if (s.size() <= static_cast<std::size_t>(n)) s.insert(0, static_cast<std::size_t>(n) + 1 - s.size(), '0');
    s.insert(s.size() - static_cast<std::size_t>(n), ".");
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return (num < 0 ? "-" : "") + s;
}

}  // namespace fxp
