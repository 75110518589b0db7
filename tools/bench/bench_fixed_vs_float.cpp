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
#include "tools/bench/bench_timing.h"
#include "tools/fxprop/default_config.h"

int main(int argc, char** argv) {
  using namespace fxprop;
  using bench::median;
  using bench::seconds_per_trial;
  const bench::BenchArgs args = bench::parse_bench_args(argc, argv);
  const int trials = args.trials, rounds = args.rounds, n_rec = args.n_rec;
  std::printf("# variant n_rec float_trials_per_s fixed_trials_per_s ratio fixed_with_stats_trials_per_s ratio_with_stats  "
              "(median of %d rounds x %d trials, CPU time, 1 thread each)\n",
              rounds, trials);
  for (const bench::Variant& v : bench::kEpropVariants) {
    const std::string overlay = bench::variant_overlay(n_rec, v);
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
