// Each subcommand registers itself on the root app; its callback stores the
// exit code in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace fxprop::cli {

void add_config_command(CLI::App& root, int& exit_code);
void add_run_command(CLI::App& root, int& exit_code);
void add_energy_command(CLI::App& root, int& exit_code);
void add_train_command(CLI::App& root, int& exit_code);
void add_quantize_command(CLI::App& root, int& exit_code);
void add_sweep_command(CLI::App& root, int& exit_code);
void add_cosim_command(CLI::App& root, int& exit_code);
void add_rtl_config_command(CLI::App& root, int& exit_code);

}  // namespace fxprop::cli
