#include "model/energy/settings.h"

#include <fstream>
#include <optional>

#include "model/energy/input_error.h"

namespace fxprop::energy {

EnergySettings parse_energy_settings(const config::Section& energy) {
  EnergySettings s;
  s.table_path = energy.get_string("table");
  s.tech_nm = static_cast<int>(energy.get_int("tech_nm", 1, 1000));
  s.clock_mhz = energy.get_double("clock_mhz", 0.0, 1e5, /*min_exclusive=*/true);
  if (!s.table_path.empty() && !std::ifstream(s.table_path).good()) {
    energy.fail("table", '"' + s.table_path + '"',
                "file cannot be opened (missing or unreadable; \"\" = the built-in table; relative paths are relative to "
                "the working directory)");
  }
  std::optional<EnergyTable> table;
  try {
    table = load_table(s);
  } catch (const InputError& e) {
    energy.fail("table", '"' + s.table_path + '"', std::string("must name a valid energy table file (\"\" = built-in): ") + e.what());
  }
  if (!table->has_node(s.tech_nm)) {
    energy.fail("tech_nm", std::to_string(s.tech_nm),
                "must be one of the nodes of energy table '" + table->name() + "': " + table->node_list());
  }
  return s;
}

EnergyTable load_table(const EnergySettings& s) { return EnergyTable::load(s.table_path); }

}  // namespace fxprop::energy
