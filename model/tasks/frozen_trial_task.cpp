#include "model/tasks/frozen_trial_task.h"

#include <utility>

namespace fxprop::tasks {

FrozenTrialTask::FrozenTrialTask(TaskName name, Trial trial, int n_in, int n_out)
    : Task(n_in, n_out, static_cast<int>(trial.steps())), name_(name), trial_(std::move(trial)) {}

void FrozenTrialTask::generate(TrialSet, std::uint64_t, Trial& out) const { out = trial_; }

}  // namespace fxprop::tasks
