// The activity of the trained fixed-point core over one learning trial (per step:
// active inputs, spikes, nonzero traces, loss mask): the input of the analytic
// cycle and energy counts (model/energy/analytic_core.h) until the SystemC model
// counts them itself.
#pragma once

#include <vector>

#include "model/energy/analytic_core.h"
#include "model/fixed/trainer.h"
#include "model/golden/golden_config.h"
#include "model/tasks/task.h"

namespace fxprop::cli {

// Runs one trial with learning on a copy of trainer's core (the trainer is not
// changed): the frozen trial of a frozen task, else evaluation trial 0.
std::vector<energy::StepActivity> learning_trial_activity(const fixed::Trainer& trainer, const tasks::Task& task);

}  // namespace fxprop::cli
