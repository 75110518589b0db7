#include "model/golden/configured_task.h"

#include "model/io/npy.h"

namespace fxprop::golden {

std::unique_ptr<tasks::Task> make_configured_task(const GoldenConfig& cfg) {
  tasks::FrozenTrialOverride arrays;
  const auto T = static_cast<std::size_t>(cfg.task.steps);
  if (!cfg.init.input.empty()) {
    arrays.input = io::read_npy_matrix(cfg.init.input, T, static_cast<std::size_t>(cfg.network.n_in), "init.input");
  }
  if (!cfg.init.target.empty()) {
    arrays.target = io::read_npy_matrix(cfg.init.target, T, static_cast<std::size_t>(cfg.network.n_out), "init.target");
  }
  return tasks::make_task(cfg.task, cfg.network.n_in, cfg.network.n_out, cfg.task_seed, arrays);
}

}  // namespace fxprop::golden
