#include "fixedpoint/modes.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>
#include <vector>

namespace fxp {

namespace {

constexpr std::array<std::pair<Round, const char*>, 7> kDeterministic{{
    {Round::trn, "trn"},
    {Round::trn_zero, "trn_zero"},
    {Round::rnd, "rnd"},
    {Round::rnd_zero, "rnd_zero"},
    {Round::rnd_inf, "rnd_inf"},
    {Round::rnd_min_inf, "rnd_min_inf"},
    {Round::rnd_conv, "rnd_conv"},
}};

constexpr std::array<std::pair<Overflow, const char*>, 4> kOverflows{{
    {Overflow::wrap, "wrap"},
    {Overflow::sat, "sat"},
    {Overflow::sat_sym, "sat_sym"},
    {Overflow::sat_zero, "sat_zero"},
}};

// to_string indexes the tables by the enumerators' values.
constexpr bool tables_in_enum_order() {
  for (std::size_t i = 0; i < kDeterministic.size(); ++i) {
    if (static_cast<std::size_t>(kDeterministic[i].first) != i) return false;
  }
  for (std::size_t i = 0; i < kOverflows.size(); ++i) {
    if (static_cast<std::size_t>(kOverflows[i].first) != i) return false;
  }
  return static_cast<std::size_t>(Round::stoch) == kDeterministic.size();
}
static_assert(tables_in_enum_order());

}  // namespace

std::string allowed_roundings() {
  std::string s;
  for (const auto& [mode, name] : kDeterministic) s += std::string(name) + ", ";
  return s + "stoch<k> with k in 1.." + std::to_string(kMaxStochBits) + " (e.g. stoch8)";
}

std::string allowed_overflows() {
  std::string s;
  for (const auto& [mode, name] : kOverflows) s += (s.empty() ? "" : ", ") + std::string(name);
  return s;
}

Rounding parse_rounding(std::string_view text) {
  for (const auto& [mode, name] : kDeterministic) {
    if (text == name) return Rounding{mode, 0};
  }
  constexpr std::string_view kStoch = "stoch";
  if (text.substr(0, kStoch.size()) == kStoch) {
    const std::string_view digits = text.substr(kStoch.size());
    int k = 0;
    const char* last = digits.data() + digits.size();
    const auto [ptr, ec] = std::from_chars(digits.data(), last, k);
    const bool is_number = !digits.empty() && digits[0] != '-' && ec == std::errc() && ptr == last;
    if (is_number && k >= 1 && k <= kMaxStochBits) return Rounding::stochastic(k);
  }
  throw FormatError("invalid rounding mode '" + std::string(text) + "'; allowed: " + allowed_roundings());
}

Overflow parse_overflow(std::string_view text) {
  for (const auto& [mode, name] : kOverflows) {
    if (text == name) return mode;
  }
  throw FormatError("invalid overflow mode '" + std::string(text) + "'; allowed: " + allowed_overflows());
}

Spec parse_spec(std::string_view text) {
  std::vector<std::string_view> words;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = std::min(text.find(' ', pos), text.size());
    if (end > pos) words.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  if (words.size() != 3) {
    throw FormatError("invalid requantisation spec '" + std::string(text) +
                      "'; allowed: '<format> <rounding> <overflow>', e.g. 's16.12 rnd sat'");
  }
  return Spec{parse_format(words[0]), Quant{parse_rounding(words[1]), parse_overflow(words[2])}};
}

std::string to_string(Round r) {
  if (r == Round::stoch) return "stoch";
  return kDeterministic[static_cast<std::size_t>(r)].second;
}

std::string to_string(const Rounding& r) {
  if (r.mode == Round::stoch) return "stoch" + std::to_string(r.stoch_bits);
  return to_string(r.mode);
}

std::string to_string(Overflow o) { return kOverflows[static_cast<std::size_t>(o)].second; }

std::string Spec::str() const { return fmt.str() + " " + to_string(q.rounding) + " " + to_string(q.overflow); }

std::string to_string(const Spec& s) { return s.str(); }

void check_spec(const Spec& s, std::string_view what) {
  check_storage(s.fmt, what);
  if (s.q.rounding.mode == Round::stoch &&
      (s.q.rounding.stoch_bits < 1 || s.q.rounding.stoch_bits > kMaxStochBits)) {
    throw FormatError(std::string(what) + ": stochastic rounding with " + std::to_string(s.q.rounding.stoch_bits) +
                      " random bits; allowed: " + allowed_roundings());
  }
}

}  // namespace fxp
