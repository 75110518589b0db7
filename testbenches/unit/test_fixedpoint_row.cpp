// Requantizer::apply_row against n calls of apply: the same stored values, the same
// LFSR draws (final stream state) and the same counters, for random specs covering
// every rounding and overflow mode, left shifts (s <= 0), sticky pre-shifts (s > 62),
// rows longer than one internal chunk, and in-place use. The seed is Catch's
// (--rng-seed N) and is printed with every failure.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "fixedpoint/lfsr.h"
#include "fixedpoint/requantize.h"
#include "fixedpoint/stats.h"
#include "testbenches/unit/fixedpoint_test_util.h"

TEST_CASE("apply_row equals apply element by element in values and draws and counters for every mode and in place", "[fixedpoint][unit]") {
  const std::uint64_t seed = static_cast<std::uint64_t>(Catch::rngSeed()) * 0x9E3779B97F4A7C15ULL ^ 0x726f77ULL;
  INFO("seed " << seed);
  std::mt19937_64 g(seed);
  const auto range = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(g); };
  for (int trial = 0; trial < 3000; ++trial) {
    const fxp::Format f{range(1, 64), range(-20, 70), range(0, 1) == 1};
    if (!f.is_signed && f.width == 64) continue;
    const int m = range(0, 7);
    const fxp::Rounding r = m == 7 ? fxp::Rounding::stochastic(range(1, 32)) : fxp::Rounding{fxp_test::kDeterministic[static_cast<std::size_t>(m)], 0};
    const fxp::Spec spec{f, fxp::Quant{r, fxp_test::kOverflows[static_cast<std::size_t>(range(0, 3))]}};
    // Source fraction: from a left shift of up to 30 bits to drops beyond 62 (sticky pre-shift).
    const fxp::Requantizer rq(f.frac + range(-30, 90), spec);
    const auto n = static_cast<std::size_t>(range(0, 300));
    std::vector<std::int64_t> x(n);
    const int bits = range(1, 63);
    for (auto& v : x) v = static_cast<std::int64_t>(g() >> (64 - bits)) - (range(0, 1) ? static_cast<std::int64_t>(g() >> (64 - bits)) : 0);
    INFO("spec " << spec.str() << " src_frac " << rq.src_frac() << " n " << n);
    const bool count = range(0, 1) == 1;
    fxp::Lfsr32 rng_elem(static_cast<std::uint32_t>(g() | 1u)), rng_row = rng_elem;
    fxp::Stats st_elem, st_row;
    std::vector<std::int64_t> want(n), got(n);
    for (std::size_t i = 0; i < n; ++i) want[i] = rq.apply(x[i], &rng_elem, count ? &st_elem : nullptr);
    if (range(0, 1) == 1) {
      got = x;
      rq.apply_row(got.data(), got.data(), n, &rng_row, count ? &st_row : nullptr);  // in place
    } else {
      rq.apply_row(x.data(), got.data(), n, &rng_row, count ? &st_row : nullptr);
    }
    REQUIRE(got == want);
    REQUIRE(rng_row == rng_elem);
    REQUIRE(st_row == st_elem);
  }
}
