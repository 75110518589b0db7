// Training-level properties of the golden model: determinism for any thread
// count, the optimisers, adaptive feedback, and a CI-sized learning test per
// rule (each must reduce its loss well below the initial value for 3 seeds).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "model/golden/configured_task.h"
#include "model/golden/optimizer.h"
#include "model/golden/trainer.h"
#include "model/golden/weights.h"
#include "testbenches/unit/golden_test_support.h"

using namespace fxprop;
using namespace fxprop::golden;
using fxprop::test::config_from;

namespace {

struct Run {
  std::vector<IterationStats> curve;
  Weights weights;
  EvaluationResult eval;
};

Run train(const GoldenConfig& cfg, int threads, int eval_trials = 0) {
  const auto task = make_configured_task(cfg);
  Trainer trainer(cfg, *task, initial_weights(cfg), threads);
  Run r;
  for (std::int64_t i = 0; i < cfg.train.iterations; ++i) r.curve.push_back(trainer.train_iteration());
  r.eval = trainer.evaluate(eval_trials, 0);
  r.weights = trainer.weights();
  return r;
}

// Small evidence-accumulation setup: 8 inputs, 10 LIF + 10 ALIF, 3 cues, 330 steps.
std::string small_evidence(int batch, int iterations, const std::string& rule = "eprop") {
  return "[task]\nname = \"evidence_accumulation\"\nsteps = 330\n"
         "[task.evidence_accumulation]\npopulation = 2\nn_cues = 3\ncue_steps = 40\ngap_steps = 20\nrecall_steps = 60\n"
         "[network]\nneuron_form = \"b\"\nn_in = 8\nn_rec = 20\nn_alif = 10\nn_out = 2\ntau_m = 20.0\ntau_a = 300.0\n"
         "tau_out = 20.0\nthr = 0.6\nbeta = 0.1\nn_ref = 5\n"
         "[init]\nw_in_gain = 3.0\nb_normalisation = \"none\"\n"
         "[learning]\nloss_reduction = \"mean\"\nc_reg = 300.0\nrule = \"" + rule + "\"\n"
         "[optimizer]\nname = \"adam\"\nlr = 5e-3\n"
         "[train]\nbatch = " + std::to_string(batch) + "\niterations = " + std::to_string(iterations) + "\n";
}

}  // namespace

TEST_CASE("training is bit-identical for 1, 2 and 3 threads (per-trial gradients reduced in trial order)", "[golden][train]") {
  for (const char* rule : {"eprop", "bptt"}) {
    INFO(rule);
    const GoldenConfig cfg = config_from(small_evidence(5, 2, rule));
    const Run one = train(cfg, 1, 7);
    const Run two = train(cfg, 2, 7);
    const Run three = train(cfg, 3, 7);
    for (const Run* r : {&two, &three}) {
      CHECK(r->weights.w_in == one.weights.w_in);
      CHECK(r->weights.w_rec == one.weights.w_rec);
      CHECK(r->weights.w_out == one.weights.w_out);
      for (std::size_t i = 0; i < one.curve.size(); ++i) {
        CHECK(r->curve[i].task_loss == one.curve[i].task_loss);
        CHECK(r->curve[i].reg_loss == one.curve[i].reg_loss);
      }
      CHECK(r->eval.task_loss == one.eval.task_loss);
    }
    // Training changed the weights (the comparison is not between two untouched copies).
    CHECK(one.weights.w_rec != initial_weights(cfg).w_rec);
  }
}

namespace {

// 20 frozen Poisson inputs, 30 LIF neurons (form a), 1 output, 200 steps, target of 3 sines.
std::string small_pattern(const std::string& learning, int iterations, double lr, std::uint64_t seed) {
  return "[run]\nseed = " + std::to_string(seed) +
         "\n[task]\nname = \"pattern_generation\"\nsteps = 200\n[task.pattern_generation]\nperiods_ms = [200.0, 100.0, 50.0]\n"
         "[network]\nn_in = 20\nn_rec = 30\nn_out = 1\n[learning]\n" + learning +
         "\n[optimizer]\nlr = " + Catch::StringMaker<double>::convert(lr) + "\n[train]\niterations = " + std::to_string(iterations) + "\n";
}

// 20 tanh units, 1 output, 50 steps, Murray's periodic target.
std::string small_rate(const std::string& rule, int iterations, std::uint64_t seed) {
  return "[run]\nseed = " + std::to_string(seed) +
         "\n[task]\nname = \"periodic_output\"\nsteps = 50\n[network]\nneuron_form = \"rate\"\nn_in = 1\nn_rec = 20\nn_out = 1\n"
         "rate_tau = 5.0\n[init]\nw_rec_gain = 1.5\nw_out_gain = 0.1\nw_out_distribution = \"uniform\"\nb_normalisation = \"sqrt_n_out\"\n"
         "[learning]\nrule = \"" + rule + "\"\nloss_reduction = \"mean\"\nc_reg = 0.0\n[optimizer]\nlr = 0.1\n[train]\niterations = " +
         std::to_string(iterations) + "\n";
}

// Mean task loss of the last 10 iterations over that of the first iteration.
double loss_ratio(const std::string& toml) {
  const Run r = train(config_from(toml), 1);
  double last = 0.0;
  for (std::size_t i = r.curve.size() - 10; i < r.curve.size(); ++i) last += r.curve[i].task_loss / 10.0;
  INFO("initial " << r.curve.front().task_loss << " final " << last << " ratio " << last / r.curve.front().task_loss);
  return last / r.curve.front().task_loss;
}

}  // namespace

// Thresholds: the ratio of the last-10-iteration mean loss to the first iteration's,
// measured for seeds 1, 2, 3 (commit of this test) with margin. Pattern generation
// (600 iterations, SGD 1.5e-3): random e-prop 0.19 / 0.66 / 0.38 -> < 0.75; factorised
// 0.17 / 0.47 / 0.37 -> < 0.6; symmetric online 0.13 / 0.38 / 0.14 -> < 0.5; BPTT
// 0.11 / 0.37 / 0.14 -> < 0.5. Rate network (1000 trials, SGD 0.1): RFLO 0.039 / 0.066 /
// 0.050 -> < 0.15; BPTT 0.026 / 0.040 / 0.023 -> < 0.1. Without learning the ratio
// stays near 1 (negative control below), so each threshold detects a broken rule.
TEST_CASE("each rule learns its CI-sized task: loss falls below the calibrated fraction of its initial value for 3 seeds",
          "[golden][train][learning]") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    INFO("seed " << seed);
    CHECK(loss_ratio(small_pattern("rule = \"eprop\"\nfeedback = \"random\"", 600, 1.5e-3, seed)) < 0.75);
    CHECK(loss_ratio(small_pattern("rule = \"eprop\"\nfeedback = \"random\"\neligibility = \"factorised\"", 600, 1.5e-3, seed)) < 0.6);
    CHECK(loss_ratio(small_pattern("rule = \"eprop\"\nfeedback = \"symmetric\"\nschedule = \"online\"", 600, 1.5e-3, seed)) < 0.5);
    CHECK(loss_ratio(small_pattern("rule = \"bptt\"", 600, 1.5e-3, seed)) < 0.5);
    CHECK(loss_ratio(small_rate("rflo", 1000, seed)) < 0.15);
    CHECK(loss_ratio(small_rate("bptt", 1000, seed)) < 0.1);
  }
}

namespace {

// CI-sized store-recall: 8 inputs (2 per group), 10 LIF + 10 ALIF (tau_a 300 ms), sentences of
// 6 symbols of 25 ms, store/recall probability 0.4 per symbol, random e-prop, Adam 1e-2,
// 200 iterations of 16 trials; recall error on 256 fresh evaluation trials.
double small_store_recall_error(std::uint64_t seed, double lr, int iterations) {
  const GoldenConfig cfg = config_from(
      "[run]\nseed = " + std::to_string(seed) +
      "\n[task]\nname = \"store_recall\"\nsteps = 150\n"
      "[task.store_recall]\nsymbols = 6\nsymbol_steps = 25\ninput_rate_hz = 100.0\nexpected_delay = 1.5\n"
      "[network]\nneuron_form = \"b\"\nn_in = 8\nn_rec = 20\nn_alif = 10\nn_out = 2\ntau_m = 20.0\ntau_a = 300.0\n"
      "tau_out = 20.0\nthr = 0.6\nbeta = 0.1\n[init]\nw_in_gain = 3.0\nb_normalisation = \"none\"\n"
      "[learning]\nrule = \"eprop\"\nfeedback = \"random\"\nloss_reduction = \"mean\"\nc_reg = 60.0\n"
      "[optimizer]\nname = \"adam\"\nlr = " + Catch::StringMaker<double>::convert(lr) +
      "\n[train]\nbatch = 16\niterations = " + std::to_string(iterations) + "\n");
  const Run r = train(cfg, 1, 256);
  INFO("seed " << seed << " recall error " << r.eval.error_rate);
  return r.eval.error_rate;
}

}  // namespace

// Measured (commit of this test): after 200 iterations 0.317 / 0.240 / 0.195 for seeds 1 / 2 / 3
// (256 evaluation trials, ~330 recalls, standard error ~0.025); untrained (lr 1e-9) 0.43 / 0.57 / 0.47.
TEST_CASE("store-recall learns at CI size: recall error below 0.37 after 200 iterations for 3 seeds, above 0.4 untrained",
          "[golden][train][learning]") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    CHECK(small_store_recall_error(seed, 1e-2, 200) < 0.37);
    CHECK(small_store_recall_error(seed, 1e-9, 1) > 0.4);
  }
}

TEST_CASE("negative control: with a learning rate of 1e-9 the loss ratio stays above 0.95", "[golden][train][learning]") {
  CHECK(loss_ratio(small_pattern("rule = \"eprop\"\nfeedback = \"random\"\nc_reg = 0.0", 50, 1e-9, 1)) > 0.95);
}

TEST_CASE("Adam follows the TensorFlow form: first step moves every weight by lr * sqrt(1-b2)/(1-b1) * g/(|g|+eps')", "[golden][train]") {
  GoldenConfig cfg = config_from("[network]\nn_in = 2\nn_rec = 3\nn_out = 1\n[optimizer]\nname = \"adam\"\nlr = 0.01\n");
  Weights w = initial_weights(cfg);
  const Weights w0 = w;
  Gradients g(cfg.network);
  g.w_in(1, 2) = 0.5;
  g.w_out(0, 0) = -2.0;
  Optimizer opt(cfg.optimizer, cfg.learning, cfg.network);
  opt.apply(w, g);
  // n = 1: m = 0.1 g, v = 0.001 g^2, lr_t = lr sqrt(0.001) / 0.1.
  const double lr_t = 0.01 * std::sqrt(1.0 - 0.999) / (1.0 - 0.9);
  const auto expected = [&](double gv) { return -lr_t * 0.1 * gv / (std::sqrt(0.001 * gv * gv) + 1e-8); };
  CHECK(w.w_in(1, 2) - w0.w_in(1, 2) == Approx(expected(0.5)).epsilon(1e-12));
  CHECK(w.w_out(0, 0) - w0.w_out(0, 0) == Approx(expected(-2.0)).epsilon(1e-12));
  CHECK(w.w_in(0, 0) == w0.w_in(0, 0));
  CHECK(w.w_rec == w0.w_rec);
}

TEST_CASE("adaptive feedback: B receives exactly the W_out update (Kolen-Pollack), with the same weight decay", "[golden][train]") {
  GoldenConfig cfg = config_from(small_pattern("rule = \"eprop\"\nfeedback = \"adaptive\"", 5, 1e-3, 1));
  cfg.optimizer.weight_decay = 0.5;
  const Weights w0 = initial_weights(cfg);
  const Run r = train(cfg, 1);
  const double decay = 1.0 - cfg.optimizer.lr * cfg.optimizer.weight_decay;
  // Both start from their own value, shrink by the same factor each step and receive the same deltas:
  // W_out - B = decay^n (W_out0 - B0).
  for (std::size_t j = 0; j < w0.w_out.rows(); ++j) {
    const double before = w0.w_out(j, 0) - w0.b(j, 0);
    const double after = r.weights.w_out(j, 0) - r.weights.b(j, 0);
    CHECK(after == Approx(std::pow(decay, 5) * before).epsilon(1e-9));
  }
  CHECK(r.weights.w_out != w0.w_out);
  // Random feedback leaves B alone.
  cfg.learning.feedback = Feedback::kRandom;
  CHECK(train(cfg, 1).weights.b == w0.b);
}
