// Throughput of the fixed-point learning core against the float golden model on the
// same task, size and rule, one thread each, timed in the same run:
//   bench_fixed_vs_float [TRIALS] [ROUNDS] [N_REC]   (defaults: 10 trials, 5 rounds, 100)
// Task: the default pattern generation (100 inputs, N_REC LIF neurons, 1 output,
// 1000 steps), without the firing-rate regulariser (the core has none), SGD with
// lr = 2^-14. For each e-prop variant (exact / factorised eligibility, per_trial /
// online schedule) both engines train TRIALS iterations per round, alternately, for
// ROUNDS rounds; the median per-trial CPU time of each engine gives the ratio
// (trials/s fixed over trials/s float; >= 0.5 is the project's goal). The fixed
// engine runs with its default formats, once without and once with statistics.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "model/config/config_reader.h"
#include "model/fixed/fixed_config.h"
#include "model/fixed/trainer.h"
#include "model/golden/configured_task.h"
#include "model/golden/trainer.h"
#include "model/golden/weights.h"
#include "tools/fxprop/default_config.h"

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

template <class TrainerT>
double seconds_per_trial(TrainerT& trainer, int trials, double* loss) {
  const double start = cpu_seconds();
  for (int i = 0; i < trials; ++i) *loss = trainer.train_iteration().task_loss;
  return (cpu_seconds() - start) / trials;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace fxprop;
  const int trials = argc > 1 ? std::atoi(argv[1]) : 10;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  const int n_rec = argc > 3 ? std::atoi(argv[3]) : 100;
  struct Variant {
    const char* name;
    const char* learning;
  };
  const Variant variants[] = {
      {"exact/per_trial", "eligibility = \"exact\"\nschedule = \"per_batch\"\n"},
      {"factorised/per_trial", "eligibility = \"factorised\"\nschedule = \"per_batch\"\n"},
      {"exact/online", "eligibility = \"exact\"\nschedule = \"online\"\n"},
      {"factorised/online", "eligibility = \"factorised\"\nschedule = \"online\"\n"},
  };
  std::printf("# variant n_rec float_trials_per_s fixed_trials_per_s ratio fixed_with_stats_trials_per_s ratio_with_stats  "
              "(median of %d rounds x %d trials, CPU time, 1 thread each)\n",
              rounds, trials);
  for (const Variant& v : variants) {
    const std::string overlay = "[network]\nn_rec = " + std::to_string(n_rec) + "\n[learning]\nc_reg = 0.0\n" + v.learning +
                                "[optimizer]\nlr = 6.103515625e-05\n[train]\nthreads = 1\n";
    const config::Document doc = config::Document::from_strings(default_config_toml(), overlay, "bench");
    const golden::GoldenConfig cfg = golden::parse_config(doc, ".");
    fixed::FixedConfig fx = fixed::parse_fixed_config(doc);
    fixed::check_hardware_support(doc, cfg);
    const auto task = golden::make_configured_task(cfg);
    const golden::Weights w0 = golden::initial_weights(cfg);
    golden::Trainer flt(cfg, *task, w0, 1);
    fx.stats = false;
    fixed::Trainer fix(cfg, fx, *task, w0);
    fx.stats = true;
    fixed::Trainer fix_stats(cfg, fx, *task, w0);
    double loss_float = 0.0, loss_fixed = 0.0, loss_stats = 0.0;
    seconds_per_trial(flt, 1, &loss_float);  // warm-up: first touch of every buffer
    seconds_per_trial(fix, 1, &loss_fixed);
    seconds_per_trial(fix_stats, 1, &loss_stats);
    std::vector<double> t_float, t_fixed, t_stats;
    for (int r = 0; r < rounds; ++r) {
      t_float.push_back(seconds_per_trial(flt, trials, &loss_float));
      t_fixed.push_back(seconds_per_trial(fix, trials, &loss_fixed));
      t_stats.push_back(seconds_per_trial(fix_stats, trials, &loss_stats));
    }
    const double f = 1.0 / median(t_float), x = 1.0 / median(t_fixed), xs = 1.0 / median(t_stats);
    std::printf("%-22s %d %.2f %.2f %.2f %.2f %.2f  # last loss float %.4g fixed %.4g\n", v.name, n_rec, f, x, x / f, xs, xs / f,
                loss_float, loss_fixed);
  }
  return 0;
}
