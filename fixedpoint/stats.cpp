#include "fixedpoint/stats.h"

namespace fxp {

int Stats::max_magnitude_bits() const {
  for (int b = static_cast<int>(magnitude.size()) - 1; b >= 0; --b) {
    if (magnitude[static_cast<unsigned>(b)] != 0) return b;
  }
  return -1;
}

Stats& Stats::merge(const Stats& o) {
  requants += o.requants;
  inexact += o.inexact;
  to_zero += o.to_zero;
  saturations += o.saturations;
  wraps += o.wraps;
  zeroings += o.zeroings;
  if (o.min_raw < min_raw) min_raw = o.min_raw;
  if (o.max_raw > max_raw) max_raw = o.max_raw;
  for (std::size_t b = 0; b < magnitude.size(); ++b) magnitude[b] += o.magnitude[b];
  return *this;
}

bool operator==(const Stats& a, const Stats& b) {
  return a.requants == b.requants && a.inexact == b.inexact && a.to_zero == b.to_zero &&
         a.saturations == b.saturations && a.wraps == b.wraps && a.zeroings == b.zeroings &&
         a.min_raw == b.min_raw && a.max_raw == b.max_raw && a.magnitude == b.magnitude;
}

std::string Stats::str() const {
  std::string s = "requants=" + std::to_string(requants) + " inexact=" + std::to_string(inexact) +
                  " to_zero=" + std::to_string(to_zero) + " saturations=" + std::to_string(saturations) +
                  " wraps=" + std::to_string(wraps) + " zeroings=" + std::to_string(zeroings);
  if (requants > 0) {
    s += " min=" + to_string(min_raw) + " max=" + to_string(max_raw) +
         " max_magnitude_bits=" + std::to_string(max_magnitude_bits());
  }
  return s;
}

}  // namespace fxp
