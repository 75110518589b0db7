#include "model/sweep/eval.h"

#include <chrono>
#include <limits>
#include <cmath>
#include <stdexcept>

#include <toml++/toml.h>

#include "fixedpoint/modes.h"
#include "model/energy/estimate.h"
#include "model/golden/weights.h"
#include "model/io/npy.h"
#include "model/run/training.h"
#include "model/sweep/hash.h"
#include "model/sweep/toml_util.h"
#include "model/tasks/task_config.h"

namespace fxprop::sweep {

config::Document point_document(const Spec& spec, const Point& p, std::string_view defaults_toml) {
  toml::table overlay = toml::parse(spec.base_overlay);
  for (const Override& o : p.overrides) set_field(overlay, o.field, o.toml);
  set_field(overlay, "run.seed", std::to_string(p.seed));
  return config::Document::from_strings(defaults_toml, to_toml_text(overlay), spec.base_source);
}

energy::CoreDescription core_description(const config::Document& doc, const golden::GoldenConfig& cfg) {
  energy::CoreDescription c;
  c.n_in = cfg.network.n_in;
  c.n_rec = cfg.network.n_rec;
  c.n_out = cfg.network.n_out;
  c.n_alif = cfg.network.n_alif;
  c.n_ref = cfg.network.form == golden::NeuronForm::kB ? cfg.network.n_ref : 0;
  c.variant = cfg.learning.eligibility == golden::Eligibility::kExact ? energy::LearningVariant::exact
                                                                      : energy::LearningVariant::factorised;
  c.schedule = cfg.learning.schedule == golden::Schedule::kOnline ? energy::UpdateSchedule::online : energy::UpdateSchedule::per_trial;
  c.feedback = cfg.learning.feedback == golden::Feedback::kSymmetric ? energy::FeedbackKind::symmetric : energy::FeedbackKind::random;
  const config::Section formats = doc.section("fixed.formats");
  auto width = [&](const char* name) {
    try {
      const std::string text = formats.get_string(name);
      // Sites are "<format> <rounding> <overflow>", values the host writes a bare format.
      return text.find(' ') == std::string::npos ? fxp::parse_format(text).width : fxp::parse_spec(text).fmt.width;
    } catch (const fxp::FormatError& e) {
      formats.fail(name, '"' + formats.get_string(name) + '"', e.what());
    }
  };
  energy::VariableBits& b = c.bits;
  b.w_in = width("w_in");
  b.w_rec = width("w_rec");
  b.w_out = width("w_out");
  b.b = width("b");
  b.i_syn = width("i_syn");
  b.v = width("v");
  b.a = width("a");
  b.y = width("y");
  b.zbar = width("zbar");
  b.zbar_out = width("zbar_out");
  b.psi = width("psi");
  b.l = width("l");
  b.err = width("err");
  b.ebar = width("ebar");
  b.eps_a = width("eps_a");
  b.grad_acc = width("grad_acc");
  return c;
}

nlohmann::json memory_figures(const energy::CoreDescription& core) {
  const energy::MemoryMap map = energy::build_memory_map(core);
  using energy::MemoryRole;
  const double synapses = static_cast<double>(map.synapses);
  const double neurons = static_cast<double>(map.neurons);
  return {
      {"learning_bits_per_synapse", static_cast<double>(map.bits_of(MemoryRole::learning_per_synapse)) / synapses},
      {"learning_bits_per_neuron", static_cast<double>(map.bits_of(MemoryRole::learning_per_neuron)) / neurons},
      {"weight_bits_per_synapse", static_cast<double>(map.bits_of(MemoryRole::inference_weights)) / synapses},
      {"inference_bits", map.inference_bits()},
      {"learning_bits", map.learning_bits()},
      {"total_bits", map.inference_bits() + map.learning_bits()},
      {"synapses", map.synapses},
      {"neurons", map.neurons},
  };
}

namespace {

golden::GoldenConfig parse_checked(const config::Document& doc) {
  golden::GoldenConfig cfg = golden::parse_config(doc, golden::config_directory(doc));
  try {
    golden::check_init_files(cfg);
  } catch (const io::NpyError& e) {
    throw std::invalid_argument(e.what());
  }
  return cfg;
}

nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

nlohmann::json stats_json(const fxp::Stats& s) {
  return {{"requants", s.requants},       {"inexact", s.inexact}, {"to_zero", s.to_zero},
          {"saturations", s.saturations}, {"wraps", s.wraps},     {"zeroings", s.zeroings},
          {"max_magnitude_bits", s.max_magnitude_bits()}};
}

}  // namespace

void check_point(const Spec& spec, const Point& p, std::string_view defaults_toml) {
  const config::Document doc = point_document(spec, p, defaults_toml);
  const golden::GoldenConfig cfg = parse_checked(doc);
  (void)memory_figures(core_description(doc, cfg));
}

nlohmann::json evaluate_point(const Spec& spec, const Point& p, std::string_view defaults_toml) {
  const config::Document doc = point_document(spec, p, defaults_toml);
  const golden::GoldenConfig cfg = parse_checked(doc);
  const nlohmann::json memory = memory_figures(core_description(doc, cfg));
  // An engine may refuse a configuration that validates (e.g. the fixed engine's check that a
  // decay constant does not quantise to 0 at a narrow `constants` width): that is a result of
  // the point (status "rejected", no metrics), not a reason to stop the sweep.
  run::Metrics m;
  std::string rejected;
  try {
    m = run::evaluate(doc, p.engine, 1);
  } catch (const config::ConfigError& e) {
    rejected = e.what();
  } catch (const std::invalid_argument& e) {
    rejected = e.what();
  }
  if (!rejected.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m = run::Metrics{};
    m.engine = p.engine;
    m.loss = m.error_rate = m.nmse = m.mse = m.last_batch_loss = m.mean_rate_hz = nan;
    m.classification = tasks::is_classification(cfg.task.name);
  }

  nlohmann::json overrides = nlohmann::json::object();
  for (const Override& o : p.overrides) overrides[o.field] = o.json;
  nlohmann::json metrics = {
      {"loss", number_or_null(m.loss)},
      {"error_rate", number_or_null(m.error_rate)},
      {"nmse", number_or_null(m.nmse)},
      {"mse", number_or_null(m.mse)},
      {"last_batch_loss", number_or_null(m.last_batch_loss)},
      {"mean_rate_hz", number_or_null(m.mean_rate_hz)},
      {"iterations", m.iterations},
      {"stopped_early", m.stopped_early},
      {"classification", m.classification},
  };
  if (m.classification) metrics["accuracy"] = number_or_null(1.0 - m.error_rate);
  nlohmann::json stats = nlohmann::json::object();
  for (const auto& [name, s] : m.stats) stats[name] = stats_json(s);
  const std::string key = p.key();
  nlohmann::json record = {
      {"kind", "point"},
      {"key", key},
      {"id", hex64(fnv1a64(key))},
      {"engine", p.engine},
      {"seed", p.seed},
      {"overrides", overrides},
      {"config_hash", hex64(fnv1a64(doc.to_toml()))},
      {"status", m.diverged ? "diverged" : "ok"},
      {"metrics", metrics},
      {"memory", memory},
      {"stats", stats},
  };
  if (!rejected.empty()) {
    record["status"] = "rejected";
    record["error"] = rejected;
  }
  return record;
}

}  // namespace fxprop::sweep
