#include "model/fixed/fixed_config.h"

#include <string>

#include <fmt/format.h>

#include "model/tasks/task_config.h"

namespace fxprop::fixed {

namespace {

std::string quoted(const std::string& s) { return '"' + s + '"'; }

void check_width(const config::Section& s, const char* k, const std::string& text, const fxp::Format& f) {
  if (!f.is_signed && f.width == 64) {
    s.fail(k, quoted(text), "unsigned 64-bit formats are not supported by the learning-core model (raws live in int64 arrays); use at most u63 or a signed format");
  }
}

fxp::Spec parse_site(const config::Section& s, Site site) {
  const char* k = key(site);
  const std::string text = s.get_string(k);
  fxp::Spec spec;
  try {
    spec = fxp::parse_spec(text);
    fxp::check_spec(spec, k);
  } catch (const fxp::FormatError& e) {
    s.fail(k, quoted(text), e.what());
  }
  check_width(s, k, text, spec.fmt);
  return spec;
}

fxp::Format parse_host(const config::Section& s, HostValue v) {
  const char* k = key(v);
  const std::string text = s.get_string(k);
  if (text.find(' ') != std::string::npos) {
    s.fail(k, quoted(text),
           "a format only, e.g. \"u16.15\": the host quantises this value once with round-to-nearest, so it has no rounding or overflow mode");
  }
  fxp::Format f;
  try {
    f = fxp::parse_format(text);
  } catch (const fxp::FormatError& e) {
    s.fail(k, quoted(text), e.what());
  }
  check_width(s, k, text, f);
  return f;
}

}  // namespace

FixedConfig parse_fixed_config(const config::Document& doc) {
  FixedConfig c;
  const config::Section fixed = doc.section("fixed");
  c.lr_mode = fixed.get_choice("lr_mode", {"shift", "multiplier"}) == "shift" ? LrMode::kShift : LrMode::kMultiplier;
  c.stats = fixed.get_bool("stats");
  const config::Section formats = doc.section("fixed.formats");
  for (int i = 0; i < kSiteCount; ++i) c.site_spec[static_cast<std::size_t>(i)] = parse_site(formats, static_cast<Site>(i));
  for (int i = 0; i < kHostValueCount; ++i) {
    c.host_format[static_cast<std::size_t>(i)] = parse_host(formats, static_cast<HostValue>(i));
  }
  return c;
}

void check_hardware_support(const config::Document& doc, const golden::GoldenConfig& cfg) {
  const config::Section net = doc.section("network");
  const config::Section learning = doc.section("learning");
  const config::Section opt = doc.section("optimizer");
  const golden::LearningConfig& l = cfg.learning;
  if (l.rule == golden::Rule::kBptt) {
    learning.fail("rule", "\"bptt\"",
                  "the learning core learns online with e-prop (BPTT needs the whole trial stored); set learning.rule = \"eprop\" for engine fixed");
  }
  if (l.rule == golden::Rule::kRflo) {
    learning.fail("rule", "\"rflo\"",
                  "the learning core has spiking neurons and learns with e-prop (RFLO trains rate units); set learning.rule = \"eprop\" and network.neuron_form = \"a\" or \"b\" for engine fixed");
  }
  if (!cfg.network.spiking()) {
    net.fail("neuron_form", "\"rate\"",
             "the learning core has spiking LIF/ALIF neurons only; set network.neuron_form = \"a\" or \"b\" for engine fixed");
  }
  if (l.feedback == golden::Feedback::kAdaptive) {
    learning.fail("feedback", "\"adaptive\"",
                  "adaptive feedback (B trained like W_out, with weight decay) is not a hardware feature of the learning core; set learning.feedback = \"symmetric\" or \"random\" for engine fixed");
  }
  if (tasks::is_classification(cfg.task.name) && l.classification_loss == golden::ClassificationLoss::kCrossEntropy) {
    learning.fail("classification_loss", "\"cross_entropy\"",
                  "softmax cross-entropy is not a hardware feature of the learning core (no exp/log); set learning.classification_loss = \"mse\" for engine fixed");
  }
  if (l.c_reg > 0.0) {
    learning.fail("c_reg", fmt::format("{}", l.c_reg),
                  "the learning core has no firing-rate regulariser; set learning.c_reg = 0 for engine fixed");
  }
  if (l.loss_reduction == golden::LossReduction::kMean) {
    learning.fail("loss_reduction", "\"mean\"",
                  "the learning core sums the gradient over the loss window (it does not divide); set learning.loss_reduction = \"sum\" and divide optimizer.lr by the window length for engine fixed");
  }
  if (cfg.optimizer.kind == golden::OptimizerKind::kAdam) {
    opt.fail("name", "\"adam\"",
             "the learning core updates weights with SGD (no moment memories, no square root); set optimizer.name = \"sgd\" for engine fixed");
  }
  if (cfg.optimizer.weight_decay > 0.0) {
    opt.fail("weight_decay", fmt::format("{}", cfg.optimizer.weight_decay),
             "the learning core has no weight decay; set optimizer.weight_decay = 0 for engine fixed");
  }
}

}  // namespace fxprop::fixed
