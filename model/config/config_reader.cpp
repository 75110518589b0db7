#include "model/config/config_reader.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace fxprop::config {
namespace {

std::string join_path(const std::string& prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
}

const char* type_name(toml::node_type t) {
  switch (t) {
    case toml::node_type::table: return "table";
    case toml::node_type::array: return "array";
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

std::string render(const toml::node& n) {
  std::ostringstream os;
  if (auto s = n.as_string()) {
    os << '"' << s->get() << '"';
  } else if (n.is_table()) {
    os << "(a table)";
  } else {
    n.visit([&](auto&& v) { os << v; });
  }
  return os.str();
}

// Overlay `user` onto `base`. Tables merge recursively, everything else replaces.
// Integers may stand where the default is a float (TOML users write `tau = 20`).
void overlay(toml::table& base, const toml::table& user, const std::string& path) {
  for (auto&& [k, v] : user) {
    const std::string field = join_path(path, k.str());
    toml::node* b = base.get(k.str());
    if (b == nullptr) {
      throw ConfigError(field, render(v), "unknown field (not in the default configuration; see `fxprop config --print-default`)");
    }
    if (b->is_table()) {
      if (!v.is_table()) {
        throw ConfigError(field, render(v), "must be a table");
      }
      overlay(*b->as_table(), *v.as_table(), field);
      continue;
    }
    const bool int_for_float = b->is_floating_point() && v.is_integer();
    if (b->type() != v.type() && !int_for_float) {
      throw ConfigError(field, render(v), fmt::format("must be of type {} (got {})", type_name(b->type()), type_name(v.type())));
    }
    if (int_for_float) {
      base.insert_or_assign(k.str(), static_cast<double>(v.as_integer()->get()));
    } else {
      base.insert_or_assign(k.str(), v);
    }
  }
}

toml::table parse_or_throw(std::string_view text, std::string_view name) {
  try {
    return toml::parse(text, std::string(name));
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    throw ConfigError(std::string(name), fmt::format("line {} column {}", src.begin.line, src.begin.column),
                      fmt::format("not valid TOML: {}", e.description()));
  }
}

std::string fmt_double(double v) { return fmt::format("{}", v); }

}  // namespace

// ---- Section -----------------------------------------------------------------

Section::Section(const Document* doc, const toml::table* table, std::string path)
    : doc_(doc), table_(table), path_(std::move(path)) {}

std::string Section::field(std::string_view key) const { return join_path(path_, key); }

void Section::fail(std::string_view key, const std::string& value, const std::string& allowed) const {
  throw ConfigError(field(key), value, allowed);
}

bool Section::has(std::string_view key) const { return table_->get(key) != nullptr; }

const toml::node& Section::node(std::string_view key) const {
  const toml::node* n = table_->get(key);
  if (n == nullptr) {
    // Only reachable if code asks for a key the embedded defaults lack: a programming error,
    // still reported as a named field rather than a crash.
    throw ConfigError(field(key), "(missing)", "required field is absent");
  }
  return *n;
}

Section Section::section(std::string_view key) const {
  const toml::node& n = node(key);
  if (!n.is_table()) fail(key, render(n), "must be a table");
  return Section(doc_, n.as_table(), field(key));
}

std::vector<std::string> Section::keys() const {
  std::vector<std::string> out;
  for (auto&& [k, v] : *table_) out.emplace_back(k.str());
  return out;
}

bool Section::get_bool(std::string_view key) const {
  const toml::node& n = node(key);
  if (!n.is_boolean()) fail(key, render(n), "must be true or false");
  return n.as_boolean()->get();
}

std::string Section::get_string(std::string_view key) const {
  const toml::node& n = node(key);
  if (!n.is_string()) fail(key, render(n), "must be a string");
  return n.as_string()->get();
}

std::string Section::get_choice(std::string_view key, std::initializer_list<std::string_view> allowed) const {
  std::vector<std::string> v;
  for (auto a : allowed) v.emplace_back(a);
  return get_choice(key, v);
}

std::string Section::get_choice(std::string_view key, const std::vector<std::string>& allowed) const {
  const std::string s = get_string(key);
  for (const auto& a : allowed) {
    if (s == a) return s;
  }
  fail(key, '"' + s + '"', fmt::format("must be one of: {}", fmt::join(allowed, ", ")));
}

std::int64_t Section::get_int(std::string_view key, std::int64_t min, std::int64_t max) const {
  const toml::node& n = node(key);
  if (!n.is_integer()) fail(key, render(n), fmt::format("must be an integer in [{}, {}]", min, max));
  const std::int64_t v = n.as_integer()->get();
  if (v < min || v > max) fail(key, std::to_string(v), fmt::format("must be an integer in [{}, {}]", min, max));
  return v;
}

double Section::get_double(std::string_view key, double min, double max, bool min_exclusive) const {
  const toml::node& n = node(key);
  const std::string range = fmt::format("must be a finite number in {}{}, {}]", min_exclusive ? "(" : "[",
                                        fmt_double(min), fmt_double(max));
  double v = 0;
  if (n.is_floating_point()) {
    v = n.as_floating_point()->get();
  } else if (n.is_integer()) {
    v = static_cast<double>(n.as_integer()->get());
  } else {
    fail(key, render(n), range);
  }
  const bool below = min_exclusive ? !(v > min) : !(v >= min);
  if (!std::isfinite(v) || below || !(v <= max)) fail(key, fmt_double(v), range);
  return v;
}

std::vector<double> Section::get_double_array(std::string_view key, double min, double max) const {
  const toml::node& n = node(key);
  const std::string allowed = fmt::format("must be an array of finite numbers in [{}, {}]", fmt_double(min), fmt_double(max));
  if (!n.is_array()) fail(key, render(n), allowed);
  std::vector<double> out;
  std::size_t i = 0;
  for (auto&& e : *n.as_array()) {
    double v = 0;
    if (e.is_floating_point()) {
      v = e.as_floating_point()->get();
    } else if (e.is_integer()) {
      v = static_cast<double>(e.as_integer()->get());
    } else {
      fail(fmt::format("{}[{}]", key, i), render(e), allowed);
    }
    if (!std::isfinite(v) || v < min || v > max) fail(fmt::format("{}[{}]", key, i), fmt_double(v), allowed);
    out.push_back(v);
    ++i;
  }
  return out;
}

std::vector<std::int64_t> Section::get_int_array(std::string_view key, std::int64_t min, std::int64_t max) const {
  const toml::node& n = node(key);
  const std::string allowed = fmt::format("must be an array of integers in [{}, {}]", min, max);
  if (!n.is_array()) fail(key, render(n), allowed);
  std::vector<std::int64_t> out;
  std::size_t i = 0;
  for (auto&& e : *n.as_array()) {
    if (!e.is_integer()) fail(fmt::format("{}[{}]", key, i), render(e), allowed);
    const std::int64_t v = e.as_integer()->get();
    if (v < min || v > max) fail(fmt::format("{}[{}]", key, i), std::to_string(v), allowed);
    out.push_back(v);
    ++i;
  }
  return out;
}

// ---- Document ----------------------------------------------------------------

Document::Document() : merged_(std::make_unique<toml::table>()) {}
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

Document Document::from_strings(std::string_view defaults_toml, std::string_view user_toml, std::string_view user_name) {
  Document d;
  *d.merged_ = parse_or_throw(defaults_toml, "<embedded defaults>");
  const toml::table user = parse_or_throw(user_toml, user_name);
  overlay(*d.merged_, user, "");
  d.source_name_ = std::string(user_name);
  return d;
}

Document Document::load(std::string_view defaults_toml, const std::optional<std::string>& user_path) {
  if (!user_path) {
    Document d;
    *d.merged_ = parse_or_throw(defaults_toml, "<embedded defaults>");
    d.source_name_ = "<embedded defaults>";
    return d;
  }
  std::ifstream in(*user_path, std::ios::binary);
  if (!in) throw ConfigError("--config", '"' + *user_path + '"', "file cannot be opened (missing or unreadable)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return from_strings(defaults_toml, ss.str(), *user_path);
}

Section Document::root() const { return Section(this, merged_.get(), ""); }

Section Document::section(std::string_view dotted_path) const {
  Section s = root();
  std::size_t start = 0;
  while (start <= dotted_path.size()) {
    const std::size_t dot = dotted_path.find('.', start);
    const std::string_view part = dotted_path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    s = s.section(part);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return s;
}

std::string Document::to_toml() const {
  std::ostringstream os;
  os << *merged_;
  return os.str();
}

}  // namespace fxprop::config
