// `fxprop train`: train a network with the float golden model and write the
// learning curve, metrics and requested exports. Every input (configuration,
// .npy files, options) is validated before the output directory is touched.
#include <chrono>
#include <cmath>
#include <iostream>
#include <cstdint>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "model/golden/configured_task.h"
#include "model/golden/trainer.h"
#include "model/golden/weights.h"
#include "model/io/npy.h"
#include "model/io/output_dir.h"
#include "tools/fxprop/cli_common.h"
#include "tools/fxprop/commands.h"
#include "tools/fxprop/progress.h"
#include "tools/fxprop/run_config.h"
#include "tools/fxprop/train_outputs.h"

namespace fxprop::cli {

namespace {

// Engines this build can train with (the fixed-point and SystemC engines register here later).
const std::vector<std::string>& available_engines() {
  static const std::vector<std::string> engines{"float"};
  return engines;
}

struct TrainOptions {
  std::optional<std::string> config;
  std::string out;
  int threads = -1;  // -1: train.threads from the configuration
  std::string engine = "float";
};

int run_train(const TrainOptions& opt) {
  const config::Document doc = load_config(opt.config);
  RunConfig rc = parse_run_config(doc);
  golden::GoldenConfig& cfg = rc.golden;
  if (opt.threads >= 0) cfg.train.threads = opt.threads;

  golden::Weights initial;
  std::unique_ptr<tasks::Task> task;
  try {
    initial = golden::initial_weights(cfg);
    task = golden::make_configured_task(cfg);
  } catch (const io::NpyError& e) {
    throw BadInput(e.what());
  } catch (const std::invalid_argument& e) {
    throw BadInput(e.what());
  }

  golden::Trainer trainer(cfg, *task, initial, cfg.train.threads);
  TrainingReport report;
  report.engine = opt.engine;
  report.cfg = cfg;
  report.config_toml = doc.to_toml();
  report.threads = trainer.threads();
  report.initial = std::move(initial);

  const bool classification = tasks::is_classification(cfg.task.name);
  Progress progress(std::cout, cfg.train.iterations, stdout_is_terminal(), "train");
  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t it = 0; it < cfg.train.iterations; ++it) {
    const golden::IterationStats s = trainer.train_iteration();
    report.curve.push_back(s);
    if (!std::isfinite(s.task_loss) || !std::isfinite(s.reg_loss)) {
      throw std::runtime_error(fmt::format("training diverged at iteration {} (loss {}); lower optimizer.lr", it, s.task_loss));
    }
    std::string status = fmt::format("loss {:.4g}  reg {:.3g}", s.task_loss, s.reg_loss);
    if (classification) status += fmt::format("  err {:.1f} %", 100.0 * s.error_rate);
    progress.update(it + 1, status);
    // The authors' criterion: a batch below the threshold is confirmed on 8 fresh batches.
    if (classification && cfg.train.stop_below_error > 0.0 && s.error_rate < cfg.train.stop_below_error) {
      const int n = 8 * cfg.train.batch;
      const double error = trainer.validation_error(n, report.validation_checks.size() * static_cast<std::uint64_t>(n));
      report.validation_checks.push_back({it, error});
      if (error < cfg.train.stop_below_error) {
        report.stopped_early = true;
        break;
      }
    }
  }
  report.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool records = cfg.exports.spikes || cfg.exports.membranes || cfg.exports.readout;
  report.evaluation = trainer.evaluate(cfg.train.eval_trials, records ? cfg.exports.record_trials : 0);
  report.final_weights = trainer.weights();
  report.last_gradient = &trainer.last_gradient();
  progress.finish(summary_line(report));

  io::OutputDir out(opt.out);
  write_training_outputs(out, report);
  out.commit();
  std::cout << "fxprop train: results in " << opt.out << "\n";
  return 0;
}

}  // namespace

void add_train_command(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand("train", "Train a network with the float golden model (e-prop, BPTT or RFLO)");
  auto opt = std::make_shared<TrainOptions>();
  add_config_option(*sub, opt->config);
  add_out_option(*sub, opt->out, "out/train");
  sub->add_option("-j,--threads", opt->threads, "worker threads (overrides train.threads; 0 = all cores); results do not depend on it")
      ->check(CLI::Range(0, 4096));
  sub->add_option("--engine", opt->engine, "model that trains: float (the golden model)")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            for (const auto& e : available_engines()) {
              if (v == e) return {};
            }
            return "engine '" + v + "' is not available in this build (available: float)";
          },
          "ENGINE"));
  sub->callback([opt, &exit_code] { exit_code = run_train(*opt); });
}

}  // namespace fxprop::cli
