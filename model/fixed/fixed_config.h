// The [fixed] configuration of the fixed-point learning-core model: one Spec per
// variable the core writes (Site), one format per value the host writes once
// (HostValue), how the learning rate is applied, and whether to count.
#pragma once

#include <array>

#include "fixedpoint/format.h"
#include "fixedpoint/modes.h"
#include "model/config/config_reader.h"
#include "model/fixed/variables.h"
#include "model/golden/golden_config.h"

namespace fxprop::fixed {

// How optimizer.lr reaches the weights:
//   shift       W - g 2^-n, exact (a change of fraction bits); lr must be 2^-n
//   multiplier  W - lr_q g with lr_q = lr quantised into fixed.formats.lr
enum class LrMode { kShift, kMultiplier };

struct FixedConfig {
  std::array<fxp::Spec, kSiteCount> site_spec;
  std::array<fxp::Format, kHostValueCount> host_format;
  LrMode lr_mode = LrMode::kShift;
  bool stats = true;  // per-site counters (fxp::Stats); off: no counting code runs

  const fxp::Spec& spec(Site s) const { return site_spec[static_cast<std::size_t>(index(s))]; }
  const fxp::Format& format(Site s) const { return spec(s).fmt; }
  const fxp::Format& format(HostValue v) const { return host_format[static_cast<std::size_t>(index(v))]; }
};

// Parses [fixed] and [fixed.formats]. Sites take "<format> <rounding> <overflow>",
// host values a bare "<format>". Unsigned 64-bit formats are refused (state is
// kept in int64 arrays). Throws config::ConfigError naming the field.
FixedConfig parse_fixed_config(const config::Document& doc);

// The features of the golden model the learning core does not have (rate units,
// BPTT, RFLO, adaptive feedback, softmax cross-entropy, Adam, weight decay, the
// firing-rate regulariser, the "mean" loss reduction): throws ConfigError naming
// the field and saying how to configure for the fixed engine instead.
void check_hardware_support(const config::Document& doc, const golden::GoldenConfig& cfg);

}  // namespace fxprop::fixed
