// `fxprop energy`: price action counts with an energy table. Counts come from
// a JSON file (written by the SystemC model, or by hand) or from an analytic
// helper (`--analytic reckon-like`, not simulated). Everything is read and
// validated before anything is written.
#include <cmath>
#include <cstdint>
#include <optional>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/energy/counts_json.h"
#include "model/energy/estimate.h"
#include "model/energy/input_error.h"
#include "model/energy/reckon_like.h"
#include "model/energy/report_format.h"
#include "model/energy/settings.h"
#include "model/io/output_dir.h"
#include "model/systemc/simulate.h"
#include "tools/fxprop/cli_common.h"
#include "tools/fxprop/commands.h"

namespace fxprop::cli {

namespace {

struct EnergyOptions {
  std::string counts;
  std::string analytic;
  std::optional<std::string> config;  // simulate this configuration on the SystemC model
  std::int64_t trials = 1;
  int tech = 0;
  std::string table;
  double clock_mhz = 0;
  bool json = false;
  std::string out;
  bool print_table = false;
};

void run_energy(const EnergyOptions& o, const CLI::Option& tech_opt, const CLI::Option& table_opt,
                const CLI::Option& clock_opt, const CLI::Option& out_opt) {
  if (o.print_table) {
    std::cout << energy::builtin_table_toml();
    return;
  }
  if (o.counts.empty() && o.analytic.empty() && !o.config) {
    throw BadInput("fxprop energy needs --config FILE.toml, --counts FILE.json or --analytic reckon-like");
  }
  // Defaults from the configuration's [energy] section (the embedded one unless
  // --config); flags override.
  const config::Document cfg_doc = load_config(o.config);
  energy::EnergySettings s = energy::parse_energy_settings(cfg_doc.section("energy"));
  if (table_opt.count() > 0) s.table_path = o.table;
  if (tech_opt.count() > 0) s.tech_nm = o.tech;
  if (clock_opt.count() > 0) {
    if (!std::isfinite(o.clock_mhz) || !(o.clock_mhz > 0) || o.clock_mhz > 1e5) {
      throw BadInput("--clock-mhz " + std::to_string(o.clock_mhz) + ": must be a finite number in (0, 100000]");
    }
    s.clock_mhz = o.clock_mhz;
  }
  if (out_opt.count() > 0 && o.out.empty()) throw BadInput("--out \"\": must name a directory");

  try {
    const energy::EnergyTable table = energy::load_table(s);
    if (!table.has_node(s.tech_nm)) {
      throw BadInput("--tech " + std::to_string(s.tech_nm) + ": must be one of the nodes of energy table '" +
                     table.name() + "': " + table.node_list());
    }
    energy::CountsDocument doc;
    if (o.config) {
      // Counts from the SystemC model: o.trials training trials of the configuration.
      systemc::SimulateOptions so;
      so.trials = o.trials;
      systemc::SimulationReport sim;
      try {
        sim = systemc::simulate(cfg_doc, so);
      } catch (const std::invalid_argument& e) {
        throw BadInput(e.what());
      }
      doc = sim.counts;
      std::cerr << fmt::format("fxprop energy: simulated {} timesteps ({} trials), {} core cycles\n", sim.timesteps,
                               sim.counts.counts.events.trials, sim.total_cycles);
    } else if (!o.counts.empty()) {
      doc = energy::read_counts_file(o.counts);
    } else {
      doc.memory_map = energy::reckon_like_memory_map();
      doc.counts = energy::reckon_like_counts(energy::ReckonLikeWorkload{});
    }
    const energy::Report report = energy::estimate(doc.counts, doc.memory_map, table, energy::TechNode{s.tech_nm});
    const std::string json_text = energy::report_to_json(report, s.clock_mhz).dump(2) + "\n";
    const std::string text = energy::report_to_text(report, s.clock_mhz);
    if (out_opt.count() > 0) {
      io::OutputDir out(o.out);
      out.write_text("energy.json", json_text);
      out.write_text("energy.txt", text);
      out.write_text("counts.json", energy::counts_to_json_text(doc));
      out.commit();
    }
    std::cout << (o.json ? json_text : text);
  } catch (const energy::InputError& e) {
    throw BadInput(e.what());
  }
}

}  // namespace

void add_energy_command(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand(
      "energy", "Estimate energy (pJ/SOP, pJ/weight update, breakdown) and memory/learning overhead from action counts");
  auto o = std::make_shared<EnergyOptions>();
  auto* counts = sub->add_option("--counts", o->counts,
                                 "action counts JSON (format fxprop-action-counts: written by the SystemC model, or by hand)");
  auto* analytic = sub->add_option("--analytic", o->analytic,
                                   "use analytic counts instead of a file: reckon-like (NOT simulated, see docs/energy.md)")
                       ->check(CLI::IsMember({"reckon-like"}));
  auto* config = sub->add_option("--config", o->config,
                                 "simulate this configuration on the SystemC model and price its counts ([energy] and "
                                 "[hardware] from it)");
  sub->add_option("--trials", o->trials,
                  "with --config: training trials to simulate (0 = the configuration's whole training run)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 40));
  auto* tech = sub->add_option("--tech", o->tech, "technology node in nm, one of the table's nodes (default: [energy].tech_nm = 45)");
  auto* table = sub->add_option("--table", o->table, "energy table TOML (default: [energy].table, \"\" = built-in horowitz45)");
  auto* clock = sub->add_option("--clock-mhz", o->clock_mhz, "clock for the average dynamic power (default: [energy].clock_mhz)");
  sub->add_flag("--json", o->json, "print the report as JSON instead of a table");
  auto* out = sub->add_option("-o,--out", o->out, "also write energy.json, energy.txt and counts.json into DIR (all or nothing)");
  auto* print_table = sub->add_flag("--print-table", o->print_table,
                                    "print the built-in energy table (the template for --table) and exit");
  counts->excludes(analytic);
  config->excludes(counts);
  config->excludes(analytic);
  print_table->excludes(counts);
  print_table->excludes(analytic);
  print_table->excludes(config);
  sub->callback([o, tech, table, clock, out, &exit_code] {
    run_energy(*o, *tech, *table, *clock, *out);
    exit_code = 0;
  });
}

}  // namespace fxprop::cli
