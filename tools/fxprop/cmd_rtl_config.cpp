// `fxprop rtl-config`: the RTL configuration (rtl/cfg/<name>/fxprop_cfg.svh) from the TOML
// the models read ([hardware] and [fixed.formats]); tools/fxprop/rtl_config.h.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "model/fixed/fixed_config.h"
#include "model/hardware/hardware_config.h"
#include "tools/fxprop/cli_common.h"
#include "tools/fxprop/commands.h"
#include "tools/fxprop/rtl_config.h"
#include "tools/fxprop/run_config.h"

namespace fxprop::cli {

namespace {

struct RtlConfigOptions {
  std::optional<std::string> config;
  std::string out;
  std::string name;
};

int run_rtl_config(const RtlConfigOptions& opt) {
  const config::Document doc = load_config(opt.config);
  (void)parse_run_config(doc);  // the whole configuration is valid
  const hardware::HardwareConfig hw = hardware::parse_hardware_config(doc);
  const fixed::FixedConfig fx = fixed::parse_fixed_config(doc);
  namespace fs = std::filesystem;
  std::string name = opt.name;
  if (name.empty()) name = opt.out.empty() ? "custom" : fs::absolute(opt.out).parent_path().filename().string();
  const std::string block = rtl_config_block(hw, fx, name);
  if (opt.out.empty()) {
    std::cout << block;
    return 0;
  }
  std::string text;
  if (fs::exists(opt.out)) {
    std::ifstream in(opt.out);
    if (!in) throw BadInput("--out '" + opt.out + "': cannot be read");
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    try {
      text = replace_rtl_config_block(text, block);
    } catch (const std::invalid_argument& e) {
      throw BadInput("--out '" + opt.out + "': " + e.what() + " (not an RTL configuration file)");
    }
  } else {
    text = "// fxprop_cfg.svh (configuration \"" + name +
           "\"), included by rtl/fxprop_pkg.sv: every compile-time choice of the core (docs/microarchitecture.md\n"
           "// section 2).\n\n" + block;
  }
  // Written next to the target and renamed: a failed run leaves the old file intact.
  const std::string tmp = opt.out + ".tmp";
  {
    std::ofstream out(tmp);
    out << text;
    if (!out) throw BadInput("--out '" + opt.out + "': cannot be written");
  }
  fs::rename(tmp, opt.out);
  std::cout << "fxprop rtl-config: wrote " << opt.out << "\n";
  return 0;
}

}  // namespace

void add_rtl_config_command(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand(
      "rtl-config", "Generate the RTL configuration (rtl/cfg/<name>/fxprop_cfg.svh) from [hardware] and [fixed.formats]");
  auto opt = std::make_shared<RtlConfigOptions>();
  add_config_option(*sub, opt->config);
  sub->add_option("--out", opt->out,
                  "the .svh to write: an existing one has its BEGIN/END GENERATED CONFIGURATION block replaced "
                  "(default: print the block)");
  sub->add_option("--name", opt->name, "configuration name; its first 4 characters are CfgId (default: the directory of --out)");
  sub->callback([opt, &exit_code] { exit_code = run_rtl_config(*opt); });
}

}  // namespace fxprop::cli
