#include "model/energy/report_format.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace fxprop::energy {

using nlohmann::json;

namespace {

constexpr const char* kNotModelled = "leakage, clock tree, control logic, inter-block wires and I/O pads are not modelled";

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// Four significant digits: the table's inputs are known to one or two.
std::string num(double v) { return v == 0 ? "0" : fmt::format("{:.4g}", v); }

std::string opt_num(const std::optional<double>& v, std::string_view unit = "") {
  if (!v) return "n/a";
  return num(*v) + std::string(unit);
}

std::string pct(double part, double whole) {
  if (whole == 0) return "n/a";
  return fmt::format("{:.1f} %", 100.0 * part / whole);
}

}  // namespace

json report_to_json(const Report& r, std::optional<double> clock_mhz) {
  json figures = {
      {"pj_per_sop", opt(r.pj_per_sop)},
      {"pj_per_sop_integrate", opt(r.pj_per_sop_integrate)},
      {"pj_per_weight_update", opt(r.pj_per_weight_update)},
      {"pj_per_timestep", opt(r.pj_per_timestep)},
      {"pj_per_learning_timestep", opt(r.pj_per_learning_timestep)},
      {"pj_per_trial", opt(r.pj_per_trial)},
      {"learning_energy_share", opt(r.learning_energy_share)},
  };
  json split = nullptr;
  if (r.update_split) {
    const UpdateSplit& s = *r.update_split;
    split = {{"compute", s.compute},
             {"rng", s.rng},
             {"weight_rmw", s.weight_rmw},
             {"synapse_state", s.synapse_state},
             {"trace_access", s.trace_access}};
  }
  json breakdown = json::object();
  for (Category c : kAllCategories) breakdown[std::string(category_name(c))] = r.category_pj[index_of(c)];
  json phases = json::object();
  for (Phase p : kAllPhases) {
    const PhaseEnergy& pe = r.phases[index_of(p)];
    json mems = json::object();
    for (const auto& [name, e] : pe.read_pj) mems[name] = {{"read_pj", e}, {"write_pj", pe.write_pj.at(name)}};
    json ops = json::object();
    for (OpKind k : kAllOpKinds) ops[std::string(op_kind_name(k))] = pe.op_pj[index_of(k)];
    phases[std::string(phase_name(p))] = {{"energy_pj", pe.total_pj()},
                                          {"memory_pj", pe.memory_pj()},
                                          {"ops_pj", pe.ops_pj()},
                                          {"cycles", r.phase_cycles[index_of(p)]},
                                          {"lane_utilisation", opt(r.lane_utilisation[index_of(p)])},
                                          {"memories", std::move(mems)},
                                          {"ops_pj_by_kind", std::move(ops)}};
  }
  json mems = json::array();
  for (const MemoryEntry& m : r.memory.memories) {
    mems.push_back({{"name", m.name},
                    {"kind", kind_name(m.kind)},
                    {"words", m.words},
                    {"word_bits", m.word_bits},
                    {"capacity_bytes", static_cast<double>(m.capacity_bits) / 8.0},
                    {"used_bits", m.used_bits},
                    {"reads", m.reads},
                    {"writes", m.writes},
                    {"read_pj_per_access", m.read_pj},
                    {"write_pj_per_access", m.write_pj}});
  }
  json roles = json::object();
  for (MemoryRole role : kAllRoles) roles[std::string(role_name(role))] = r.memory.bits_by_role[index_of(role)];
  json out = {
      {"format", kReportFormat},
      {"version", kReportVersion},
      {"counts_source", r.counts_source},
      {"table", {{"name", r.table_name}, {"source", r.table_source}, {"voltage_v", r.voltage_v}}},
      {"tech_nm", r.tech_nm},
      {"node_factor", r.node_factor},
      {"not_modelled", kNotModelled},
      {"lanes", r.lanes},
      {"cycles", r.cycles},
      {"events",
       {{"timesteps", r.events.timesteps},
        {"learning_timesteps", r.events.learning_timesteps},
        {"trials", r.events.trials},
        {"synaptic_events", r.events.synaptic_events},
        {"weight_updates", r.events.weight_updates}}},
      {"energy_pj", {{"total", r.total_pj}, {"core", r.core_pj}, {"host_io", r.phase_pj(Phase::host_io)}}},
      {"figures", std::move(figures)},
      {"update_split_pj", std::move(split)},
      {"breakdown_pj", std::move(breakdown)},
      {"phases", std::move(phases)},
      {"memory",
       {{"memories", std::move(mems)},
        {"bits_by_role", std::move(roles)},
        {"capacity_bytes", static_cast<double>(r.memory.capacity_bits) / 8.0},
        {"inference_bits", r.memory.inference_bits},
        {"learning_bits", r.memory.learning_bits},
        {"weight_bits_per_synapse", opt(r.memory.weight_bits_per_synapse)},
        {"learning_bits_per_synapse", opt(r.memory.learning_bits_per_synapse)},
        {"learning_bits_per_neuron", opt(r.memory.learning_bits_per_neuron)},
        {"learning_overhead", opt(r.memory.learning_overhead)}}},
  };
  if (clock_mhz) out["power"] = {{"clock_mhz", *clock_mhz}, {"average_dynamic_uw", opt(r.average_power_uw(*clock_mhz))}};
  return out;
}

std::string report_to_text(const Report& r, std::optional<double> clock_mhz) {
  std::string s;
  auto line = [&s](const std::string& l) { s += l + '\n'; };
  line(fmt::format("Energy estimate for counts from {}", r.counts_source));
  line(fmt::format("  table {} ({}), {} nm (x{} of the table's reference node), {} V nominal", r.table_name,
                   r.table_source, r.tech_nm, num(r.node_factor), num(r.voltage_v)));
  line(fmt::format("  dynamic energy only: {}", kNotModelled));
  line("");
  line("Figures");
  line(fmt::format("  {:<34}{:>12}   (integrate + neuron + readout over {} SOPs)", "pJ per synaptic operation",
                   opt_num(r.pj_per_sop), r.events.synaptic_events));
  line(fmt::format("  {:<34}{:>12}", "pJ per SOP, integrate phase only", opt_num(r.pj_per_sop_integrate)));
  line(fmt::format("  {:<34}{:>12}   (learning_signal + eligibility + weight_update + apply over {} updates)",
                   "pJ per weight update", opt_num(r.pj_per_weight_update), r.events.weight_updates));
  if (r.update_split) {
    const UpdateSplit& u = *r.update_split;
    line(fmt::format("    {:<32}{:>12}", "compute", num(u.compute)));
    line(fmt::format("    {:<32}{:>12}", "random numbers", num(u.rng)));
    line(fmt::format("    {:<32}{:>12}", "weight read-modify-write", num(u.weight_rmw)));
    line(fmt::format("    {:<32}{:>12}", "per-synapse state access", num(u.synapse_state)));
    line(fmt::format("    {:<32}{:>12}", "trace / neuron state access", num(u.trace_access)));
  }
  line(fmt::format("  {:<34}{:>12}   ({} timesteps)", "pJ per timestep", opt_num(r.pj_per_timestep), r.events.timesteps));
  line(fmt::format("  {:<34}{:>12}   (learning_signal + weight_update over {} learning timesteps)",
                   "pJ per learning timestep", opt_num(r.pj_per_learning_timestep), r.events.learning_timesteps));
  line(fmt::format("  {:<34}{:>12}   ({} trial{})", "pJ per trial", opt_num(r.pj_per_trial), r.events.trials,
                   r.events.trials == 1 ? "" : "s"));
  line(fmt::format("  {:<34}{:>12}", "learning energy share",
                   r.learning_energy_share ? fmt::format("{:.1f} %", 100.0 * *r.learning_energy_share) : "n/a"));
  line(fmt::format("  {:<34}{:>12}   (host_io: {} pJ)", "core energy, pJ", num(r.core_pj), num(r.phase_pj(Phase::host_io))));
  if (clock_mhz) {
    line(fmt::format("  {:<34}{:>12}   ({} cycles at {} MHz)", "average dynamic power, uW",
                     opt_num(r.average_power_uw(*clock_mhz)), r.cycles, num(*clock_mhz)));
  }
  line("");
  line(fmt::format("  {:<18}{:>14}{:>9}{:>14}{:>12}{:>12}{:>10}", "phase", "energy pJ", "share", "memory pJ", "ops pJ",
                   "cycles", "lane use"));
  for (Phase p : kAllPhases) {
    const PhaseEnergy& pe = r.phases[index_of(p)];
    const auto& util = r.lane_utilisation[index_of(p)];
    line(fmt::format("  {:<18}{:>14}{:>9}{:>14}{:>12}{:>12}{:>10}", phase_name(p), num(pe.total_pj()),
                     pct(pe.total_pj(), r.total_pj), num(pe.memory_pj()), num(pe.ops_pj()), r.phase_cycles[index_of(p)],
                     util ? fmt::format("{:.0f} %", 100.0 * *util) : "n/a"));
  }
  line("");
  line(fmt::format("  {:<22}{:>14}{:>9}", "category", "energy pJ", "share"));
  for (Category c : kAllCategories) {
    const double e = r.category_pj[index_of(c)];
    line(fmt::format("  {:<22}{:>14}{:>9}", category_name(c), num(e), pct(e, r.total_pj)));
  }
  line("");
  line(fmt::format("  {:<14}{:>10}{:>16}{:>11}{:>12}{:>12}{:>12}{:>12}", "memory", "kind", "words x bits", "KiB",
                   "read pJ", "write pJ", "reads", "writes"));
  for (const MemoryEntry& m : r.memory.memories) {
    line(fmt::format("  {:<14}{:>10}{:>16}{:>11}{:>12}{:>12}{:>12}{:>12}", m.name, kind_name(m.kind),
                     fmt::format("{} x {}", m.words, m.word_bits), num(static_cast<double>(m.capacity_bits) / 8192.0),
                     num(m.read_pj), num(m.write_pj), m.reads, m.writes));
  }
  const MemoryReport& mr = r.memory;
  line("");
  line(fmt::format("  weights: {} bits per synapse; learning state: {} bits per synapse, {} bits per neuron",
                   opt_num(mr.weight_bits_per_synapse), opt_num(mr.learning_bits_per_synapse),
                   opt_num(mr.learning_bits_per_neuron)));
  line(fmt::format("  learning memory {} bits = {} of the inference memory ({} bits: weights + neuron state)",
                   mr.learning_bits,
                   mr.learning_overhead ? fmt::format("{:.2f} %", 100.0 * *mr.learning_overhead) : "n/a",
                   mr.inference_bits));
  return s;
}

}  // namespace fxprop::energy
