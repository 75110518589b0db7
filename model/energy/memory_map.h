// The memories of a core: what each holds, how big it is and how wide its
// port is. Energy per access depends on capacity and port width (the table's
// SRAM rule); the memory report (learning-state bits per synapse and per
// neuron, learning overhead over an inference-only core) depends on what each
// memory holds, which is why a memory lists its fields with a role each: one
// physical memory may hold inference and learning state side by side (ReckOn
// keeps membrane potentials and traces in the same neuron word).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fxprop::energy {

enum class MemoryRole : std::uint8_t {
  inference_weights,     // W_in, W_rec, W_out: needed by an inference-only core
  neuron_state,          // membrane, adaptation, refractory counter, i_syn, readout y: inference
  learning_per_synapse,  // ebar, eps_a, grad_acc: learning only, one entry per synapse
  learning_per_neuron,   // traces zbar (per source), zbar_out, psi, L, err: learning only
  learning_other,        // e.g. the random feedback matrix B: learning only, neither of the above
};
inline constexpr std::size_t kNumRoles = 5;
inline constexpr std::array<MemoryRole, kNumRoles> kAllRoles = {
    MemoryRole::inference_weights, MemoryRole::neuron_state, MemoryRole::learning_per_synapse,
    MemoryRole::learning_per_neuron, MemoryRole::learning_other,
};
std::string_view role_name(MemoryRole r);
std::optional<MemoryRole> role_from_name(std::string_view name);
bool is_learning_role(MemoryRole r);
inline std::size_t index_of(MemoryRole r) { return static_cast<std::size_t>(r); }

// How the memory is built, which selects the table's pricing rule.
enum class MemoryKind : std::uint8_t {
  sram,       // SRAM macro: CACTI-anchored rule (capacity and port width)
  registers,  // flip-flops: write = word_bits flip-flop writes, read = a mux tree
};
std::string_view kind_name(MemoryKind k);
std::optional<MemoryKind> kind_from_name(std::string_view name);

struct MemoryField {
  std::string name;  // the variable, e.g. "zbar_in"
  MemoryRole role = MemoryRole::inference_weights;
  std::uint64_t bits = 0;  // bits of this variable held in the memory (all entries together)
};

struct Memory {
  std::string name;  // what ActionCounts' per-phase accesses refer to
  MemoryKind kind = MemoryKind::sram;
  std::uint64_t words = 0;
  int word_bits = 0;  // port width: one access moves one word
  std::vector<MemoryField> fields;

  std::uint64_t capacity_bits() const { return words * static_cast<std::uint64_t>(word_bits); }
  std::uint64_t used_bits() const;
  bool holds(MemoryRole r) const;
};

inline constexpr int kMaxWordBits = 4096;
inline constexpr std::uint64_t kMaxWords = std::uint64_t{1} << 40;

struct MemoryMap {
  // Divisors of the per-synapse and per-neuron figures. `neurons` counts the
  // recurrent neurons; per-neuron learning state includes the traces of the
  // inputs with the same index (ReckOn's convention: "34 bits per neuron" are
  // its input, recurrent and output traces).
  std::uint64_t synapses = 0;
  std::uint64_t neurons = 0;
  std::vector<Memory> memories;

  const Memory* find(std::string_view name) const;
  std::uint64_t bits_of(MemoryRole r) const;  // sum of field bits with that role
  std::uint64_t inference_bits() const;       // weights + neuron state
  std::uint64_t learning_bits() const;        // every learning role
  std::uint64_t capacity_bits() const;

  // Structural checks, errors (InputError) name `source` and the field path:
  // unique non-empty names of [A-Za-z0-9_.-], words and word_bits in range,
  // at least one field, field bits within capacity.
  void validate(const std::string& source) const;
};

}  // namespace fxprop::energy
