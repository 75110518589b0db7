// Throughput of the SystemC model against the fixed-point model it wraps, on the same
// run, one thread each, timed in the same process:
//   bench_systemc_vs_fixed [TRIALS] [ROUNDS] [N_REC]   (defaults: 10 trials, 5 rounds, 100)
// Task: the default pattern generation (100 inputs, N_REC LIF neurons, 1 output, 1000
// steps), no regulariser, SGD lr = 2^-14, default formats without statistics. For each
// e-prop variant both engines train TRIALS iterations per round, alternately, for ROUNDS
// rounds; the median per-trial CPU time of each gives the ratio (SystemC trials/s over
// fixed trials/s; the project's goal is >= 0.3) and the SystemC model's simulated core
// cycles per CPU second.
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
#include "model/golden/weights.h"
#include "model/systemc/simulate.h"
#include "tools/fxprop/default_config.h"

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
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
  std::printf("# variant n_rec fixed_trials_per_s systemc_trials_per_s ratio simulated_cycles_per_s cycles_per_trial  "
              "(median of %d rounds x %d trials, CPU time, 1 thread each)\n",
              rounds, trials);
  for (const Variant& v : variants) {
    const std::string overlay = "[network]\nn_rec = " + std::to_string(n_rec) + "\n[learning]\nc_reg = 0.0\n" + v.learning +
                                "[optimizer]\nlr = 6.103515625e-05\n[train]\nthreads = 1\n[fixed]\nstats = false\n" +
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
    const auto run_fixed = [&](int n) {
      const double t0 = cpu_seconds();
      for (int i = 0; i < n; ++i) loss_fixed = fix.train_iteration().task_loss;
      return (cpu_seconds() - t0) / n;
    };
    const auto run_sim = [&](int n) {
      double t = 0.0;
      session.run([&] {
        const double t0 = cpu_seconds();
        for (int i = 0; i < n; ++i) loss_sim = sim.train_iteration().task_loss;
        t = (cpu_seconds() - t0) / n;
      });
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
