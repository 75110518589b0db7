// Throughput of the SystemC model against the fixed-point model it wraps, on the same
// run, one thread each, timed in the same process:
//   bench_systemc_vs_fixed [TRIALS] [ROUNDS] [N_REC]   (defaults: 10 trials, 5 rounds, 100)
// Task: the default pattern generation (100 inputs, N_REC LIF neurons, 1 output, 1000
// steps), no regulariser, SGD lr = 2^-14, default formats without statistics. For each
// e-prop variant both engines train TRIALS iterations per round, alternately, for ROUNDS
// rounds; the median per-trial CPU time of each gives the ratio (SystemC trials/s over
// fixed trials/s; the project's goal is >= 0.3) and the SystemC model's simulated core
// cycles per CPU second.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "model/config/config_reader.h"
#include "model/fixed/fixed_config.h"
#include "model/fixed/trainer.h"
#include "model/golden/configured_task.h"
#include "model/golden/weights.h"
#include "model/systemc/simulate.h"
#include "tools/bench/bench_timing.h"
#include "tools/fxprop/default_config.h"

int main(int argc, char** argv) {
  using namespace fxprop;
  using bench::median;
  using bench::seconds_per_trial;
  const bench::BenchArgs args = bench::parse_bench_args(argc, argv);
  const int trials = args.trials, rounds = args.rounds, n_rec = args.n_rec;
  std::printf("# variant n_rec fixed_trials_per_s systemc_trials_per_s ratio simulated_cycles_per_s cycles_per_trial  "
              "(median of %d rounds x %d trials, CPU time, 1 thread each)\n",
              rounds, trials);
  for (const bench::Variant& v : bench::kEpropVariants) {
    const std::string overlay = bench::variant_overlay(n_rec, v) + "[fixed]\nstats = false\n" +
                                "[hardware]\nn_rec_max = " + std::to_string(std::max(128, n_rec)) + "\n";
    const config::Document doc = config::Document::from_strings(default_config_toml(), overlay, "bench");
    const golden::GoldenConfig cfg = golden::parse_config(doc, ".");
    const fixed::FixedConfig fx = fixed::parse_fixed_config(doc);
    fixed::check_hardware_support(doc, cfg);
    const auto task = golden::make_configured_task(cfg);
    const golden::Weights w0 = golden::initial_weights(cfg);
    fixed::Trainer fix(cfg, fx, *task, w0);
    fixed::Trainer sim(cfg, fx, *task, w0);
    systemc::Session session(doc, sim, systemc::SimulateOptions{});
    double loss_fixed = 0.0, loss_sim = 0.0;
    const auto run_fixed = [&](int n) { return seconds_per_trial(fix, n, &loss_fixed); };
    const auto run_sim = [&](int n) {
      double t = 0.0;
      session.run([&] { t = seconds_per_trial(sim, n, &loss_sim); });
      return t;
    };
    run_fixed(1);  // warm-up: first touch of every buffer
    run_sim(1);
    std::vector<double> t_fixed, t_sim;
    const std::uint64_t cycles0 = session.report().total_cycles;
    for (int r = 0; r < rounds; ++r) {
      t_fixed.push_back(run_fixed(trials));
      t_sim.push_back(run_sim(trials));
    }
    const double cycles_per_trial =
        static_cast<double>(session.report().total_cycles - cycles0) / static_cast<double>(rounds * trials);
    const double x = 1.0 / median(t_fixed), s = 1.0 / median(t_sim);
    std::printf("%-22s %d %.2f %.2f %.3f %.3g %.0f  # last loss fixed %.6g systemc %.6g%s\n", v.name, n_rec, x, s, s / x,
                cycles_per_trial * s, cycles_per_trial, loss_fixed, loss_sim, loss_fixed == loss_sim ? "" : "  MISMATCH");
  }
  return 0;
}
