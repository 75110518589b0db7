// What every engine of the core has: one TLM initiator socket into the
// interconnect, the shared run context, and burst accesses to the memories.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>
#include <array>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "model/systemc/memory.h"
#include "model/systemc/run_context.h"

namespace fxprop::systemc {

class EngineBase : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<EngineBase> socket;

  explicit EngineBase(const sc_core::sc_module_name& name) : sc_core::sc_module(name), socket("socket") {}
  void attach(RunContext* ctx) {
    ctx_ = ctx;
    repeats_.clear();
    for (WordRepeats& w : word_repeats_) w = WordRepeats{};
  }

  // Issues the deferred repeated accesses (repeat()): one streaming burst per word or
  // row and command, priced under the energy phase they were made in. The controller
  // calls it at the end of every command.
  void flush() {
    const energy::Phase saved = ctx_->energy_phase;
    for (const Repeat& r : repeats_) {
      ctx_->energy_phase = r.phase;
      access(r.m, r.cmd, r.first, r.span * r.times, r.span);
    }
    repeats_.clear();
    for (std::size_t i = 0; i < word_repeats_.size(); ++i) {
      WordRepeats& w = word_repeats_[i];
      if (w.touched.empty()) continue;
      ctx_->energy_phase = w.phase;
      const Mem m = static_cast<Mem>(i / 2);
      const tlm::tlm_command cmd = i % 2 == 0 ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND;
      for (std::uint32_t word : w.touched) {
        access(m, cmd, word, w.times[word], 1);
        w.times[word] = 0;
      }
      w.touched.clear();
    }
    ctx_->energy_phase = saved;
  }

 protected:
  // A burst of `words` words of memory m from word `first`; returns the latency the
  // memory annotated. An error response is a bug of the model (a layout mistake),
  // not a user error: std::logic_error naming the memory and the words.
  // `span` > 0: a streaming burst that accesses the `span` words from `first` again and
  // again (TLM streaming width), `words` in all.
  sc_core::sc_time access(Mem m, tlm::tlm_command cmd, std::uint64_t first, std::uint64_t words, std::uint64_t span = 0) {
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    if (words == 0) return delay;
    const auto wb = static_cast<std::uint64_t>(ctx_->word_bytes[static_cast<std::size_t>(index(m))]);
    payload_.set_command(cmd);
    payload_.set_address(Interconnect::address(m, first * wb));
    payload_.set_data_ptr(nullptr);
    payload_.set_data_length(static_cast<unsigned int>(words * wb));
    payload_.set_streaming_width(static_cast<unsigned int>((span == 0 ? words : span) * wb));
    payload_.set_byte_enable_ptr(nullptr);
    payload_.set_dmi_allowed(false);
    payload_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    socket->b_transport(payload_, delay);
    if (payload_.get_response_status() != tlm::TLM_OK_RESPONSE) {
      throw std::logic_error(std::string("SystemC model: ") + name() + " accessed " + mem_name(m) + " words [" +
                             std::to_string(first) + ", " + std::to_string(first + words) + "): " +
                             payload_.get_response_string());
    }
    return delay;
  }
  sc_core::sc_time read(Mem m, std::uint64_t first, std::uint64_t words) { return access(m, tlm::TLM_READ_COMMAND, first, words); }
  sc_core::sc_time write(Mem m, std::uint64_t first, std::uint64_t words) { return access(m, tlm::TLM_WRITE_COMMAND, first, words); }

  // `times` more accesses of the `span` words from `first` of memory m, deferred to
  // flush(): the same words that successive rows of a phase read or write again (the
  // post factors of every row, the trace word of each source row). Counted exactly as
  // immediate accesses; fewer transactions.
  void repeat(Mem m, tlm::tlm_command cmd, std::uint64_t first, std::uint64_t span, std::uint64_t times = 1) {
    if (span == 0 || times == 0) return;
    if (span == 1) {
      WordRepeats& w = word_repeats_[static_cast<std::size_t>(index(m)) * 2 + (cmd == tlm::TLM_READ_COMMAND ? 0 : 1)];
      if (w.times.size() <= first) w.times.resize(static_cast<std::size_t>(first) + 1, 0);
      if (w.touched.empty()) w.phase = ctx_->energy_phase;
      if (w.times[first] == 0) w.touched.push_back(static_cast<std::uint32_t>(first));
      w.times[first] += times;
      return;
    }
    for (Repeat& r : repeats_) {
      if (r.m == m && r.cmd == cmd && r.first == first && r.span == span && r.phase == ctx_->energy_phase) {
        r.times += times;
        return;
      }
    }
    repeats_.push_back(Repeat{m, cmd, first, span, times, ctx_->energy_phase});
  }

  RunContext* ctx_ = nullptr;

 private:
  struct Repeat {
    Mem m;
    tlm::tlm_command cmd;
    std::uint64_t first, span, times;
    energy::Phase phase;
  };
  // Single-word repeats per (memory, read/write): count per word, words touched, phase.
  struct WordRepeats {
    std::vector<std::uint64_t> times;
    std::vector<std::uint32_t> touched;
    energy::Phase phase = energy::Phase::neuron;
  };
  std::vector<Repeat> repeats_;
  std::array<WordRepeats, 2 * kNumMems> word_repeats_{};
  tlm::tlm_generic_payload payload_;
};

}  // namespace fxprop::systemc
