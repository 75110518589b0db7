#include "model/energy/action_counts.h"

#include <stdexcept>

namespace fxprop::energy {

namespace {
constexpr std::array<std::string_view, kNumPhases> kPhaseNames = {
    "integrate", "neuron", "traces", "readout", "learning_signal", "eligibility", "weight_update", "apply", "host_io",
};
constexpr std::array<std::string_view, kNumOpKinds> kOpNames = {"add", "mul", "cmp", "mux", "shift", "requant", "rng"};
}  // namespace

std::string_view phase_name(Phase p) { return kPhaseNames[index_of(p)]; }

std::optional<Phase> phase_from_name(std::string_view name) {
  for (Phase p : kAllPhases) {
    if (phase_name(p) == name) return p;
  }
  return std::nullopt;
}

std::string_view op_kind_name(OpKind k) { return kOpNames[index_of(k)]; }

std::optional<OpKind> op_kind_from_name(std::string_view name) {
  for (OpKind k : kAllOpKinds) {
    if (op_kind_name(k) == name) return k;
  }
  return std::nullopt;
}

std::optional<std::string> op_width_problem(const OpKey& key) {
  const std::string max = std::to_string(kMaxOperandBits);
  const bool a_ok = key.width_a >= 1 && key.width_a <= kMaxOperandBits;
  switch (key.kind) {
    case OpKind::add:
    case OpKind::mul:
    case OpKind::cmp:
    case OpKind::requant:
      if (a_ok && key.width_b >= 1 && key.width_b <= kMaxOperandBits) return std::nullopt;
      return std::string(op_kind_name(key.kind)) + " needs width_a and width_b in [1, " + max + "]";
    case OpKind::mux:
      if (a_ok && key.width_b >= 2 && key.width_b <= kMaxOperandBits) return std::nullopt;
      return "mux needs width_a (data bits) in [1, " + max + "] and width_b (number of inputs) in [2, " + max + "]";
    case OpKind::shift:
      if (a_ok && key.width_b >= 1 && key.width_b <= 16) return std::nullopt;
      return "shift needs width_a (data bits) in [1, " + max + "] and width_b (shift-amount bits) in [1, 16]";
    case OpKind::rng:
      if (a_ok && key.width_b == 0) return std::nullopt;
      return "rng needs width_a (random bits drawn) in [1, " + max + "] and width_b = 0";
  }
  return "unknown operation kind";
}

std::uint64_t checked_add(std::uint64_t a, std::uint64_t b) {
  std::uint64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) throw std::overflow_error("action count overflows 64 bits");
  return r;
}

void PhaseCounts::read(std::string_view memory, std::uint64_t words) {
  auto it = memories.try_emplace(std::string(memory)).first;
  it->second.reads = checked_add(it->second.reads, words);
}

void PhaseCounts::write(std::string_view memory, std::uint64_t words) {
  auto it = memories.try_emplace(std::string(memory)).first;
  it->second.writes = checked_add(it->second.writes, words);
}

void PhaseCounts::op(OpKind kind, int width_a, int width_b, std::uint64_t count) {
  const OpKey key{kind, width_a, width_b};
  if (auto problem = op_width_problem(key)) {
    throw std::invalid_argument("operation " + std::string(op_kind_name(kind)) + "(" + std::to_string(width_a) + ", " +
                                std::to_string(width_b) + "): " + *problem);
  }
  std::uint64_t& n = ops[key];
  n = checked_add(n, count);
}

void PhaseCounts::lane_cycles(std::uint64_t busy, std::uint64_t idle) {
  lane_cycles_busy = checked_add(lane_cycles_busy, busy);
  lane_cycles_idle = checked_add(lane_cycles_idle, idle);
}

void PhaseCounts::merge(const PhaseCounts& other) {
  cycles = checked_add(cycles, other.cycles);
  lane_cycles(other.lane_cycles_busy, other.lane_cycles_idle);
  for (const auto& [name, acc] : other.memories) {
    read(name, acc.reads);
    write(name, acc.writes);
  }
  for (const auto& [key, n] : other.ops) {
    std::uint64_t& mine = ops[key];
    mine = checked_add(mine, n);
  }
}

std::uint64_t PhaseCounts::ops_of(OpKind kind) const {
  std::uint64_t n = 0;
  for (const auto& [key, count] : ops) {
    if (key.kind == kind) n = checked_add(n, count);
  }
  return n;
}

std::uint64_t PhaseCounts::reads_of(std::string_view memory) const {
  auto it = memories.find(memory);
  return it == memories.end() ? 0 : it->second.reads;
}

std::uint64_t PhaseCounts::writes_of(std::string_view memory) const {
  auto it = memories.find(memory);
  return it == memories.end() ? 0 : it->second.writes;
}

PhaseCounts ActionCounts::total() const {
  PhaseCounts t;
  for (const PhaseCounts& p : phases) t.merge(p);
  return t;
}

}  // namespace fxprop::energy
