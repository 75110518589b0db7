// The task a GoldenConfig describes, with the frozen input/target taken from
// the .npy files named in [init] when given. Shared by every engine.
#pragma once

#include <memory>

#include "model/golden/golden_config.h"
#include "model/tasks/task.h"

namespace fxprop::golden {

// Throws io::NpyError for missing or mis-shaped files.
std::unique_ptr<tasks::Task> make_configured_task(const GoldenConfig& cfg);

}  // namespace fxprop::golden
