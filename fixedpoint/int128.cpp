#include "fixedpoint/int128.h"

#include <algorithm>

namespace fxp {

std::string to_string(u128 v) {
  std::string s;
  do {
    s.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  std::reverse(s.begin(), s.end());
  return s;
}

std::string to_string(i128 v) {
  // Negate in unsigned arithmetic: -kI128Min overflows i128.
  if (v < 0) return "-" + to_string(static_cast<u128>(0) - static_cast<u128>(v));
  return to_string(static_cast<u128>(v));
}

}  // namespace fxp
