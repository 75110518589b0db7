// fxprop: fixed-point emulator of an e-prop / RFLO on-chip learning core.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "model/config/config_error.h"
#include "tools/fxprop/cli_common.h"
#include "tools/fxprop/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"fxprop: bit-accurate emulator of an on-chip e-prop/RFLO learning core"};
  app.set_version_flag("--version", std::string("fxprop ") + FXPROP_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  fxprop::cli::add_config_command(app, exit_code);
  fxprop::cli::add_run_command(app, exit_code);
  fxprop::cli::add_energy_command(app, exit_code);
  fxprop::cli::add_train_command(app, exit_code);
  fxprop::cli::add_quantize_command(app, exit_code);
  fxprop::cli::add_sweep_command(app, exit_code);
  fxprop::cli::add_cosim_command(app, exit_code);
  fxprop::cli::add_rtl_config_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : fxprop::cli::kExitBadInput;
  } catch (const fxprop::config::ConfigError& e) {
    std::cerr << "fxprop: error: " << e.what() << '\n';
    return fxprop::cli::kExitBadInput;
  } catch (const fxprop::cli::BadInput& e) {
    std::cerr << "fxprop: error: " << e.what() << '\n';
    return fxprop::cli::kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "fxprop: error: " << e.what() << '\n';
    return fxprop::cli::kExitFailure;
  }
  return exit_code;
}
