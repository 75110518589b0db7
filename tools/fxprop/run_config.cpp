#include "tools/fxprop/run_config.h"

namespace fxprop::cli {

RunConfig parse_run_config(const config::Document& doc) {
  RunConfig rc;
  const config::Section run = doc.section("run");
  rc.run.seed = static_cast<std::uint64_t>(run.get_int("seed", 0, INT64_MAX));
  rc.energy = energy::parse_energy_settings(doc.section("energy"));
  return rc;
}

}  // namespace fxprop::cli
