// Training-level properties of the fixed-point learning core: determinism,
// unbiased stochastic weight updates (and the stall of deterministic rounding when
// |lr g| is below one LSB), and CI-sized learning tests with calibrated thresholds.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "model/fixed/constants.h"
#include "model/fixed/datapath.h"
#include "model/fixed/kernels.h"
#include "model/fixed/row_kernels.h"
#include "model/fixed/trainer.h"
#include "model/golden/configured_task.h"
#include "model/golden/weights.h"
#include "testbenches/unit/fixed_test_support.h"

using namespace fxprop;
using namespace fxprop::fixed;

namespace {

struct Run {
  std::vector<double> curve;
  SynapseState synapses;
  std::vector<fxp::Lfsr32> lfsr;
  std::vector<fxp::Stats> stats;
};

Run train(const test::Configs& c, const golden::Weights& w0) {
  const auto task = golden::make_configured_task(c.golden);
  Trainer t(c.golden, c.fixed, *task, w0);
  Run r;
  for (std::int64_t i = 0; i < c.golden.train.iterations; ++i) r.curve.push_back(t.train_iteration().task_loss);
  r.synapses = t.core().synapses();
  for (int s = 0; s < kSiteCount; ++s) {
    r.lfsr.push_back(t.core().sites().lfsr(static_cast<Site>(s)));
    r.stats.push_back(t.core().sites().stats(static_cast<Site>(s)));
  }
  return r;
}

Datapath datapath_of(const test::Configs& c) { return build_datapath(c.golden, c.fixed, quantise_constants(c.golden, c.fixed)); }

}  // namespace

TEST_CASE("determinism: two runs are bit-identical and only the seed of the rounding streams changes a stochastic run",
          "[fixed][train]") {
  const test::Configs c = test::configs_from(test::small_pattern("eligibility = \"factorised\"\nschedule = \"online\"", 8));
  const golden::Weights w0 = golden::initial_weights(c.golden);
  const Run a = train(c, w0);
  const Run b = train(c, w0);
  CHECK(a.curve == b.curve);
  CHECK(a.synapses.w_in == b.synapses.w_in);
  CHECK(a.synapses.w_rec == b.synapses.w_rec);
  CHECK(a.synapses.w_out == b.synapses.w_out);
  CHECK(a.lfsr == b.lfsr);
  CHECK(a.stats == b.stats);
  // The weights round stochastically (default formats): other LFSR seeds, other weights,
  // from the same initial weights and task.
  REQUIRE(c.fixed.spec(Site::w_in).q.rounding.is_stochastic());
  test::Configs other = c;
  other.golden.seed = 2;
  const Run d = train(other, w0);
  CHECK(d.synapses.w_in != a.synapses.w_in);
  CHECK(d.lfsr != a.lfsr);
  // Statistics are deterministic too, and were collected.
  CHECK(a.stats[static_cast<std::size_t>(index(Site::w_in))].requants > 0);
}

TEST_CASE("stochastic rounding makes the expected weight change lr g (within 5 sigma) and ReckOn's +-1 LSB step below one LSB",
          "[fixed][train]") {
  // lpsi s12.6 x zbar u12.8: g at 14 fraction bits; lr = 2^-4 (shift): lr g at 18; W s12.4 with
  // stoch16: 14 bits dropped, fewer than 16 random bits, so the rounding is exactly unbiased.
  const test::Configs c = test::configs_from(
      test::small_pattern("eligibility = \"factorised\"\nschedule = \"online\"", 0, 50, 0.0625) +
      test::uniform_formats("s24.12 rnd sat", "u20.12",
                            {{"lpsi", "s12.6 rnd sat"}, {"zbar", "u12.8 rnd sat"}, {"w_in", "s12.4 stoch16 sat"}}));
  const Datapath dp = datapath_of(c);
  Sites s(3, true);
  const std::int64_t w0 = 100;
  for (const std::int64_t lpsi : {-37, 5, 200, -1000}) {
    for (const std::int64_t zbar : {1, 77, 255}) {
      const std::int64_t g = lpsi * zbar;  // at 14 fraction bits
      // Expected change in W's LSBs (2^-4): -lr g / 2^-4 = -g 2^-18 / 2^-4 = -g / 2^14.
      const double expected = -static_cast<double>(g) / 16384.0;
      const double frac = expected - std::floor(expected);
      const int n = 20000;
      double sum = 0.0;
      for (int k = 0; k < n; ++k) {
        const std::int64_t w1 = update_weight<std::int64_t>(dp.w_in, w0, product_exact<std::int64_t>(lpsi, zbar), s.at(Site::w_in));
        const std::int64_t step = w1 - w0;
        // Every outcome is one of the two neighbours of the exact value.
        REQUIRE((step == static_cast<std::int64_t>(std::floor(expected)) || step == static_cast<std::int64_t>(std::ceil(expected))));
        sum += static_cast<double>(step);
      }
      const double sigma = std::sqrt(frac * (1.0 - frac) / n);
      INFO("lpsi " << lpsi << " zbar " << zbar << ": mean step " << sum / n << " LSB, expected " << expected);
      CHECK(std::abs(sum / n - expected) <= 5.0 * sigma + 1e-12);
    }
  }
}

TEST_CASE("below one LSB deterministic rounding stalls (trn for increases and rnd) and the stall counter says so while stoch keeps learning",
          "[fixed][train]") {
  // An increase of 0.3 LSB per update (g < 0), 4096 updates of a row of 8 synapses.
  struct Case {
    const char* rounding;
    bool stalls;
  };
  for (const Case& k : {Case{"trn", true}, Case{"rnd", true}, Case{"stoch16", false}}) {
    INFO(k.rounding);
    const test::Configs c = test::configs_from(
        test::small_pattern("eligibility = \"factorised\"\nschedule = \"online\"", 0, 50, 0.0625) +
        test::uniform_formats("s24.12 rnd sat", "u20.12",
                              {{"lpsi", "s12.6 rnd sat"}, {"zbar", "u12.8 rnd sat"}, {"w_in", std::string("s12.4 ") + k.rounding + " sat"}}));
    const Datapath dp = datapath_of(c);
    Sites s(3, true);
    std::vector<std::int64_t> w(8, 100);
    const std::vector<std::int64_t> lpsi(8, -4915);  // g = -4915 at 14 fraction bits: lr g = -0.29999 LSB
    const int updates = 4096;
    for (int u = 0; u < updates; ++u) factorised_row<std::int64_t>(dp.w_in, false, 1, lpsi.data(), w.data(), 8, -1, s.at(Site::w_in));
    const UpdateCounts& n = s.updates(Site::w_in);
    CHECK(n.nonzero == 8u * updates);
    const double expected = 100.0 + 4915.0 / 16384.0 * updates;  // about 1329 LSB
    if (k.stalls) {
      CHECK(w == std::vector<std::int64_t>(8, 100));
      CHECK(n.stalled == n.nonzero);
    } else {
      for (std::int64_t v : w) CHECK(std::abs(static_cast<double>(v) - expected) < 5.0 * std::sqrt(0.3 * 0.7 * updates));
      CHECK(n.stalled < n.nonzero);
      CHECK(n.stalled > n.nonzero / 2);  // a step happens with probability 0.3
    }
  }
}

namespace {

// Mean task loss of the last 10 iterations over that of the first.
double loss_ratio(const std::string& toml) {
  const test::Configs c = test::configs_from(toml);
  const Run r = train(c, golden::initial_weights(c.golden));
  double last = 0.0;
  for (std::size_t i = r.curve.size() - 10; i < r.curve.size(); ++i) last += r.curve[i] / 10.0;
  INFO("initial " << r.curve.front() << " final " << last << " ratio " << last / r.curve.front());
  return last / r.curve.front();
}

}  // namespace

// Thresholds: the ratio of the last-10-iteration mean loss to the first iteration's, with
// the default formats, 600 iterations, lr = 2^-10 (shift), measured for seeds 1, 2, 3 at the
// commit of this test: factorised/online/stoch 0.31 / 0.37 / 0.10 (float model, same
// configuration: 0.31 / 0.35 / 0.11) -> < 0.5; exact/per_trial 0.30 / 0.55 / 0.20 (float
// 0.29 / 0.56 / 0.20) -> < 0.7. Without learning the ratio stays near 1 (negative control).
TEST_CASE("the fixed core learns its CI-sized task with the default formats: loss falls below the calibrated fraction for 3 seeds",
          "[fixed][train][learning]") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    INFO("seed " << seed);
    CHECK(loss_ratio(test::small_pattern("eligibility = \"factorised\"\nschedule = \"online\"", 600, 200, 0.0009765625, seed) +
                     "stats = false\n") < 0.5);
    CHECK(loss_ratio(test::small_pattern("eligibility = \"exact\"\nschedule = \"per_batch\"", 600, 200, 0.0009765625, seed) +
                     "stats = false\n") < 0.7);
  }
}

TEST_CASE("negative control: with a learning rate of 2^-30 the fixed core's loss ratio stays above 0.95", "[fixed][train][learning]") {
  CHECK(loss_ratio(test::small_pattern("eligibility = \"factorised\"\nschedule = \"online\"", 50, 200, std::ldexp(1.0, -30), 1)) > 0.95);
}
