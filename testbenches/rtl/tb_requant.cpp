// Copyright fxprop contributors.
//
// Block testbench of rtl/fxprop_requant.sv: every rounding mode x every overflow mode x
// the format table of tb_requant.sv, compared bit for bit with fxp::Requantizer (the
// random word of a stochastic rounding is handed to the library through an Lfsr32 whose next
// draw is that word).
// Small formats (InW + K <= 16) are driven exhaustively over every input and every
// random word; wide formats with random values biased toward ties, the edges of the
// output range and overflow.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <vector>

#include "Vtb_requant.h"
#include "testbenches/rtl/common/fxref.h"
#include "testbenches/rtl/common/vl_bits.h"

namespace {

using fxtb::cpp_int;

struct Cfg {
  int in_w, in_f, out_w, out_f, out_s, k;
  int x_off, k_off;
  bool exhaustive;
};

// Random exact input for a wide config: mostly near the output range at the output's
// resolution, with the dropped bits set to a tie, to zero, to all ones, or random.
cpp_int wide_input(const Cfg& c, std::mt19937_64& rng) {
  auto rnd_bits = [&](int n) {
    cpp_int v = 0;
    for (int i = 0; i < n; i += 64) {
      v <<= 64;
      v |= rng();
    }
    return v & ((cpp_int(1) << n) - 1);
  };
  const cpp_int in_min = -(cpp_int(1) << (c.in_w - 1));
  const cpp_int in_max = (cpp_int(1) << (c.in_w - 1)) - 1;
  const int kind = static_cast<int>(rng() % 4);
  if (kind == 0) return fxtb::from_raw(rnd_bits(c.in_w), c.in_w, true);
  const int s = c.in_f - c.out_f;
  // kept part: uniform over about 4x the output range
  const int span = c.out_w + 2;
  cpp_int kept = fxtb::from_raw(rnd_bits(span), span, true);
  cpp_int x;
  if (s > 0) {
    cpp_int low;
    switch (kind) {
      case 1: low = cpp_int(1) << (s - 1); break;            // exact tie
      case 2: low = (rng() & 1) ? cpp_int(0) : (cpp_int(1) << s) - 1; break;
      default: low = rnd_bits(s); break;
    }
    x = (kept << s) + low;
  } else {
    x = kept;
  }
  if (x < in_min) x = in_min;
  if (x > in_max) x = in_max;
  return x;
}

}  // namespace

int main(int argc, char** argv) {
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->commandArgs(argc, argv);
  auto dut = std::make_unique<Vtb_requant>(ctx.get(), "tb_requant");
  const long wide_iters = argc > 1 ? std::atol(argv[1]) : 100000;

  dut->eval();
  const int ncfg = static_cast<int>(sizeof(dut->cfg_o) * 8 / 48);
  std::vector<Cfg> cfgs;
  int x_off = 0, k_off = 0;
  for (int c = 0; c < ncfg; ++c) {
    auto field = [&](int f) {
      return static_cast<int>(fxtb::get_bits(fxtb::words(dut->cfg_o), 48 * c + 8 * f, 8));
    };
    Cfg g{field(0), field(1), field(2), field(3), field(4), field(5), x_off, k_off, false};
    g.exhaustive = g.in_w + g.k <= 16;
    x_off += g.in_w;
    k_off += g.k;
    cfgs.push_back(g);
  }

  long exhaustive_n = 0;
  for (const Cfg& c : cfgs)
    if (c.exhaustive) exhaustive_n = std::max(exhaustive_n, 1L << (c.in_w + c.k));
  const long iters = std::max(exhaustive_n, wide_iters);

  std::mt19937_64 rng(0x5eed);
  std::vector<cpp_int> xs(cfgs.size());
  std::vector<uint64_t> rs(cfgs.size());
  long checks = 0, fails = 0;
  for (long it = 0; it < iters; ++it) {
    for (std::size_t ci = 0; ci < cfgs.size(); ++ci) {
      const Cfg& c = cfgs[ci];
      const uint64_t kmask = c.k >= 64 ? ~0ull : ((1ull << c.k) - 1);
      if (c.exhaustive) {
        const long combo = it % (1L << (c.in_w + c.k));
        xs[ci] = fxtb::from_raw(cpp_int(combo >> c.k), c.in_w, true);
        rs[ci] = static_cast<uint64_t>(combo) & kmask;
      } else {
        xs[ci] = wide_input(c, rng);
        rs[ci] = rng() & kmask;
      }
      fxtb::set_bits(fxtb::words(dut->x_i), c.x_off, c.in_w, xs[ci]);
      fxtb::set_bits(fxtb::words(dut->r_i), c.k_off, c.k, cpp_int(rs[ci]));
    }
    dut->eval();
    for (std::size_t ci = 0; ci < cfgs.size(); ++ci) {
      const Cfg& c = cfgs[ci];
      if (c.exhaustive && it >= (1L << (c.in_w + c.k))) continue;
      for (int rnd = 0; rnd < 8; ++rnd) {
        for (int ovf = 0; ovf < 4; ++ovf) {
          const int slot = static_cast<int>(ci) * 32 + rnd * 4 + ovf;
          const fxref::Fmt out{c.out_w, c.out_f, c.out_s != 0, rnd, ovf, c.k};
          const cpp_int got = fxtb::from_raw(
              fxtb::get_bits(fxtb::words(dut->y_o), 32 * slot, c.out_w), c.out_w, out.s);
          const cpp_int want = fxref::requant_with(xs[ci], c.in_f, out, static_cast<uint32_t>(rs[ci]));
          ++checks;
          if (got != want && fails++ < 20) {
            std::printf("MISMATCH cfg %zu (s%d.%d -> %c%d.%d k=%d) rnd %d ovf %d: x=%s r=%llu rtl=%s ref=%s\n",
                        ci, c.in_w, c.in_f, out.s ? 's' : 'u', c.out_w, c.out_f, c.k, rnd, ovf,
                        xs[ci].str().c_str(), static_cast<unsigned long long>(rs[ci]),
                        got.str().c_str(), want.str().c_str());
          }
        }
      }
    }
  }
  dut->final();
  std::printf("tb_requant: %d formats x 8 rounding x 4 overflow modes, %ld checks, %ld mismatches\n",
              ncfg, checks, fails);
  return fails == 0 && checks > 0 ? 0 : 1;
}
