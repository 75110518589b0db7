// Energy from action counts: every count of every phase times its per-action
// energy from the table, scaled to the technology node. One call:
//
//   energy::Report r = energy::estimate(counts, memory_map, table, energy::TechNode{28});
//
// Definitions of the figures (all energies dynamic, at the table's nominal
// voltage; `core` excludes host_io, which is reported on its own line):
//   pJ/SOP                 (integrate + neuron + readout) / synaptic_events:
//                          the inference work, neuron leak and readout amortised over the SOPs
//   pJ/SOP (integrate)     integrate / synaptic_events: the marginal cost of one SOP
//   pJ/weight update       (learning_signal + eligibility + weight_update + apply) / weight_updates
//   pJ/timestep            core / timesteps
//   pJ/learning timestep   (learning_signal + weight_update) / learning_timesteps: the phases that
//                          run only on steps whose loss mask is 1
//   pJ/trial               core / trials
//   learning energy share  (traces + learning_signal + eligibility + weight_update + apply) / core
// A figure whose denominator is 0 is absent (std::nullopt), never 0 or inf.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/energy/action_counts.h"
#include "model/energy/energy_table.h"
#include "model/energy/memory_map.h"

namespace fxprop::energy {

// Where each pJ goes. Every (phase, component) energy lands in exactly one
// category, so the categories sum to the total:
//   any rng operation                                -> random_numbers
//   host_io phase                                    -> host_io
//   integrate                                        -> synaptic_integration
//   neuron, readout                                  -> neuron_update
//   traces                                           -> trace_access
//   learning_signal                                  -> learning_signal
//   eligibility: ops and per-synapse state memories  -> eligibility
//   weight_update, apply: ops                        -> update_compute
//   eligibility, weight_update, apply: memory accesses by what the memory holds:
//       inference weights                            -> weight_rmw (eligibility: -> eligibility)
//       per-synapse learning state (ebar, grad_acc)  -> synapse_state_access (eligibility: -> eligibility)
//       anything else (traces, psi, L, membrane)     -> trace_access
enum class Category : std::uint8_t {
  synaptic_integration,
  neuron_update,
  trace_access,
  learning_signal,
  eligibility,
  update_compute,
  weight_rmw,
  synapse_state_access,
  random_numbers,
  host_io,
};
inline constexpr std::size_t kNumCategories = 10;
inline constexpr std::array<Category, kNumCategories> kAllCategories = {
    Category::synaptic_integration, Category::neuron_update, Category::trace_access,
    Category::learning_signal,      Category::eligibility,   Category::update_compute,
    Category::weight_rmw,           Category::synapse_state_access, Category::random_numbers,
    Category::host_io,
};
std::string_view category_name(Category c);
inline std::size_t index_of(Category c) { return static_cast<std::size_t>(c); }

// Energy of one phase by component, pJ at the target node.
struct PhaseEnergy {
  std::map<std::string, double, std::less<>> read_pj;   // per memory
  std::map<std::string, double, std::less<>> write_pj;  // per memory
  std::array<double, kNumOpKinds> op_pj{};              // per operation kind
  double memory_pj() const;
  double ops_pj() const;
  double total_pj() const { return memory_pj() + ops_pj(); }
};

// Energy per weight update split by what it is spent on (over the phases
// learning_signal, eligibility, weight_update, apply):
//   compute = operations except rng; rng = random bits; weight_rmw = accesses of
//   memories holding weights; synapse_state = accesses of memories holding
//   per-synapse learning state; trace_access = accesses of every other memory.
struct UpdateSplit {
  double compute = 0, rng = 0, weight_rmw = 0, synapse_state = 0, trace_access = 0;
  double total() const { return compute + rng + weight_rmw + synapse_state + trace_access; }
};

struct MemoryEntry {
  std::string name;
  MemoryKind kind = MemoryKind::sram;
  std::uint64_t words = 0;
  int word_bits = 0;
  std::uint64_t capacity_bits = 0, used_bits = 0;
  double read_pj = 0, write_pj = 0;  // per word access, at the target node
  std::uint64_t reads = 0, writes = 0;  // word accesses over the run (0 from memory_report())
};

struct MemoryReport {
  std::vector<MemoryEntry> memories;
  std::array<std::uint64_t, kNumRoles> bits_by_role{};
  std::uint64_t capacity_bits = 0;
  std::uint64_t inference_bits = 0;  // weights + neuron state
  std::uint64_t learning_bits = 0;   // every learning role
  std::optional<double> learning_bits_per_synapse;  // learning_per_synapse bits / synapses
  std::optional<double> learning_bits_per_neuron;   // learning_per_neuron bits / neurons
  std::optional<double> weight_bits_per_synapse;    // inference_weights bits / synapses
  std::optional<double> learning_overhead;          // learning bits / inference bits
};

struct Report {
  std::string counts_source;
  std::string table_name, table_source;
  int tech_nm = 45;
  double node_factor = 1.0;
  double voltage_v = 0.9;

  Events events;
  int lanes = 1;
  std::uint64_t cycles = 0;
  std::array<std::uint64_t, kNumPhases> phase_cycles{};
  std::array<std::optional<double>, kNumPhases> lane_utilisation{};  // busy / (busy + idle)

  std::array<PhaseEnergy, kNumPhases> phases;
  std::array<double, kNumCategories> category_pj{};
  double total_pj = 0;  // every phase, host_io included
  double core_pj = 0;   // total without host_io

  std::optional<double> pj_per_sop, pj_per_sop_integrate, pj_per_weight_update, pj_per_timestep,
      pj_per_learning_timestep, pj_per_trial, learning_energy_share;
  std::optional<UpdateSplit> update_split;  // pJ per weight update

  MemoryReport memory;

  double phase_pj(Phase p) const { return phases[index_of(p)].total_pj(); }
  // Average dynamic power over the run at `clock_mhz` (pJ/us = uW); nullopt if cycles == 0.
  std::optional<double> average_power_uw(double clock_mhz) const;
};

// The memory figures only (no counts needed): sizes, bits by role, overhead.
// Per-access energies are priced at `node`.
MemoryReport memory_report(const MemoryMap& map, const EnergyTable& table, TechNode node);

// Validates map and counts (InputError naming counts.source) and the node
// (InputError listing the table's nodes), then prices every count.
Report estimate(const ActionCounts& counts, const MemoryMap& map, const EnergyTable& table, TechNode node);

}  // namespace fxprop::energy
