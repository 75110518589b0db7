// Loosely-timed TLM-2.0 memories of the learning core and the interconnect that
// routes the engines' transactions to them.
//
// A transaction is a burst of whole words of one memory (one word = `lanes` elements
// of the memory's variable): address = first word x word_bytes, data length = words x
// word_bytes, streaming width = data length. The memory answers with its read
// latency annotated on the delay (registered read port: docs/microarchitecture.md
// section 3) and counts the words and bits moved, per memory and per phase.
//
// The words' contents are the explicit state arrays of the fixed-point core
// (model/fixed/core_state.h), which the shared phase code reads and writes in place,
// as an initiator with a DMI pointer would: the transactions carry no data
// (data pointer null), they are the timing and the traffic of those accesses.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <systemc>
#include "model/energy/action_counts.h"
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_target_socket.h>

namespace fxprop::systemc {

struct RunContext;

// Every memory of the microarchitecture, named as in model/energy/memory_builder.h.
enum class Mem : int {
  w_in, w_rec, w_out, b,
  i_syn, v, a, r, y,
  zbar_in, zbar_rec, zbar_out, psi, l, lpsi, err,
  ebar_in, ebar_rec, eps_a_in, eps_a_rec,
  grad_acc_in, grad_acc_rec, grad_acc_out,
};
inline constexpr int kNumMems = 23;
const char* mem_name(Mem m);
inline constexpr int index(Mem m) { return static_cast<int>(m); }

// Word traffic of one memory over a run.
struct MemoryTraffic {
  std::uint64_t read_words = 0, write_words = 0;
  std::uint64_t read_bits = 0, write_bits = 0;
};

class Memory : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Memory> socket;

  explicit Memory(const sc_core::sc_module_name& name);

  // Per run: the memory's size (words = 0: not present in this configuration, any
  // access is an address error) and where it counts.
  void configure(Mem id, std::uint64_t words, int word_bits, RunContext* ctx);
  std::uint64_t words() const { return words_; }
  int word_bits() const { return word_bits_; }
  int word_bytes() const { return (word_bits_ + 7) / 8; }
  const MemoryTraffic& traffic() const { return traffic_; }
  // Adds this memory's word reads and writes per energy phase to `counts`.
  void fold_into(energy::ActionCounts& counts) const;

 private:
  void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay);

  Mem id_ = Mem::w_in;
  std::uint64_t words_ = 0;
  int word_bits_ = 0;
  RunContext* ctx_ = nullptr;
  MemoryTraffic traffic_;
  std::array<std::array<std::uint64_t, 2>, energy::kNumPhases> phase_words_{};  // [phase][read, write]
};

// Routes by the memory index in address bits [63:48] (the word's byte address below).
class Interconnect : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<Interconnect> target;
  tlm_utils::multi_passthrough_initiator_socket<Interconnect> to_memory;  // bound in Mem order

  explicit Interconnect(const sc_core::sc_module_name& name);

  static constexpr int kMemShift = 48;
  static std::uint64_t address(Mem m, std::uint64_t byte_address) {
    return (static_cast<std::uint64_t>(index(m)) << kMemShift) | byte_address;
  }

 private:
  void b_transport(int initiator, tlm::tlm_generic_payload& p, sc_core::sc_time& delay);
};

}  // namespace fxprop::systemc
