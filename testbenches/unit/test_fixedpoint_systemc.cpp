// SystemC's own sc_fix / sc_ufix (non-fast, arbitrary precision) as an
// independent oracle for every mode the two share: SC_TRN, SC_TRN_ZERO, SC_RND,
// SC_RND_ZERO, SC_RND_INF, SC_RND_MIN_INF, SC_RND_CONV x SC_WRAP, SC_SAT,
// SC_SAT_SYM, SC_SAT_ZERO. No definitional difference was found; the cases
// where one might be expected (SC_SAT_SYM at the most negative value, unsigned
// SC_SAT_SYM, iwl < 0 or > wl, shifts beyond 128 bits) are covered below.
#include <catch2/catch.hpp>

#define SC_INCLUDE_FX
#include <systemc>

#include <string>
#include <vector>

#include "fixedpoint/requantize.h"
#include "fixedpoint/wide.h"
#include "testbenches/unit/fixedpoint_test_util.h"

int sc_main(int, char*[]) { return 0; }  // never called: Catch2 owns main()

using fxp::Format;
using fxp::i128;
using fxp::Overflow;
using fxp::Round;
using fxp_test::kDeterministic;
using fxp_test::kOverflows;

namespace {

sc_dt::sc_q_mode sc_mode(Round r) {
  switch (r) {
    case Round::trn: return sc_dt::SC_TRN;
    case Round::trn_zero: return sc_dt::SC_TRN_ZERO;
    case Round::rnd: return sc_dt::SC_RND;
    case Round::rnd_zero: return sc_dt::SC_RND_ZERO;
    case Round::rnd_inf: return sc_dt::SC_RND_INF;
    case Round::rnd_min_inf: return sc_dt::SC_RND_MIN_INF;
    case Round::rnd_conv: return sc_dt::SC_RND_CONV;
    case Round::stoch: break;
  }
  throw std::logic_error("SystemC has no stochastic rounding");
}

sc_dt::sc_o_mode sc_mode(Overflow o) {
  switch (o) {
    case Overflow::wrap: return sc_dt::SC_WRAP;
    case Overflow::sat: return sc_dt::SC_SAT;
    case Overflow::sat_sym: return sc_dt::SC_SAT_SYM;
    case Overflow::sat_zero: return sc_dt::SC_SAT_ZERO;
  }
  throw std::logic_error("unknown overflow mode");
}

// raw * 2^-frac exactly, built from the two 64-bit halves.
sc_dt::sc_fxval exact(i128 raw, int frac) {
  const auto hi = static_cast<sc_dt::int64>(raw >> 64);  // arithmetic: carries the sign
  const auto lo = static_cast<sc_dt::uint64>(raw);
  sc_dt::sc_fxval v = (sc_dt::sc_fxval(hi) << 64) + sc_dt::sc_fxval(lo);
  return frac >= 0 ? sc_dt::sc_fxval(v >> frac) : sc_dt::sc_fxval(v << -frac);
}

// SystemC's requantisation of the exact value to spec, as our stored raw.
sc_dt::sc_fxval systemc_result(i128 raw, int src_frac, const fxp::Spec& s) {
  const sc_dt::sc_fxval v = exact(raw, src_frac);
  const int iwl = s.fmt.width - s.fmt.frac;
  const sc_dt::sc_q_mode q = sc_mode(s.q.rounding.mode);
  const sc_dt::sc_o_mode o = sc_mode(s.q.overflow);
  if (s.fmt.is_signed) {
    sc_dt::sc_fix d(s.fmt.width, iwl, q, o);
    d = v;
    return d.value();
  }
  sc_dt::sc_ufix d(s.fmt.width, iwl, q, o);
  d = v;
  return d.value();
}

struct Mismatch {
  std::string first;
  uint64_t checks = 0;
};

void compare(i128 raw, int src_frac, const fxp::Spec& s, Mismatch& m) {
  const fxp::Requantizer rq(src_frac, s);
  const int64_t ours = rq.apply(raw);
  const sc_dt::sc_fxval theirs = systemc_result(raw, src_frac, s);
  const sc_dt::sc_fxval ours_value = exact(s.fmt.widen(ours), s.fmt.frac);
  ++m.checks;
  if (ours_value != theirs && m.first.empty()) {
    m.first = fxp::to_string(raw) + "*2^" + std::to_string(-src_frac) + " -> " + s.str() + ": fxp " +
              ours_value.to_string() + ", sc_fix " + theirs.to_string();
  }
}

}  // namespace

TEST_CASE("sc_fix agrees with every input of small formats in every shared mode", "[fixedpoint][systemc]") {
  const std::vector<Format> sources{{10, 5, true}, {9, 3, false}, {8, -2, true}, {7, 9, true}};
  const std::vector<Format> dsts{{6, 2, true}, {5, 1, false}, {4, 6, true}, {5, -1, true},
                                 {1, 0, true}, {1, 0, false}, {3, 5, false}};
  Mismatch m;
  for (const Format& src : sources) {
    for (int64_t raw : fxp_test::all_raws(src)) {
      for (const Format& d : dsts) {
        for (Round r : kDeterministic) {
          for (Overflow o : kOverflows) compare(raw, src.frac, fxp_test::spec(d, r, o), m);
        }
      }
    }
  }
  INFO(m.first);
  CHECK(m.first.empty());
  CHECK(m.checks == (1024u + 512u + 256u + 128u) * 7u * 28u);
}

TEST_CASE("sc_fix agrees on full-precision products of every s6.3 x s6.3 pair", "[fixedpoint][systemc]") {
  const Format f{6, 3, true};
  const std::vector<Format> dsts{{6, 3, true}, {8, 2, false}, {4, 4, true}};
  Mismatch m;
  for (int64_t a : fxp_test::all_raws(f)) {
    for (int64_t b : fxp_test::all_raws(f)) {
      const fxp::Wide p = fxp::mul(fxp::widen(a, f), fxp::widen(b, f));
      for (const Format& d : dsts) {
        for (Round r : kDeterministic) {
          for (Overflow o : kOverflows) compare(p.raw, p.frac, fxp_test::spec(d, r, o), m);
        }
      }
    }
  }
  INFO(m.first);
  CHECK(m.first.empty());
}

TEST_CASE("sc_fix agrees on corner cases: min, max, min*min, exact ties, shift 0, shift >= W, 64-bit formats",
          "[fixedpoint][systemc]") {
  const i128 min64 = -(i128{1} << 63), max64 = (i128{1} << 63) - 1;
  struct Src {
    i128 raw;
    int frac;
  };
  std::vector<Src> inputs{
      {min64, 0}, {max64, 0}, {min64, 32}, {max64, 32},
      {min64 * min64, 64},                                  // s64.32 min squared: 2^126 at frac 64
      {min64 * max64, 64}, {max64 * max64, 64},
      {(i128{1} << 64) - 1, 0},                             // u64 max
      {0, 0}, {1, 0}, {-1, 0},
  };
  // Exact ties (.5 LSB) positive and negative, with odd and even neighbours.
  for (i128 k : {i128{0}, i128{1}, i128{2}, i128{3}, i128{-1}, i128{-2}, i128{-3}, i128{1} << 40, -(i128{1} << 40)}) {
    inputs.push_back({2 * k + 1, 1});     // k + 1/2 one bit below
    inputs.push_back({(2 * k + 1) * (i128{1} << 20), 21});
  }
  const std::vector<Format> dsts{{64, 0, true}, {64, 0, false}, {64, 32, true}, {63, 1, true}, {16, 0, true},
                                 {16, 12, true}, {8, -4, false}, {1, 0, true}, {32, 40, true}};
  Mismatch m;
  for (const Src& in : inputs) {
    // shift 0, small shifts, shift = W, shift > W (also > 64 and > 128).
    for (int extra : {0, 1, 7, 63, 64, 65, 100, 140}) {
      for (const Format& d : dsts) {
        for (Round r : kDeterministic) {
          for (Overflow o : kOverflows) {
            compare(in.raw, d.frac + extra + in.frac, fxp_test::spec(d, r, o), m);
            compare(in.raw, d.frac - extra, fxp_test::spec(d, r, o), m);  // left shifts
          }
        }
      }
    }
  }
  INFO(m.first);
  CHECK(m.first.empty());
}

TEST_CASE("SC_SAT_SYM and fxp sat_sym both never produce the most negative value, also without overflow",
          "[fixedpoint][systemc]") {
  // s4.0: min -8, max 7. -8 itself and -8.25 rounded by rnd to -8 lie in
  // [min, max], yet both libraries give -max = -7 (symmetric range).
  const Format f{4, 0, true};
  for (Round r : {Round::trn_zero, Round::rnd}) {
    const fxp::Spec s = fxp_test::spec(f, r, Overflow::sat_sym);
    for (const i128 raw : {i128{-8 * 4}, i128{-8 * 4 - 1}}) {  // -8.0 and -8.25 at frac 2
      CHECK(systemc_result(raw, 2, s) == sc_dt::sc_fxval(-7));
      CHECK(fxp::Requantizer(2, s).apply(raw) == -7);
    }
  }
  // Unsigned: SC_SAT_SYM is SC_SAT (negative values saturate to 0).
  const fxp::Spec u = fxp_test::spec(Format{4, 0, false}, Round::trn, Overflow::sat_sym);
  CHECK(systemc_result(-3, 0, u) == sc_dt::sc_fxval(0));
  CHECK(fxp::Requantizer(0, u).apply(i128{-3}) == 0);
}
