#include <stdexcept>
#include <string>

#include "tools/fxprop/cosim/cosim.h"

namespace fxprop::cosim {

Fault parse_fault(const std::string& text) {
  const auto c1 = text.find(':');
  const auto c2 = c1 == std::string::npos ? std::string::npos : text.find(':', c1 + 1);
  if (c2 == std::string::npos) {
    throw std::invalid_argument("--inject-fault '" + text + "': expected VAR:INDEX:STEP (e.g. v:3:100)");
  }
  Fault f;
  f.variable = text.substr(0, c1);
  const auto number = [&](const std::string& part, const char* what) {
    std::size_t used = 0;
    long v = -1;
    try {
      v = std::stol(part, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != part.size() || part.empty() || v < 0) {
      throw std::invalid_argument(std::string("--inject-fault: ") + what + " '" + part + "' is not an integer >= 0");
    }
    return v;
  };
  f.index = number(text.substr(c1 + 1, c2 - c1 - 1), "INDEX");
  f.step = number(text.substr(c2 + 1), "STEP");
  return f;
}

}  // namespace fxprop::cosim
