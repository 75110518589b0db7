// The [energy] section of a configuration: which technology node, which
// energy table and which clock the estimate uses. Defaults live only in
// tools/fxprop/default_config.toml.
#pragma once

#include <string>

#include "model/config/config_reader.h"
#include "model/energy/energy_table.h"

namespace fxprop::energy {

struct EnergySettings {
  int tech_nm = 0;
  std::string table_path;  // "" = built-in table
  double clock_mhz = 0;    // > 0: clock for the average dynamic power figure
};

// Reads and validates the section (ConfigError naming energy.<field>): the
// table file must exist and be a valid table, and tech_nm one of its nodes.
EnergySettings parse_energy_settings(const config::Section& energy);

// The table the settings name (built-in if table_path is empty).
EnergyTable load_table(const EnergySettings& s);

}  // namespace fxprop::energy
