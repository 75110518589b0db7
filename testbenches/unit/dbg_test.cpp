#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include "model/fixed/trainer.h"
#include "model/golden/configured_task.h"
#include "model/golden/trainer.h"
#include "testbenches/unit/fixed_test_support.h"
using namespace fxprop;
template <class Tr> double ratio(Tr& t, int it) {
  std::vector<double> c; for (int i = 0; i < it; ++i) c.push_back(t.train_iteration().task_loss);
  double last = 0; for (int i = it - 10; i < it; ++i) last += c[i] / 10; return last / c[0];
}
TEST_CASE("dbg") {
  for (const char* learning : {"eligibility = \"factorised\"\nschedule = \"online\"\n", "eligibility = \"exact\"\nschedule = \"per_batch\"\n"}) {
    for (int seed = 1; seed <= 3; ++seed) {
      for (double lr : {0.0009765625, 0.001953125}) {
        const test::Configs c = test::configs_from(test::small_pattern(learning, 600, 200, lr, seed) + "stats = false\n");
        const auto task = golden::make_configured_task(c.golden);
        const golden::Weights w0 = golden::initial_weights(c.golden);
        golden::Trainer flt(c.golden, *task, w0, 1);
        fixed::Trainer fix(c.golden, c.fixed, *task, w0);
        auto t0 = std::chrono::steady_clock::now();
        double rf = ratio(flt, 600);
        auto t1 = std::chrono::steady_clock::now();
        double rx = ratio(fix, 600);
        auto t2 = std::chrono::steady_clock::now();
        std::printf("%s seed %d lr %g: float %.3f fixed %.3f  (%.2f s, %.2f s)\n", learning[15] == 'f' ? "fact/online" : "exact/per_trial", seed, lr, rf, rx,
          std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count());
      }
    }
  }
}
