// The timing harness shared by the engine-against-engine benchmarks
// (bench_fixed_vs_float, bench_systemc_vs_fixed): their command line, the e-prop
// variants they time, this thread's CPU clock and the median over rounds.
#pragma once

#include <time.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

namespace fxprop::bench {

// [TRIALS] [ROUNDS] [N_REC], defaults 10, 5, 100.
struct BenchArgs {
  int trials = 10;
  int rounds = 5;
  int n_rec = 100;
};

inline BenchArgs parse_bench_args(int argc, char** argv) {
  BenchArgs a;
  if (argc > 1) a.trials = std::atoi(argv[1]);
  if (argc > 2) a.rounds = std::atoi(argv[2]);
  if (argc > 3) a.n_rec = std::atoi(argv[3]);
  return a;
}

// An e-prop variant: its name and the [learning] lines that select it.
struct Variant {
  const char* name;
  const char* learning;
};

inline constexpr Variant kEpropVariants[] = {
    {"exact/per_trial", "eligibility = \"exact\"\nschedule = \"per_batch\"\n"},
    {"factorised/per_trial", "eligibility = \"factorised\"\nschedule = \"per_batch\"\n"},
    {"exact/online", "eligibility = \"exact\"\nschedule = \"online\"\n"},
    {"factorised/online", "eligibility = \"factorised\"\nschedule = \"online\"\n"},
};

// The configuration overlay every engine pair is timed with: N_REC neurons, the variant,
// no regulariser (the core has none), SGD with lr = 2^-14, one thread.
inline std::string variant_overlay(int n_rec, const Variant& v) {
  return "[network]\nn_rec = " + std::to_string(n_rec) + "\n[learning]\nc_reg = 0.0\n" + v.learning +
         "[optimizer]\nlr = 6.103515625e-05\n[train]\nthreads = 1\n";
}

// CPU time of the calling thread: both engines run on it, so other load on the machine
// does not enter the ratio.
inline double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Mean CPU seconds per trial of `trials` training iterations; *loss gets the last one's.
template <class TrainerT>
double seconds_per_trial(TrainerT& trainer, int trials, double* loss) {
  const double start = cpu_seconds();
  for (int i = 0; i < trials; ++i) *loss = trainer.train_iteration().task_loss;
  return (cpu_seconds() - start) / trials;
}

// Upper median (v non-empty): robust to a round slowed by the machine.
inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace fxprop::bench
