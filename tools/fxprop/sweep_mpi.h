// `fxprop sweep` under MPI (`mpirun -np K fxprop sweep ...`): rank 0 runs the planner,
// hands out one point at a time to ranks 1..K-1 (dynamic scheduling: a rank asks for
// work by sending its previous record) and is the only writer of the results log.
// Records are the same whichever rank computes them, so a K-rank sweep writes the same
// records as a single process. A binary built without MPI (FXPROP_WITH_MPI=OFF), or
// started without a launcher, runs the sweep in one process.
#pragma once

#include <memory>
#include <vector>

#include "model/sweep/runner.h"

namespace fxprop::cli::mpi {

// Number of processes the MPI launcher started (OMPI_COMM_WORLD_SIZE, PMI_SIZE);
// 1 when not started by a launcher.
int launched_size();
// Whether this binary was built with MPI.
bool built_with_mpi();

class Session {
 public:
  Session();  // MPI_Init; throws std::runtime_error in a build without MPI
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();  // MPI_Finalize

  int rank() const { return rank_; }
  int size() const { return size_; }
  // Rank 0's `value` on every rank (collective).
  int broadcast(int value);
  // The largest `value` of all ranks, on every rank (collective).
  int max_over_ranks(int value);
  // Rank 0: an executor that hands each point to a worker rank. Call stop_workers() once
  // the sweep is done (or failed) so the workers leave serve().
  std::unique_ptr<sweep::Executor> coordinator();
  void stop_workers();
  // Ranks > 0: evaluate points sent by rank 0 until it says stop.
  void serve(const sweep::Evaluator& evaluate);
  // Ends every rank (an evaluation failed on a worker: rank 0 cannot continue alone).
  [[noreturn]] void abort(int code);

 private:
  int rank_ = 0;
  int size_ = 1;
  std::vector<int> idle_;  // rank 0: workers waiting for work
  int stopped_ = 0;
};

}  // namespace fxprop::cli::mpi
