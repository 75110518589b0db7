#include "model/run/training.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

#include "model/fixed/constants.h"
#include "model/fixed/datapath.h"
#include "model/fixed/fixed_config.h"
#include "model/fixed/host_io.h"
#include "model/fixed/trainer.h"
#include "model/golden/configured_task.h"
#include "model/golden/weights.h"
#include "model/io/npy.h"
#include "model/systemc/simulate.h"

namespace fxprop::run {

const std::vector<std::string>& available_engines() {
  static const std::vector<std::string> engines{"float", "fixed", "systemc"};
  return engines;
}

bool engine_available(std::string_view engine) {
  for (const auto& e : available_engines()) {
    if (e == engine) return true;
  }
  return false;
}

std::string engine_unavailable_message(std::string_view engine) {
  std::string list;
  for (const auto& e : available_engines()) list += (list.empty() ? "" : ", ") + e;
  return "engine '" + std::string(engine) + "' is not available in this build (available: " + list + ")";
}

namespace {

// The figures every engine reports, from its loop and its final evaluation.
template <class TrainerT>
Metrics finish_metrics(std::string engine, TrainerT& trainer, const golden::GoldenConfig& cfg, const LoopResult& loop) {
  Metrics m;
  m.engine = std::move(engine);
  m.classification = tasks::is_classification(cfg.task.name);
  m.iterations = static_cast<std::int64_t>(loop.curve.size());
  m.stopped_early = loop.stopped_early;
  m.diverged = loop.diverged;
  m.last_batch_loss = loop.curve.empty() ? 0.0 : loop.curve.back().task_loss;
  if (loop.diverged) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m.loss = m.error_rate = m.nmse = m.mse = m.mean_rate_hz = nan;
  } else {
    const golden::EvaluationResult e = trainer.evaluate(cfg.train.eval_trials, 0);
    m.loss = e.task_loss;
    m.error_rate = e.error_rate;
    m.nmse = e.nmse;
    m.mse = e.mse;
    m.mean_rate_hz = e.mean_rate_hz;
    // A finite training loss can still end in a non-finite evaluation.
    if (!std::isfinite(m.loss)) m.diverged = true;
  }
  return m;
}

void load_inputs(const golden::GoldenConfig& cfg, golden::Weights& initial, std::unique_ptr<tasks::Task>& task) {
  try {
    initial = golden::initial_weights(cfg);
    task = golden::make_configured_task(cfg);
  } catch (const io::NpyError& e) {
    throw std::invalid_argument(e.what());
  }
}

Metrics evaluate_float(const golden::GoldenConfig& parsed, int threads) {
  golden::GoldenConfig cfg = parsed;
  cfg.train.threads = threads;
  golden::Weights initial;
  std::unique_ptr<tasks::Task> task;
  load_inputs(cfg, initial, task);
  golden::Trainer trainer(cfg, *task, std::move(initial), threads);
  const auto start = std::chrono::steady_clock::now();
  const LoopResult loop = train_loop(trainer, cfg, nullptr);
  Metrics m = finish_metrics("float", trainer, cfg, loop);
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return m;
}

// The fixed engine's checks that need no training (the Trainer's constructor repeats the
// constants and the datapath; they are cheap).
fixed::FixedConfig check_fixed(const config::Document& doc, const golden::GoldenConfig& cfg, const tasks::Task& task) {
  fixed::check_hardware_support(doc, cfg);
  fixed::FixedConfig fx = fixed::parse_fixed_config(doc);
  (void)fixed::build_datapath(cfg, fx, fixed::quantise_constants(cfg, fx));
  fixed::check_task_for_core(cfg, fx, task);
  return fx;
}

golden::GoldenConfig parse_for_engine(const config::Document& doc) {
  const golden::GoldenConfig cfg = golden::parse_config(doc, golden::config_directory(doc));
  try {
    golden::check_init_files(cfg);
  } catch (const io::NpyError& e) {
    throw std::invalid_argument(e.what());
  }
  return cfg;
}

// What the fixed and SystemC engines add to finish_metrics: the core's per-site value
// statistics (when fx.stats) and the wall time since `start`.
void add_core_stats_and_time(Metrics& m, fixed::Trainer& trainer, const fixed::FixedConfig& fx,
                             std::chrono::steady_clock::time_point start) {
  if (fx.stats) {
    for (int s = 0; s < fixed::kSiteCount; ++s) {
      const auto site = static_cast<fixed::Site>(s);
      m.stats[fixed::key(site)] = trainer.core().sites().stats(site);
    }
  }
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The core is sequential: one thread whatever `threads` says (a sweep parallelises points).
Metrics evaluate_fixed(const config::Document& doc, const golden::GoldenConfig& cfg) {
  golden::Weights initial;
  std::unique_ptr<tasks::Task> task;
  load_inputs(cfg, initial, task);
  const fixed::FixedConfig fx = check_fixed(doc, cfg, *task);
  fixed::Trainer trainer(cfg, fx, *task, initial);
  const auto start = std::chrono::steady_clock::now();
  const LoopResult loop = train_loop(trainer, cfg, nullptr);
  Metrics m = finish_metrics("fixed", trainer, cfg, loop);
  add_core_stats_and_time(m, trainer, fx, start);
  return m;
}

// The fixed core in the SystemC model: the same metrics (bit-identical state), timed.
// SystemC runs one simulation at a time per process (Session serialises them).
Metrics evaluate_systemc(const config::Document& doc, const golden::GoldenConfig& cfg) {
  fixed::check_hardware_support(doc, cfg);
  const fixed::FixedConfig fx = fixed::parse_fixed_config(doc);
  golden::Weights initial;
  std::unique_ptr<tasks::Task> task;
  load_inputs(cfg, initial, task);
  fixed::check_task_for_core(cfg, fx, *task);
  fixed::Trainer trainer(cfg, fx, *task, initial);
  const auto start = std::chrono::steady_clock::now();
  Metrics m;
  systemc::Session session(doc, trainer, systemc::SimulateOptions{});
  session.run([&] {
    const LoopResult loop = train_loop(trainer, cfg, nullptr);
    m = finish_metrics("systemc", trainer, cfg, loop);
  });
  add_core_stats_and_time(m, trainer, fx, start);
  return m;
}

}  // namespace

void check_engine(const config::Document& doc, std::string_view engine) {
  const golden::GoldenConfig cfg = parse_for_engine(doc);
  if (engine == "float") return;
  if (engine != "fixed") throw std::invalid_argument(engine_unavailable_message(engine));
  std::unique_ptr<tasks::Task> task;
  try {
    task = golden::make_configured_task(cfg);
  } catch (const io::NpyError& e) {
    throw std::invalid_argument(e.what());
  }
  (void)check_fixed(doc, cfg, *task);
}

Metrics evaluate(const config::Document& doc, std::string_view engine, int threads) {
  const golden::GoldenConfig cfg = parse_for_engine(doc);
  if (engine == "fixed") return evaluate_fixed(doc, cfg);
  if (engine == "systemc") return evaluate_systemc(doc, cfg);
  if (engine == "float") return evaluate_float(cfg, threads);
  throw std::invalid_argument(engine_unavailable_message(engine));
}

double metric_value(const Metrics& m, std::string_view name) {
  if (name == "loss") return m.loss;
  if (name == "error_rate") return m.error_rate;
  if (name == "nmse") return m.nmse;
  if (name == "mse") return m.mse;
  throw std::invalid_argument("unknown metric '" + std::string(name) + "' (allowed: loss, error_rate, nmse, mse)");
}

std::string resolve_metric(std::string_view name, bool classification) {
  if (name == "auto") return classification ? "error_rate" : "nmse";
  return std::string(name);
}

}  // namespace fxprop::run
