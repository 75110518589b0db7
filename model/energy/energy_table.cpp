#include "model/energy/energy_table.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "model/energy/input_error.h"

namespace fxprop::energy {

// ---- AnchorCurve ------------------------------------------------------------

AnchorCurve::AnchorCurve(std::vector<Anchor> anchors, double exponent)
    : anchors_(std::move(anchors)), exponent_(exponent) {
  if (anchors_.empty()) throw std::invalid_argument("AnchorCurve needs at least one anchor");
  for (std::size_t i = 0; i < anchors_.size(); ++i) {
    if (!(anchors_[i].x > 0) || !(anchors_[i].pj > 0)) throw std::invalid_argument("AnchorCurve anchors must be positive");
    if (i > 0 && !(anchors_[i].x > anchors_[i - 1].x)) throw std::invalid_argument("AnchorCurve anchors must increase in x");
  }
  if (!(exponent_ > 0) || !std::isfinite(exponent_)) throw std::invalid_argument("AnchorCurve exponent must be > 0");
}

double AnchorCurve::at(double x) const {
  if (!(x > 0) || !std::isfinite(x)) throw std::invalid_argument(fmt::format("AnchorCurve::at({}): x must be > 0", x));
  const Anchor& lo = anchors_.front();
  const Anchor& hi = anchors_.back();
  if (x <= lo.x) return x == lo.x ? lo.pj : lo.pj * std::pow(x / lo.x, exponent_);
  if (x >= hi.x) return x == hi.x ? hi.pj : hi.pj * std::pow(x / hi.x, exponent_);
  // First anchor strictly above x; its predecessor is at or below x.
  const auto up = std::upper_bound(anchors_.begin(), anchors_.end(), x, [](double v, const Anchor& a) { return v < a.x; });
  const Anchor& a = *(up - 1);
  const Anchor& b = *up;
  if (x == a.x) return a.pj;
  const double t = std::log(x / a.x) / std::log(b.x / a.x);
  return a.pj * std::pow(b.pj / a.pj, t);
}

// ---- Table file reader --------------------------------------------------------

namespace {

std::string render(const toml::node& n) {
  std::ostringstream os;
  if (auto s = n.as_string()) {
    os << '"' << s->get() << '"';
  } else if (n.is_table()) {
    os << "(a table)";
  } else if (n.is_array()) {
    os << "(an array)";
  } else {
    n.visit([&](auto&& v) { os << v; });
  }
  return os.str();
}

class TableReader {
 public:
  explicit TableReader(const std::string& source) : source_(source) {}

  [[noreturn]] void fail(const std::string& path, const std::string& value, const std::string& allowed) const {
    throw InputError(source_, path, value, allowed);
  }

  // Requires exactly `keys` in `t` (no unknown, none missing).
  void keys(const toml::table& t, const std::string& path, std::initializer_list<std::string_view> allowed) const {
    for (auto&& [k, v] : t) {
      if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end()) {
        fail(join(path, k.str()), render(v), "unknown key (allowed here: " + list(allowed) + ")");
      }
    }
    for (auto k : allowed) {
      if (!t.contains(k)) fail(join(path, k), "(missing)", "required key is absent");
    }
  }

  const toml::table& table(const toml::table& t, std::string_view key, const std::string& path) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) fail(join(path, key), "(missing)", "required table is absent");
    if (!n->is_table()) fail(join(path, key), render(*n), "must be a table");
    return *n->as_table();
  }

  const toml::array& array(const toml::table& t, std::string_view key, const std::string& path) const {
    const toml::node& n = *t.get(key);
    if (!n.is_array()) fail(join(path, key), render(n), "must be an array");
    return *n.as_array();
  }

  std::string string(const toml::table& t, std::string_view key, const std::string& path, bool non_empty = true) const {
    const toml::node& n = *t.get(key);
    if (!n.is_string()) fail(join(path, key), render(n), "must be a string");
    std::string s = n.as_string()->get();
    if (non_empty && s.empty()) fail(join(path, key), "\"\"", "must not be empty (cite a source or state the assumption)");
    return s;
  }

  int integer(const toml::table& t, std::string_view key, const std::string& path, int lo, int hi) const {
    const toml::node& n = *t.get(key);
    const std::string allowed = fmt::format("must be an integer in [{}, {}]", lo, hi);
    if (!n.is_integer()) fail(join(path, key), render(n), allowed);
    const std::int64_t v = n.as_integer()->get();
    if (v < lo || v > hi) fail(join(path, key), std::to_string(v), allowed);
    return static_cast<int>(v);
  }

  // A finite number in (lo, hi] (lo_exclusive) or [lo, hi].
  double number(const toml::node& n, const std::string& at, double lo, double hi, bool lo_exclusive) const {
    const std::string allowed = fmt::format("must be a finite number in {}{:g}, {:g}]", lo_exclusive ? "(" : "[", lo, hi);
    double v = 0;
    if (n.is_floating_point()) {
      v = n.as_floating_point()->get();
    } else if (n.is_integer()) {
      v = static_cast<double>(n.as_integer()->get());
    } else {
      fail(at, render(n), allowed);
    }
    const bool below = lo_exclusive ? !(v > lo) : !(v >= lo);
    if (!std::isfinite(v) || below || !(v <= hi)) fail(at, fmt::format("{}", v), allowed);
    return v;
  }
  double number(const toml::table& t, std::string_view key, const std::string& path, double lo, double hi,
                bool lo_exclusive) const {
    return number(*t.get(key), join(path, key), lo, hi, lo_exclusive);
  }

  // An energy in pJ: finite and strictly positive (a zero or negative energy
  // would silently make an action free or pay back energy).
  double energy(const toml::table& t, std::string_view key, const std::string& path) const {
    const toml::node& n = *t.get(key);
    const std::string allowed = "must be an energy in pJ: a finite number > 0 and <= 1e9";
    if (!n.is_floating_point() && !n.is_integer()) fail(join(path, key), render(n), allowed);
    const double v = n.is_floating_point() ? n.as_floating_point()->get() : static_cast<double>(n.as_integer()->get());
    if (!std::isfinite(v) || !(v > 0) || v > 1e9) fail(join(path, key), fmt::format("{}", v), allowed);
    return v;
  }

  AnchorCurve curve(const toml::table& t, std::string_view key, const std::string& path, double exponent) const {
    const std::string at = join(path, key);
    const toml::array& arr = array(t, key, path);
    if (arr.empty()) fail(at, "[]", "needs at least one anchor { x = ..., pj = ..., source = \"...\" }");
    std::vector<Anchor> anchors;
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string ai = fmt::format("{}[{}]", at, i);
      const toml::node& n = *arr.get(i);
      if (!n.is_table()) fail(ai, render(n), "must be an inline table { x = ..., pj = ..., source = \"...\" }");
      const toml::table& a = *n.as_table();
      keys(a, ai, {"x", "pj", "source"});
      Anchor anchor;
      anchor.x = number(a, "x", ai, 0.0, 1e12, true);
      anchor.pj = energy(a, "pj", ai);
      anchor.source = string(a, "source", ai);
      if (!anchors.empty() && !(anchor.x > anchors.back().x)) {
        fail(ai + ".x", fmt::format("{}", anchor.x),
             fmt::format("anchors must be listed in increasing x (previous anchor x = {})", anchors.back().x));
      }
      if (!anchors.empty() && anchor.pj < anchors.back().pj) {
        fail(ai + ".pj", fmt::format("{}", anchor.pj),
             fmt::format("energy must not decrease as x grows (previous anchor pj = {})", anchors.back().pj));
      }
      anchors.push_back(std::move(anchor));
    }
    return AnchorCurve(std::move(anchors), exponent);
  }

  static std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }
  template <typename Items>
  static std::string list(const Items& items) {
    std::string s;
    for (auto i : items) s += (s.empty() ? "" : ", ") + std::string(i);
    return s;
  }

 private:
  const std::string& source_;
};

constexpr std::array<std::string_view, 11> kComponents = {
    "table", "node", "add", "mul", "cmp", "mux", "requant", "flipflop", "xor", "rng", "sram",
};

int ceil_log2(std::uint64_t n) {
  int levels = 0;
  while (levels < 64 && (std::uint64_t{1} << levels) < n) ++levels;
  return levels;
}

}  // namespace

EnergyTable EnergyTable::parse(std::string_view toml_text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    throw InputError(source, "(document)", fmt::format("line {} column {}", e.source().begin.line, e.source().begin.column),
                     fmt::format("not valid TOML: {}", e.description()));
  }
  const TableReader r(source);
  for (auto&& [k, v] : root) {
    if (std::find(kComponents.begin(), kComponents.end(), k.str()) == kComponents.end()) {
      r.fail(std::string(k.str()), render(v), "unknown component (allowed: " + TableReader::list(kComponents) + ")");
    }
  }
  EnergyTable t;
  t.source_ = source;

  const toml::table& head = r.table(root, "table", "");
  r.keys(head, "table", {"name", "description", "reference_nm", "voltage_v"});
  t.name_ = r.string(head, "name", "table");
  t.description_ = r.string(head, "description", "table", false);
  t.reference_nm_ = r.integer(head, "reference_nm", "table", 1, 1000);
  t.voltage_v_ = r.number(head, "voltage_v", "table", 0.0, 5.0, true);

  // [[node]]: an array of tables.
  const toml::node* nodes = root.get("node");
  if (nodes == nullptr) r.fail("node", "(missing)", "at least one [[node]] entry { nm, factor, source } is required");
  if (!nodes->is_array() || nodes->as_array()->empty()) r.fail("node", render(*nodes), "must be a non-empty array of [[node]] tables");
  std::set<int> seen;
  for (std::size_t i = 0; i < nodes->as_array()->size(); ++i) {
    const std::string at = fmt::format("node[{}]", i);
    const toml::node& n = *nodes->as_array()->get(i);
    if (!n.is_table()) r.fail(at, render(n), "must be a table { nm, factor, source }");
    const toml::table& nt = *n.as_table();
    r.keys(nt, at, {"nm", "factor", "source"});
    NodeFactor nf;
    nf.nm = r.integer(nt, "nm", at, 1, 1000);
    nf.factor = r.number(nt, "factor", at, 0.0, 100.0, true);
    nf.source = r.string(nt, "source", at);
    if (!seen.insert(nf.nm).second) r.fail(at + ".nm", std::to_string(nf.nm), "each node may be listed once");
    if (nf.nm == t.reference_nm_ && nf.factor != 1.0) {
      r.fail(at + ".factor", fmt::format("{}", nf.factor), "the reference node (table.reference_nm) must have factor 1");
    }
    t.nodes_.push_back(std::move(nf));
  }
  if (!t.has_node(t.reference_nm_)) {
    r.fail("table.reference_nm", std::to_string(t.reference_nm_),
           "must be one of the [[node]] entries (" + t.node_list() + ")");
  }

  const toml::table& add = r.table(root, "add", "");
  r.keys(add, "add", {"exponent", "source", "anchors"});
  r.string(add, "source", "add");
  t.add_ = r.curve(add, "anchors", "add", r.number(add, "exponent", "add", 0.0, 4.0, true));

  const toml::table& mul = r.table(root, "mul", "");
  r.keys(mul, "mul", {"exponent", "source", "anchors"});
  r.string(mul, "source", "mul");
  t.mul_ = r.curve(mul, "anchors", "mul", r.number(mul, "exponent", "mul", 0.0, 4.0, true));

  const auto fraction = [&](std::string_view comp) {
    const toml::table& c = r.table(root, comp, "");
    const std::string p(comp);
    r.keys(c, p, {"fraction_of_add", "source"});
    r.string(c, "source", p);
    return r.number(c, "fraction_of_add", p, 0.0, 100.0, true);
  };
  t.cmp_fraction_ = fraction("cmp");
  t.mux_fraction_ = fraction("mux");
  t.requant_fraction_ = fraction("requant");

  const toml::table& ff = r.table(root, "flipflop", "");
  r.keys(ff, "flipflop", {"pj_per_bit", "source"});
  r.string(ff, "source", "flipflop");
  t.flipflop_pj_per_bit_ = r.energy(ff, "pj_per_bit", "flipflop");

  const toml::table& x = r.table(root, "xor", "");
  r.keys(x, "xor", {"pj_per_gate", "source"});
  r.string(x, "source", "xor");
  t.xor_pj_ = r.energy(x, "pj_per_gate", "xor");

  const toml::table& rng = r.table(root, "rng", "");
  r.keys(rng, "rng", {"toggle_probability", "xors_per_bit", "source"});
  r.string(rng, "source", "rng");
  t.rng_toggle_probability_ = r.number(rng, "toggle_probability", "rng", 0.0, 1.0, true);
  t.rng_xors_per_bit_ = r.number(rng, "xors_per_bit", "rng", 0.0, 64.0, false);

  const toml::table& sram = r.table(root, "sram", "");
  r.keys(sram, "sram", {"anchor_nm", "anchor_port_bits", "port_width_exponent", "exponent", "source", "read", "write"});
  r.string(sram, "source", "sram");
  t.sram_anchor_nm_ = r.integer(sram, "anchor_nm", "sram", 1, 1000);
  if (!t.has_node(t.sram_anchor_nm_)) {
    r.fail("sram.anchor_nm", std::to_string(t.sram_anchor_nm_),
           "the SRAM anchors' node needs a [[node]] entry to be placed at the reference node (nodes: " + t.node_list() + ")");
  }
  t.sram_anchor_port_bits_ = r.integer(sram, "anchor_port_bits", "sram", 1, kMaxWordBits);
  t.sram_port_width_exponent_ = r.number(sram, "port_width_exponent", "sram", 0.0, 2.0, true);
  const double cap_exp = r.number(sram, "exponent", "sram", 0.0, 2.0, true);
  t.sram_read_ = r.curve(sram, "read", "sram", cap_exp);
  t.sram_write_ = r.curve(sram, "write", "sram", cap_exp);
  return t;
}

EnergyTable EnergyTable::builtin() {
  static const EnergyTable table = parse(builtin_table_toml(), "<built-in table horowitz45>");
  return table;
}

EnergyTable EnergyTable::load(const std::string& path) {
  if (path.empty()) return builtin();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("", "--table", '"' + path + '"', "file cannot be opened (missing or unreadable)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

// ---- Nodes ------------------------------------------------------------------

bool EnergyTable::has_node(int nm) const {
  return std::any_of(nodes_.begin(), nodes_.end(), [nm](const NodeFactor& n) { return n.nm == nm; });
}

double EnergyTable::node_factor(TechNode node) const {
  for (const auto& n : nodes_) {
    if (n.nm == node.nm) return n.factor;
  }
  throw std::invalid_argument(fmt::format("energy table '{}' has no {} nm node (nodes: {})", name_, node.nm, node_list()));
}

std::string EnergyTable::node_list() const {
  std::string s;
  for (const auto& n : nodes_) s += (s.empty() ? "" : ", ") + std::to_string(n.nm);
  return s;
}

// ---- Per-action energies -------------------------------------------------------

double EnergyTable::add_pj(int width_a, int width_b) const { return add_.at(std::max(width_a, width_b)); }

double EnergyTable::mul_pj(int width_a, int width_b) const {
  return mul_.at(static_cast<double>(width_a) * static_cast<double>(width_b));
}

double EnergyTable::cmp_pj(int width_a, int width_b) const { return cmp_fraction_ * add_pj(width_a, width_b); }

double EnergyTable::mux_pj(int width, int inputs) const {
  return ceil_log2(static_cast<std::uint64_t>(inputs)) * mux_fraction_ * add_.at(width);
}

double EnergyTable::shift_pj(int width, int amount_bits) const { return amount_bits * mux_fraction_ * add_.at(width); }

double EnergyTable::requant_pj(int width_in, int width_out) const {
  return requant_fraction_ * add_pj(width_in, width_out);
}

double EnergyTable::rng_pj(int bits) const {
  return bits * (rng_toggle_probability_ * flipflop_pj_per_bit_ + rng_xors_per_bit_ * xor_pj_);
}

double EnergyTable::op_pj(const OpKey& key) const {
  if (auto problem = op_width_problem(key)) throw std::invalid_argument(*problem);
  switch (key.kind) {
    case OpKind::add: return add_pj(key.width_a, key.width_b);
    case OpKind::mul: return mul_pj(key.width_a, key.width_b);
    case OpKind::cmp: return cmp_pj(key.width_a, key.width_b);
    case OpKind::mux: return mux_pj(key.width_a, key.width_b);
    case OpKind::shift: return shift_pj(key.width_a, key.width_b);
    case OpKind::requant: return requant_pj(key.width_a, key.width_b);
    case OpKind::rng: return rng_pj(key.width_a);
  }
  throw std::invalid_argument("unknown operation kind");
}

// ---- Memories -----------------------------------------------------------------

double EnergyTable::sram_pj(const AnchorCurve& curve, std::uint64_t words, int word_bits) const {
  const double kib = static_cast<double>(words) * word_bits / 8192.0;
  const double port = std::pow(static_cast<double>(word_bits) / sram_anchor_port_bits_, sram_port_width_exponent_);
  return curve.at(kib) * port / node_factor(TechNode{sram_anchor_nm_});
}

double EnergyTable::sram_read_pj(std::uint64_t words, int word_bits) const { return sram_pj(sram_read_, words, word_bits); }
double EnergyTable::sram_write_pj(std::uint64_t words, int word_bits) const { return sram_pj(sram_write_, words, word_bits); }

double EnergyTable::registers_read_pj(std::uint64_t words, int word_bits) const {
  return ceil_log2(words) * mux_fraction_ * add_.at(word_bits);
}

double EnergyTable::registers_write_pj(int word_bits) const { return word_bits * flipflop_pj_per_bit_; }

double EnergyTable::memory_read_pj(const Memory& m) const {
  return m.kind == MemoryKind::sram ? sram_read_pj(m.words, m.word_bits) : registers_read_pj(m.words, m.word_bits);
}

double EnergyTable::memory_write_pj(const Memory& m) const {
  return m.kind == MemoryKind::sram ? sram_write_pj(m.words, m.word_bits) : registers_write_pj(m.word_bits);
}

}  // namespace fxprop::energy
