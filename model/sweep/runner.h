// Running a sweep: the planner asks for points, an executor evaluates them (threads
// of this process, or MPI ranks), every finished record goes to a sink (the results
// log) as soon as it exists. The loop is the same for every executor, so the points
// evaluated and the records written do not depend on how they were scheduled.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/sweep/plan.h"

namespace fxprop::sweep {

// Evaluates one point and returns its record (must contain "key" = p.key()).
using Evaluator = std::function<nlohmann::json(const Point&)>;
// Receives each finished record, one at a time (never concurrently).
using RecordSink = std::function<void(const Point&, nlohmann::json record)>;

class Executor {
 public:
  virtual ~Executor() = default;
  // Evaluates every point of `batch`; returns when all are done. Exceptions of an
  // evaluation propagate (after the points already running have finished).
  virtual void run(const std::vector<Point>& batch, const RecordSink& sink) = 0;
};

// `jobs` worker threads of this process, each evaluating one point at a time.
class ThreadExecutor : public Executor {
 public:
  ThreadExecutor(int jobs, Evaluator evaluate) : jobs_(jobs < 1 ? 1 : jobs), evaluate_(std::move(evaluate)) {}
  void run(const std::vector<Point>& batch, const RecordSink& sink) override;

 private:
  int jobs_;
  Evaluator evaluate_;
};

// Asks the planner for pending points until there are none, running each batch on
// `executor`. `done` holds the records found on resume and receives the new ones,
// which also go to `sink`. Returns the number of points evaluated.
std::size_t drive(const Planner& planner, Executor& executor, Results& done, const RecordSink& sink);

}  // namespace fxprop::sweep
