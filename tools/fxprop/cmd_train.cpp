// `fxprop train`: train a network with the float golden model or the fixed-point
// learning core and write the learning curve, metrics and requested exports.
// Every input (configuration, .npy files, options, the fixed engine's formats and
// constants) is validated before the output directory is touched.
#include <chrono>
#include <cstdio>
#include <cmath>
#include <iostream>
#include <cstdint>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "model/energy/counts_json.h"
#include "model/fixed/core_state.h"
#include "model/fixed/host_io.h"
#include "model/fixed/trainer.h"
#include "model/golden/configured_task.h"
#include "model/golden/trainer.h"
#include "model/golden/weights.h"
#include "model/io/npy.h"
#include "model/io/output_dir.h"
#include "model/run/training.h"
#include "model/systemc/simulate.h"
#include "tools/fxprop/cli_common.h"
#include "tools/fxprop/commands.h"
#include "tools/fxprop/fixed_outputs.h"
#include "tools/fxprop/progress.h"
#include "tools/fxprop/run_config.h"
#include "tools/fxprop/train_outputs.h"
#include "tools/fxprop/training_runs.h"

namespace fxprop::cli {

namespace {

struct TrainOptions {
  std::optional<std::string> config;
  std::string out;
  int threads = -1;  // -1: train.threads from the configuration
  std::string engine = "float";
  std::string vcd;  // systemc engine: VCD trace file
};

// The iterations with a progress bar; the same for every engine's trainer.
template <class TrainerT>
void train_loop(TrainerT& trainer, const golden::GoldenConfig& cfg, TrainingReport& report) {
  Progress progress(std::cout, cfg.train.iterations, stdout_is_terminal(), "train");
  run_training(trainer, cfg, report, [&](std::int64_t done, const golden::IterationStats& s) {
    progress.update(done, iteration_status(cfg, s));
  });
  progress.finish(summary_line(report));
}

int run_float(const TrainOptions& opt, const config::Document& doc, golden::GoldenConfig& cfg) {
  TrainingInputs in = load_training_inputs(cfg);
  golden::Trainer trainer(cfg, *in.task, in.initial, cfg.train.threads);
  TrainingReport report = new_report(opt.engine, doc, cfg, trainer.threads(), std::move(in.initial));
  train_loop(trainer, cfg, report);
  report.evaluation = trainer.evaluate(cfg.train.eval_trials, record_trials(cfg));
  report.final_weights = trainer.weights();
  report.last_gradient = &trainer.last_gradient();

  io::OutputDir out(opt.out);
  write_training_outputs(out, report);
  out.commit();
  std::cout << "fxprop train: results in " << opt.out << "\n";
  return 0;
}

// The fixed and SystemC engines' input checks: the core supports the configuration,
// the inputs load, and the core supports the task.
TrainingInputs load_core_inputs(const config::Document& doc, const golden::GoldenConfig& cfg, const fixed::FixedConfig& fx) {
  fixed::check_hardware_support(doc, cfg);
  TrainingInputs in = load_training_inputs(cfg);
  fixed::check_task_for_core(cfg, fx, *in.task);
  return in;
}

// The report fields the fixed and SystemC engines fill after the final evaluation
// (last_gradient points into the trainer, which must outlive the report's use).
void finish_core_report(TrainingReport& report, const fixed::Trainer& trainer) {
  report.final_weights = trainer.weights();
  report.last_gradient = trainer.last_gradient().w_in.empty() ? nullptr : &trainer.last_gradient();
  report.engine_metrics = fixed_metrics(trainer);
}

// Single-threaded by design: the core is sequential (`fxprop sweep` parallelises
// across configurations).
int run_fixed(const TrainOptions& opt, const config::Document& doc, golden::GoldenConfig& cfg, const fixed::FixedConfig& fx) {
  const TrainingInputs in = load_core_inputs(doc, cfg, fx);

  fixed::Trainer trainer(cfg, fx, *in.task, in.initial);
  trainer.keep_gradient(cfg.exports.gradients);
  const fixed::SynapseState initial_raw = trainer.core().synapses();
  TrainingReport report = new_report(opt.engine, doc, cfg, 1, trainer.weights());
  train_loop(trainer, cfg, report);
  std::vector<fixed::RawRecord> raw;
  report.evaluation = trainer.evaluate(cfg.train.eval_trials, record_trials(cfg), &raw);
  finish_core_report(report, trainer);

  io::OutputDir out(opt.out);
  write_training_outputs(out, report);
  write_fixed_outputs(out, cfg.exports, trainer, initial_raw, raw);
  out.commit();
  std::cout << "fxprop train: results in " << opt.out << "\n";
  return 0;
}

// The fixed-point core driven through the SystemC model: the fixed engine's outputs
// (bit-identical), plus counts.json (model/energy action counts), cycles_per_phase.csv
// and the timing figures in metrics.json; optionally a VCD (written as FILE.partial,
// renamed when the run succeeded).
int run_systemc(const TrainOptions& opt, const config::Document& doc, golden::GoldenConfig& cfg, const fixed::FixedConfig& fx) {
  const TrainingInputs in = load_core_inputs(doc, cfg, fx);
  if (!opt.vcd.empty() && opt.vcd.size() < 5) throw BadInput("--vcd \"" + opt.vcd + "\": must name a file ending in .vcd");
  if (!opt.vcd.empty() && opt.vcd.substr(opt.vcd.size() - 4) != ".vcd") {
    throw BadInput("--vcd \"" + opt.vcd + "\": must name a file ending in .vcd");
  }

  fixed::Trainer trainer(cfg, fx, *in.task, in.initial);
  trainer.keep_gradient(cfg.exports.gradients);
  const fixed::SynapseState initial_raw = trainer.core().synapses();
  TrainingReport report = new_report(opt.engine, doc, cfg, 1, trainer.weights());
  std::vector<fixed::RawRecord> raw;
  systemc::SimulateOptions so;
  const std::string vcd_partial = opt.vcd.empty() ? "" : opt.vcd.substr(0, opt.vcd.size() - 4) + ".partial.vcd";
  so.vcd_path = vcd_partial;
  systemc::SimulationReport sim;
  try {
    systemc::Session session(doc, trainer, so);
    session.run([&] {
      train_loop(trainer, cfg, report);
      report.evaluation = trainer.evaluate(cfg.train.eval_trials, record_trials(cfg), &raw);
    });
    sim = session.report();
  } catch (const config::ConfigError&) {
    throw;
  } catch (const std::invalid_argument& e) {
    throw BadInput(e.what());
  } catch (...) {
    if (!vcd_partial.empty()) std::remove(vcd_partial.c_str());
    throw;
  }
  finish_core_report(report, trainer);
  nlohmann::json phases = nlohmann::json::object();
  for (const systemc::PhaseCycleSummary& p : sim.phases) {
    phases[p.name] = {{"total", p.total}, {"mean_per_step", p.mean_per_step}, {"max_per_step", p.max_per_step}};
  }
  // metrics.json "systemc": the fixed engine's block plus the timing of the core.
  report.engine_metrics["core"] = {
      {"timesteps", sim.timesteps},           {"total_cycles", sim.total_cycles},
      {"clock_mhz", sim.clock_mhz},           {"simulated_seconds", sim.simulated_seconds},
      {"wall_seconds", sim.wall_seconds},     {"simulated_cycles_per_second", sim.cycles_per_second},
      {"random_bits", sim.random_bits},       {"cycles_per_phase", phases},
  };

  io::OutputDir out(opt.out);
  write_training_outputs(out, report);
  write_fixed_outputs(out, cfg.exports, trainer, initial_raw, raw);
  out.write_text("counts.json", energy::counts_to_json_text(sim.counts));
  out.write_text("cycles_per_phase.csv", systemc::phase_cycles_csv(sim));
  out.commit();
  if (!vcd_partial.empty()) std::rename(vcd_partial.c_str(), opt.vcd.c_str());
  std::cout << fmt::format("fxprop train: {} core cycles ({:.4g} s at {} MHz), {:.3g} simulated cycles/s\n", sim.total_cycles,
                           sim.simulated_seconds, sim.clock_mhz, sim.cycles_per_second);
  std::cout << "fxprop train: results in " << opt.out << "\n";
  return 0;
}

int run_train(const TrainOptions& opt) {
  const config::Document doc = load_config(opt.config);
  RunConfig rc = parse_run_config(doc);
  golden::GoldenConfig& cfg = rc.golden;
  if (opt.threads >= 0) cfg.train.threads = opt.threads;
  if (!opt.vcd.empty() && opt.engine != "systemc") {
    throw BadInput("--vcd " + opt.vcd + ": only the systemc engine writes a VCD (use --engine systemc)");
  }
  if (opt.engine == "fixed") return run_fixed(opt, doc, cfg, rc.fixed);
  if (opt.engine == "systemc") return run_systemc(opt, doc, cfg, rc.fixed);
  return run_float(opt, doc, cfg);
}

}  // namespace

void add_train_command(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand("train", "Train a network with the float golden model (e-prop, BPTT or RFLO) or the fixed-point learning core (e-prop)");
  auto opt = std::make_shared<TrainOptions>();
  add_config_option(*sub, opt->config);
  add_out_option(*sub, opt->out, "out/train");
  add_thread_count_option(*sub, "-j,--threads", opt->threads,
                          "worker threads of the float engine (overrides train.threads; 0 = all cores); results do not depend "
                          "on it. The fixed engine is single-threaded by design (the core is sequential; fxprop sweep runs "
                          "points in parallel) and ignores it");
  sub->add_option("--engine", opt->engine,
                  "model that trains: float (the golden model) or fixed (the bit-accurate fixed-point learning core, "
                  "[fixed] section; single-threaded; also writes fixed_stats.json and *_raw.npy) or systemc (the fixed core "
                  "in the cycle-approximate SystemC model, [hardware] section; also writes counts.json and cycles_per_phase.csv)")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            return run::engine_available(v) ? std::string() : run::engine_unavailable_message(v);
          },
          "ENGINE"));
  sub->add_option("--vcd", opt->vcd,
                  "systemc engine: write a VCD of the phase, timestep and counters over simulated time to FILE (.vcd; GTKWave)");
  sub->callback([opt, &exit_code] { exit_code = run_train(*opt); });
}

}  // namespace fxprop::cli
