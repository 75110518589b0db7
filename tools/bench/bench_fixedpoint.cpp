// Cost of one requantised multiply-accumulate: s16.12 x s16.12 accumulated into
// an s32.24 register (wrapping, as a 32-bit accumulator does), the accumulator
// requantised to s16.12 (rnd, sat) after every step. The same work as
//   - plain int64 with hand-written requantisation (the floor),
//   - fxp runtime formats (Mac + Requantizer) without counters (null known at
//     compile time, and null only known at run time), with counters, and with
//     stoch8 instead of rnd,
//   - the typed wrapper fxp::fixed<>,
//   - SystemC sc_fixed (the baseline the library must beat by >= 30x).
// Every variant XORs its outputs into a checksum that is compared at the end,
// so all of them provably do the same work. Run tools/bench/run_fixedpoint.sh
// for the ratios.
#define SC_INCLUDE_FX
#include <systemc>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "fixedpoint/fixed.h"
#include "fixedpoint/lfsr.h"
#include "fixedpoint/mac.h"
#include "fixedpoint/requantize.h"
#include "fixedpoint/stats.h"

int sc_main(int, char*[]) { return 0; }  // libsystemc.so wants it; benchmark's main() runs

namespace {

constexpr int kN = 4096;

struct Data {
  std::vector<int64_t> a, b;
  Data() : a(kN), b(kN) {
    uint32_t s = 12345;
    for (int i = 0; i < kN; ++i) {
      s = s * 1664525u + 1013904223u;
      a[static_cast<std::size_t>(i)] = static_cast<int64_t>(s >> 16) - 32768;  // full s16 range
      s = s * 1664525u + 1013904223u;
      b[static_cast<std::size_t>(i)] = static_cast<int64_t>((s >> 16) % 8192) - 4096;  // |b| <= 1.0
    }
  }
};
const Data& data() {
  static const Data d;
  return d;
}

// Variants doing the same work (same rounding) must produce the same checksum;
// a mismatch fails the run.
bool g_mismatch = false;
void record(const std::string& name, int64_t sum) {
  static std::map<std::string, int64_t> first;
  const auto [it, inserted] = first.emplace(name, sum);
  if (!inserted && it->second != sum) {
    std::fprintf(stderr, "bench_fixedpoint: checksum mismatch for %s: %lld vs %lld\n", name.c_str(),
                 static_cast<long long>(it->second), static_cast<long long>(sum));
    g_mismatch = true;
  }
}

const fxp::Format kIn{16, 12, true};
const fxp::Spec kAcc{fxp::Format{32, 24, true}, fxp::Quant{fxp::Rounding{fxp::Round::trn, 0}, fxp::Overflow::wrap}};
const fxp::Spec kOut{kIn, fxp::Quant{fxp::Rounding{fxp::Round::rnd, 0}, fxp::Overflow::sat}};
const fxp::Spec kOutStoch{kIn, fxp::Quant{fxp::Rounding::stochastic(8), fxp::Overflow::sat}};

void BM_plain_int64(benchmark::State& state) {
  const Data& d = data();
  int64_t sum = 0;
  for (auto _ : state) {
    int64_t acc = 0;
    sum = 0;
    for (int i = 0; i < kN; ++i) {
      // 32-bit wrapping accumulator, then Q.24 -> Q.12 round-half-up, saturate to 16 bits.
      acc = static_cast<int32_t>(static_cast<uint32_t>(acc + d.a[static_cast<std::size_t>(i)] * d.b[static_cast<std::size_t>(i)]));
      int64_t r = (acc + (1 << 11)) >> 12;
      r = r > 32767 ? 32767 : (r < -32768 ? -32768 : r);
      sum ^= r + i;
    }
    benchmark::DoNotOptimize(sum);
  }
  record("rnd", sum);
  state.SetItemsProcessed(state.iterations() * kN);
}

// kCount: counters on. kOpaqueNull: counters off, but the null pointer is only
// known at run time (as in a model whose instrumentation is a run-time
// option); without it the compiler sees nullptr and drops the check.
template <bool kCount, bool kOpaqueNull = false>
void run_fxp(benchmark::State& state, const fxp::Spec& out_spec, const char* name) {
  const Data& d = data();
  fxp::Mac mac(kIn, kIn, kAcc);
  const fxp::Requantizer out(kAcc.fmt.frac, out_spec);
  fxp::Stats acc_stats, out_stats;
  fxp::Stats* acc_ptr = kCount ? &acc_stats : nullptr;
  fxp::Stats* out_ptr = kCount ? &out_stats : nullptr;
  if (kOpaqueNull) {
    benchmark::DoNotOptimize(acc_ptr);
    benchmark::DoNotOptimize(out_ptr);
  }
  int64_t sum = 0;
  for (auto _ : state) {
    fxp::Lfsr32 rng = fxp::Lfsr32::for_stream(1, 0);
    mac.reset();
    sum = 0;
    for (int i = 0; i < kN; ++i) {
      mac.add(d.a[static_cast<std::size_t>(i)], d.b[static_cast<std::size_t>(i)], nullptr, acc_ptr);
      sum ^= out.apply(mac.raw(), &rng, out_ptr) + i;
    }
    benchmark::DoNotOptimize(sum);
  }
  record(name, sum);
  benchmark::DoNotOptimize(out_stats);
  state.SetItemsProcessed(state.iterations() * kN);
}

void BM_fxp_runtime(benchmark::State& state) { run_fxp<false>(state, kOut, "rnd"); }
void BM_fxp_runtime_stats(benchmark::State& state) { run_fxp<true>(state, kOut, "rnd"); }
void BM_fxp_runtime_stats_off_runtime_null(benchmark::State& state) { run_fxp<false, true>(state, kOut, "rnd"); }
void BM_fxp_runtime_stoch8(benchmark::State& state) { run_fxp<false>(state, kOutStoch, "stoch8"); }

void BM_plain_int64_stoch8(benchmark::State& state) {
  // Hand-written stoch8 with the same LFSR draws: r << (12 - 8) added before the shift.
  const Data& d = data();
  int64_t sum = 0;
  for (auto _ : state) {
    fxp::Lfsr32 rng = fxp::Lfsr32::for_stream(1, 0);
    int64_t acc = 0;
    sum = 0;
    for (int i = 0; i < kN; ++i) {
      acc = static_cast<int32_t>(static_cast<uint32_t>(acc + d.a[static_cast<std::size_t>(i)] * d.b[static_cast<std::size_t>(i)]));
      int64_t r = (acc + (static_cast<int64_t>(rng.draw(8)) << 4)) >> 12;
      r = r > 32767 ? 32767 : (r < -32768 ? -32768 : r);
      sum ^= r + i;
    }
    benchmark::DoNotOptimize(sum);
  }
  record("stoch8", sum);
  state.SetItemsProcessed(state.iterations() * kN);
}

void BM_fxp_typed(benchmark::State& state) {
  using in_t = fxp::fixed<16, 12>;
  using acc_t = fxp::fixed<32, 24>;  // trn, wrap
  using out_t = fxp::fixed<16, 12, true, fxp::Round::rnd, fxp::Overflow::sat>;
  const Data& d = data();
  int64_t sum = 0;
  for (auto _ : state) {
    acc_t acc;
    sum = 0;
    for (int i = 0; i < kN; ++i) {
      acc = acc + in_t::from_raw(d.a[static_cast<std::size_t>(i)]) * in_t::from_raw(d.b[static_cast<std::size_t>(i)]);
      const out_t y = acc;
      sum ^= y.raw() + i;
    }
    benchmark::DoNotOptimize(sum);
  }
  record("rnd", sum);
  state.SetItemsProcessed(state.iterations() * kN);
}

void BM_sc_fixed(benchmark::State& state) {
  using in_t = sc_dt::sc_fixed<16, 4>;
  using acc_t = sc_dt::sc_fixed<32, 8, sc_dt::SC_TRN, sc_dt::SC_WRAP>;
  using out_t = sc_dt::sc_fixed<16, 4, sc_dt::SC_RND, sc_dt::SC_SAT>;
  const Data& d = data();
  std::vector<in_t> a(kN), b(kN);
  for (std::size_t i = 0; i < static_cast<std::size_t>(kN); ++i) {
    a[i] = static_cast<double>(d.a[i]) / 4096.0;  // exact: 16-bit raws
    b[i] = static_cast<double>(d.b[i]) / 4096.0;
  }
  int64_t sum = 0;
  for (auto _ : state) {
    acc_t acc = 0;
    sum = 0;
    for (int i = 0; i < kN; ++i) {
      acc += a[static_cast<std::size_t>(i)] * b[static_cast<std::size_t>(i)];
      const out_t y = acc;
      sum ^= static_cast<int64_t>((y << 12).to_int64()) + i;
    }
    benchmark::DoNotOptimize(sum);
  }
  record("rnd", sum);
  state.SetItemsProcessed(state.iterations() * kN);
}

}  // namespace

BENCHMARK(BM_plain_int64);
BENCHMARK(BM_fxp_runtime);
BENCHMARK(BM_fxp_runtime_stats);
BENCHMARK(BM_fxp_runtime_stats_off_runtime_null);
BENCHMARK(BM_plain_int64_stoch8);
BENCHMARK(BM_fxp_runtime_stoch8);
BENCHMARK(BM_fxp_typed);
BENCHMARK(BM_sc_fixed);

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return g_mismatch ? 1 : 0;
}
