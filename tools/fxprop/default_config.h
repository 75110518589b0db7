// The embedded default configuration (tools/fxprop/default_config.toml).
#pragma once

#include <string_view>

namespace fxprop {

std::string_view default_config_toml();

}  // namespace fxprop
