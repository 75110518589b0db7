// What a simulator counted while running the core: the interface between the
// simulators (the SystemC model, the analytic helpers) and the energy
// estimator. Counts only, no energies: the estimator multiplies them by an
// energy table, so one run can be re-priced for any table and node.
//
// How a simulator fills it (the SystemC model does this per cycle or per
// transaction; nothing here assumes a particular granularity):
//
//   energy::ActionCounts c;
//   c.lanes = P;
//   auto& ph = c.phase(energy::Phase::integrate);
//   ph.cycles += 1;  ph.lane_cycles(busy_lanes, P - busy_lanes);
//   ph.read("w_rec");                                  // one word of memory "w_rec"
//   ph.op(energy::OpKind::add, 16, 8, busy_lanes);     // I_j + W[i][j]: 16-bit acc, 8-bit weight
//   ph.op(energy::OpKind::requant, 17, 16, busy_lanes);// saturation back to the i_syn format
//   ...
//   c.cycles = wall_clock_cycles;  c.events.synaptic_events += ...;
//
// Memory names must be those of the MemoryMap that goes with the counts
// (model/energy/memory_map.h); a word access is one access of the memory's
// full port width, whether or not all of its lanes carry useful data.
//
// Operation kinds and what their widths mean (widths in bits, sign included):
//   add      width_a, width_b = operand widths; priced as an adder of max(width_a, width_b).
//            Subtractions are adds. A +1/-1 or increment is an add of the wider operand.
//   mul      operand widths; priced by the product width_a * width_b. Multiplying by a
//            binary spike or by a power of two is not a multiplication: do not count it.
//   cmp      operand widths of a magnitude comparison; priced as a fraction of an adder.
//            Tests of a sign bit or of zero are wiring/OR trees: do not count them.
//   mux      width_a = data width, width_b = number of inputs (>= 2).
//   shift    barrel shifter: width_a = data width, width_b = bits of the (run-time)
//            shift amount; a shift by a constant is wiring: do not count it.
//   requant  one requantisation (rounding + saturation logic) from an exact width_a-bit
//            value to a width_b-bit format. The random bits of stochastic rounding are
//            counted separately as `rng`.
//   rng      width_a random bits produced by an LFSR (one bit = one LFSR step of an
//            unfolded LFSR); width_b must be 0.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace fxprop::energy {

// The phases of one timestep (docs/learning-core.md section 2), plus `apply`
// (end-of-batch application of accumulated gradients) and `host_io` (moving
// inputs, targets and outputs across the core boundary).
enum class Phase : std::uint8_t {
  integrate,
  neuron,
  traces,
  readout,
  learning_signal,
  eligibility,
  weight_update,
  apply,
  host_io,
};
inline constexpr std::size_t kNumPhases = 9;
inline constexpr std::array<Phase, kNumPhases> kAllPhases = {
    Phase::integrate,   Phase::neuron,        Phase::traces, Phase::readout, Phase::learning_signal,
    Phase::eligibility, Phase::weight_update, Phase::apply,  Phase::host_io,
};
std::string_view phase_name(Phase p);
std::optional<Phase> phase_from_name(std::string_view name);
inline std::size_t index_of(Phase p) { return static_cast<std::size_t>(p); }

enum class OpKind : std::uint8_t { add, mul, cmp, mux, shift, requant, rng };
inline constexpr std::size_t kNumOpKinds = 7;
inline constexpr std::array<OpKind, kNumOpKinds> kAllOpKinds = {
    OpKind::add, OpKind::mul, OpKind::cmp, OpKind::mux, OpKind::shift, OpKind::requant, OpKind::rng,
};
std::string_view op_kind_name(OpKind k);
std::optional<OpKind> op_kind_from_name(std::string_view name);
inline std::size_t index_of(OpKind k) { return static_cast<std::size_t>(k); }

// Largest operand width accepted anywhere (far above any datapath of the core;
// it only rejects garbage such as an uninitialised width).
inline constexpr int kMaxOperandBits = 1024;

struct OpKey {
  OpKind kind = OpKind::add;
  int width_a = 0;
  int width_b = 0;
  friend bool operator<(const OpKey& x, const OpKey& y) {
    return std::tie(x.kind, x.width_a, x.width_b) < std::tie(y.kind, y.width_a, y.width_b);
  }
  friend bool operator==(const OpKey& x, const OpKey& y) {
    return x.kind == y.kind && x.width_a == y.width_a && x.width_b == y.width_b;
  }
};

// Empty if the widths are meaningful for the kind (see the table above),
// else a sentence saying what is allowed.
std::optional<std::string> op_width_problem(const OpKey& key);

struct MemoryAccesses {
  std::uint64_t reads = 0;   // word reads
  std::uint64_t writes = 0;  // word writes (a masked partial write counts as a word write)
  friend bool operator==(const MemoryAccesses& x, const MemoryAccesses& y) {
    return x.reads == y.reads && x.writes == y.writes;
  }
};

// Counts of one phase. The recording helpers check for overflow and invalid
// widths (std::overflow_error / std::invalid_argument): a simulator bug should
// stop the run, not produce a wrong figure.
struct PhaseCounts {
  std::uint64_t cycles = 0;
  // Lane-cycles: for each cycle of the phase, how many of the P lanes did
  // useful work and how many idled. busy + idle <= lanes * cycles (a phase may
  // leave lanes unaccounted, e.g. control-only cycles).
  std::uint64_t lane_cycles_busy = 0;
  std::uint64_t lane_cycles_idle = 0;
  std::map<std::string, MemoryAccesses, std::less<>> memories;
  std::map<OpKey, std::uint64_t> ops;

  void read(std::string_view memory, std::uint64_t words = 1);
  void write(std::string_view memory, std::uint64_t words = 1);
  void op(OpKind kind, int width_a, int width_b, std::uint64_t count = 1);
  void lane_cycles(std::uint64_t busy, std::uint64_t idle);
  void merge(const PhaseCounts& other);  // adds every count of `other`

  std::uint64_t ops_of(OpKind kind) const;
  std::uint64_t reads_of(std::string_view memory) const;
  std::uint64_t writes_of(std::string_view memory) const;

  friend bool operator==(const PhaseCounts& x, const PhaseCounts& y) {
    return x.cycles == y.cycles && x.lane_cycles_busy == y.lane_cycles_busy &&
           x.lane_cycles_idle == y.lane_cycles_idle && x.memories == y.memories && x.ops == y.ops;
  }
};

// The denominators of the per-unit figures.
struct Events {
  std::uint64_t timesteps = 0;
  std::uint64_t learning_timesteps = 0;  // steps whose loss mask is 1 (weights are updated)
  std::uint64_t trials = 0;
  std::uint64_t synaptic_events = 0;     // SOPs: (active source, post) pairs integrated
  std::uint64_t weight_updates = 0;      // synapse updates computed (online) or applied (per_trial),
                                         // whether or not the weight changed
  friend bool operator==(const Events& x, const Events& y) {
    return x.timesteps == y.timesteps && x.learning_timesteps == y.learning_timesteps && x.trials == y.trials &&
           x.synaptic_events == y.synaptic_events && x.weight_updates == y.weight_updates;
  }
};

struct ActionCounts {
  // Who produced the counts ("systemc", "analytic: reckon-like", a file name):
  // reports repeat it so a figure always says where its counts came from.
  std::string source;
  int lanes = 1;  // P, the datapath lanes (posts per memory word)
  // Wall-clock cycles of the run. Phases that overlap in hardware make this
  // smaller than the sum of the phase cycles; it is never below the largest.
  std::uint64_t cycles = 0;
  Events events;
  std::array<PhaseCounts, kNumPhases> phases;

  PhaseCounts& phase(Phase p) { return phases[index_of(p)]; }
  const PhaseCounts& phase(Phase p) const { return phases[index_of(p)]; }
  PhaseCounts total() const;  // sum over phases (cycles: sum of phase cycles)

  friend bool operator==(const ActionCounts& x, const ActionCounts& y) {
    return x.source == y.source && x.lanes == y.lanes && x.cycles == y.cycles && x.events == y.events &&
           x.phases == y.phases;
  }
};

// Adds with an overflow check (std::overflow_error): counts are summed over
// millions of steps, and a wrapped counter would silently give a tiny energy.
std::uint64_t checked_add(std::uint64_t a, std::uint64_t b);

}  // namespace fxprop::energy
