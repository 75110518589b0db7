#include "model/energy/estimate.h"

#include "model/energy/counts_json.h"
#include "model/energy/input_error.h"

namespace fxprop::energy {

namespace {
constexpr std::array<std::string_view, kNumCategories> kCategoryNames = {
    "synaptic_integration", "neuron_update", "trace_access", "learning_signal", "eligibility",
    "update_compute",       "weight_rmw",    "synapse_state_access", "random_numbers", "host_io",
};

std::optional<double> ratio(double num, double den) {
  if (den == 0) return std::nullopt;
  return num / den;
}

// Category of a memory access in phase p (see estimate.h).
Category memory_category(Phase p, const Memory& m) {
  switch (p) {
    case Phase::integrate: return Category::synaptic_integration;
    case Phase::neuron:
    case Phase::readout: return Category::neuron_update;
    case Phase::traces: return Category::trace_access;
    case Phase::learning_signal: return Category::learning_signal;
    case Phase::host_io: return Category::host_io;
    case Phase::eligibility:
      if (m.holds(MemoryRole::inference_weights) || m.holds(MemoryRole::learning_per_synapse)) return Category::eligibility;
      return Category::trace_access;
    case Phase::weight_update:
    case Phase::apply:
      if (m.holds(MemoryRole::inference_weights)) return Category::weight_rmw;
      if (m.holds(MemoryRole::learning_per_synapse)) return Category::synapse_state_access;
      return Category::trace_access;
  }
  return Category::host_io;
}

Category op_category(Phase p, OpKind k) {
  if (p == Phase::host_io) return Category::host_io;
  if (k == OpKind::rng) return Category::random_numbers;
  switch (p) {
    case Phase::integrate: return Category::synaptic_integration;
    case Phase::neuron:
    case Phase::readout: return Category::neuron_update;
    case Phase::traces: return Category::trace_access;
    case Phase::learning_signal: return Category::learning_signal;
    case Phase::eligibility: return Category::eligibility;
    case Phase::weight_update:
    case Phase::apply: return Category::update_compute;
    case Phase::host_io: break;
  }
  return Category::host_io;
}

constexpr std::array<Phase, 4> kUpdatePhases = {Phase::learning_signal, Phase::eligibility, Phase::weight_update,
                                                Phase::apply};

}  // namespace

std::string_view category_name(Category c) { return kCategoryNames[index_of(c)]; }

double PhaseEnergy::memory_pj() const {
  double s = 0;
  for (const auto& [n, e] : read_pj) s += e;
  for (const auto& [n, e] : write_pj) s += e;
  return s;
}

double PhaseEnergy::ops_pj() const {
  double s = 0;
  for (double e : op_pj) s += e;
  return s;
}

std::optional<double> Report::average_power_uw(double clock_mhz) const {
  if (cycles == 0 || !(clock_mhz > 0)) return std::nullopt;
  const double us = static_cast<double>(cycles) / clock_mhz;
  return total_pj / us;
}

MemoryReport memory_report(const MemoryMap& map, const EnergyTable& table, TechNode node) {
  const double f = table.node_factor(node);
  MemoryReport r;
  for (const Memory& m : map.memories) {
    MemoryEntry e;
    e.name = m.name;
    e.kind = m.kind;
    e.words = m.words;
    e.word_bits = m.word_bits;
    e.capacity_bits = m.capacity_bits();
    e.used_bits = m.used_bits();
    e.read_pj = table.memory_read_pj(m) * f;
    e.write_pj = table.memory_write_pj(m) * f;
    r.memories.push_back(std::move(e));
  }
  for (MemoryRole role : kAllRoles) r.bits_by_role[index_of(role)] = map.bits_of(role);
  r.capacity_bits = map.capacity_bits();
  r.inference_bits = map.inference_bits();
  r.learning_bits = map.learning_bits();
  const auto bits = [&](MemoryRole role) { return static_cast<double>(r.bits_by_role[index_of(role)]); };
  r.learning_bits_per_synapse = ratio(bits(MemoryRole::learning_per_synapse), static_cast<double>(map.synapses));
  r.learning_bits_per_neuron = ratio(bits(MemoryRole::learning_per_neuron), static_cast<double>(map.neurons));
  r.weight_bits_per_synapse = ratio(bits(MemoryRole::inference_weights), static_cast<double>(map.synapses));
  r.learning_overhead = ratio(static_cast<double>(r.learning_bits), static_cast<double>(r.inference_bits));
  return r;
}

Report estimate(const ActionCounts& counts, const MemoryMap& map, const EnergyTable& table, TechNode node) {
  const std::string source = counts.source.empty() ? std::string("<action counts>") : counts.source;
  map.validate(source);
  check_consistent(map, counts, source);
  if (!table.has_node(node.nm)) {
    throw InputError(source, "tech", std::to_string(node.nm),
                     "energy table '" + table.name() + "' has factors for the nodes " + table.node_list() + " nm only");
  }

  Report r;
  r.counts_source = source;
  r.table_name = table.name();
  r.table_source = table.source();
  r.tech_nm = node.nm;
  r.node_factor = table.node_factor(node);
  r.voltage_v = table.voltage_v();
  r.events = counts.events;
  r.lanes = counts.lanes;
  r.cycles = counts.cycles;
  r.memory = memory_report(map, table, node);

  UpdateSplit split;
  for (Phase p : kAllPhases) {
    const PhaseCounts& pc = counts.phase(p);
    PhaseEnergy& pe = r.phases[index_of(p)];
    r.phase_cycles[index_of(p)] = pc.cycles;
    r.lane_utilisation[index_of(p)] =
        ratio(static_cast<double>(pc.lane_cycles_busy), static_cast<double>(pc.lane_cycles_busy) + pc.lane_cycles_idle);
    const bool update_phase = p == Phase::learning_signal || p == Phase::eligibility || p == Phase::weight_update ||
                              p == Phase::apply;
    for (const auto& [name, acc] : pc.memories) {
      const Memory& m = *map.find(name);
      const double read = static_cast<double>(acc.reads) * table.memory_read_pj(m) * r.node_factor;
      const double write = static_cast<double>(acc.writes) * table.memory_write_pj(m) * r.node_factor;
      pe.read_pj[name] += read;
      pe.write_pj[name] += write;
      r.category_pj[index_of(memory_category(p, m))] += read + write;
      if (update_phase) {
        if (m.holds(MemoryRole::inference_weights)) {
          split.weight_rmw += read + write;
        } else if (m.holds(MemoryRole::learning_per_synapse)) {
          split.synapse_state += read + write;
        } else {
          split.trace_access += read + write;
        }
      }
    }
    for (const auto& [key, n] : pc.ops) {
      const double e = static_cast<double>(n) * table.op_pj(key) * r.node_factor;
      pe.op_pj[index_of(key.kind)] += e;
      r.category_pj[index_of(op_category(p, key.kind))] += e;
      if (update_phase) (key.kind == OpKind::rng ? split.rng : split.compute) += e;
    }
  }

  const PhaseCounts all = counts.total();
  for (MemoryEntry& e : r.memory.memories) {
    e.reads = all.reads_of(e.name);
    e.writes = all.writes_of(e.name);
  }
  for (Phase p : kAllPhases) r.total_pj += r.phase_pj(p);
  r.core_pj = r.total_pj - r.phase_pj(Phase::host_io);

  const double sops = static_cast<double>(counts.events.synaptic_events);
  const double inference = r.phase_pj(Phase::integrate) + r.phase_pj(Phase::neuron) + r.phase_pj(Phase::readout);
  r.pj_per_sop = ratio(inference, sops);
  r.pj_per_sop_integrate = ratio(r.phase_pj(Phase::integrate), sops);
  double update = 0;
  for (Phase p : kUpdatePhases) update += r.phase_pj(p);
  const double updates = static_cast<double>(counts.events.weight_updates);
  r.pj_per_weight_update = ratio(update, updates);
  if (updates > 0) {
    split.compute /= updates;
    split.rng /= updates;
    split.weight_rmw /= updates;
    split.synapse_state /= updates;
    split.trace_access /= updates;
    r.update_split = split;
  }
  r.pj_per_timestep = ratio(r.core_pj, static_cast<double>(counts.events.timesteps));
  r.pj_per_learning_timestep = ratio(r.phase_pj(Phase::learning_signal) + r.phase_pj(Phase::weight_update),
                                     static_cast<double>(counts.events.learning_timesteps));
  r.pj_per_trial = ratio(r.core_pj, static_cast<double>(counts.events.trials));
  r.learning_energy_share = ratio(update + r.phase_pj(Phase::traces), r.core_pj);
  return r;
}

}  // namespace fxprop::energy
