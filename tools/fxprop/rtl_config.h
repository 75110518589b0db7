// The RTL configuration file (rtl/cfg/<name>/fxprop_cfg.svh) generated from the same TOML
// configuration the models read: [hardware] (lanes, maxima) and [fixed.formats] (every
// variable's width, fraction, signedness, rounding, overflow and random bits). Only the
// block between the BEGIN/END GENERATED CONFIGURATION markers is generated; the rest of the
// file (its explanatory header) is kept.
#pragma once

#include <string>

#include "model/fixed/fixed_config.h"
#include "model/hardware/hardware_config.h"

namespace fxprop::cli {

// The generated block, markers included. `name` identifies the configuration: its first
// four characters (ASCII, zero-padded) are CfgId, reported by CSR CFG_ID.
std::string rtl_config_block(const hardware::HardwareConfig& hw, const fixed::FixedConfig& fx, const std::string& name);

// `file_text` with its BEGIN ... END block replaced by `block`; throws std::invalid_argument
// if the markers are missing.
std::string replace_rtl_config_block(const std::string& file_text, const std::string& block);

}  // namespace fxprop::cli
