#include "model/sweep/spec.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "fixedpoint/format.h"
#include "model/config/config_error.h"
#include "model/config/config_reader.h"
#include "model/run/training.h"
#include "model/sweep/hash.h"
#include "model/sweep/toml_util.h"
#include "model/tasks/task_config.h"

namespace fxprop::sweep {

namespace fs = std::filesystem;

const char* mode_name(Mode m) {
  switch (m) {
    case Mode::grid: return "grid";
    case Mode::ovat: return "ovat";
    case Mode::min_width: return "min_width";
  }
  return "?";
}

const char* frac_rule_name(FracRule r) {
  switch (r) {
    case FracRule::keep_int: return "keep_int";
    case FracRule::keep_frac: return "keep_frac";
    case FracRule::explicit_bits: return "frac_bits";
  }
  return "?";
}

bool Spec::within_tolerance(double value, double reference) const {
  if (!std::isfinite(value) || !std::isfinite(reference)) return false;
  const double slack = tolerance_mode == ToleranceMode::absolute ? tolerance : tolerance * std::fabs(reference);
  return value <= reference + slack;
}

namespace {

// ---- Strict reading of the spec's own tables ---------------------------------------

class Reader {
 public:
  Reader(const std::string& file, const toml::table& t, std::string path) : file_(file), t_(t), path_(std::move(path)) {}

  std::string field(std::string_view key) const { return path_.empty() ? std::string(key) : path_ + "." + std::string(key); }

  [[noreturn]] void fail(std::string_view key, const std::string& value, const std::string& allowed) const {
    throw SpecError(fmt::format("invalid sweep spec {}: field '{}' = {}: {}", file_, field(key), value, allowed));
  }
  [[noreturn]] void fail_missing(std::string_view key, const std::string& why) const {
    throw SpecError(fmt::format("invalid sweep spec {}: field '{}' is missing: {}", file_, field(key), why));
  }

  // Every key must be one of `known`.
  void only(std::initializer_list<std::string_view> known) const {
    for (auto&& [k, v] : t_) {
      bool ok = false;
      for (auto n : known) ok = ok || k.str() == n;
      if (!ok) fail(k.str(), render(v), fmt::format("unknown field (allowed here: {})", fmt::join(known, ", ")));
    }
  }

  bool has(std::string_view key) const { return t_.get(key) != nullptr; }
  const toml::node* get(std::string_view key) const { return t_.get(key); }

  std::string string(std::string_view key) const {
    const toml::node* n = t_.get(key);
    if (n == nullptr || !n->is_string()) fail(key, n ? render(*n) : "(missing)", "must be a string");
    return n->as_string()->get();
  }
  std::string choice(std::string_view key, std::initializer_list<std::string_view> allowed) const {
    const std::string s = string(key);
    for (auto a : allowed) {
      if (s == a) return s;
    }
    fail(key, '"' + s + '"', fmt::format("must be one of: {}", fmt::join(allowed, ", ")));
  }
  std::int64_t integer(std::string_view key, std::int64_t lo, std::int64_t hi) const {
    const toml::node* n = t_.get(key);
    const std::string allowed = fmt::format("must be an integer in [{}, {}]", lo, hi);
    if (n == nullptr || !n->is_integer()) fail(key, n ? render(*n) : "(missing)", allowed);
    const std::int64_t v = n->as_integer()->get();
    if (v < lo || v > hi) fail(key, std::to_string(v), allowed);
    return v;
  }
  double number(std::string_view key, double lo, double hi) const {
    const toml::node* n = t_.get(key);
    const std::string allowed = fmt::format("must be a finite number in [{}, {}]", lo, hi);
    double v = 0;
    if (n != nullptr && n->is_floating_point()) {
      v = n->as_floating_point()->get();
    } else if (n != nullptr && n->is_integer()) {
      v = static_cast<double>(n->as_integer()->get());
    } else {
      fail(key, n ? render(*n) : "(missing)", allowed);
    }
    if (!std::isfinite(v) || v < lo || v > hi) fail(key, render(*n), allowed);
    return v;
  }
  // A non-empty array of distinct integers in [lo, hi].
  std::vector<std::int64_t> int_list(std::string_view key, std::int64_t lo, std::int64_t hi) const {
    const toml::node* n = t_.get(key);
    const std::string allowed = fmt::format("must be a non-empty array of distinct integers in [{}, {}]", lo, hi);
    if (n == nullptr || !n->is_array()) fail(key, n ? render(*n) : "(missing)", allowed);
    const toml::array& a = *n->as_array();
    if (a.empty()) fail(key, "[]", allowed + " (an empty list sweeps nothing)");
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const toml::node& e = a[i];
      const std::string k = fmt::format("{}[{}]", key, i);
      if (!e.is_integer()) fail(k, render(e), allowed);
      const std::int64_t v = e.as_integer()->get();
      if (v < lo || v > hi) fail(k, std::to_string(v), allowed);
      for (auto prev : out) {
        if (prev == v) fail(k, std::to_string(v), allowed + " (duplicate)");
      }
      out.push_back(v);
    }
    return out;
  }
  // A non-empty array of distinct strings.
  std::vector<std::string> string_list(std::string_view key, const std::string& what) const {
    const toml::node* n = t_.get(key);
    const std::string allowed = "must be a non-empty array of distinct strings: " + what;
    if (n == nullptr || !n->is_array()) fail(key, n ? render(*n) : "(missing)", allowed);
    const toml::array& a = *n->as_array();
    if (a.empty()) fail(key, "[]", allowed + " (an empty list sweeps nothing)");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string k = fmt::format("{}[{}]", key, i);
      if (!a[i].is_string()) fail(k, render(a[i]), allowed);
      const std::string v = a[i].as_string()->get();
      for (const auto& prev : out) {
        if (prev == v) fail(k, '"' + v + '"', allowed + " (duplicate)");
      }
      out.push_back(v);
    }
    return out;
  }
  const toml::table* table(std::string_view key) const {
    const toml::node* n = t_.get(key);
    if (n == nullptr) return nullptr;
    if (!n->is_table()) fail(key, render(*n), "must be a table");
    return n->as_table();
  }

 private:
  const std::string& file_;
  const toml::table& t_;
  std::string path_;
};

toml::table parse_toml_text(std::string_view text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    throw SpecError(fmt::format("invalid sweep spec {}: line {} column {}: not valid TOML: {}", name, src.begin.line,
                                src.begin.column, e.description()));
  }
}

std::string read_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SpecError(fmt::format("{} \"{}\": file cannot be opened (missing or unreadable)", what, path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The leaf node of dotted `field` in `t`, or nullptr.
const toml::node* find_field(const toml::table& t, std::string_view field) {
  const toml::table* cur = &t;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = field.find('.', start);
    const std::string_view part = field.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    const toml::node* n = cur->get(part);
    if (n == nullptr) return nullptr;
    if (dot == std::string_view::npos) return n;
    if (!n->is_table()) return nullptr;
    cur = n->as_table();
    start = dot + 1;
  }
}

AxisValue format_value(const fxp::Spec& s, bool host_value) {
  AxisValue v;
  v.label = host_value ? s.fmt.str() : fxp::to_string(s);
  v.toml = toml_quote(v.label);
  v.json = v.label;
  v.width = s.fmt.width;
  v.position = s.fmt.width;
  return v;
}

// The Spec at width w under the axis' fraction rule (explicit fraction bits pass `frac`).
fxp::Spec spec_at(const fxp::Spec& base, FracRule rule, int w, int explicit_frac, fxp::Rounding r, fxp::Overflow o) {
  fxp::Spec s;
  s.fmt.is_signed = base.fmt.is_signed;
  s.fmt.width = w;
  switch (rule) {
    case FracRule::keep_int: s.fmt.frac = w - base.fmt.int_bits(); break;
    case FracRule::keep_frac: s.fmt.frac = base.fmt.frac; break;
    case FracRule::explicit_bits: s.fmt.frac = explicit_frac; break;
  }
  s.q.rounding = r;
  s.q.overflow = o;
  return s;
}

// A generated format must be a valid storage spec and must not lose the sign bit of a
// signed base format that has one.
void check_generated(const Reader& r, std::string_view key, const fxp::Spec& base, const fxp::Spec& s) {
  try {
    fxp::check_spec(s, "generated format");
  } catch (const fxp::FormatError& e) {
    r.fail(key, '"' + fxp::to_string(s) + '"', e.what());
  }
  if (s.fmt.is_signed && base.fmt.int_bits() >= 1 && s.fmt.int_bits() < 1) {
    r.fail(key, '"' + fxp::to_string(s) + '"',
           fmt::format("leaves no sign bit: a signed format needs W - F >= 1 (base format {} has {} integer bits)",
                       fxp::to_string(base.fmt), base.fmt.int_bits()));
  }
}

std::vector<fxp::Rounding> roundings(const Reader& r, const fxp::Spec& base) {
  if (!r.has("rounding")) return {base.q.rounding};
  std::vector<fxp::Rounding> out;
  const auto names = r.string_list("rounding", fxp::allowed_roundings());
  for (std::size_t i = 0; i < names.size(); ++i) {
    try {
      out.push_back(fxp::parse_rounding(names[i]));
    } catch (const fxp::FormatError& e) {
      r.fail(fmt::format("rounding[{}]", i), '"' + names[i] + '"', e.what());
    }
  }
  return out;
}

std::vector<fxp::Overflow> overflows(const Reader& r, const fxp::Spec& base) {
  if (!r.has("overflow")) return {base.q.overflow};
  std::vector<fxp::Overflow> out;
  const auto names = r.string_list("overflow", fxp::allowed_overflows());
  for (std::size_t i = 0; i < names.size(); ++i) {
    try {
      out.push_back(fxp::parse_overflow(names[i]));
    } catch (const fxp::FormatError& e) {
      r.fail(fmt::format("overflow[{}]", i), '"' + names[i] + '"', e.what());
    }
  }
  return out;
}

Axis parse_format_axis(const Reader& r, Mode mode, const toml::table& merged) {
  Axis a;
  a.kind = Axis::Kind::format;
  a.name = r.string("format");
  const toml::node* formats = find_field(merged, "fixed.formats");
  std::vector<std::string> names;
  if (formats != nullptr && formats->is_table()) {
    for (auto&& [k, v] : *formats->as_table()) names.emplace_back(k.str());
  }
  if (std::find(names.begin(), names.end(), a.name) == names.end()) {
    r.fail("format", '"' + a.name + '"',
           names.empty() ? "the base configuration has no [fixed.formats] table"
                         : fmt::format("must be a variable of [fixed.formats]: {}", fmt::join(names, ", ")));
  }
  a.field = "fixed.formats." + a.name;
  const toml::node* base_node = find_field(merged, a.field);
  if (base_node == nullptr || !base_node->is_string()) r.fail("format", '"' + a.name + '"', "base format is not a string");
  const std::string base_text(base_node->as_string()->get());
  try {
    if (base_text.find(' ') == std::string::npos) {
      a.host_value = true;
      a.base_spec.fmt = fxp::parse_format(base_text);
      a.base_spec.q.rounding = fxp::parse_rounding("rnd");
      a.base_spec.q.overflow = fxp::Overflow::sat;
    } else {
      a.base_spec = fxp::parse_spec(base_text);
    }
  } catch (const fxp::FormatError& e) {
    r.fail("format", '"' + a.name + '"', std::string("the base configuration's format is invalid: ") + e.what());
  }
  if (a.host_value) {
    for (const char* mode_field : {"rounding", "overflow"}) {
      if (r.has(mode_field)) {
        r.fail(mode_field, render(*r.get(mode_field)),
               fmt::format("'{}' is a value the host quantises once with round-to-nearest: only its width is swept", a.name));
      }
    }
  }
  a.base = format_value(a.base_spec, a.host_value);

  const bool has_list = r.has("widths");
  const bool has_range = r.has("width_min") || r.has("width_max");
  if (r.has("frac") && r.has("frac_bits")) {
    r.fail("frac_bits", render(*r.get("frac_bits")), "contradicts 'frac': give a fraction rule or explicit fraction bits, not both");
  }
  if (r.has("frac_bits")) {
    a.frac = FracRule::explicit_bits;
  } else if (r.has("frac")) {
    a.frac = r.choice("frac", {"keep_int", "keep_frac"}) == "keep_int" ? FracRule::keep_int : FracRule::keep_frac;
  }
  const std::vector<fxp::Rounding> rs = roundings(r, a.base_spec);
  const std::vector<fxp::Overflow> os = overflows(r, a.base_spec);

  if (mode == Mode::min_width) {
    if (has_list) r.fail("widths", render(*r.get("widths")), "mode min_width bisects over width_min..width_max: give those instead");
    if (!r.has("width_min")) r.fail_missing("width_min", "mode min_width needs width_min and width_max (1..64)");
    if (!r.has("width_max")) r.fail_missing("width_max", "mode min_width needs width_min and width_max (1..64)");
    if (a.frac == FracRule::explicit_bits) {
      r.fail("frac_bits", render(*r.get("frac_bits")), "mode min_width needs a fraction rule: frac = \"keep_int\" or \"keep_frac\"");
    }
    if (rs.size() != 1) r.fail("rounding", render(*r.get("rounding")), "mode min_width searches one rounding mode per [[vary]] entry");
    if (os.size() != 1) r.fail("overflow", render(*r.get("overflow")), "mode min_width searches one overflow mode per [[vary]] entry");
    a.rounding = rs[0];
    a.overflow = os[0];
  } else if (has_list == has_range) {
    if (has_list) r.fail("widths", render(*r.get("widths")), "contradicts width_min/width_max: give a list or a range, not both");
    r.fail_missing("widths", "give widths = [...] or width_min and width_max (1..64)");
  }
  std::vector<std::int64_t> widths;
  if (has_range) {
    a.lo = static_cast<int>(r.integer("width_min", 1, fxp::kMaxStorageWidth));
    a.hi = static_cast<int>(r.integer("width_max", 1, fxp::kMaxStorageWidth));
    if (a.lo > a.hi) r.fail("width_min", std::to_string(a.lo), fmt::format("must be <= width_max = {} (empty range)", a.hi));
    for (int w = a.lo; w <= a.hi; ++w) widths.push_back(w);
  } else {
    widths = r.int_list("widths", 1, fxp::kMaxStorageWidth);
  }
  std::vector<std::int64_t> fracs{0};
  if (a.frac == FracRule::explicit_bits) fracs = r.int_list("frac_bits", -fxp::kMaxFrac, fxp::kMaxFrac);

  if (mode == Mode::min_width) {
    // Every width of the range must give a valid format: check the ends (the rule is monotone in W).
    check_generated(r, "width_min", a.base_spec, spec_at(a.base_spec, a.frac, a.lo, 0, a.rounding, a.overflow));
    check_generated(r, "width_max", a.base_spec, spec_at(a.base_spec, a.frac, a.hi, 0, a.rounding, a.overflow));
    return a;
  }
  std::set<std::string> seen;
  for (const std::int64_t w : widths) {
    for (const std::int64_t f : fracs) {
      for (const fxp::Rounding& rr : rs) {
        for (const fxp::Overflow o : os) {
          const fxp::Spec s = spec_at(a.base_spec, a.frac, static_cast<int>(w), static_cast<int>(f), rr, o);
          check_generated(r, has_range ? "width_max" : "widths", a.base_spec, s);
          AxisValue v = format_value(s, a.host_value);
          if (!seen.insert(v.label).second) r.fail("widths", '"' + v.label + '"', "generates the same format twice");
          a.values.push_back(std::move(v));
        }
      }
    }
  }
  return a;
}

Axis parse_field_axis(const Reader& r, Mode mode, const toml::table& defaults, const toml::table& merged,
                      const Spec& spec) {
  Axis a;
  a.kind = Axis::Kind::field;
  a.name = r.string("field");
  a.field = a.name;
  const toml::node* def = find_field(defaults, a.field);
  if (def == nullptr || def->is_table()) {
    r.fail("field", '"' + a.name + '"', "must be a field of the configuration (see `fxprop config --print-default`), e.g. network.n_rec");
  }
  if (a.field == "run.seed") r.fail("field", "\"run.seed\"", "seeds are swept by sweep.seeds");
  if (a.field.rfind("fixed.formats.", 0) == 0) {
    r.fail("field", '"' + a.name + '"', fmt::format("formats are swept with format = \"{}\"", a.field.substr(14)));
  }
  if (a.field == "task.name" && spec.task) r.fail("field", "\"task.name\"", "contradicts sweep.task: set one of them");
  if (a.field == "learning.rule" && spec.rule) r.fail("field", "\"learning.rule\"", "contradicts sweep.rule: set one of them");
  a.float_field = def->is_floating_point();
  a.base = field_value(*find_field(merged, a.field), a.float_field, 0);

  if (mode == Mode::min_width) {
    if (r.has("values")) r.fail("values", render(*r.get("values")), "mode min_width bisects over min..max: give those instead");
    if (!def->is_integer()) {
      r.fail("field", '"' + a.name + '"', "mode min_width searches integer fields only (this one is not an integer)");
    }
    if (!r.has("min")) r.fail_missing("min", "mode min_width needs min and max for a field");
    if (!r.has("max")) r.fail_missing("max", "mode min_width needs min and max for a field");
    a.lo = static_cast<int>(r.integer("min", 0, 1 << 30));
    a.hi = static_cast<int>(r.integer("max", 0, 1 << 30));
    if (a.lo > a.hi) r.fail("min", std::to_string(a.lo), fmt::format("must be <= max = {} (empty range)", a.hi));
    return a;
  }
  if (r.has("min") || r.has("max")) r.fail(r.has("min") ? "min" : "max", render(*r.get(r.has("min") ? "min" : "max")),
                                           "only mode min_width takes a range; give values = [...]");
  const toml::node* vals = r.get("values");
  if (vals == nullptr) r.fail_missing("values", "give values = [...] for the field");
  if (!vals->is_array()) r.fail("values", render(*vals), "must be a non-empty array");
  const toml::array& arr = *vals->as_array();
  if (arr.empty()) r.fail("values", "[]", "must be a non-empty array (an empty list sweeps nothing)");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string key = fmt::format("values[{}]", i);
    const toml::node& e = arr[i];
    const bool type_ok = e.type() == def->type() || (def->is_floating_point() && e.is_integer());
    if (!type_ok) r.fail(key, render(e), fmt::format("must be of the type of {} ({})", a.field, type_name(*def)));
    AxisValue v = field_value(e, a.float_field, static_cast<double>(i));
    if (!seen.insert(v.toml).second) r.fail(key, render(e), "duplicate value");
    a.values.push_back(std::move(v));
  }
  return a;
}

}  // namespace

AxisValue Axis::value_at(int w) const {
  if (kind == Kind::format) return format_value(spec_at(base_spec, frac, w, 0, rounding, overflow), host_value);
  AxisValue v;
  v.toml = std::to_string(w);
  v.json = w;
  v.label = v.toml;
  v.position = w;
  v.width = w;
  return v;
}

std::string Axis::title() const {
  if (kind == Kind::field || !values.empty()) return name;
  return fmt::format("{} ({} {}, {})", name, fxp::to_string(rounding), fxp::to_string(overflow), frac_rule_name(frac));
}

Spec parse_spec_file(std::string_view defaults_toml, const std::string& path) {
  const std::string text = read_file(path, "sweep spec");
  const fs::path dir = fs::absolute(fs::path(path)).parent_path();
  return parse_spec_string(defaults_toml, text, path, dir.string());
}

Spec parse_spec_string(std::string_view defaults_toml, std::string_view text, const std::string& name,
                       const std::string& base_dir) {
  Spec spec;
  spec.path = name;
  const toml::table root = parse_toml_text(text, name);
  const Reader top(spec.path, root, "");
  top.only({"sweep", "base", "vary"});

  // [sweep]
  const toml::table* sweep_t = top.table("sweep");
  if (sweep_t == nullptr) top.fail_missing("sweep", "the [sweep] table (mode, seeds, ...) is required");
  const Reader sw(spec.path, *sweep_t, "sweep");
  sw.only({"mode", "engine", "seeds", "task", "rule", "metric", "tolerance", "tolerance_mode"});
  if (!sw.has("mode")) sw.fail_missing("mode", "must be one of: grid, ovat, min_width");
  const std::string mode = sw.choice("mode", {"grid", "ovat", "min_width"});
  spec.mode = mode == "grid" ? Mode::grid : mode == "ovat" ? Mode::ovat : Mode::min_width;
  if (sw.has("engine")) spec.engine = sw.choice("engine", {"fixed", "float"});
  if (!sw.has("seeds")) sw.fail_missing("seeds", "a non-empty array of distinct seeds (integers >= 0)");
  for (const auto s : sw.int_list("seeds", 0, INT64_MAX)) spec.seeds.push_back(static_cast<std::uint64_t>(s));
  if (sw.has("task")) spec.task = sw.string("task");
  if (sw.has("rule")) spec.rule = sw.string("rule");
  const std::string metric = sw.has("metric") ? sw.choice("metric", {"auto", "loss", "error_rate", "nmse", "mse"}) : "auto";
  if (spec.mode == Mode::min_width) {
    if (!sw.has("tolerance")) sw.fail_missing("tolerance", "mode min_width needs the tolerance on the metric (a number >= 0)");
    spec.tolerance = sw.number("tolerance", 0.0, 1e300);
    if (sw.has("tolerance_mode")) {
      spec.tolerance_mode = sw.choice("tolerance_mode", {"absolute", "relative"}) == "absolute" ? ToleranceMode::absolute
                                                                                                 : ToleranceMode::relative;
    }
  } else {
    for (const char* k : {"tolerance", "tolerance_mode"}) {
      if (sw.has(k)) sw.fail(k, render(*sw.get(k)), "only mode min_width uses a tolerance");
    }
  }

  // [base]: file + inline overlay + task/rule.
  toml::table overlay;
  spec.base_source = name;
  if (const toml::table* base_t = top.table("base")) {
    const Reader br(spec.path, *base_t, "base");
    br.only({"config", "set"});
    if (br.has("config")) {
      std::string p = br.string("config");
      if (p.empty()) br.fail("config", "\"\"", "must name a configuration file");
      fs::path fp(p);
      if (fp.is_relative()) fp = fs::path(base_dir) / fp;
      std::ifstream in(fp, std::ios::binary);
      if (!in) br.fail("config", '"' + p + '"', "file cannot be opened (missing or unreadable)");
      std::ostringstream ss;
      ss << in.rdbuf();
      overlay = parse_toml_text(ss.str(), fp.string());
      spec.base_source = fp.string();
    }
    if (const toml::table* set = br.table("set")) merge_tables(overlay, *set);
  }
  if (spec.task) set_field(overlay, "task.name", toml_quote(*spec.task));
  if (spec.rule) set_field(overlay, "learning.rule", toml_quote(*spec.rule));
  spec.base_overlay = to_toml_text(overlay);
  // The base configuration itself must be valid (unknown fields, types, ranges).
  const config::Document base_doc = config::Document::from_strings(defaults_toml, spec.base_overlay, spec.base_source);
  const toml::table merged = parse_toml_text(base_doc.to_toml(), "<base configuration>");
  const toml::table defaults = parse_toml_text(defaults_toml, "<embedded defaults>");
  const tasks::TaskConfig task_cfg = tasks::parse_task_config(base_doc);
  spec.classification = tasks::is_classification(task_cfg.name);
  spec.metric = run::resolve_metric(metric, spec.classification);
  spec.base_hash = hex64(fnv1a64(std::string(defaults_toml) + '\0' + spec.base_overlay));

  // [[vary]]
  const toml::node* vary = top.get("vary");
  if (vary == nullptr) top.fail_missing("vary", "at least one [[vary]] entry (format = \"...\" or field = \"...\")");
  if (!vary->is_array_of_tables() || vary->as_array()->empty()) {
    top.fail("vary", render(*vary), "must be one or more [[vary]] tables");
  }
  const toml::array& entries = *vary->as_array();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Reader vr(spec.path, *entries[i].as_table(), fmt::format("vary[{}]", i));
    const bool is_format = vr.has("format");
    const bool is_field = vr.has("field");
    if (is_format == is_field) {
      vr.fail_missing("format", is_format ? "give format or field, not both" : "each [[vary]] needs format = \"<variable>\" or field = \"<section.key>\"");
    }
    if (is_format) {
      vr.only({"format", "widths", "width_min", "width_max", "frac", "frac_bits", "rounding", "overflow"});
      spec.axes.push_back(parse_format_axis(vr, spec.mode, merged));
    } else {
      vr.only({"field", "values", "min", "max"});
      spec.axes.push_back(parse_field_axis(vr, spec.mode, defaults, merged, spec));
    }
    const Axis& a = spec.axes.back();
    for (std::size_t j = 0; j + 1 < spec.axes.size(); ++j) {
      const Axis& b = spec.axes[j];
      const bool same = b.field == a.field && (spec.mode != Mode::min_width || b.title() == a.title());
      if (same) vr.fail(is_format ? "format" : "field", '"' + a.name + '"', fmt::format("is already swept by vary[{}]", j));
    }
  }
  return spec;
}

}  // namespace fxprop::sweep
