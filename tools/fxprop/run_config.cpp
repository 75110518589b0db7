#include "tools/fxprop/run_config.h"

#include "model/golden/weights.h"
#include "model/io/npy.h"
#include "tools/fxprop/cli_common.h"

namespace fxprop::cli {

RunConfig parse_run_config(const config::Document& doc) {
  RunConfig rc;
  const config::Section run = doc.section("run");
  rc.run.seed = static_cast<std::uint64_t>(run.get_int("seed", 0, INT64_MAX));
  rc.energy = energy::parse_energy_settings(doc.section("energy"));
  rc.golden = golden::parse_config(doc, golden::config_directory(doc));
  rc.fixed = fixed::parse_fixed_config(doc);
  try {
    golden::check_init_files(rc.golden);
  } catch (const io::NpyError& e) {
    throw BadInput(e.what());
  }
  return rc;
}

}  // namespace fxprop::cli
