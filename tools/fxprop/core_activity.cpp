#include "tools/fxprop/core_activity.h"

#include <algorithm>
#include <cstdint>

#include "model/fixed/host_io.h"

namespace fxprop::cli {

namespace {

template <class T>
std::uint32_t count_nonzero(const std::vector<T>& v) {
  return static_cast<std::uint32_t>(std::count_if(v.begin(), v.end(), [](T x) { return x != 0; }));
}

}  // namespace

std::vector<energy::StepActivity> learning_trial_activity(const fixed::Trainer& trainer, const tasks::Task& task) {
  fixed::Core core = trainer.core();  // a copy: LFSR states and weights move on only here
  tasks::Trial trial;
  if (task.frozen()) {
    task.generate(tasks::TrialSet::kTrain, 0, trial);
  } else {
    task.generate(tasks::TrialSet::kEval, 0, trial);
  }
  fixed::CoreTrial ct;
  fixed::load_trial(trial, trainer.fixed_config().format(fixed::Site::y), ct);
  const std::size_t n_in = ct.x.cols();
  std::vector<energy::StepActivity> steps(ct.x.rows());
  core.begin_trial();
  const fixed::NeuronState& ns = core.neurons();
  for (std::size_t t = 0; t < steps.size(); ++t) {
    energy::StepActivity& s = steps[t];
    const std::uint8_t* x = ct.x.row(t);
    s.inputs_active = static_cast<std::uint32_t>(std::count_if(x, x + n_in, [](std::uint8_t v) { return v != 0; }));
    s.spikes_prev = count_nonzero(ns.z);  // z[t-1]: the spikes this step integrates
    s.loss_mask = ct.mask[t] != 0;
    core.step(x, ct.ystar_q.row(t), s.loss_mask, true);
    s.spikes = count_nonzero(ns.z);
    s.traces_nonzero = count_nonzero(ns.zbar_in) + count_nonzero(ns.zbar_rec);
    s.out_traces_nonzero = count_nonzero(ns.zbar_out);
  }
  return steps;
}

}  // namespace fxprop::cli
