#include "model/energy/memory_map.h"

#include <set>

#include "model/energy/input_error.h"

namespace fxprop::energy {

namespace {
constexpr std::array<std::string_view, kNumRoles> kRoleNames = {
    "inference_weights", "neuron_state", "learning_per_synapse", "learning_per_neuron", "learning_other",
};

bool valid_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

constexpr const char* kNameRule = "must be 1-64 characters of A-Z, a-z, 0-9, '_', '.', '-'";
}  // namespace

std::string_view role_name(MemoryRole r) { return kRoleNames[index_of(r)]; }

std::optional<MemoryRole> role_from_name(std::string_view name) {
  for (MemoryRole r : kAllRoles) {
    if (role_name(r) == name) return r;
  }
  return std::nullopt;
}

bool is_learning_role(MemoryRole r) {
  return r == MemoryRole::learning_per_synapse || r == MemoryRole::learning_per_neuron ||
         r == MemoryRole::learning_other;
}

std::string_view kind_name(MemoryKind k) { return k == MemoryKind::sram ? "sram" : "registers"; }

std::optional<MemoryKind> kind_from_name(std::string_view name) {
  if (name == "sram") return MemoryKind::sram;
  if (name == "registers") return MemoryKind::registers;
  return std::nullopt;
}

std::uint64_t Memory::used_bits() const {
  std::uint64_t n = 0;
  for (const auto& f : fields) n += f.bits;
  return n;
}

bool Memory::holds(MemoryRole r) const {
  for (const auto& f : fields) {
    if (f.role == r && f.bits > 0) return true;
  }
  return false;
}

const Memory* MemoryMap::find(std::string_view name) const {
  for (const auto& m : memories) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::uint64_t MemoryMap::bits_of(MemoryRole r) const {
  std::uint64_t n = 0;
  for (const auto& m : memories) {
    for (const auto& f : m.fields) {
      if (f.role == r) n += f.bits;
    }
  }
  return n;
}

std::uint64_t MemoryMap::inference_bits() const {
  return bits_of(MemoryRole::inference_weights) + bits_of(MemoryRole::neuron_state);
}

std::uint64_t MemoryMap::learning_bits() const {
  std::uint64_t n = 0;
  for (MemoryRole r : kAllRoles) {
    if (is_learning_role(r)) n += bits_of(r);
  }
  return n;
}

std::uint64_t MemoryMap::capacity_bits() const {
  std::uint64_t n = 0;
  for (const auto& m : memories) n += m.capacity_bits();
  return n;
}

void MemoryMap::validate(const std::string& source) const {
  if (memories.empty()) throw InputError(source, "memory_map.memories", "[]", "at least one memory is required");
  std::set<std::string, std::less<>> names;
  for (std::size_t i = 0; i < memories.size(); ++i) {
    const Memory& m = memories[i];
    const std::string at = "memory_map.memories[" + std::to_string(i) + "]";
    if (!valid_name(m.name)) throw InputError(source, at + ".name", '"' + m.name + '"', kNameRule);
    if (!names.insert(m.name).second) {
      throw InputError(source, at + ".name", '"' + m.name + '"', "duplicate memory name (names must be unique)");
    }
    if (m.words < 1 || m.words > kMaxWords) {
      throw InputError(source, at + ".words", std::to_string(m.words),
                       "must be an integer in [1, " + std::to_string(kMaxWords) + "]");
    }
    if (m.word_bits < 1 || m.word_bits > kMaxWordBits) {
      throw InputError(source, at + ".word_bits", std::to_string(m.word_bits),
                       "must be an integer in [1, " + std::to_string(kMaxWordBits) + "]");
    }
    if (m.fields.empty()) throw InputError(source, at + ".fields", "[]", "a memory must hold at least one field");
    std::set<std::string, std::less<>> field_names;
    std::uint64_t used = 0;
    for (std::size_t j = 0; j < m.fields.size(); ++j) {
      const MemoryField& f = m.fields[j];
      const std::string fat = at + ".fields[" + std::to_string(j) + "]";
      if (!valid_name(f.name)) throw InputError(source, fat + ".name", '"' + f.name + '"', kNameRule);
      if (!field_names.insert(f.name).second) {
        throw InputError(source, fat + ".name", '"' + f.name + '"', "duplicate field name within memory '" + m.name + "'");
      }
      if (f.bits < 1) throw InputError(source, fat + ".bits", "0", "must be at least 1");
      if (f.bits > m.capacity_bits() - used) {  // (no overflow: used <= capacity here)
        throw InputError(source, fat + ".bits", std::to_string(f.bits),
                         "fields of memory '" + m.name + "' would hold " + std::to_string(used) + " + " +
                             std::to_string(f.bits) + " bits, more than its " +
                             std::to_string(m.words) + " x " + std::to_string(m.word_bits) + " = " +
                             std::to_string(m.capacity_bits()) + " bits");
      }
      used += f.bits;
    }
  }
}

}  // namespace fxprop::energy
