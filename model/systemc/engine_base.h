// What every engine of the core has: one TLM initiator socket into the
// interconnect, the shared run context, and burst accesses to the memories.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

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
  void attach(RunContext* ctx) { ctx_ = ctx; }

 protected:
  // A burst of `words` words of memory m from word `first`; returns the latency the
  // memory annotated. An error response is a bug of the model (a layout mistake),
  // not a user error: std::logic_error naming the memory and the words.
  sc_core::sc_time access(Mem m, tlm::tlm_command cmd, std::uint64_t first, std::uint64_t words) {
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    if (words == 0) return delay;
    const auto wb = static_cast<std::uint64_t>(ctx_->word_bytes[static_cast<std::size_t>(index(m))]);
    payload_.set_command(cmd);
    payload_.set_address(Interconnect::address(m, first * wb));
    payload_.set_data_ptr(nullptr);
    payload_.set_data_length(static_cast<unsigned int>(words * wb));
    payload_.set_streaming_width(static_cast<unsigned int>(words * wb));
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

  RunContext* ctx_ = nullptr;

 private:
  tlm::tlm_generic_payload payload_;
};

}  // namespace fxprop::systemc
