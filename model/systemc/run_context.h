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
#include <stdexcept>

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
  energy::Phase energy = energy::Phase::neuron;  // where its cycles and lane-cycles are charged
};

// Operation counts on the hot path: a small open-addressing table keyed by (energy
// phase, kind, widths), folded into energy::ActionCounts when a report is made
// (std::map lookups per row would cost more than the arithmetic they count).
class OpTally {
 public:
  void add(energy::Phase p, energy::OpKind k, int width_a, int width_b, std::uint64_t n) {
    const std::uint64_t key = (static_cast<std::uint64_t>(energy::index_of(p)) + 1) << 56 |
                              static_cast<std::uint64_t>(energy::index_of(k)) << 48 |
                              static_cast<std::uint64_t>(static_cast<std::uint32_t>(width_a) & 0xffffff) << 24 |
                              (static_cast<std::uint32_t>(width_b) & 0xffffff);
    std::size_t i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 54);  // 10 bits
    while (slots_[i].key != key && slots_[i].key != 0) i = (i + 1) & (kSlots - 1);
    if (slots_[i].key == 0) {
      if (++used_ > kSlots / 2) throw std::logic_error("SystemC model: more operation kinds/widths than OpTally holds");
      slots_[i].key = key;
    }
    slots_[i].count += n;
  }
  // Adds every tallied operation to `counts` (checked).
  void fold_into(energy::ActionCounts& counts) const {
    for (const Slot& s : slots_) {
      if (s.key == 0) continue;
      const auto p = energy::kAllPhases[static_cast<std::size_t>((s.key >> 56) - 1)];
      const auto k = energy::kAllOpKinds[static_cast<std::size_t>((s.key >> 48) & 0xff)];
      counts.phase(p).op(k, static_cast<int>((s.key >> 24) & 0xffffff), static_cast<int>(s.key & 0xffffff), s.count);
    }
  }

 private:
  static constexpr std::size_t kSlots = 1024;
  struct Slot {
    std::uint64_t key = 0;
    std::uint64_t count = 0;
  };
  std::array<Slot, kSlots> slots_{};
  std::size_t used_ = 0;
};

struct RunContext {
  hardware::HardwareConfig hw;
  const fixed::Datapath* dp = nullptr;
  const fixed::FixedConfig* fx = nullptr;
  const fixed::Core* core = nullptr;  // the state (the memories' contents)
  sc_core::sc_time period;   // one clock cycle
  sc_core::sc_time latency;  // memory_read_latency cycles
  std::array<int, kNumMems> word_bytes{};  // of each memory (0: absent)

  // The whole run: cycles and events here; memory accesses (in the Memory modules),
  // lane-cycles and operations (below) are folded in by Session::report().
  energy::ActionCounts counts;
  OpTally ops;
  std::array<std::uint64_t, energy::kNumPhases> lanes_busy{}, lanes_idle{};
  std::uint64_t read_words = 0, write_words = 0;  // every memory, for the VCD
  energy::Phase energy_phase = energy::Phase::neuron;  // where accesses and operations count now
  std::array<PhaseTiming, kNumRtlPhases> timing{};     // the current command's phases

  // Enters phase p (enabled); its work is priced under energy_phase(p, updating).
  void start(RtlPhase p, bool updating = false) {
    timing[slot(p)].enabled = true;
    energy_phase = systemc::energy_phase(p, updating);
    timing[slot(p)].energy = energy_phase;
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
    lanes_busy[energy::index_of(t.energy)] += busy;
    lanes_idle[energy::index_of(t.energy)] += lanes - busy;
  }
  std::uint64_t cycles_of(RtlPhase p) const {
    const PhaseTiming& t = timing[slot(p)];
    if (!t.enabled) return 0;
    const auto drain = static_cast<std::uint64_t>(hw.drain_cycles());
    return t.end > drain ? t.end : drain;
  }

  void op(energy::OpKind k, int width_a, int width_b, std::uint64_t n) {
    if (n != 0) ops.add(energy_phase, k, width_a, width_b, n);
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
