// Exactness properties of the golden model's gradients: e-prop against BPTT
// (Bellec et al., Nat. Commun. 11:3625 (2020)), BPTT against finite
// differences, RFLO against truncated BPTT (Murray, eLife 8:e43299 (2019)),
// and the exact vs factorised eligibility traces.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "model/golden/configured_task.h"
#include "model/golden/eprop.h"
#include "model/golden/readout_loss.h"
#include "model/golden/spiking_bptt.h"
#include "model/golden/spiking_network.h"
#include "model/golden/trial_engine.h"
#include "model/golden/weights.h"
#include "model/common/random.h"
#include "testbenches/unit/golden_test_support.h"

using namespace fxprop;
using namespace fxprop::golden;
using fxprop::test::config_from;
using fxprop::test::max_abs;
using fxprop::test::relative_difference;

namespace {

// A small, strongly driven network so that every neuron spikes, adapts and is
// refractory within 80 steps; W_rec != 0; a two-output regression target.
std::string small_spiking(const std::string& form, int n_alif, int n_ref, double tau_out = 12.0, double w_rec_gain = 1.5) {
  return "[task]\nname = \"pattern_generation\"\nsteps = 80\n"
         "[task.pattern_generation]\ninput_rate_hz = 150.0\nperiods_ms = [40.0, 20.0]\n"
         "[network]\nneuron_form = \"" + form + "\"\nn_in = 7\nn_rec = 12\nn_alif = " + std::to_string(n_alif) +
         "\nn_out = 2\nthr = 0.4\ntau_m = 15.0\ntau_a = 40.0\nbeta = 0.3\ntau_out = " + std::to_string(tau_out) + "\nn_ref = " +
         std::to_string(n_ref) + "\n[init]\nw_in_gain = 4.0\nw_rec_gain = " + std::to_string(w_rec_gain) + "\n" +
         "[learning]\nfeedback = \"symmetric\"\nc_reg = 2.0\nf0_hz = 20.0\n";
}

struct Setup {
  GoldenConfig cfg;
  Weights w;
  tasks::Trial trial;
};

Setup make_setup(const std::string& toml) {
  Setup s{config_from(toml), {}, {}};
  s.w = initial_weights(s.cfg);
  make_configured_task(s.cfg)->generate(tasks::TrialSet::kTrain, 0, s.trial);
  return s;
}

Gradients engine_gradient(GoldenConfig cfg, Rule rule, BpttGradient mode, const Weights& w, const tasks::Trial& trial,
                          TrialRecord* record = nullptr) {
  cfg.learning.rule = rule;
  cfg.learning.bptt_gradient = mode;
  Gradients g(cfg.network);
  make_trial_engine(cfg)->run(w, trial, &g, record);
  return g;
}

// Drives the network by hand: per-step readout errors and the rate-regulariser factor.
struct Forward {
  Matrix<double> err;
  std::vector<double> rate_factor;
};

Forward forward(const GoldenConfig& cfg, const Weights& w, const tasks::Trial& trial, SpikingBptt* bptt) {
  SpikingNetwork net(cfg.network);
  const auto n_out = static_cast<std::size_t>(cfg.network.n_out);
  Forward f{Matrix<double>(trial.steps(), n_out), std::vector<double>(static_cast<std::size_t>(cfg.network.n_rec), 0.0)};
  if (bptt != nullptr) bptt->reset(trial.steps());
  for (std::size_t t = 0; t < trial.steps(); ++t) {
    net.step(w, trial.input.row(t));
    step_loss(LossKind::kRegression, net.y().data(), trial.target.row(t), 1.0, n_out, f.err.row(t));
    for (std::size_t j = 0; j < f.rate_factor.size(); ++j) f.rate_factor[j] += net.z()[j];
    if (bptt != nullptr) bptt->record(t, net, f.err.row(t));
  }
  const double T = static_cast<double>(trial.steps());
  for (double& r : f.rate_factor) r = cfg.learning.c_reg * (r / T - cfg.learning.f0_hz * 1e-3) / T;
  return f;
}

Gradients bptt_gradient(const GoldenConfig& cfg, const Weights& w, const tasks::Trial& trial, BpttPaths paths,
                        Matrix<double>* explicit_signal = nullptr) {
  SpikingBptt bptt(cfg.network);
  const Forward f = forward(cfg, w, trial, &bptt);
  Gradients g(cfg.network);
  bptt.backward(w, trial.input, paths, f.rate_factor, g, explicit_signal);
  return g;
}

// e-prop driven by an arbitrary learning signal L (T, N_rec), trace filter decay `kd`.
Gradients eprop_with_signal(const GoldenConfig& cfg, const Weights& w, const tasks::Trial& trial,
                            const Matrix<double>& signal, double kd) {
  const Forward f = forward(cfg, w, trial, nullptr);
  SpikingNetwork net(cfg.network);
  EpropGradient eprop(cfg.network, Eligibility::kExact, kd, false);
  Gradients g(cfg.network);
  for (std::size_t t = 0; t < trial.steps(); ++t) {
    net.step(w, trial.input.row(t));
    eprop.step(trial.input.row(t), net, signal.row(t), f.err.row(t), g);
  }
  return g;
}

void require_spiking_activity(const Setup& s) {
  TrialRecord rec;
  make_trial_engine(s.cfg)->run(s.w, s.trial, nullptr, &rec);
  double spikes = 0.0;
  for (double z : rec.z.values()) spikes += z;
  const double rate = spikes / static_cast<double>(rec.z.size());
  INFO("spikes per neuron-step " << rate);
  REQUIRE(rate > 0.02);
  REQUIRE(rate < 0.5);
}

}  // namespace

TEST_CASE("symmetric e-prop equals stop-gradient BPTT to 1e-9 with W_rec != 0 (LIF a, LIF b, LIF+ALIF b, refractory)",
          "[golden][gradient]") {
  struct Case {
    const char* name;
    std::string toml;
  };
  const std::vector<Case> cases{{"form a LIF", small_spiking("a", 0, 0)},
                                {"form b LIF, n_ref 3", small_spiking("b", 0, 3)},
                                {"form b LIF+ALIF, n_ref 3", small_spiking("b", 6, 3)}};
  for (const Case& c : cases) {
    INFO(c.name);
    const Setup s = make_setup(c.toml);
    require_spiking_activity(s);
    REQUIRE(max_abs(s.w.w_rec) > 0.1);
    const Gradients eprop = engine_gradient(s.cfg, Rule::kEprop, BpttGradient::kFull, s.w, s.trial);
    const Gradients stop_z = engine_gradient(s.cfg, Rule::kBptt, BpttGradient::kStopZ, s.w, s.trial);
    const Gradients full = engine_gradient(s.cfg, Rule::kBptt, BpttGradient::kFull, s.w, s.trial);
    REQUIRE(max_abs(stop_z.w_in) > 1e-3);
    REQUIRE(max_abs(stop_z.w_rec) > 1e-3);
    CHECK(relative_difference(eprop.w_in, stop_z.w_in) < 1e-9);
    CHECK(relative_difference(eprop.w_rec, stop_z.w_rec) < 1e-9);
    CHECK(relative_difference(eprop.w_out, stop_z.w_out) < 1e-9);
    // The comparison has teeth: the full gradient (through recurrence and reset) is different.
    CHECK(relative_difference(eprop.w_rec, full.w_rec) > 1e-3);
  }
}

TEST_CASE("e-prop factorisation with the true total dE/dz learning signal reproduces full BPTT to 1e-9 (LIF+ALIF)",
          "[golden][gradient]") {
  for (const std::string& toml : {small_spiking("b", 6, 3), small_spiking("a", 0, 0)}) {
    const Setup s = make_setup(toml);
    Matrix<double> true_signal;
    const Gradients full = bptt_gradient(s.cfg, s.w, s.trial, BpttPaths{true, true}, &true_signal);
    // dE/dz already contains the readout filter, so the eligibility trace is used unfiltered (kd = 0).
    const Gradients factorised = eprop_with_signal(s.cfg, s.w, s.trial, true_signal, 0.0);
    CHECK(relative_difference(factorised.w_in, full.w_in) < 1e-9);
    CHECK(relative_difference(factorised.w_rec, full.w_rec) < 1e-9);
    CHECK(relative_difference(factorised.w_out, full.w_out) < 1e-9);
  }
}

TEST_CASE("with W_rec = 0 and symmetric feedback e-prop equals BPTT, only the reset path (not in e-prop) differs",
          "[golden][gradient]") {
  Setup s = make_setup(small_spiking("b", 6, 3, 12.0, 0.0));
  REQUIRE(max_abs(s.w.w_rec) == 0.0);
  const Gradients eprop = engine_gradient(s.cfg, Rule::kEprop, BpttGradient::kFull, s.w, s.trial);
  const Gradients through_recurrence = bptt_gradient(s.cfg, s.w, s.trial, BpttPaths{true, false});
  CHECK(relative_difference(eprop.w_in, through_recurrence.w_in) < 1e-9);
  CHECK(relative_difference(eprop.w_rec, through_recurrence.w_rec) < 1e-9);
  const Gradients with_reset = bptt_gradient(s.cfg, s.w, s.trial, BpttPaths{true, true});
  CHECK(relative_difference(eprop.w_in, with_reset.w_in) > 1e-3);
}

TEST_CASE("exact and factorised e-prop coincide when kappa = 0 (tau_out -> 0, LIF) and differ for tau_out = 12 ms or with ALIF",
          "[golden][gradient]") {
  const auto both = [](const std::string& toml) {
    Setup s = make_setup(toml);
    GoldenConfig cfg = s.cfg;
    cfg.learning.eligibility = Eligibility::kExact;
    const Gradients exact = engine_gradient(cfg, Rule::kEprop, BpttGradient::kFull, s.w, s.trial);
    cfg.learning.eligibility = Eligibility::kFactorised;
    const Gradients fact = engine_gradient(cfg, Rule::kEprop, BpttGradient::kFull, s.w, s.trial);
    return std::max(relative_difference(fact.w_in, exact.w_in), relative_difference(fact.w_rec, exact.w_rec));
  };
  // tau_out = 1e-3 ms: kappa = exp(-1000) underflows to exactly 0, so ebar = e.
  REQUIRE(decays(config_from(small_spiking("b", 0, 3, 0.001)).network).kappa == 0.0);
  CHECK(both(small_spiking("b", 0, 3, 0.001)) < 1e-12);
  CHECK(both(small_spiking("a", 0, 0, 0.001)) < 1e-12);
  // A readout filter makes ebar a low-pass of e: different gradients.
  CHECK(both(small_spiking("b", 0, 3)) > 1e-2);
  // The factorised trace drops eps_a, so ALIF synapses differ even at kappa = 0.
  CHECK(both(small_spiking("b", 6, 3, 0.001)) > 1e-3);
}

namespace {

// `network` adds lines to the [network] section.
std::string small_rate(int steps, const std::string& network = "") {
  return "[task]\nname = \"periodic_output\"\nsteps = " + std::to_string(steps) +
         "\n[network]\nneuron_form = \"rate\"\nn_in = 3\nn_rec = 9\nn_out = 1\nrate_tau = 4.0\nrate_h0 = 0.1\n" + network +
         "[init]\nw_rec_gain = 1.5\nw_in_gain = 1.0\nw_out_distribution = \"uniform\"\nb_gain = 1.0\n"
         "[learning]\nrule = \"bptt\"\nloss_reduction = \"mean\"\nfeedback = \"random\"\n";
}

tasks::Trial random_input_trial(const GoldenConfig& cfg) {
  tasks::Trial trial;
  make_configured_task(cfg)->generate(tasks::TrialSet::kTrain, 0, trial);
  Random rng(99, RandomStream::kTaskInstance, 7);
  for (std::size_t k = 0; k < trial.input.size(); ++k) trial.input.data()[k] = rng.normal();
  return trial;
}

}  // namespace

TEST_CASE("rate-network BPTT equals central finite differences (relative error < 1e-6), with and without autapses",
          "[golden][gradient]") {
  const std::string diagonal = GENERATE(std::string("free"), std::string("zero"));
  GoldenConfig cfg = config_from(small_rate(25, "w_rec_diagonal = \"" + diagonal + "\"\n"));
  const bool autapses = diagonal == "free";
  REQUIRE(cfg.network.autapses == autapses);
  const Weights w0 = initial_weights(cfg);
  double diag = 0.0;
  for (std::size_t i = 0; i < w0.w_rec.rows(); ++i) diag = std::max(diag, std::abs(w0.w_rec(i, i)));
  CHECK((diag > 0.0) == autapses);
  const tasks::Trial trial = random_input_trial(cfg);
  Gradients g(cfg.network);
  auto engine = make_trial_engine(cfg);
  engine->run(w0, trial, &g, nullptr);

  const auto loss = [&](const Weights& w) { return engine->run(w, trial, nullptr, nullptr).task_loss; };
  const double h = 1e-5;
  const auto check = [&](Matrix<double> Weights::*m, const Matrix<double>& analytic, bool skip_diagonal) {
    Matrix<double> numeric(analytic.rows(), analytic.cols());
    for (std::size_t r = 0; r < analytic.rows(); ++r) {
      for (std::size_t c = 0; c < analytic.cols(); ++c) {
        if (skip_diagonal && r == c) continue;
        Weights wp = w0, wm = w0;
        (wp.*m)(r, c) += h;
        (wm.*m)(r, c) -= h;
        numeric(r, c) = (loss(wp) - loss(wm)) / (2 * h);
      }
    }
    REQUIRE(max_abs(analytic) > 1e-4);
    return relative_difference(analytic, numeric);
  };
  CHECK(check(&Weights::w_in, g.w_in, false) < 1e-6);
  CHECK(check(&Weights::w_rec, g.w_rec, !autapses) < 1e-6);
  CHECK(check(&Weights::w_out, g.w_out, false) < 1e-6);
  double g_diag = 0.0;
  for (std::size_t i = 0; i < g.w_rec.rows(); ++i) g_diag = std::max(g_diag, std::abs(g.w_rec(i, i)));
  CHECK((g_diag > 0.0) == autapses);
}

TEST_CASE("the notebook's tanh' (1/cosh(10 tanh(u/10))^2) is used by BPTT and RFLO alike and is not the exact gradient",
          "[golden][gradient]") {
  GoldenConfig exact = config_from(small_rate(25));
  GoldenConfig notebook = config_from(small_rate(25, "tanh_derivative = \"notebook\"\n"));
  const Weights w = initial_weights(exact);
  const tasks::Trial trial = random_input_trial(exact);
  Gradients ge(exact.network), gn(exact.network), rflo(exact.network), truncated(exact.network);
  make_trial_engine(exact)->run(w, trial, &ge, nullptr);
  make_trial_engine(notebook)->run(w, trial, &gn, nullptr);
  const double d = relative_difference(gn.w_rec, ge.w_rec);
  CHECK(d > 1e-6);  // the inputs reach |u| ~ 1, where the two derivatives differ by ~1e-3
  CHECK(d < 3e-2);
  CHECK(relative_difference(gn.w_out, ge.w_out) == 0.0);  // dE/dW_out does not involve tanh'
  GoldenConfig rflo_cfg = notebook;
  rflo_cfg.learning.rule = Rule::kRflo;
  rflo_cfg.learning.feedback = Feedback::kSymmetric;
  make_trial_engine(rflo_cfg)->run(w, trial, &rflo, nullptr);
  notebook.learning.bptt_gradient = BpttGradient::kStopZ;
  make_trial_engine(notebook)->run(w, trial, &truncated, nullptr);
  CHECK(relative_difference(rflo.w_rec, truncated.w_rec) < 1e-12);
}

TEST_CASE("RFLO with B = W_out equals BPTT with the recurrent path h[t-1] -> u[t] stopped (1e-12), with and without autapses",
          "[golden][gradient]") {
  const std::string diagonal = GENERATE(std::string("free"), std::string("zero"));
  GoldenConfig cfg = config_from(small_rate(40, "w_rec_diagonal = \"" + diagonal + "\"\n"));
  const Weights w = initial_weights(cfg);
  const tasks::Trial trial = random_input_trial(cfg);
  GoldenConfig rflo_cfg = cfg;
  rflo_cfg.learning.rule = Rule::kRflo;
  rflo_cfg.learning.feedback = Feedback::kSymmetric;
  Gradients rflo(cfg.network), truncated(cfg.network), full(cfg.network);
  make_trial_engine(rflo_cfg)->run(w, trial, &rflo, nullptr);
  cfg.learning.bptt_gradient = BpttGradient::kStopZ;
  make_trial_engine(cfg)->run(w, trial, &truncated, nullptr);
  cfg.learning.bptt_gradient = BpttGradient::kFull;
  make_trial_engine(cfg)->run(w, trial, &full, nullptr);
  CHECK(relative_difference(rflo.w_in, truncated.w_in) < 1e-12);
  CHECK(relative_difference(rflo.w_rec, truncated.w_rec) < 1e-12);
  CHECK(relative_difference(rflo.w_out, truncated.w_out) < 1e-12);
  CHECK(relative_difference(rflo.w_rec, full.w_rec) > 1e-3);
}
