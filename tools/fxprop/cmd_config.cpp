// `fxprop config`: print the embedded defaults, or validate a file.
#include <iostream>

#include "tools/fxprop/run_config.h"
#include "tools/fxprop/cli_common.h"
#include "tools/fxprop/commands.h"
#include "tools/fxprop/default_config.h"

namespace fxprop::cli {

void add_config_command(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand("config", "Print the default configuration or validate a configuration file");
  auto print_default = std::make_shared<bool>(false);
  auto check = std::make_shared<std::string>();
  auto* p = sub->add_flag("--print-default", *print_default, "print the embedded default configuration (commented TOML)");
  auto* c = sub->add_option("--check", *check, "validate FILE: syntax, unknown fields, types, ranges and relations between fields");
  p->excludes(c);
  sub->require_option(1);
  sub->callback([print_default, check, &exit_code] {
    if (*print_default) {
      std::cout << default_config_toml();
      exit_code = 0;
      return;
    }
    const config::Document doc = load_config(*check);
    (void)parse_run_config(doc);
    std::cout << *check << ": valid\n";
    exit_code = 0;
  });
}

}  // namespace fxprop::cli
