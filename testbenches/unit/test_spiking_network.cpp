// Single-neuron properties of the forward pass: the spike test ('>' vs '>='),
// refractoriness (n_ref = 5 blocks t+1 .. t+4), psi = 0 while refractory, reset
// by the baseline threshold, and the (1 - alpha) input scaling of form a.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "model/golden/spiking_network.h"
#include "testbenches/unit/golden_test_support.h"

using namespace fxprop;
using namespace fxprop::golden;

namespace {

GoldenConfig one_neuron(const std::string& form, const std::string& test, int n_ref, int n_alif = 0) {
  return test::config_from("[network]\nneuron_form = \"" + form + "\"\nn_in = 1\nn_rec = 1\nn_out = 1\nthr = 0.6\nspike_test = \"" +
                           test + "\"\nn_ref = " + std::to_string(n_ref) + "\nn_alif = " + std::to_string(n_alif) +
                           "\nbeta = 0.5\ntau_a = 100.0\n");
}

Weights weights(const GoldenConfig& cfg, double w_in) {
  Weights w = init_weights(cfg.network, cfg.init, 1);
  w.w_in(0, 0) = w_in;
  w.w_out(0, 0) = 1.0;
  return w;
}

}  // namespace

TEST_CASE("spike test: v exactly at threshold spikes with '>=' (NEST) and not with '>' (TensorFlow)", "[golden][neuron]") {
  const double x = 1.0;
  for (const char* test : {">", ">="}) {
    const GoldenConfig cfg = one_neuron("b", test, 0);
    SpikingNetwork net(cfg.network);
    net.step(weights(cfg, 0.6), &x);  // form b: v = W_in x = 0.6 = thr exactly
    REQUIRE(net.v()[0] == cfg.network.thr);
    CHECK(net.z()[0] == (std::string(test) == ">=" ? 1.0 : 0.0));
    CHECK(net.psi()[0] == Approx(0.3 / 0.6));  // psi peaks at v = A: gamma / thr
  }
}

TEST_CASE("refractoriness: with n_ref = 5 a spike at t blocks t+1 .. t+4 (psi = 0 there) and the neuron fires again at t+5",
          "[golden][neuron]") {
  const GoldenConfig cfg = one_neuron("b", ">", 5);
  SpikingNetwork net(cfg.network);
  const Weights w = weights(cfg, 10.0);  // drive far above threshold every step
  const double x = 1.0;
  std::vector<double> z, psi;
  for (int t = 0; t < 11; ++t) {
    net.step(w, &x);
    z.push_back(net.z()[0]);
    psi.push_back(net.psi()[0]);
  }
  CHECK(z == std::vector<double>{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
  for (int t : {1, 2, 3, 4, 6, 7, 8, 9}) CHECK(psi[static_cast<std::size_t>(t)] == 0.0);
  // v after the spike at t = 0: alpha * 10 + 10 - thr (reset by the baseline threshold).
  const double alpha = std::exp(-1.0 / cfg.network.tau_m);
  SpikingNetwork again(cfg.network);
  again.step(w, &x);
  again.step(w, &x);
  CHECK(again.v()[0] == Approx(alpha * 10.0 + 10.0 - 0.6).epsilon(1e-15));
}

TEST_CASE("ALIF: threshold A = thr + beta a, a = rho a + z[t-1], reset subtracts the baseline thr", "[golden][neuron]") {
  const GoldenConfig cfg = one_neuron("b", ">", 0, 1);
  SpikingNetwork net(cfg.network);
  const Weights w = weights(cfg, 1.0);
  const double x = 1.0;
  net.step(w, &x);  // v = 1 > 0.6: spike
  REQUIRE(net.z()[0] == 1.0);
  net.step(w, &x);
  const double rho = std::exp(-1.0 / 100.0);
  const double alpha = std::exp(-1.0 / cfg.network.tau_m);
  CHECK(net.adaptation()[0] == 1.0);
  CHECK(net.threshold()[0] == Approx(0.6 + 0.5 * 1.0));
  CHECK(net.v()[0] == Approx(alpha * 1.0 + 1.0 - 0.6));
  net.step(w, &x);
  CHECK(net.adaptation()[0] == Approx(rho * 1.0 + net.z_prev()[0]));
}

TEST_CASE("form a scales the synaptic current by (1 - alpha) and has no refractory period", "[golden][neuron]") {
  const GoldenConfig cfg = test::config_from("[network]\nneuron_form = \"a\"\nn_in = 1\nn_rec = 1\nn_out = 1\nthr = 0.03\n");
  SpikingNetwork net(cfg.network);
  const Weights w = weights(cfg, 2.0);
  const double x = 1.0;
  const double alpha = std::exp(-1.0 / cfg.network.tau_m);
  net.step(w, &x);
  CHECK(net.v()[0] == Approx((1 - alpha) * 2.0).epsilon(1e-15));
  int spikes = 0;
  for (int t = 0; t < 10; ++t) {
    net.step(w, &x);
    spikes += net.z()[0] != 0.0 ? 1 : 0;
  }
  CHECK(spikes == 10);  // fires every step: nothing blocks it
}
