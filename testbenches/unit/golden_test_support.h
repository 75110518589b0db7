// Helpers shared by the golden-model tests: configurations built from the
// embedded defaults plus a TOML overlay, and relative matrix differences.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "model/common/matrix.h"
#include "model/config/config_reader.h"
#include "model/golden/golden_config.h"
#include "tools/fxprop/default_config.h"

namespace fxprop::test {

inline golden::GoldenConfig config_from(const std::string& overlay) {
  const config::Document doc = config::Document::from_strings(default_config_toml(), overlay, "test.toml");
  return golden::parse_config(doc, ".");
}

inline double max_abs(const Matrix<double>& a) {
  double m = 0.0;
  for (double v : a.values()) m = std::max(m, std::abs(v));
  return m;
}

// max |a - b| / max |b|
inline double relative_difference(const Matrix<double>& a, const Matrix<double>& b) {
  double d = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) d = std::max(d, std::abs(a.data()[k] - b.data()[k]));
  const double scale = max_abs(b);
  return scale > 0.0 ? d / scale : d;
}

}  // namespace fxprop::test
