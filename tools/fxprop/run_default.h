// The configuration `fxprop run` uses without --config (tools/fxprop/run_default.toml,
// embedded): an overlay on the embedded defaults.
#pragma once

#include <string_view>

namespace fxprop {

std::string_view run_default_toml();

}  // namespace fxprop
