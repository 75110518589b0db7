// Summary of per-trial metrics into an EvaluationResult, shared by the golden and the
// fixed trainers so that both report loss, rate, error rate, nmse and mse the same way.
#pragma once

#include <vector>

#include "model/golden/trainer.h"
#include "model/golden/trial_engine.h"

namespace fxprop::golden {

// How summarise_trials counts classification errors: the golden trainer pools every
// decision (recall) of every trial; the fixed trainer scores each trial by its first
// decision only. Both are kept so that neither engine's reported error rate changes.
enum class ErrorCount { kPooledDecisions, kFirstDecisionPerTrial };

// Sets in r the means over trials (task and regulariser loss, rate) and the pooled ratios
// (error rate, nmse, mse) of per-trial metrics, summed in trial order (no trials: r is left
// alone); n_out scales the mse. Leaves r.trials, r.records and r.recorded_trials alone.
void summarise_trials(const std::vector<TrialMetrics>& metrics, int n_out, ErrorCount count, EvaluationResult& r);

}  // namespace fxprop::golden
