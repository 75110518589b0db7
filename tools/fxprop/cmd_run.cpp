// `fxprop run`: the main job. Trains the configured network with the float golden
// model and with the bit-accurate fixed-point core (same initial weights, same
// trials), costs one learning trial of the trained core in cycles and energy, and
// writes a report directory (metrics.json, CSVs, report.md/html with plots), all
// or nothing. Every input is validated before anything is trained or written.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include <sys/wait.h>

#include <fmt/format.h>

#include "model/energy/analytic_core.h"
#include "model/energy/counts_json.h"
#include "model/energy/estimate.h"
#include "model/energy/input_error.h"
#include "model/energy/report_format.h"
#include "model/fixed/fixed_config.h"
#include "model/fixed/host_io.h"
#include "model/fixed/trainer.h"
#include "model/golden/parallel.h"
#include "model/golden/trainer.h"
#include "model/io/output_dir.h"
#include "model/hardware/hardware_config.h"
#include "model/sweep/eval.h"
#include "model/systemc/simulate.h"
#include "tools/fxprop/cli_common.h"
#include "tools/fxprop/commands.h"
#include "tools/fxprop/core_activity.h"
#include "tools/fxprop/default_config.h"
#include "tools/fxprop/fixed_outputs.h"
#include "tools/fxprop/progress.h"
#include "tools/fxprop/run_config.h"
#include "tools/fxprop/run_default.h"
#include "tools/fxprop/run_report.h"
#include "tools/fxprop/training_runs.h"

#ifndef FXPROP_PLOT_SCRIPT
#define FXPROP_PLOT_SCRIPT "tools/plot/plot_report.py"
#endif

namespace fxprop::cli {

namespace {

namespace fs = std::filesystem;

struct RunOptions {
  std::optional<std::string> config;
  std::string out;
  int jobs = -1;  // -1: train.threads from the configuration
  bool print_config = false;
};

// Without --config: the embedded run configuration over the embedded defaults.
config::Document run_document(const std::optional<std::string>& path) {
  if (path) return load_config(path);
  return config::Document::from_strings(default_config_toml(), run_default_toml(), "<embedded run configuration>");
}

// The analytic core the counts describe: sizes, widths and variant from the
// configuration (the same description `fxprop sweep` uses for its memory figures).
energy::AnalyticCore analytic_core(const config::Document& doc, const golden::GoldenConfig& cfg, const fixed::FixedConfig& fx,
                                   const hardware::HardwareConfig& hw) {
  energy::AnalyticCore a;
  a.core = sweep::core_description(doc, cfg);
  a.core.lanes = hw.lanes;
  a.core.min_sram_words = hw.min_sram_words;
  a.form_b = cfg.network.form == golden::NeuronForm::kB;
  using fixed::HostValue;
  a.alpha_bits = fx.format(HostValue::alpha).width;
  a.rho_bits = fx.format(HostValue::rho).width;
  a.kappa_bits = fx.format(HostValue::kappa).width;
  a.beta_bits = fx.format(HostValue::beta).width;
  a.psi_peak_bits = fx.format(HostValue::psi_peak).width;
  a.inv_thr_bits = fx.format(HostValue::inv_thr).width;
  a.lpsi_bits = fx.format(fixed::Site::lpsi).width;
  a.e_bits = fx.format(fixed::Site::e).width;
  a.thr_adaptive_bits = fx.format(fixed::Site::thr_adaptive).width;
  a.lr_bits = fx.lr_mode == fixed::LrMode::kMultiplier ? fx.format(HostValue::lr).width : 0;
  for (int s = 0; s < fixed::kSiteCount; ++s) {
    const fxp::Spec& spec = fx.site_spec[static_cast<std::size_t>(s)];
    if (spec.q.rounding.is_stochastic()) a.stoch_bits[fixed::key(static_cast<fixed::Site>(s))] = spec.q.rounding.stoch_bits;
  }
  return a;
}

std::string shell_quote(const std::string& s) {
  std::string o = "'";
  for (char c : s) o += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return o + "'";
}

// The interpreter and script of the plots: FXPROP_PYTHON / FXPROP_PLOT_SCRIPT override
// the defaults (Debian's /usr/bin/python3, which has matplotlib; the script in the source tree).
std::string python_interpreter() {
  if (const char* env = std::getenv("FXPROP_PYTHON"); env != nullptr && *env != '\0') return env;
  return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

std::string plot_script() {
  if (const char* env = std::getenv("FXPROP_PLOT_SCRIPT"); env != nullptr && *env != '\0') return env;
  return FXPROP_PLOT_SCRIPT;
}

// Runs the plot script on the staged report; on any failure removes whatever PNGs it
// left and says why (the run itself still succeeds).
void make_plots(io::OutputDir& out, RunResults& r) {
  std::vector<fs::path> pngs;
  for (const std::string& f : plot_files()) pngs.push_back(out.stage(f));
  const fs::path dir = pngs.front().parent_path().parent_path();
  const std::string python = python_interpreter();
  const std::string script = plot_script();
  const auto fail = [&](const std::string& why) {
    std::error_code ec;
    for (const fs::path& p : pngs) fs::remove(p, ec);
    r.plots_made = false;
    r.plots_note = why;
  };
  if (!fs::exists(script)) return fail("plot script " + script + " not found");
  const std::string cmd = shell_quote(python) + " " + shell_quote(script) + " " + shell_quote(dir.string()) + " 2>&1";
  std::string output;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return fail("cannot start " + python);
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) output += buf;
  const int status = ::pclose(pipe);
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  if (const std::size_t nl = output.rfind('\n'); nl != std::string::npos) output = output.substr(nl + 1);  // last line
  if (status != 0) {
    return fail(fmt::format("`{} {}` failed (exit status {}){}", python, script, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                            output.empty() ? "" : ": " + output));
  }
  for (const fs::path& p : pngs) {
    if (!fs::exists(p)) return fail("the plot script did not write " + p.filename().string());
  }
  r.plots_made = true;
  r.plots_note = "made with matplotlib by " + script;
}

int run_main(const RunOptions& opt) {
  // ---- everything is validated before any work ----
  if (opt.print_config) {
    std::cout << run_default_toml();
    return 0;
  }
  const config::Document doc = run_document(opt.config);
  RunConfig rc = parse_run_config(doc);
  golden::GoldenConfig& cfg = rc.golden;
  if (opt.jobs >= 0) cfg.train.threads = opt.jobs;
  fixed::check_hardware_support(doc, cfg);
  TrainingInputs in = load_training_inputs(cfg);
  fixed::check_task_for_core(cfg, rc.fixed, *in.task);
  const hardware::HardwareConfig hw = hardware::parse_hardware_config(doc);
  hardware::check_network_fits(doc, hw);
  const energy::AnalyticCore core = analytic_core(doc, cfg, rc.fixed, hw);
  std::optional<energy::EnergyTable> table;
  energy::MemoryMap memory_map;
  try {
    table = energy::load_table(rc.energy);
    memory_map = energy::build_memory_map(core.core);
  } catch (const energy::InputError& e) {
    throw BadInput(e.what());
  } catch (const std::invalid_argument& e) {
    throw BadInput(e.what());
  }
  // Evaluation records at least one trial of both engines (the report's readout and raster).
  const int record = std::max(1, record_trials(cfg));
  const int eval_trials = std::max(cfg.train.eval_trials, record);

  // The fixed core is sequential: with 2+ threads it trains beside the float model,
  // which gets the others (its results do not depend on its thread count).
  const int jobs = golden::resolve_thread_count(cfg.train.threads);
  const bool side_by_side = jobs >= 2;
  golden::Trainer float_trainer(cfg, *in.task, in.initial, side_by_side ? jobs - 1 : 1);
  fixed::Trainer fixed_trainer(cfg, rc.fixed, *in.task, in.initial);
  {
    // The SystemC model's own checks (e.g. the learning-rate shift range), before any work.
    fixed::Trainer probe = fixed_trainer;
    try {
      const systemc::Session check(doc, probe, systemc::SimulateOptions{});
    } catch (const std::invalid_argument& e) {
      throw BadInput(e.what());
    }
  }
  TrainingReport fl = new_report("float", doc, cfg, float_trainer.threads(), in.initial);
  TrainingReport fx = new_report("fixed", doc, cfg, 1, fixed_trainer.weights());
  const fixed::SynapseState initial_raw = fixed_trainer.core().synapses();
  const std::string source = opt.config ? *opt.config : std::string("embedded run configuration");
  std::cout << fmt::format("fxprop run: {} ({} iterations, {}-{}-{}); float and fixed engines{}\n", source, cfg.train.iterations,
                           cfg.network.n_in, cfg.network.n_rec, cfg.network.n_out,
                           side_by_side ? " side by side" : " one after the other");

  // ---- training ----
  {
    std::mutex mu;
    std::int64_t done_float = 0, done_fixed = 0;
    std::string status_float, status_fixed;
    Progress progress(std::cout, 2 * cfg.train.iterations, stdout_is_terminal(), "train");
    const auto report = [&](bool is_float, std::int64_t done, const golden::IterationStats& s) {
      std::lock_guard<std::mutex> lock(mu);
      (is_float ? done_float : done_fixed) = done;
      (is_float ? status_float : status_fixed) = iteration_status(cfg, s);
      progress.update(done_float + done_fixed, "float " + status_float + " | fixed " + status_fixed);
    };
    const auto train_fixed = [&] { run_training(fixed_trainer, cfg, fx, [&](std::int64_t d, const golden::IterationStats& s) { report(false, d, s); }); };
    if (side_by_side) {
      std::exception_ptr fixed_error;
      std::thread side([&] {
        try {
          train_fixed();
        } catch (...) {
          fixed_error = std::current_exception();
        }
      });
      try {
        run_training(float_trainer, cfg, fl, [&](std::int64_t d, const golden::IterationStats& s) { report(true, d, s); });
      } catch (...) {
        side.join();
        throw;
      }
      side.join();
      if (fixed_error) std::rethrow_exception(fixed_error);
    } else {
      run_training(float_trainer, cfg, fl, [&](std::int64_t d, const golden::IterationStats& s) { report(true, d, s); });
      train_fixed();
    }
    progress.finish(fmt::format("float: {} | fixed: {}", summary_line(fl), summary_line(fx)));
  }
  fl.evaluation = float_trainer.evaluate(eval_trials, record);
  fl.final_weights = float_trainer.weights();
  std::vector<fixed::RawRecord> raw;
  fx.evaluation = fixed_trainer.evaluate(eval_trials, record, &raw);
  fx.final_weights = fixed_trainer.weights();
  fx.engine_metrics = fixed_metrics(fixed_trainer);

  // ---- cycles and energy: one training batch of the trained core on the SystemC model ----
  std::cout << "fxprop run: one training batch of the trained core on the SystemC model\n" << std::flush;
  fixed::Trainer costed = fixed_trainer;  // a copy: the reported weights stay those of the training run
  systemc::SimulationReport sim;
  {
    systemc::Session session(doc, costed, systemc::SimulateOptions{});
    session.run([&] { costed.train_iteration(); });
    sim = session.report();
  }
  RunResults r;
  r.float_run = &fl;
  r.fixed_run = &fx;
  r.sim = &sim;
  r.config_source = opt.config ? "`" + *opt.config + "` over the embedded defaults"
                               : "the embedded run configuration (`fxprop run --print-config`) over the embedded defaults";
  r.lanes = hw.lanes;
  r.clock_mhz = hw.clock_mhz;
  r.power_clock_mhz = rc.energy.clock_mhz;
  // Cross-check: the cycle formulas of docs/microarchitecture.md on the same core's activity.
  r.activity = learning_trial_activity(fixed_trainer, *in.task);
  r.cycles = energy::analytic_cycles(core, r.activity);
  r.counts_source = sim.counts.counts.source;
  const energy::CountsDocument& counts = sim.counts;
  r.energy = energy::estimate(counts.counts, counts.memory_map, *table, energy::TechNode{rc.energy.tech_nm});
  r.memory_map = counts.memory_map;
  {
    const std::string analytic_source = "analytic: microarchitecture.md formulas on one trial of the fixed-point core (not simulated)";
    const energy::ActionCounts a = energy::analytic_core_counts(core, r.activity, static_cast<std::uint64_t>(cfg.train.batch), analytic_source);
    r.analytic_energy = energy::estimate(a, memory_map, *table, energy::TechNode{rc.energy.tech_nm});
  }

  // ---- the report directory, all or nothing ----
  io::OutputDir out(opt.out);
  write_training_outputs(out, fl, "float/");
  write_training_outputs(out, fx, "fixed/");
  write_fixed_outputs(out, cfg.exports, fixed_trainer, initial_raw, raw, "fixed/");
  out.write_text("config_used.toml", doc.to_toml() + "\n");
  out.write_text("counts.json", energy::counts_to_json_text(counts));
  out.write_text("energy.json", energy::report_to_json(r.energy, rc.energy.clock_mhz).dump(2) + "\n");
  out.write_text("systemc_cycles_per_phase.csv", systemc::phase_cycles_csv(sim));
  out.write_text("energy.txt", energy::report_to_text(r.energy, rc.energy.clock_mhz));
  write_run_tables(out, r);
  // metrics.json first without the plot status, so the plot script can read every figure.
  out.write_text("metrics.json", run_metrics(r).dump(2) + "\n");
  std::cout << "fxprop run: plotting\n" << std::flush;
  make_plots(out, r);
  out.write_text("metrics.json", run_metrics(r).dump(2) + "\n");
  write_run_report(out, r);
  out.commit();
  if (!r.plots_made) std::cout << "fxprop run: plots skipped: " << r.plots_note << "\n";
  std::cout << fmt::format("fxprop run: {} core cycles per batch of {} trial(s), {} pJ per SOP, {} pJ per weight update "
                           "(SystemC counts)\n",
                           sim.total_cycles, cfg.train.batch,
                           r.energy.pj_per_sop ? fmt::format("{:.2f}", *r.energy.pj_per_sop) : "n/a",
                           r.energy.pj_per_weight_update ? fmt::format("{:.2f}", *r.energy.pj_per_weight_update) : "n/a");
  std::cout << "fxprop run: report in " << (fs::path(opt.out) / "report.html").string() << " (and report.md)\n";
  return 0;
}

}  // namespace

void add_run_command(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand(
      "run", "Run the main job: train with the float and the fixed-point models, cost the core in cycles and energy, write a report "
             "(without --config: the embedded run configuration, `fxprop run --print-config`)");
  auto opt = std::make_shared<RunOptions>();
  add_config_option(*sub, opt->config);
  add_out_option(*sub, opt->out, "out/run");
  add_thread_count_option(*sub, "-j,--jobs", opt->jobs,
                          "threads (overrides train.threads; 0 = all cores). With 2 or more the fixed-point core (sequential) "
                          "trains beside the float model; results do not depend on it");
  sub->add_flag("--print-config", opt->print_config,
                "print the configuration used without --config (an overlay on `fxprop config --print-default`) and exit");
  sub->callback([opt, &exit_code] { exit_code = run_main(*opt); });
}

}  // namespace fxprop::cli
