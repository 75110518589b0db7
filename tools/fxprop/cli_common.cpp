#include "tools/fxprop/cli_common.h"

#include <unistd.h>

#include "tools/fxprop/default_config.h"

namespace fxprop::cli {

void add_config_option(CLI::App& app, std::optional<std::string>& path) {
  app.add_option("-c,--config", path, "TOML configuration; fields not given keep their defaults (see `fxprop config --print-default`)");
}

void add_out_option(CLI::App& app, std::string& dir, const std::string& default_dir) {
  dir = default_dir;
  app.add_option("-o,--out", dir, "output directory (created; files appear only when the run succeeds)")
      ->capture_default_str();
}

CLI::Option* add_thread_count_option(CLI::App& app, const std::string& names, int& count, const std::string& help) {
  return app.add_option(names, count, help)->check(CLI::Range(0, 4096));
}

config::Document load_config(const std::optional<std::string>& path) {
  return config::Document::load(default_config_toml(), path);
}

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }

}  // namespace fxprop::cli
