#include "model/energy/counts_json.h"

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/energy/input_error.h"

namespace fxprop::energy {

using nlohmann::json;

namespace {

std::string show(const json& v) {
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

// Strict accessors: each names the JSON path of what it reads.
class Reader {
 public:
  explicit Reader(const std::string& source) : source_(source) {}

  [[noreturn]] void fail(const std::string& path, const std::string& value, const std::string& allowed) const {
    throw InputError(source_, path, value, allowed);
  }

  void object(const json& v, const std::string& path, std::initializer_list<std::string_view> keys) const {
    if (!v.is_object()) fail(path.empty() ? "(document)" : path, show(v), "must be an object");
    for (const auto& [k, x] : v.items()) {
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
        std::string list;
        for (auto key : keys) list += (list.empty() ? "" : ", ") + std::string(key);
        fail(join(path, k), show(x), "unknown key (allowed here: " + list + ")");
      }
    }
    for (auto key : keys) {
      if (!v.contains(std::string(key))) fail(join(path, std::string(key)), "(missing)", "required field is absent");
    }
  }

  std::uint64_t u64(const json& obj, std::string_view key, const std::string& path) const {
    const json& v = obj.at(std::string(key));
    const std::string at = join(path, std::string(key));
    // Parsed text stores non-negative integers as unsigned, but JSON built in
    // C++ (a simulator passing its document directly) stores int as signed.
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v.get<std::int64_t>());
    fail(at, show(v), "must be a non-negative integer");
  }

  int int_in(const json& obj, std::string_view key, const std::string& path, int lo, int hi) const {
    const json& v = obj.at(std::string(key));
    const std::string at = join(path, std::string(key));
    const std::string allowed = "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    if (!v.is_number_integer()) fail(at, show(v), allowed);
    const std::int64_t x = v.get<std::int64_t>();
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) fail(at, show(v), allowed);
    if (x < lo || x > hi) fail(at, show(v), allowed);
    return static_cast<int>(x);
  }

  std::string str(const json& obj, std::string_view key, const std::string& path) const {
    const json& v = obj.at(std::string(key));
    if (!v.is_string()) fail(join(path, std::string(key)), show(v), "must be a string");
    return v.get<std::string>();
  }

  const json& array(const json& obj, std::string_view key, const std::string& path) const {
    const json& v = obj.at(std::string(key));
    if (!v.is_array()) fail(join(path, std::string(key)), show(v), "must be an array");
    return v;
  }

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  static std::string idx(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

 private:
  const std::string& source_;
};

std::string phase_list() {
  std::string s;
  for (Phase p : kAllPhases) s += (s.empty() ? "" : ", ") + std::string(phase_name(p));
  return s;
}

std::string op_list() {
  std::string s;
  for (OpKind k : kAllOpKinds) s += (s.empty() ? "" : ", ") + std::string(op_kind_name(k));
  return s;
}

std::string role_list() {
  std::string s;
  for (MemoryRole r : kAllRoles) s += (s.empty() ? "" : ", ") + std::string(role_name(r));
  return s;
}

MemoryMap read_memory_map(const Reader& r, const json& j, const std::string& path) {
  r.object(j, path, {"synapses", "neurons", "memories"});
  MemoryMap map;
  map.synapses = r.u64(j, "synapses", path);
  map.neurons = r.u64(j, "neurons", path);
  const std::string mpath = Reader::join(path, "memories");
  const json& mems = r.array(j, "memories", path);
  for (std::size_t i = 0; i < mems.size(); ++i) {
    const std::string at = Reader::idx(mpath, i);
    const json& m = mems[i];
    r.object(m, at, {"name", "kind", "words", "word_bits", "fields"});
    Memory mem;
    mem.name = r.str(m, "name", at);
    const std::string kind = r.str(m, "kind", at);
    const auto k = kind_from_name(kind);
    if (!k) r.fail(Reader::join(at, "kind"), '"' + kind + '"', "must be one of: sram, registers");
    mem.kind = *k;
    mem.words = r.u64(m, "words", at);
    mem.word_bits = r.int_in(m, "word_bits", at, 1, kMaxWordBits);
    const std::string fpath = Reader::join(at, "fields");
    const json& fields = r.array(m, "fields", at);
    for (std::size_t f = 0; f < fields.size(); ++f) {
      const std::string fat = Reader::idx(fpath, f);
      r.object(fields[f], fat, {"name", "role", "bits"});
      MemoryField field;
      field.name = r.str(fields[f], "name", fat);
      const std::string role = r.str(fields[f], "role", fat);
      const auto ro = role_from_name(role);
      if (!ro) r.fail(Reader::join(fat, "role"), '"' + role + '"', "must be one of: " + role_list());
      field.role = *ro;
      field.bits = r.u64(fields[f], "bits", fat);
      mem.fields.push_back(std::move(field));
    }
    map.memories.push_back(std::move(mem));
  }
  return map;
}

PhaseCounts read_phase(const Reader& r, const json& j, const std::string& path) {
  r.object(j, path, {"cycles", "lane_cycles_busy", "lane_cycles_idle", "memories", "ops"});
  PhaseCounts p;
  p.cycles = r.u64(j, "cycles", path);
  p.lane_cycles_busy = r.u64(j, "lane_cycles_busy", path);
  p.lane_cycles_idle = r.u64(j, "lane_cycles_idle", path);
  const std::string mpath = Reader::join(path, "memories");
  const json& mems = j.at("memories");
  if (!mems.is_object()) r.fail(mpath, show(mems), "must be an object mapping memory names to {reads, writes}");
  for (const auto& [name, acc] : mems.items()) {
    const std::string at = Reader::join(mpath, name);
    r.object(acc, at, {"reads", "writes"});
    p.memories[name] = MemoryAccesses{r.u64(acc, "reads", at), r.u64(acc, "writes", at)};
  }
  const std::string opath = Reader::join(path, "ops");
  const json& ops = r.array(j, "ops", path);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const std::string at = Reader::idx(opath, i);
    r.object(ops[i], at, {"kind", "width_a", "width_b", "count"});
    const std::string kind = r.str(ops[i], "kind", at);
    const auto k = op_kind_from_name(kind);
    if (!k) r.fail(Reader::join(at, "kind"), '"' + kind + '"', "must be one of: " + op_list());
    const OpKey key{*k, r.int_in(ops[i], "width_a", at, 0, kMaxOperandBits),
                    r.int_in(ops[i], "width_b", at, 0, kMaxOperandBits)};
    if (auto problem = op_width_problem(key)) {
      r.fail(at, "{kind: " + kind + ", width_a: " + std::to_string(key.width_a) + ", width_b: " +
                     std::to_string(key.width_b) + "}",
             *problem);
    }
    if (p.ops.count(key) != 0) {
      r.fail(at, show(ops[i]), "duplicate (kind, width_a, width_b) entry in this phase: list each once");
    }
    p.ops[key] = r.u64(ops[i], "count", at);
  }
  return p;
}

json phase_to_json(const PhaseCounts& p) {
  json mems = json::object();
  for (const auto& [name, acc] : p.memories) mems[name] = {{"reads", acc.reads}, {"writes", acc.writes}};
  json ops = json::array();
  for (const auto& [key, n] : p.ops) {
    ops.push_back({{"kind", op_kind_name(key.kind)}, {"width_a", key.width_a}, {"width_b", key.width_b}, {"count", n}});
  }
  return {{"cycles", p.cycles},
          {"lane_cycles_busy", p.lane_cycles_busy},
          {"lane_cycles_idle", p.lane_cycles_idle},
          {"memories", std::move(mems)},
          {"ops", std::move(ops)}};
}

// 1-based line and column of byte offset `pos` in `text`.
std::string where(std::string_view text, std::size_t pos) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return "line " + std::to_string(line) + " column " + std::to_string(col);
}

}  // namespace

json counts_to_json(const CountsDocument& doc) {
  const ActionCounts& c = doc.counts;
  const MemoryMap& m = doc.memory_map;
  json mems = json::array();
  for (const Memory& mem : m.memories) {
    json fields = json::array();
    for (const MemoryField& f : mem.fields) fields.push_back({{"name", f.name}, {"role", role_name(f.role)}, {"bits", f.bits}});
    mems.push_back({{"name", mem.name},
                    {"kind", kind_name(mem.kind)},
                    {"words", mem.words},
                    {"word_bits", mem.word_bits},
                    {"fields", std::move(fields)}});
  }
  json phases = json::object();
  for (Phase p : kAllPhases) phases[std::string(phase_name(p))] = phase_to_json(c.phase(p));
  return {{"format", kCountsFormat},
          {"version", kCountsVersion},
          {"source", c.source},
          {"lanes", c.lanes},
          {"cycles", c.cycles},
          {"events",
           {{"timesteps", c.events.timesteps},
            {"learning_timesteps", c.events.learning_timesteps},
            {"trials", c.events.trials},
            {"synaptic_events", c.events.synaptic_events},
            {"weight_updates", c.events.weight_updates}}},
          {"memory_map", {{"synapses", m.synapses}, {"neurons", m.neurons}, {"memories", std::move(mems)}}},
          {"phases", std::move(phases)}};
}

std::string counts_to_json_text(const CountsDocument& doc) { return counts_to_json(doc).dump(2) + "\n"; }

CountsDocument counts_from_json(const json& j, const std::string& source) {
  const Reader r(source);
  r.object(j, "", {"format", "version", "source", "lanes", "cycles", "events", "memory_map", "phases"});
  const std::string format = r.str(j, "format", "");
  if (format != kCountsFormat) r.fail("format", '"' + format + '"', "must be \"" + std::string(kCountsFormat) + "\"");
  const int version = r.int_in(j, "version", "", 0, 1 << 20);
  if (version != kCountsVersion) {
    r.fail("version", std::to_string(version), "must be " + std::to_string(kCountsVersion) + " (the version this build reads)");
  }
  CountsDocument doc;
  ActionCounts& c = doc.counts;
  c.source = r.str(j, "source", "");
  c.lanes = r.int_in(j, "lanes", "", 1, kMaxLanes);
  c.cycles = r.u64(j, "cycles", "");
  const json& ev = j.at("events");
  r.object(ev, "events", {"timesteps", "learning_timesteps", "trials", "synaptic_events", "weight_updates"});
  c.events.timesteps = r.u64(ev, "timesteps", "events");
  c.events.learning_timesteps = r.u64(ev, "learning_timesteps", "events");
  c.events.trials = r.u64(ev, "trials", "events");
  c.events.synaptic_events = r.u64(ev, "synaptic_events", "events");
  c.events.weight_updates = r.u64(ev, "weight_updates", "events");
  doc.memory_map = read_memory_map(r, j.at("memory_map"), "memory_map");
  doc.memory_map.validate(source);

  const json& phases = j.at("phases");
  if (!phases.is_object()) r.fail("phases", show(phases), "must be an object with one entry per phase");
  for (const auto& [name, v] : phases.items()) {
    const auto p = phase_from_name(name);
    if (!p) r.fail("phases." + name, show(v), "unknown phase (allowed: " + phase_list() + ")");
    c.phase(*p) = read_phase(r, v, "phases." + name);
  }
  for (Phase p : kAllPhases) {
    if (!phases.contains(std::string(phase_name(p)))) {
      r.fail("phases." + std::string(phase_name(p)), "(missing)", "every phase must be present (write zeros for unused phases)");
    }
  }
  check_consistent(doc.memory_map, c, source);
  return doc;
}

CountsDocument parse_counts_json(std::string_view text, const std::string& source) {
  // JSON allows duplicate keys and nlohmann keeps the last silently; a
  // duplicated count is far more likely a generator bug, so reject it.
  std::vector<std::set<std::string>> keys_at_depth;
  const json::parser_callback_t reject_duplicates = [&](int depth, json::parse_event_t event, json& parsed) {
    const auto d = static_cast<std::size_t>(depth);
    if (event == json::parse_event_t::object_start) {
      if (keys_at_depth.size() <= d + 1) keys_at_depth.resize(d + 2);
      keys_at_depth[d + 1].clear();
    } else if (event == json::parse_event_t::key) {
      if (keys_at_depth.size() <= d) keys_at_depth.resize(d + 1);
      const std::string k = parsed.get<std::string>();
      if (!keys_at_depth[d].insert(k).second) {
        throw InputError(source, k, "(duplicate key)", "a key may appear only once in a JSON object");
      }
    }
    return true;
  };
  json j;
  try {
    j = json::parse(text.begin(), text.end(), reject_duplicates, /*allow_exceptions=*/true, /*ignore_comments=*/false);
  } catch (const json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line L, column C: <reason>": keep the reason.
    std::string reason = e.what();
    const std::size_t colon = reason.find(": ", reason.find("parse error"));
    if (colon != std::string::npos) reason = reason.substr(colon + 2);
    throw InputError(source, "(document)", where(text, e.byte == 0 ? 0 : e.byte - 1), "not valid JSON: " + reason);
  }
  return counts_from_json(j, source);
}

CountsDocument read_counts_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("", "--counts", '"' + path + '"', "file cannot be opened (missing or unreadable)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_counts_json(ss.str(), path);
}

void check_consistent(const MemoryMap& map, const ActionCounts& c, const std::string& source) {
  if (c.lanes < 1 || c.lanes > kMaxLanes) {
    throw InputError(source, "lanes", std::to_string(c.lanes), "must be an integer in [1, " + std::to_string(kMaxLanes) + "]");
  }
  std::uint64_t sum = 0, max = 0;
  for (Phase p : kAllPhases) {
    const PhaseCounts& ph = c.phase(p);
    const std::string at = "phases." + std::string(phase_name(p));
    for (const auto& [name, acc] : ph.memories) {
      if (map.find(name) == nullptr) {
        std::string known;
        for (const auto& m : map.memories) known += (known.empty() ? "" : ", ") + m.name;
        throw InputError(source, at + ".memories." + name, "{reads: " + std::to_string(acc.reads) + ", writes: " +
                                                                std::to_string(acc.writes) + "}",
                         "memory not in memory_map (known: " + known + ")");
      }
    }
    for (const auto& [key, n] : ph.ops) {
      if (auto problem = op_width_problem(key)) {
        throw InputError(source, at + ".ops", std::string(op_kind_name(key.kind)) + "(" + std::to_string(key.width_a) +
                                                  ", " + std::to_string(key.width_b) + ")",
                         *problem);
      }
    }
    // lanes x cycles beyond 64 bits cannot be exceeded by any 64-bit count pair worth checking.
    std::uint64_t capacity = 0, used = 0;
    const bool capacity_overflows = __builtin_mul_overflow(ph.cycles, static_cast<std::uint64_t>(c.lanes), &capacity);
    const bool used_overflows = __builtin_add_overflow(ph.lane_cycles_busy, ph.lane_cycles_idle, &used);
    if (!capacity_overflows && (used_overflows || used > capacity)) {
      throw InputError(source, at + ".lane_cycles_busy",
                       std::to_string(ph.lane_cycles_busy) + " (+ idle " + std::to_string(ph.lane_cycles_idle) + ")",
                       "busy + idle lane-cycles must not exceed lanes x cycles = " + std::to_string(c.lanes) + " x " +
                           std::to_string(ph.cycles));
    }
    sum = checked_add(sum, ph.cycles);
    max = std::max(max, ph.cycles);
  }
  if (c.cycles < max || c.cycles > sum) {
    throw InputError(source, "cycles", std::to_string(c.cycles),
                     "must lie between the longest phase (" + std::to_string(max) + ") and the sum of the phases (" +
                         std::to_string(sum) + ")");
  }
  if (c.events.learning_timesteps > c.events.timesteps) {
    throw InputError(source, "events.learning_timesteps", std::to_string(c.events.learning_timesteps),
                     "must not exceed events.timesteps = " + std::to_string(c.events.timesteps));
  }
}

}  // namespace fxprop::energy
