// The whole configuration of a run, parsed and validated: one struct per part
// of the tool, each parsed by the part that owns it. `fxprop config --check`
// is exactly this parse.
#pragma once

#include <cstdint>

#include "model/config/config_reader.h"
#include "model/energy/settings.h"
#include "model/fixed/fixed_config.h"
#include "model/golden/golden_config.h"

namespace fxprop::cli {

struct RunSettings {
  std::uint64_t seed = 1;
};

struct RunConfig {
  RunSettings run;
  energy::EnergySettings energy;
  golden::GoldenConfig golden;
  fixed::FixedConfig fixed;  // [fixed]: formats and options of `--engine fixed`
};

// Throws config::ConfigError for bad fields and cli::BadInput for unusable .npy files.
RunConfig parse_run_config(const config::Document& doc);

}  // namespace fxprop::cli
