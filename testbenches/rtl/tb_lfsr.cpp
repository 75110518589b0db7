// Copyright fxprop contributors.
//
// Block testbench of the random-number path: fxprop_lfsr_leap chains against
// fxp::Lfsr32 (lane l takes the l-th draw of the cycle among active lanes; the
// stream advances by active lanes x K steps), over random states and masks and over long
// runs where each cycle continues from the previous state; and a 4-lane stochastic
// rounding site whose lane results must equal fxp::Requantizer on the same stream.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>

#include "Vtb_lfsr.h"
#include "testbenches/rtl/common/fxref.h"
#include "testbenches/rtl/common/vl_bits.h"

namespace {
constexpr int kChains = 4;
constexpr int kLanes[kChains] = {4, 8, 1, 3};
constexpr int kK[kChains] = {16, 5, 32, 1};
}  // namespace

int main(int argc, char** argv) {
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->commandArgs(argc, argv);
  auto dut = std::make_unique<Vtb_lfsr>(ctx.get(), "tb_lfsr");
  const long iters = argc > 1 ? std::atol(argv[1]) : 200000;
  std::mt19937_64 rng(7);
  long checks = 0, fails = 0;
  auto check = [&](bool ok, const char* what, long it, int c, int l) {
    ++checks;
    if (!ok && fails++ < 20) std::printf("MISMATCH %s iteration %ld chain %d lane %d\n", what, it, c, l);
  };

  uint32_t st[kChains];
  for (auto& s : st) s = 0;
  uint32_t rl_state = 1;
  for (long it = 0; it < iters; ++it) {
    // Every 1000 cycles restart from random states; otherwise continue the streams.
    const bool restart = it % 1000 == 0;
    uint8_t act[kChains];
    for (int c = 0; c < kChains; ++c) {
      if (restart) {
        do st[c] = static_cast<uint32_t>(rng()); while (st[c] == 0);
      }
      act[c] = static_cast<uint8_t>(rng() & ((1u << kLanes[c]) - 1));
      fxtb::set_bits(fxtb::words(dut->state_i), 32 * c, 32, fxtb::cpp_int(st[c]));
    }
    dut->active_i = act[0] | (act[1] << 8) | (act[2] << 16) | (static_cast<uint32_t>(act[3]) << 24);
    if (restart) {
      do rl_state = static_cast<uint32_t>(rng()); while (rl_state == 0);
    }
    const uint8_t rl_act = static_cast<uint8_t>(rng() & 15);
    fxtb::cpp_int rl_x[4];
    for (int l = 0; l < 4; ++l) {
      rl_x[l] = fxtb::from_raw(fxtb::cpp_int(rng() & 0xfffff), 20, true);
      fxtb::set_bits(fxtb::words(dut->rl_x_i), 20 * l, 20, rl_x[l]);
    }
    dut->rl_state_i = rl_state;
    dut->rl_active_i = rl_act;
    dut->eval();

    for (int c = 0; c < kChains; ++c) {
      fxref::Lfsr32 ref(st[c]);
      for (int l = 0; l < kLanes[c]; ++l) {
        if (!((act[c] >> l) & 1)) continue;
        const uint32_t want = ref.draw(kK[c]);
        const uint32_t got = static_cast<uint32_t>(
            fxtb::get_bits(fxtb::words(dut->rnd_o), 256 * c + 32 * l, 32));
        check(got == want, "draw", it, c, l);
      }
      const uint32_t got_state = static_cast<uint32_t>(fxtb::get_bits(fxtb::words(dut->state_o), 32 * c, 32));
      check(got_state == ref.state(), "state", it, c, -1);
      st[c] = got_state;
    }

    fxref::Lfsr32 rl_ref(rl_state);
    const fxref::Fmt out{10, 4, true, fxref::kStoch, fxref::kSat, 6};
    for (int l = 0; l < 4; ++l) {
      if (!((rl_act >> l) & 1)) continue;
      const fxtb::cpp_int want = fxref::requant(rl_x[l], 12, out, &rl_ref);
      const fxtb::cpp_int got = fxtb::from_raw(fxtb::cpp_int((dut->rl_y_o >> (10 * l)) & 0x3ff), 10, true);
      check(got == want, "stochastic lane", it, 4, l);
    }
    check(dut->rl_state_o == rl_ref.state(), "stochastic site state", it, 4, -1);
    rl_state = dut->rl_state_o;
  }
  dut->final();
  std::printf("tb_lfsr: %ld checks, %ld mismatches\n", checks, fails);
  return fails == 0 && checks > 0 ? 0 : 1;
}
