#include "model/systemc/memory.h"

#include <stdexcept>

#include "model/systemc/run_context.h"

namespace fxprop::systemc {

const char* mem_name(Mem m) {
  static constexpr std::array<const char*, kNumMems> names = {
      "w_in", "w_rec", "w_out", "b", "i_syn", "v", "a", "r", "y", "zbar_in", "zbar_rec", "zbar_out",
      "psi", "l", "lpsi", "err", "ebar_in", "ebar_rec", "eps_a_in", "eps_a_rec", "grad_acc_in", "grad_acc_rec",
      "grad_acc_out",
  };
  return names[static_cast<std::size_t>(index(m))];
}

Memory::Memory(const sc_core::sc_module_name& name) : sc_core::sc_module(name), socket("socket") {
  socket.register_b_transport(this, &Memory::b_transport);
}

void Memory::configure(Mem id, std::uint64_t words, int word_bits, RunContext* ctx) {
  id_ = id;
  words_ = words;
  word_bits_ = word_bits;
  ctx_ = ctx;
  traffic_ = MemoryTraffic{};
  phase_words_ = {};
}

void Memory::fold_into(energy::ActionCounts& counts) const {
  for (energy::Phase p : energy::kAllPhases) {
    const auto& w = phase_words_[energy::index_of(p)];
    if (w[0] != 0) counts.phase(p).read(mem_name(id_), w[0]);
    if (w[1] != 0) counts.phase(p).write(mem_name(id_), w[1]);
  }
}

void Memory::b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
  // 32-bit arithmetic: every memory is far below 4 GiB (words x word bytes).
  const std::uint64_t local64 = p.get_address() & ((std::uint64_t{1} << Interconnect::kMemShift) - 1);
  const auto wb = static_cast<std::uint32_t>(word_bytes());
  const std::uint32_t len = p.get_data_length();
  // A streaming burst (streaming width < length) accesses its first `span` bytes again
  // and again.
  const std::uint32_t sw = p.get_streaming_width();
  const std::uint32_t span = sw == 0 || sw > len ? len : sw;
  const auto local = static_cast<std::uint32_t>(local64);
  const std::uint32_t first = wb != 0 ? local / wb : 0;
  const std::uint32_t span_words = wb != 0 ? span / wb : 0;
  const std::uint32_t n = span != 0 ? len / span * span_words : 0;
  if (words_ == 0 || wb == 0 || local64 != local || first * wb != local || span_words == 0 || span_words * wb != span ||
      len % span != 0 || first + static_cast<std::uint64_t>(span_words) > words_) {
    p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  const std::uint64_t bits = static_cast<std::uint64_t>(n) * static_cast<std::uint64_t>(word_bits_);
  auto& ph = phase_words_[energy::index_of(ctx_->energy_phase)];
  if (p.is_read()) {
    traffic_.read_words += n;
    traffic_.read_bits += bits;
    ph[0] += n;
    ctx_->read_words += n;
  } else if (p.is_write()) {
    traffic_.write_words += n;
    traffic_.write_bits += bits;
    ph[1] += n;
    ctx_->write_words += n;
  } else {
    p.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  // Registered port: the first word's data (or the write's completion) one read
  // latency after issue; a burst streams one word per cycle behind it.
  delay += ctx_->latency;
  p.set_response_status(tlm::TLM_OK_RESPONSE);
}

Interconnect::Interconnect(const sc_core::sc_module_name& name)
    : sc_core::sc_module(name), target("target"), to_memory("to_memory") {
  target.register_b_transport(this, &Interconnect::b_transport);
}

void Interconnect::b_transport(int /*initiator*/, tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
  const auto m = static_cast<int>(p.get_address() >> kMemShift);
  if (m < 0 || m >= static_cast<int>(to_memory.size())) {
    p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  to_memory[m]->b_transport(p, delay);
}

}  // namespace fxprop::systemc
