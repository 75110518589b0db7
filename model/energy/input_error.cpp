#include "model/energy/input_error.h"

#include <utility>

namespace fxprop::energy {

InputError::InputError(std::string source, std::string path, std::string value, std::string allowed)
    : std::runtime_error((source.empty() ? std::string() : source + ": ") + "field '" + path + "' = " + value + ": " +
                         allowed),
      source_(std::move(source)),
      path_(std::move(path)),
      value_(std::move(value)),
      allowed_(std::move(allowed)) {}

}  // namespace fxprop::energy
