// A task whose every trial is the same stored trial (pattern generation,
// periodic output): built once, copied out on request.
#pragma once

#include "model/tasks/task.h"

namespace fxprop::tasks {

class FrozenTrialTask final : public Task {
 public:
  FrozenTrialTask(TaskName name, Trial trial, int n_in, int n_out);
  TaskName name() const override { return name_; }
  void generate(TrialSet set, std::uint64_t index, Trial& out) const override;
  const Trial& trial() const { return trial_; }

 private:
  TaskName name_;
  Trial trial_;
};

}  // namespace fxprop::tasks
