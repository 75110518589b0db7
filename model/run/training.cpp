#include "model/run/training.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

#include "model/golden/configured_task.h"
#include "model/golden/weights.h"
#include "model/io/npy.h"

namespace fxprop::run {

const std::vector<std::string>& available_engines() {
  // The fixed-point engine registers here when model/fixed/ lands (and in evaluate() below).
  static const std::vector<std::string> engines{"float"};
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

LoopResult train_loop(golden::Trainer& trainer, const golden::GoldenConfig& cfg, const IterationCallback& on_iteration) {
  LoopResult r;
  const bool classification = tasks::is_classification(cfg.task.name);
  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t it = 0; it < cfg.train.iterations; ++it) {
    const golden::IterationStats s = trainer.train_iteration();
    r.curve.push_back(s);
    if (!std::isfinite(s.task_loss) || !std::isfinite(s.reg_loss)) {
      r.diverged = true;
      r.diverged_at = it;
      break;
    }
    if (on_iteration) on_iteration(it + 1, s);
    // The authors' criterion: a batch below the threshold is confirmed on 8 fresh batches.
    if (classification && cfg.train.stop_below_error > 0.0 && s.error_rate < cfg.train.stop_below_error) {
      const int n = 8 * cfg.train.batch;
      const double error = trainer.validation_error(n, r.validation_checks.size() * static_cast<std::uint64_t>(n));
      r.validation_checks.push_back({it, error});
      if (error < cfg.train.stop_below_error) {
        r.stopped_early = true;
        break;
      }
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

namespace {

Metrics evaluate_float(const golden::GoldenConfig& parsed, int threads) {
  golden::GoldenConfig cfg = parsed;
  cfg.train.threads = threads;
  golden::Weights initial;
  std::unique_ptr<tasks::Task> task;
  try {
    initial = golden::initial_weights(cfg);
    task = golden::make_configured_task(cfg);
  } catch (const io::NpyError& e) {
    throw std::invalid_argument(e.what());
  }
  golden::Trainer trainer(cfg, *task, std::move(initial), threads);
  const auto start = std::chrono::steady_clock::now();
  const LoopResult loop = train_loop(trainer, cfg, nullptr);
  Metrics m;
  m.engine = "float";
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
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return m;
}

}  // namespace

Metrics evaluate(const config::Document& doc, std::string_view engine, int threads) {
  const golden::GoldenConfig cfg = golden::parse_config(doc, golden::config_directory(doc));
  try {
    golden::check_init_files(cfg);
  } catch (const io::NpyError& e) {
    throw std::invalid_argument(e.what());
  }
  // The one place an engine plugs in: `if (engine == "fixed") return fixed::evaluate(doc, cfg, threads);`
  // (reading [fixed.formats] from `doc` and filling Metrics::stats).
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
