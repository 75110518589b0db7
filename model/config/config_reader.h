// Typed, validated access to a TOML configuration.
//
// Defaults live in exactly one place: the embedded default configuration
// (tools/fxprop/default_config.toml). A user file is overlaid on it
// (tables merge, scalars and arrays replace), so every reader below asks for
// a key that must exist; a user key that the defaults do not know is an error
// ("unknown field"), which catches typos instead of silently ignoring them.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/config/config_error.h"

namespace toml {
inline namespace v3 {
class table;
class node;
}  // namespace v3
}  // namespace toml

namespace fxprop::config {

// The root of a configuration document (defaults overlaid with a user file).
class Document;

// A view on one table of a Document, addressed by its dotted path.
class Section {
 public:
  Section(const Document* doc, const toml::table* table, std::string path);

  const std::string& path() const { return path_; }
  bool has(std::string_view key) const;

  Section section(std::string_view key) const;
  std::vector<std::string> keys() const;

  bool get_bool(std::string_view key) const;
  std::string get_string(std::string_view key) const;
  // One of `allowed`; the error lists them.
  std::string get_choice(std::string_view key, std::initializer_list<std::string_view> allowed) const;
  std::string get_choice(std::string_view key, const std::vector<std::string>& allowed) const;
  std::int64_t get_int(std::string_view key, std::int64_t min, std::int64_t max) const;
  // Finite double within [min, max]; `min_exclusive` turns the lower bound into '>'.
  double get_double(std::string_view key, double min, double max, bool min_exclusive = false) const;
  std::vector<double> get_double_array(std::string_view key, double min, double max) const;
  std::vector<std::int64_t> get_int_array(std::string_view key, std::int64_t min, std::int64_t max) const;

  // For cross-field checks: raises a ConfigError naming `key` in this section.
  [[noreturn]] void fail(std::string_view key, const std::string& value, const std::string& allowed) const;
  std::string field(std::string_view key) const;  // "section.key"

 private:
  const toml::node& node(std::string_view key) const;

  const Document* doc_;
  const toml::table* table_;
  std::string path_;
};

class Document {
 public:
  // Parses `defaults_toml` (the embedded defaults) and, if given, overlays the
  // file at `user_path`. Throws ConfigError on syntax errors (with line and
  // column), unknown fields and type mismatches between user and default.
  static Document load(std::string_view defaults_toml, const std::optional<std::string>& user_path);
  static Document from_strings(std::string_view defaults_toml, std::string_view user_toml,
                               std::string_view user_name = "<string>");

  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  ~Document();

  Section root() const;
  Section section(std::string_view dotted_path) const;
  const std::string& source_name() const { return source_name_; }
  // The merged document as TOML (what a run actually used), for provenance.
  std::string to_toml() const;

 private:
  Document();
  std::unique_ptr<toml::table> merged_;
  std::string source_name_;
};

}  // namespace fxprop::config
