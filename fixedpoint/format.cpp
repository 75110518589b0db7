#include "fixedpoint/format.h"

#include <charconv>

namespace fxp {

namespace {

// Parses an optionally '-'-signed decimal integer that is the whole of `t`.
bool parse_int(std::string_view t, int& out) {
  if (t.empty()) return false;
  const char* first = t.data();
  const char* last = t.data() + t.size();
  if (*first == '-' && t.size() == 1) return false;
  const auto [ptr, ec] = std::from_chars(first, last, out);
  return ec == std::errc() && ptr == last;
}

[[noreturn]] void fail(std::string_view text, const std::string& why) {
  throw FormatError("invalid fixed-point format '" + std::string(text) + "': " + why + "; allowed: " +
                    allowed_formats());
}

}  // namespace

std::string allowed_formats() {
  return "s<W>.<F> (signed) or u<W>.<F> (unsigned) with W in 1.." + std::to_string(kMaxStorageWidth) + " and F in " +
         std::to_string(-kMaxFrac) + ".." + std::to_string(kMaxFrac) + ", e.g. s16.12";
}

Format parse_format(std::string_view text) {
  if (text.empty()) fail(text, "empty");
  Format f;
  if (text[0] == 's') {
    f.is_signed = true;
  } else if (text[0] == 'u') {
    f.is_signed = false;
  } else {
    fail(text, "must start with 's' or 'u'");
  }
  const std::string_view rest = text.substr(1);
  const auto dot = rest.find('.');
  if (dot == std::string_view::npos) fail(text, "missing '.' between width and fraction bits");
  if (!parse_int(rest.substr(0, dot), f.width) || rest[0] == '-') fail(text, "width is not a decimal number");
  if (!parse_int(rest.substr(dot + 1), f.frac)) fail(text, "fraction bits are not a decimal integer");
  if (f.width < 1 || f.width > kMaxStorageWidth) fail(text, "width " + std::to_string(f.width) + " out of range");
  if (f.frac < -kMaxFrac || f.frac > kMaxFrac) fail(text, "fraction bits " + std::to_string(f.frac) + " out of range");
  return f;
}

Format Format::parse(std::string_view text) { return parse_format(text); }

std::string Format::str() const {
  return (is_signed ? "s" : "u") + std::to_string(width) + "." + std::to_string(frac);
}

std::string to_string(const Format& f) { return f.str(); }

void check_storage(const Format& f, std::string_view what) {
  if (!f.valid_storage()) {
    throw FormatError(std::string(what) + ": format " + f.str() + " cannot be stored; allowed: " + allowed_formats());
  }
}

}  // namespace fxp
