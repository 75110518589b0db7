// Throughput of the float golden model on pattern generation with per-synapse
// (exact) e-prop, single-threaded: trials per second, time per trial and
// synaptic trace updates per second, for a list of recurrent-network sizes.
//   bench_golden [TRIALS] [N_REC ...]      (defaults: 20 trials, N_rec = 100)
// One trial = forward pass + e-prop gradient (exact traces, rate regulariser) +
// SGD update, i.e. one training iteration of the default configuration.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "model/config/config_reader.h"
#include "model/golden/configured_task.h"
#include "model/golden/trainer.h"
#include "model/golden/weights.h"
#include "tools/fxprop/default_config.h"

int main(int argc, char** argv) {
  using namespace fxprop;
  const int trials = argc > 1 ? std::atoi(argv[1]) : 20;
  std::vector<int> sizes;
  for (int k = 2; k < argc; ++k) sizes.push_back(std::atoi(argv[k]));
  if (sizes.empty()) sizes.push_back(100);
  std::printf("# n_in n_rec steps trials seconds trials_per_s ms_per_trial synaptic_updates_per_s\n");
  for (const int n_rec : sizes) {
    const std::string overlay = "[network]\nn_rec = " + std::to_string(n_rec) + "\n[train]\nthreads = 1\n";
    const config::Document doc = config::Document::from_strings(default_config_toml(), overlay, "bench");
    const golden::GoldenConfig cfg = golden::parse_config(doc, ".");
    const auto task = golden::make_configured_task(cfg);
    golden::Trainer trainer(cfg, *task, golden::initial_weights(cfg), 1);
    trainer.train_iteration();  // warm-up: first touch of every buffer
    const auto start = std::chrono::steady_clock::now();
    double loss = 0.0;
    for (int i = 0; i < trials; ++i) loss += trainer.train_iteration().task_loss;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double synapses = static_cast<double>(cfg.network.n_in + n_rec) * n_rec;
    const double updates = synapses * cfg.task.steps * trials;
    std::printf("%d %d %d %d %.4f %.3f %.3f %.4g  # mean loss %.4g\n", cfg.network.n_in, n_rec, cfg.task.steps, trials, s,
                trials / s, 1e3 * s / trials, updates / s, loss / trials);
  }
  return 0;
}
