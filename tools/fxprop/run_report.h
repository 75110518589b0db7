// The report of `fxprop run`: metrics.json, the CSV tables and the readable
// report (report.md and report.html, the same blocks rendered twice). Pure
// formatting of results computed elsewhere; files go through an OutputDir.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/energy/analytic_core.h"
#include "model/energy/estimate.h"
#include "model/energy/memory_map.h"
#include "model/io/output_dir.h"
#include "model/systemc/simulate.h"
#include "tools/fxprop/train_outputs.h"

namespace fxprop::cli {

struct RunResults {
  const TrainingReport* float_run = nullptr;
  const TrainingReport* fixed_run = nullptr;
  std::string config_source;  // "embedded default" or the file name
  // One training batch of the trained core on the SystemC model: cycles and counts.
  const systemc::SimulationReport* sim = nullptr;
  int lanes = 1;
  double clock_mhz = 100.0;        // hardware.clock_mhz: simulated time
  double power_clock_mhz = 100.0;  // energy.clock_mhz: average power
  // Cross-check: the cycle formulas and access table of docs/microarchitecture.md
  // (model/energy/analytic_core.h) on one learning trial of the same trained core.
  std::vector<energy::StepActivity> activity;
  energy::AnalyticCycles cycles;
  energy::Report analytic_energy;
  energy::Report energy;  // priced SystemC counts
  energy::MemoryMap memory_map;                // the memories it priced
  std::string counts_source;
  // Plots: made (every PNG of plot_files() exists) or why not.
  bool plots_made = false;
  std::string plots_note;
};

// The PNGs plot_report.py writes, relative to the report directory.
const std::vector<std::string>& plot_files();

// metrics.json: final metrics of both engines, cycles, energy, memory, activity.
nlohmann::json run_metrics(const RunResults& r);

// learning_curves.csv, cycles_per_phase.csv, energy_breakdown.csv, memory.csv,
// activity.csv, readout.csv (first recorded trial: target and both engines' output),
// spikes_float.npy / spikes_fixed.npy / input_spikes.npy (that trial's rasters):
// everything the plot script reads.
void write_run_tables(io::OutputDir& out, const RunResults& r);

// report.md and report.html (after the plots were attempted).
void write_run_report(io::OutputDir& out, const RunResults& r);

}  // namespace fxprop::cli
