// Conventions shared by every `fxprop` subcommand: `--config FILE`, `--out DIR`,
// `--json`, and how errors reach the user (one line naming field, value and
// what is allowed; non-zero exit; nothing written).
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "model/config/config_reader.h"

namespace fxprop::cli {

// Exit codes: 0 success, 1 the run itself failed (e.g. a co-simulation mismatch),
// 2 bad input (configuration, files, command-line values).
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

// Thrown for bad command-line values that CLI11 cannot validate by itself.
struct BadInput : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void add_config_option(CLI::App& app, std::optional<std::string>& path);
void add_out_option(CLI::App& app, std::string& dir, const std::string& default_dir);
// A thread or job count option (`names`, e.g. "-j,--jobs"), 0 = all cores, checked to [0, 4096].
CLI::Option* add_thread_count_option(CLI::App& app, const std::string& names, int& count, const std::string& help);

// Defaults overlaid with the user's file (if any).
config::Document load_config(const std::optional<std::string>& path);

// True when stdout is a terminal (progress bars vs plain lines).
bool stdout_is_terminal();

}  // namespace fxprop::cli
