#include "model/config/config_error.h"

#include <utility>

namespace fxprop::config {

ConfigError::ConfigError(std::string field, std::string value, std::string allowed)
    : std::runtime_error("invalid configuration: field '" + field + "' = " + value + ": " + allowed),
      field_(std::move(field)),
      value_(std::move(value)),
      allowed_(std::move(allowed)) {}

}  // namespace fxprop::config
