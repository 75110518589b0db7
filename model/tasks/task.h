// Seeded task generators. A trial depends only on (seed, set, index), never on
// the order or thread in which trials are generated.
//
// Sources:
//   pattern_generation     Bellec et al., Nat. Commun. 11:3625 (2020), Fig. 2 / the authors'
//                          tutorial_pattern_generation (frozen Poisson input, sum-of-sines target)
//   evidence_accumulation  Bellec et al. 2020, Fig. 3 (cue accumulation; rates and timing of
//                          the authors' and NEST's reference setups)
//   periodic_output        Murray, eLife 8:e43299 (2019), Fig. 2 (zero input, periodic target)
//   store_recall           Bellec et al., NeurIPS 2018 (LSNN) and the e-prop authors'
//                          tutorial_store_recall (store/recall of one bit, 200 ms symbols)
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "model/common/matrix.h"
#include "model/tasks/task_config.h"
#include "model/tasks/trial.h"

namespace fxprop::tasks {

// Training, final evaluation, and validation (early-stopping checks) draw from disjoint streams.
enum class TrialSet { kTrain, kEval, kValidation };

class Task {
 public:
  virtual ~Task() = default;

  virtual TaskName name() const = 0;
  int n_in() const { return n_in_; }
  int n_out() const { return n_out_; }
  int steps() const { return steps_; }
  bool classification() const { return is_classification(name()); }
  // The same trial for every (set, index).
  bool frozen() const { return is_frozen(name()); }

  // Fills `out` (reusing its storage) with trial `index` of `set`.
  virtual void generate(TrialSet set, std::uint64_t index, Trial& out) const = 0;

 protected:
  Task(int n_in, int n_out, int steps) : n_in_(n_in), n_out_(n_out), steps_(steps) {}

 private:
  int n_in_;
  int n_out_;
  int steps_;
};

// Arrays that replace the generated input raster / target of a frozen task
// (shapes (T, N_in) and (T, N_out); checked by make_task).
struct FrozenTrialOverride {
  std::optional<Matrix<double>> input;
  std::optional<Matrix<double>> target;
};

// Throws std::invalid_argument if n_in/n_out contradict the task or an override
// has the wrong shape (the configuration parser reports these to users first).
std::unique_ptr<Task> make_task(const TaskConfig& cfg, int n_in, int n_out, std::uint64_t seed,
                                const FrozenTrialOverride& override_arrays = {});

}  // namespace fxprop::tasks
