// `fxprop train`: train a network with the float golden model and write the
// learning curve, metrics and requested exports. Every input (configuration,
// .npy files, options) is validated before the output directory is touched.
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
#include "model/run/training.h"
#include "tools/fxprop/cli_common.h"
#include "tools/fxprop/commands.h"
#include "tools/fxprop/progress.h"
#include "tools/fxprop/run_config.h"
#include "tools/fxprop/train_outputs.h"

namespace fxprop::cli {

namespace {

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
  const run::LoopResult loop = run::train_loop(trainer, cfg, [&](std::int64_t done, const golden::IterationStats& s) {
    std::string status = fmt::format("loss {:.4g}  reg {:.3g}", s.task_loss, s.reg_loss);
    if (classification) status += fmt::format("  err {:.1f} %", 100.0 * s.error_rate);
    progress.update(done, status);
  });
  if (loop.diverged) {
    throw std::runtime_error(fmt::format("training diverged at iteration {} (loss {}); lower optimizer.lr", loop.diverged_at,
                                         loop.curve.back().task_loss));
  }
  report.curve = loop.curve;
  report.validation_checks = loop.validation_checks;
  report.stopped_early = loop.stopped_early;
  report.train_seconds = loop.seconds;
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
            return run::engine_available(v) ? std::string() : run::engine_unavailable_message(v);
          },
          "ENGINE"));
  sub->callback([opt, &exit_code] { exit_code = run_train(*opt); });
}

}  // namespace fxprop::cli
