#include "model/sweep/toml_util.h"

#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace fxprop::sweep {

namespace {

nlohmann::json to_json(const toml::node& n, bool as_float) {
  if (const auto* s = n.as_string()) return s->get();
  if (const auto* i = n.as_integer()) {
    if (as_float) return static_cast<double>(i->get());
    return i->get();
  }
  if (const auto* f = n.as_floating_point()) return f->get();
  if (const auto* b = n.as_boolean()) return b->get();
  if (const auto* a = n.as_array()) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& e : *a) j.push_back(to_json(e, as_float));
    return j;
  }
  return render(n);
}

}  // namespace

std::string render(const toml::node& n) {
  std::ostringstream os;
  if (n.is_table()) {
    os << "(a table)";
  } else if (const auto* s = n.as_string()) {
    os << toml_quote(s->get());
  } else if (const auto* f = n.as_floating_point()) {
    os << float_literal(f->get());
  } else {
    n.visit([&](auto&& v) { os << v; });
  }
  return os.str();
}

const char* type_name(const toml::node& n) {
  switch (n.type()) {
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

std::string toml_quote(std::string_view s) {
  std::string q = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      q += '\\';
      q += c;
    } else if (u < 0x20 || u == 0x7f) {
      q += fmt::format("\\u{:04x}", u);
    } else {
      q += c;
    }
  }
  return q + "\"";
}

void merge_tables(toml::table& dst, const toml::table& src) {
  for (auto&& [k, v] : src) {
    toml::node* d = dst.get(k.str());
    if (d != nullptr && d->is_table() && v.is_table()) {
      merge_tables(*d->as_table(), *v.as_table());
    } else {
      dst.insert_or_assign(k.str(), v);
    }
  }
}

void set_field(toml::table& t, std::string_view field, const std::string& literal) {
  toml::table parsed = toml::parse("v = " + literal);
  toml::node* value = parsed.get("v");
  if (value == nullptr) throw std::logic_error("set_field: unparsable literal " + literal);
  toml::table* cur = &t;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = field.find('.', start);
    const std::string part(field.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) {
      cur->insert_or_assign(part, *value);
      return;
    }
    toml::node* n = cur->get(part);
    if (n == nullptr || !n->is_table()) {
      cur->insert_or_assign(part, toml::table{});
      n = cur->get(part);
    }
    cur = n->as_table();
    start = dot + 1;
  }
}

std::string float_literal(double x) {
  // Shortest text that reads back as the same double, always a TOML float ("3.0", "0.003", "1e-10").
  std::string s = fmt::format("{}", x);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string to_toml_text(const toml::table& t) {
  std::ostringstream os;
  os << t;
  return os.str();
}

AxisValue field_value(const toml::node& n, bool float_field, double index) {
  AxisValue v;
  if (float_field && (n.is_integer() || n.is_floating_point())) {
    v.toml = float_literal(n.is_integer() ? static_cast<double>(n.as_integer()->get()) : n.as_floating_point()->get());
  } else {
    v.toml = render(n);
  }
  v.json = to_json(n, float_field);
  v.label = n.is_string() ? n.as_string()->get() : v.toml;
  if (n.is_integer()) {
    v.position = static_cast<double>(n.as_integer()->get());
  } else if (n.is_floating_point()) {
    v.position = n.as_floating_point()->get();
  } else {
    v.position = index;
  }
  return v;
}

}  // namespace fxprop::sweep
