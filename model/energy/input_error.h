// Errors in the estimator's inputs (an energy table file, an action-counts
// JSON document, a command-line value): like config::ConfigError they name
// where the bad value sits (file and field path), the value and what is
// allowed, so the CLI can print them verbatim and exit with code 2.
#pragma once

#include <stdexcept>
#include <string>

namespace fxprop::energy {

class InputError : public std::runtime_error {
 public:
  // `source` is the file (or "<built-in table>"), `path` the field inside it,
  // e.g. "phases.integrate.ops[2].count" or "sram.read[0].pj". An empty source
  // is for values that are not in a file (a command-line option).
  InputError(std::string source, std::string path, std::string value, std::string allowed);

  const std::string& source() const { return source_; }
  const std::string& path() const { return path_; }
  const std::string& value() const { return value_; }
  const std::string& allowed() const { return allowed_; }

 private:
  std::string source_;
  std::string path_;
  std::string value_;
  std::string allowed_;
};

}  // namespace fxprop::energy
