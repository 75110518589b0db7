// Helpers shared by the energy unit tests.
#pragma once

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

namespace fxprop::energy::test {

inline std::string data_path(const std::string& name) { return std::string(FXPROP_ENERGY_TEST_DATA) + "/" + name; }

// Throws (rather than REQUIRE) so it may initialise namespace-scope constants.
inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open test data " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Relative comparison for values computed by float arithmetic in a different
// order than the hand calculation.
inline bool close(double got, double want, double rel = 1e-12) {
  return std::fabs(got - want) <= rel * std::fmax(std::fabs(want), 1e-300);
}

// Replaces the first occurrence of `from` (which must exist) in `text`.
inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

}  // namespace fxprop::energy::test
