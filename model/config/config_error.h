// Errors raised while reading a configuration: they always name the field,
// the offending value and what is allowed, so the CLI can print them verbatim.
#pragma once

#include <stdexcept>
#include <string>

namespace fxprop::config {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string field, std::string value, std::string allowed);

  const std::string& field() const { return field_; }
  const std::string& value() const { return value_; }
  const std::string& allowed() const { return allowed_; }

 private:
  std::string field_;
  std::string value_;
  std::string allowed_;
};

}  // namespace fxprop::config
