// What the engines of one simulation share: the configuration, the counts being
// gathered, and the timing of the phases of the current command.
//
// Timing of a phase (docs/microarchitecture.md section 5): its word items are issued
// one per cycle; an item issued at phase cycle c with a memory delay of d cycles (the
// latency the memory annotated on its transaction) leaves the execute stages at
// c + d + execute_stages. A phase ends after its last item's write-back, so with the
// RTL's 1-cycle read and 1 execute stage a phase of n items takes n + 1 cycles; an
// enabled phase without items still takes its drain cycles (1 in the RTL).
#pragma once

#include <array>
#include <cstdint>

#include <systemc>

#include "fixedpoint/requantize.h"
#include "model/energy/action_counts.h"
#include "model/fixed/core.h"
#include "model/fixed/datapath.h"
#include "model/fixed/fixed_config.h"
#include "model/hardware/hardware_config.h"
#include "model/systemc/memory.h"
#include "model/systemc/phases.h"

namespace fxprop::systemc {

struct PhaseTiming {
  bool enabled = false;
  std::uint64_t items = 0;  // words issued so far
  std::uint64_t end = 0;    // cycle (from the phase's start) after which the last item is written back
};

struct RunContext {
  hardware::HardwareConfig hw;
  const fixed::Datapath* dp = nullptr;
  const fixed::FixedConfig* fx = nullptr;
  const fixed::Core* core = nullptr;  // the state (the memories' contents)
  sc_core::sc_time period;   // one clock cycle
  sc_core::sc_time latency;  // memory_read_latency cycles
  std::array<int, kNumMems> word_bytes{};  // of each memory (0: absent)

  energy::ActionCounts counts;  // the whole run
  energy::Phase energy_phase = energy::Phase::neuron;  // where accesses and operations count now
  std::array<PhaseTiming, kNumRtlPhases> timing{};     // the current command's phases

  // Enters phase p (enabled); its work is priced under energy_phase(p, updating).
  void start(RtlPhase p, bool updating = false) {
    timing[slot(p)].enabled = true;
    energy_phase = systemc::energy_phase(p, updating);
  }
  // Moves the pricing of the following work to energy phase e without changing the
  // timed phase (SYN does eligibility and weight updates).
  void price_as(energy::Phase e) { energy_phase = e; }

  // `words` items of phase p issued back to back; `delay` = the annotated latency of
  // their first memory access; `busy` of the words x lanes lane-cycles do useful work.
  void issue(RtlPhase p, std::uint64_t words, const sc_core::sc_time& delay, std::uint64_t busy) {
    if (words == 0) return;
    PhaseTiming& t = timing[slot(p)];
    const auto d = static_cast<std::uint64_t>(delay / period + 0.5);
    const std::uint64_t end = t.items + words - 1 + d + static_cast<std::uint64_t>(hw.execute_stages);
    t.items += words;
    if (end > t.end) t.end = end;
    const std::uint64_t lanes = words * static_cast<std::uint64_t>(hw.lanes);
    counts.phase(energy_phase).lane_cycles(busy, lanes - busy);
  }
  std::uint64_t cycles_of(RtlPhase p) const {
    const PhaseTiming& t = timing[slot(p)];
    if (!t.enabled) return 0;
    const auto drain = static_cast<std::uint64_t>(hw.drain_cycles());
    return t.end > drain ? t.end : drain;
  }

  void op(energy::OpKind k, int width_a, int width_b, std::uint64_t n) {
    if (n != 0) counts.phase(energy_phase).op(k, width_a, width_b, n);
  }
  // n requantisations by rq (and the K random bits of each if it rounds stochastically).
  void requant(const fxp::Requantizer& rq, std::uint64_t n) {
    if (n == 0) return;
    const fxp::Spec& s = rq.dst();
    const int dropped = rq.shift() > 0 ? rq.shift() : 0;
    op(energy::OpKind::requant, s.fmt.width + dropped, s.fmt.width, n);
    if (s.q.rounding.mode == fxp::Round::stoch) {
      op(energy::OpKind::rng, s.q.rounding.stoch_bits, 0, n);
      random_bits += n * static_cast<std::uint64_t>(s.q.rounding.stoch_bits);
    }
  }
  std::uint64_t random_bits = 0;  // drawn by every LFSR over the run

  int width(fixed::Site s) const { return fx->format(s).width; }
  int width(fixed::HostValue v) const { return fx->format(v).width; }
  std::uint64_t words(int n) const { return hw.words(static_cast<std::uint64_t>(n)); }
};

}  // namespace fxprop::systemc
