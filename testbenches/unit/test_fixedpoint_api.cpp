// The library's interfaces: text notation (formats, modes, specs) with the
// errors a configuration layer shows, counters, the typed wrapper, Mac,
// exact comparison and shifts, exact decimal text.
#include <catch2/catch.hpp>

#include <type_traits>

#include "fixedpoint/big.h"
#include "fixedpoint/convert.h"
#include "fixedpoint/decimal.h"
#include "fixedpoint/fixed.h"
#include "fixedpoint/format.h"
#include "fixedpoint/mac.h"
#include "fixedpoint/modes.h"
#include "fixedpoint/requantize.h"
#include "fixedpoint/stats.h"
#include "fixedpoint/wide.h"
#include "testbenches/unit/fixedpoint_reference.h"
#include "testbenches/unit/fixedpoint_test_util.h"

using fxp::Format;
using fxp::FormatError;
using fxp::i128;
using fxp::Overflow;
using fxp::Round;
using Catch::Matchers::Contains;

namespace {
std::string error_of(void (*f)(const char*), const char* text) {
  try {
    f(text);
  } catch (const FormatError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("formats parse from and print to the s<W>.<F> / u<W>.<F> notation", "[fixedpoint][format]") {
  for (const char* t : {"s16.12", "u12.12", "s8.-3", "s1.0", "u1.0", "u64.0", "s64.256", "s64.-256", "s12.20"}) {
    CHECK(fxp::parse_format(t).str() == t);
  }
  const Format f = fxp::parse_format("u12.12");
  CHECK((f.width == 12 && f.frac == 12 && !f.is_signed));
  CHECK(f.min_raw() == 0);
  CHECK(f.max_raw() == 4095);
  CHECK(fxp::parse_format("s16.12").int_bits() == 4);
  CHECK(fxp::parse_format("u64.0").max_raw() == (i128{1} << 64) - 1);
  CHECK(fxp::parse_format("u64.0").widen(-1) == (i128{1} << 64) - 1);  // the stored bit pattern
  CHECK(Format::parse("s8.-3") == Format{8, -3, true});
  CHECK(Format::parse("s8.-3").lsb_exp() == 3);  // LSB = 8
  CHECK(Format{127, 0, false}.max_raw() == fxp::kI128Max);  // widest intermediate bound
}

TEST_CASE("malformed formats are rejected with the text and what is allowed", "[fixedpoint][format]") {
  auto parse = [](const char* t) { (void)fxp::parse_format(t); };
  for (const char* t : {"s0.0", "s65.3", "x8.2", "s8.", "s8.x", "", "s.3", "s-1.2", "s8.3x", "s8.257", "S8.2",
                        "s 8.2", "s8.+2", "u99999999999.1", "s8..2", "8.2", "s+8.2"}) {
    const std::string e = error_of(parse, t);
    INFO("'" << t << "': " << e);
    CHECK_THAT(e, Contains("'" + std::string(t) + "'"));
    CHECK_THAT(e, Contains("W in 1..64") && Contains("F in -256..256"));
  }
  CHECK_THROWS_AS(fxp::check_storage(Format{65, 0, true}, "x"), FormatError);
  CHECK_THROWS_AS(fxp::check_storage(Format{8, 300, true}, "x"), FormatError);
}

TEST_CASE("rounding and overflow modes parse from their names; unknown names list what is allowed",
          "[fixedpoint][format]") {
  for (const char* t : {"trn", "trn_zero", "rnd", "rnd_zero", "rnd_inf", "rnd_min_inf", "rnd_conv"}) {
    CHECK(fxp::to_string(fxp::parse_rounding(t)) == t);
  }
  CHECK(fxp::parse_rounding("stoch8") == fxp::Rounding::stochastic(8));
  CHECK(fxp::parse_rounding("stoch1").stoch_bits == 1);
  CHECK(fxp::parse_rounding("stoch32").stoch_bits == 32);
  CHECK(fxp::to_string(fxp::parse_rounding("stoch17")) == "stoch17");
  auto rounding = [](const char* t) { (void)fxp::parse_rounding(t); };
  for (const char* t : {"stoch0", "stoch33", "stoch", "stoch-1", "stoch8x", "rnd_up", "", "RND", "stoch+3"}) {
    const std::string e = error_of(rounding, t);
    INFO(e);
    CHECK_THAT(e, Contains("'" + std::string(t) + "'") && Contains("rnd_conv") && Contains("stoch<k> with k in 1..32"));
  }
  for (const char* t : {"wrap", "sat", "sat_sym", "sat_zero"}) CHECK(fxp::to_string(fxp::parse_overflow(t)) == t);
  auto overflow = [](const char* t) { (void)fxp::parse_overflow(t); };
  for (const char* t : {"saturate", "", "wrap_sm", "SAT"}) {
    CHECK_THAT(error_of(overflow, t), Contains("'" + std::string(t) + "'") && Contains("wrap, sat, sat_sym, sat_zero"));
  }
  const fxp::Spec s = fxp::parse_spec("s16.12  rnd sat");
  CHECK(s.str() == "s16.12 rnd sat");
  CHECK(fxp::parse_spec(s.str()) == s);
  CHECK_THROWS_AS(fxp::parse_spec("s16.12 rnd"), FormatError);
  CHECK_THROWS_AS(fxp::parse_spec("s16.12 rnd sat x"), FormatError);
  CHECK_THROWS_AS(fxp::Requantizer(0, fxp::Spec{Format{8, 0, true}, fxp::Quant{fxp::Rounding::stochastic(0), Overflow::sat}}),
                  FormatError);
}

TEST_CASE("full-precision result formats hold every exact result", "[fixedpoint][format]") {
  CHECK(fxp::mul_format(Format{16, 12, true}, Format{16, 12, true}) == Format{32, 24, true});
  CHECK(fxp::add_format(Format{16, 12, true}, Format{8, 4, true}) == Format{17, 12, true});
  CHECK(fxp::add_format(Format{8, 8, false}, Format{8, 4, true}) == Format{13, 8, true});
  CHECK(fxp::add_format(Format{8, 0, false}, Format{8, 0, false}) == Format{9, 0, false});
  CHECK(fxp::sub_format(Format{8, 0, false}, Format{8, 0, false}) == Format{9, 0, true});
  CHECK(fxp::sub_format(Format{8, 0, true}, Format{8, 0, false}) == Format{10, 0, true});
  CHECK(fxp::mul_format(Format{8, 0, false}, Format{8, 0, true}) == Format{16, 0, true});
  // (the exhaustive pair tests check that every result fits these formats)
}

TEST_CASE("counters are exact on a hand-made sequence", "[fixedpoint][stats]") {
  // s8.4 raws requantised to s4.2 (raw range [-8, 7]) with rnd/sat.
  const fxp::Requantizer rq(4, fxp_test::spec(Format{4, 2, true}, Round::rnd, Overflow::sat));
  fxp::Stats st;
  struct Step {
    int64_t in, out;
  };
  // 0 exact; 1 = 0.0625 -> 0 (to zero); 2 = 0.125 -> 1 (tie up); -2 -> 0 (tie up to zero);
  // 40 = 2.5 -> sat 7; -40 -> sat -8; 13 = 0.8125 -> 3; -128 = -8 -> sat -8.
  const std::vector<Step> steps{{0, 0}, {1, 0}, {2, 1}, {-2, 0}, {40, 7}, {-40, -8}, {13, 3}, {-128, -8}};
  for (const Step& s : steps) CHECK(rq.apply(s.in, nullptr, &st) == s.out);
  CHECK(st.requants == 8);
  CHECK(st.inexact == 4);
  CHECK(st.to_zero == 2);
  CHECK(st.saturations == 3);
  CHECK(st.wraps == 0);
  CHECK(st.zeroings == 0);
  CHECK(st.overflows() == 3);
  CHECK(st.min_raw == -8);
  CHECK(st.max_raw == 7);
  std::array<uint64_t, 65> hist{};
  hist[0] = 3;  // 0, 0, 0
  hist[1] = 1;  // 1
  hist[2] = 1;  // 3
  hist[3] = 3;  // 7, -8, -8
  CHECK(st.magnitude == hist);
  CHECK(st.max_magnitude_bits() == 3);

  // Wrap and zeroing counted by kind.
  fxp::Stats w, z;
  const fxp::Requantizer wrap(0, fxp_test::spec(Format{4, 0, true}, Round::trn, Overflow::wrap));
  const fxp::Requantizer zero(0, fxp_test::spec(Format{4, 0, true}, Round::trn, Overflow::sat_zero));
  CHECK(wrap.apply(int64_t{9}, nullptr, &w) == -7);
  CHECK(wrap.apply(int64_t{-9}, nullptr, &w) == 7);
  CHECK(zero.apply(int64_t{8}, nullptr, &z) == 0);
  CHECK((w.wraps == 2 && w.saturations == 0 && w.zeroings == 0 && w.inexact == 0 && w.to_zero == 0));
  CHECK((z.zeroings == 1 && z.wraps == 0 && z.to_zero == 0));
  // u64 values above 2^63 are recorded as their true value.
  fxp::Stats u;
  const fxp::Requantizer u64(0, fxp_test::spec(Format{64, 0, false}, Round::trn, Overflow::sat));
  CHECK(u64.apply((i128{1} << 64) - 1, nullptr, &u) == -1);  // stored bit pattern
  CHECK(u.max_raw == (i128{1} << 64) - 1);
  CHECK(u.magnitude[64] == 1);
}

TEST_CASE("counter sets merge to the same totals in any order (per-thread reduction)", "[fixedpoint][stats]") {
  const fxp::Requantizer rq(10, fxp_test::spec(Format{8, 2, true}, Round::rnd_conv, Overflow::sat_sym));
  fxp::Stats all;
  std::array<fxp::Stats, 4> part;
  for (int64_t x = -70000; x <= 70000; x += 37) {
    rq.apply(x, nullptr, &all);
    rq.apply(x, nullptr, &part[static_cast<std::size_t>((x + 70000) % 4)]);
  }
  fxp::Stats a, b;
  for (std::size_t i = 0; i < 4; ++i) a.merge(part[i]);
  for (std::size_t i = 4; i-- > 0;) b.merge(part[i]);
  CHECK(a == all);
  CHECK(b == all);
  CHECK(all.saturations > 0);
  CHECK(all.to_zero > 0);
  fxp::Stats empty;
  CHECK(fxp::Stats(all).merge(empty) == all);
}

TEST_CASE("disabled counters give identical results and identical random streams", "[fixedpoint][stats]") {
  const fxp::Spec sp{Format{12, 6, true}, fxp::Quant{fxp::Rounding::stochastic(5), Overflow::wrap}};
  const fxp::Requantizer rq(15, sp);
  fxp::Lfsr32 g1(4242), g2(4242);
  fxp::Stats st;
  for (int64_t x = -2000000; x <= 2000000; x += 997) {
    REQUIRE(rq.apply(x, &g1, &st) == rq.apply(x, &g2, nullptr));
  }
  CHECK(g1 == g2);
  CHECK(st.requants > 0);
}

// ---- typed wrapper ----------------------------------------------------------

using s16_12 = fxp::fixed<16, 12>;
using s8_4_rnd_sat = fxp::fixed<8, 4, true, Round::rnd, Overflow::sat>;
using u8_8 = fxp::fixed<8, 8, false>;

static_assert(sizeof(s16_12) == sizeof(int64_t));
static_assert(std::is_trivially_copyable_v<s16_12>);
static_assert(s16_12::format == Format{16, 12, true});
static_assert(s8_4_rnd_sat::spec.q.rounding.mode == Round::rnd && s8_4_rnd_sat::spec.q.overflow == Overflow::sat);
static_assert(std::is_same_v<decltype(s16_12() * s16_12()), fxp::full<32, 24, true>>);
static_assert(std::is_same_v<decltype(s16_12() + s8_4_rnd_sat()), fxp::full<17, 12, true>>);
static_assert(std::is_same_v<decltype(u8_8() + s8_4_rnd_sat()), fxp::full<13, 8, true>>);
static_assert(std::is_same_v<decltype(u8_8() - u8_8()), fxp::full<9, 8, true>>);
static_assert(std::is_same_v<decltype(-u8_8()), fxp::full<9, 8, true>>);
static_assert(std::is_same_v<decltype(fxp::scale<3>(s16_12())), fxp::full<16, 9, true>>);
// Quantisation is the runtime Requantizer, evaluated by the compiler here:
// 0x128 / 256 = 1.15625 -> s8.4: 18.5 LSB -> rnd 19; 1.25 * 1.5 = 1.875 exactly.
static_assert(fxp::fixed_cast<s8_4_rnd_sat>(fxp::fixed<16, 8>::from_raw(0x128)).raw() == 19);
static_assert((fxp::fixed<8, 4>::from_raw(20) * fxp::fixed<8, 4>::from_raw(24)).raw() == 480);
static_assert(fxp::fixed_cast<fxp::fixed<8, 4>>(fxp::fixed<8, 4>::from_raw(20) * fxp::fixed<8, 4>::from_raw(24)).raw() == 30);
static_assert(fxp::fixed_cast<s8_4_rnd_sat>(fxp::fixed<16, 4>::from_raw(5000)).raw() == 127);  // saturates
static_assert(fxp::fixed_cast<fxp::fixed<8, 4>>(fxp::fixed<16, 4>::from_raw(128)).raw() == -128);  // wraps
static_assert(fxp::fixed<8, 4>::from_raw(8) == fxp::fixed<16, 6>::from_raw(32));  // 0.5 == 0.5
static_assert(fxp::fixed<8, 4>::from_raw(-8) < u8_8::from_raw(1));

TEST_CASE("typed wrapper: exact arithmetic, quantisation on assignment through the runtime Requantizer",
          "[fixedpoint][typed]") {
  const fxp::Spec rnd_sat = s8_4_rnd_sat::spec;
  for (int64_t a = -32768; a < 32768; a += 97) {
    for (int64_t b = -32768; b < 32768; b += 1013) {
      const s16_12 x = s16_12::from_raw(a), y = s16_12::from_raw(b);
      const auto p = x * y;
      REQUIRE(p.raw() == i128{a} * b);
      const s8_4_rnd_sat q = p;  // quantise on assignment
      REQUIRE(q.raw() == fxp::Requantizer(24, rnd_sat).apply(i128{a} * b));
      fxp::Stats st;
      REQUIRE(fxp::fixed_cast<s8_4_rnd_sat>(p, &st).raw() == q.raw());
      REQUIRE(st.requants == 1);
      REQUIRE((x < y) == (a < b));
      REQUIRE((x + y).raw() == a + b);
    }
  }
  fxp::Lfsr32 g1(5), g2(5);
  const fxp::Spec stoch{Format{8, 4, true}, fxp::Quant{fxp::Rounding::stochastic(6), Overflow::sat}};
  for (int64_t a = -32768; a < 32768; a += 7) {
    const auto v = s16_12::from_raw(a);
    REQUIRE(fxp::stochastic_cast<s8_4_rnd_sat, 6>(v, g1).raw() == fxp::Requantizer(12, stoch).apply(a, &g2));
  }
  CHECK(s16_12(0.1).raw() == 409);  // trn of 409.6
  CHECK(s8_4_rnd_sat(-0.03125).raw() == 0);  // -0.5 LSB, half up
  CHECK(s16_12::from_raw(-3).to_double() == -3.0 / 4096);
  CHECK_THROWS_AS(s16_12::from_raw(40000), std::out_of_range);
  CHECK(s16_12::from_raw(0x4001).shl(1).raw() == -32766);  // bit 14 moves into the sign bit (0x8002)
  CHECK(s16_12::from_raw(-32768).shr(100).raw() == -1);    // arithmetic, n >= W
  CHECK(u8_8::from_raw(200).shr(3).raw() == 25);
}

TEST_CASE("Mac accumulates in its declared format, on the int64 and the 128-bit path", "[fixedpoint][mac]") {
  // s16.12 x s16.12 into s32.24 (int64 path): wraps like a 32-bit register.
  fxp::Mac narrow(Format{16, 12, true}, Format{16, 12, true}, fxp_test::spec(Format{32, 24, true}, Round::trn, Overflow::wrap));
  int64_t ref = 0;
  for (int64_t i = 0; i < 5000; ++i) {
    const int64_t a = (i * 7919) % 65536 - 32768, b = (i * 104729) % 65536 - 32768;
    narrow.add(a, b);
    ref = static_cast<int32_t>(static_cast<uint32_t>(ref + a * b));  // 32-bit two's complement wrap
    REQUIRE(narrow.raw() == ref);
  }
  // s32.30 x s32.30 into s64.60 saturating: needs the 128-bit sum.
  const fxp::Spec acc{Format{64, 60, true}, fxp::Quant{fxp::Rounding{Round::trn, 0}, Overflow::sat}};
  fxp::Mac wide(Format{32, 30, true}, Format{32, 30, true}, acc);
  fxp::BigInt big = 0;
  const fxp::BigInt hi = fxp_ref::pow2(63) - 1, lo = -fxp_ref::pow2(63);
  fxp::Stats st;
  for (int64_t i = 0; i < 3000; ++i) {
    const int64_t a = INT32_MAX - i * 12345, b = INT32_MAX - i * 777;
    wide.add(a, b, nullptr, &st);
    big += fxp::BigInt(a) * b;
    if (big > hi) big = hi;
    if (big < lo) big = lo;
    REQUIRE(fxp::BigInt(wide.raw()) == big);
  }
  CHECK(st.saturations > 0);
  // Operand widths beyond 127 bits are refused up front.
  CHECK_THROWS_AS(fxp::Mac(Format{64, 0, false}, Format{64, 0, false}, acc), fxp::RangeError);
  CHECK_THROWS_AS(narrow.load(int64_t{1} << 40), FormatError);  // not a 32-bit value
}

TEST_CASE("Wide: exact comparison across scales, exact scaling, register shifts for any amount",
          "[fixedpoint][wide]") {
  using fxp::Wide;
  CHECK(fxp::compare(Wide{1, 0}, Wide{2, 1}) == 0);
  CHECK(fxp::compare(Wide{1, 0}, Wide{3, 1}) < 0);
  CHECK(fxp::compare(Wide{-1, 200}, Wide{0, 0}) < 0);
  CHECK(fxp::compare(Wide{-1, 200}, Wide{-1, 199}) > 0);
  CHECK(fxp::compare(Wide{fxp::kI128Min, 127}, Wide{-1, 0}) == 0);  // -2^127 * 2^-127 == -1
  CHECK(fxp::compare(Wide{fxp::kI128Max, 0}, Wide{1, -127}) < 0);
  CHECK(fxp::scale(Wide{3, 4}, 2) == Wide{3, 2});
  // 3 * 2^-4 = 0.1875 -> s8.2 (0.25 steps): rnd 0.25 (raw 1), trn 0.
  CHECK(fxp::requantize(Wide{3, 4}, fxp_test::spec(Format{8, 2, true}, Round::rnd, Overflow::sat)) == 1);
  CHECK(fxp::requantize(Wide{3, 4}, fxp_test::spec(Format{8, 2, true}, Round::trn, Overflow::sat)) == 0);
  CHECK_THROWS_AS(fxp::neg(Wide{fxp::kI128Min, 0}), fxp::RangeError);
  CHECK_THROWS_AS(fxp::mul(Wide{fxp::kI128Max, 0}, Wide{2, 0}), fxp::RangeError);
  CHECK(fxp::sub(Wide{0, 127}, Wide{1, 0}).raw == fxp::kI128Min);  // aligned operand alone would not fit
  const Format s8{8, 0, true}, u8{8, 0, false}, s64{64, 0, true};
  for (int n = 0; n <= 70; ++n) {
    const i128 shifted = i128{-77} * (n < 100 ? (i128{1} << std::min(n, 100)) : 0);
    const int64_t low8 = static_cast<int8_t>(static_cast<uint8_t>(static_cast<uint64_t>(shifted)));
    CHECK(fxp::shl(-77, n, s8) == (n >= 8 ? 0 : low8));
    CHECK(fxp::shr(-77, n, s8) == (n >= 8 ? -1 : (-77 >> n)));
    CHECK(fxp::shr(200, n, u8) == (n >= 8 ? 0 : (200 >> n)));
    CHECK(fxp::shr(INT64_MIN, n, s64) == (n >= 63 ? -1 : INT64_MIN >> n));
  }
  CHECK_THROWS_AS(fxp::shl(1, -1, s8), std::invalid_argument);
}

TEST_CASE("decimal text is parsed exactly (0.1 is the real 0.1) and values print as exact decimals",
          "[fixedpoint][decimal]") {
  using fxp::Rational;
  CHECK(fxp::parse_decimal("0.1") == Rational(1, 10));
  CHECK(fxp::parse_decimal("-1.25e-3") == Rational(-1, 800));
  CHECK(fxp::parse_decimal("+3") == 3);
  CHECK(fxp::parse_decimal(".5") == Rational(1, 2));
  CHECK(fxp::parse_decimal("5.") == 5);
  CHECK(fxp::parse_decimal("1E2") == 100);
  CHECK(fxp::parse_decimal("-0") == 0);
  CHECK(fxp::parse_decimal("010") == 10);  // leading zeros are decimal, not an octal prefix
  CHECK(fxp::parse_decimal("0.0125") == Rational(1, 80));
  CHECK(fxp::parse_decimal("1e1000") == Rational(fxp::BigInt("1" + std::string(1000, '0'))));
  for (const char* bad : {"nan", "NaN", "-inf", "Infinity", "", ".", "1.2.3", "1e", "1e+", "0x10", " 1", "1 ",
                          "--1", "1e1001", "1e-99999999999999", "e5"}) {
    INFO(bad);
    CHECK_THROWS_AS(fxp::parse_decimal(bad), fxp::DecimalError);
  }
  CHECK_THROWS_AS(fxp::parse_decimal(std::string(1001, '7')), fxp::DecimalError);
  CHECK(fxp::to_decimal_string(Rational(410, 4096)) == "0.10009765625");
  CHECK(fxp::to_decimal_string(Rational(-1, 2)) == "-0.5");
  CHECK(fxp::to_decimal_string(Rational(0)) == "0");
  CHECK(fxp::to_decimal_string(Rational(1024)) == "1024");
  CHECK(fxp::to_decimal_string(Rational(-3, 80)) == "-0.0375");
  CHECK_THROWS_AS(fxp::to_decimal_string(Rational(1, 3)), fxp::DecimalError);
  // 0.1 rounds as the real 0.1: 409.6 LSB of s16.12.
  const auto spec = [](Round r) { return fxp_test::spec(Format{16, 12, true}, r, Overflow::sat); };
  CHECK(fxp::requantize(fxp::parse_decimal("0.1"), spec(Round::rnd)) == 410);
  CHECK(fxp::requantize(fxp::parse_decimal("0.1"), spec(Round::trn)) == 409);
  CHECK(fxp::requantize(fxp::parse_decimal("-0.1"), spec(Round::trn_zero)) == -409);
  // A decimal just above a tie that the nearest double would turn into an exact tie.
  const char* above_tie = "0.000122070312500000000000000001";  // 2^-13 + 1e-30
  CHECK(fxp::requantize(fxp::parse_decimal(above_tie), spec(Round::rnd_conv)) == 1);
  CHECK(fxp::from_double(std::stod(above_tie), spec(Round::rnd_conv)) == 0);
}
