// The LFSR and stochastic rounding, as specified in lfsr.h / docs/fixedpoint.md:
// known sequences, the leap (table) draw equal to the stepwise definition,
// maximal period (algebraic proof and brute force), stream seeding, exact and
// statistical unbiasedness, one draw per requantisation.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <random>
#include <vector>

#include "fixedpoint/lfsr.h"
#include "fixedpoint/requantize.h"
#include "testbenches/unit/fixedpoint_reference.h"

using fxp::Lfsr32;

namespace {

// The inverse of one step: s[30:0] = s'[31:1] and, from
// fb = s'[0] = s[31] ^ s[21] ^ s[1] ^ s[0], s[31] = s'[0] ^ s'[22] ^ s'[2] ^ s'[1].
uint32_t step_back(uint32_t s) {
  const uint32_t top = (s ^ (s >> 22) ^ (s >> 2) ^ (s >> 1)) & 1u;
  return (s >> 1) | (top << 31);
}

// An LFSR whose next draw(k) returns r (k < 32): the state after the draw is
// (high << k) | r, stepped back k times.
Lfsr32 lfsr_drawing(uint32_t r, int k, uint32_t high = 0x5a5a5a5au) {
  uint32_t s = static_cast<uint32_t>((uint64_t{high} << k) | r);
  if (s == 0) s = 1u << k;  // r == 0 and no high bits: pick another state with low bits 0
  for (int i = 0; i < k; ++i) s = step_back(s);
  return Lfsr32(s);
}

// ---- GF(2) polynomials (bit i = coefficient of x^i), degree < 64 ----------
using Poly = uint64_t;

int degree(Poly p) { return p == 0 ? -1 : 63 - __builtin_clzll(p); }

// a * b mod m, for deg a, deg b < deg m <= 32.
Poly mulmod(Poly a, Poly b, Poly m) {
  const int n = degree(m);
  Poly r = 0;
  for (int i = n - 1; i >= 0; --i) {
    r <<= 1;
    if ((r >> n) & 1u) r ^= m;
    if ((b >> i) & 1u) r ^= a;
  }
  return r;
}

Poly powmod_x(uint64_t e, Poly m) {
  Poly result = 1, base = 2;  // x
  if (degree(m) == 1) base = m ^ 2;
  while (e != 0) {
    if (e & 1u) result = mulmod(result, base, m);
    base = mulmod(base, base, m);
    e >>= 1;
  }
  return result;
}

std::vector<uint64_t> prime_factors(uint64_t n) {
  std::vector<uint64_t> f;
  for (uint64_t p = 2; p * p <= n; ++p) {
    if (n % p == 0) {
      f.push_back(p);
      while (n % p == 0) n /= p;
    }
  }
  if (n > 1) f.push_back(n);
  return f;
}

// x has order exactly 2^n - 1 modulo m (deg m = n): m is primitive.
bool is_primitive(Poly m) {
  const int n = degree(m);
  const uint64_t order = (uint64_t{1} << n) - 1;
  if ((m & 1u) == 0 || powmod_x(order, m) != 1) return false;
  for (uint64_t q : prime_factors(order)) {
    if (powmod_x(order / q, m) == 1) return false;
  }
  return true;
}

// A small Fibonacci LFSR built like Lfsr32 (shift left, feedback = XOR of the
// tapped bits into bit 0), for polynomial x^n + sum taps: brute-force period.
uint64_t small_lfsr_period(Poly m) {
  const int n = degree(m);
  const uint64_t mask = (uint64_t{1} << n) - 1;
  // Same tap convention as Lfsr32: x^32 + x^22 + x^2 + x + 1 taps bits 31, 21, 1, 0,
  // i.e. the term x^j (j < n) taps bit j - 1 and the constant term taps bit n - 1.
  uint64_t taps = uint64_t{1} << (n - 1);
  for (int j = 1; j < n; ++j) {
    if ((m >> j) & 1u) taps |= uint64_t{1} << (j - 1);
  }
  const uint64_t start = 1;
  uint64_t s = start, steps = 0;
  do {
    s = ((s << 1) | static_cast<uint64_t>(__builtin_popcountll(s & taps) & 1)) & mask;
    ++steps;
  } while (s != start && steps <= mask + 1);
  return steps;
}

// Inverse of splitmix64 (xorshifts and odd multiplications are bijections mod 2^64).
uint64_t inverse_odd(uint64_t a) {
  uint64_t x = a;  // Newton: x = x * (2 - a x) doubles the correct low bits
  for (int i = 0; i < 6; ++i) x *= 2 - a * x;
  return x;
}
uint64_t unxorshift(uint64_t y, int n) {
  uint64_t x = y;
  for (int i = 0; i < 64 / n + 1; ++i) x = y ^ (x >> n);
  return x;
}
uint64_t unmix(uint64_t z) {
  z = unxorshift(z, 31);
  z *= inverse_odd(0x94D049BB133111EBULL);
  z = unxorshift(z, 27);
  z *= inverse_odd(0xBF58476D1CE4E5B9ULL);
  return unxorshift(z, 30);
}

constexpr Poly kPoly32 = (Poly{1} << 32) | (Poly{1} << 22) | (Poly{1} << 2) | (Poly{1} << 1) | 1u;

}  // namespace

TEST_CASE("LFSR from seed 1 produces the independently computed sequence", "[fixedpoint][lfsr]") {
  // Computed with Python, independently of this code:
  //   python3 -c "
  //   def step(s): fb=((s>>31)^(s>>21)^(s>>1)^s)&1; return ((s<<1)|fb)&0xffffffff
  //   def draw(s,k):
  //     for _ in range(k): s=step(s)
  //     return s, s&((1<<k)-1)
  //   s=1; out=[]
  //   for i in range(8): s=step(s); out.append(hex(s))
  //   print(out)  # then draws of 8, of 32, and of k = 1,3,5,13,31,32 from seed 1"
  // -> ['0x3','0x6','0xd','0x1b','0x36','0x6d','0xdb','0x1b6']
  //    draw8: 0xb6 0xdb 0x68 0xa3 0xcf 0x21 (state 0x68a3cf21)
  //    draw32: 0xb6db68a3 0xcf213212 0xb93a9645
  //    mixed: 0x1 0x3 0xd 0x16da 0x1479e426 0x42572752
  const std::vector<uint32_t> states{0x3, 0x6, 0xd, 0x1b, 0x36, 0x6d, 0xdb, 0x1b6};
  Lfsr32 g(1);
  for (uint32_t want : states) CHECK(g.step() == want);

  for (bool leap : {false, true}) {
    Lfsr32 a(1);
    std::vector<uint32_t> d8;
    for (int i = 0; i < 6; ++i) d8.push_back(leap ? a.draw(8) : a.draw_stepwise(8));
    CHECK(d8 == std::vector<uint32_t>{0xb6, 0xdb, 0x68, 0xa3, 0xcf, 0x21});
    CHECK(a.state() == 0x68a3cf21u);
    Lfsr32 b(1);
    std::vector<uint32_t> d32;
    for (int i = 0; i < 3; ++i) d32.push_back(leap ? b.draw(32) : b.draw_stepwise(32));
    CHECK(d32 == std::vector<uint32_t>{0xb6db68a3u, 0xcf213212u, 0xb93a9645u});
    Lfsr32 c(1);
    std::vector<uint32_t> mixed;
    for (int k : {1, 3, 5, 13, 31, 32}) mixed.push_back(leap ? c.draw(k) : c.draw_stepwise(k));
    CHECK(mixed == std::vector<uint32_t>{0x1, 0x3, 0xd, 0x16da, 0x1479e426u, 0x42572752u});
  }
}

TEST_CASE("leap draw equals k single steps for every k and many states", "[fixedpoint][lfsr]") {
  std::mt19937 gen(12345);
  for (int k = 1; k <= 32; ++k) {
    for (int i = 0; i < 20000; ++i) {
      uint32_t s = static_cast<uint32_t>(gen());
      if (i < 32) s = 1u << i;  // unit vectors first: the tables are built from them
      if (s == 0) s = 1;
      Lfsr32 fast(s), slow(s);
      const uint32_t a = fast.draw(k), b = slow.draw_stepwise(k);
      REQUIRE(a == b);
      REQUIRE(fast.state() == slow.state());
      REQUIRE(a < (uint64_t{1} << k));
    }
  }
  // And along one long stream with varying k.
  Lfsr32 fast(0xdeadbeef), slow(0xdeadbeef);
  for (int i = 0; i < 100000; ++i) {
    const int k = 1 + i % 32;
    REQUIRE(fast.draw(k) == slow.draw_stepwise(k));
  }
  CHECK(fast == slow);
}

TEST_CASE("a row of draws equals as many stepwise draws, values and final state, for every k and length",
          "[fixedpoint][lfsr]") {
  // Fixed seed so a failure reproduces; printed with any failure.
  const uint32_t seed = 20261123;
  INFO("mt19937 seed " << seed);
  std::mt19937 gen(seed);
  std::vector<uint32_t> row;
  for (int k = 1; k <= 32; ++k) {
    INFO("k = " << k);
    for (int trial = 0; trial < 400; ++trial) {
      uint32_t s = static_cast<uint32_t>(gen());
      if (trial < 32) s = 1u << trial;
      if (s == 0) s = 1;
      // Lengths cover 0, every block boundary phase and several groups of four blocks.
      const auto n = static_cast<std::size_t>(trial < 300 ? trial % 150 : gen() % 1000);
      INFO("state " << s << " n = " << n);
      Lfsr32 fast(s), slow(s);
      row.assign(n + 1, 0xa5a5a5a5u);
      fast.draw_row(k, row.data(), n);
      for (std::size_t i = 0; i < n; ++i) REQUIRE(row[i] == slow.draw_stepwise(k));
      REQUIRE(row[n] == 0xa5a5a5a5u);  // nothing written past n
      REQUIRE(fast.state() == slow.state());
      // The stream goes on identically after the row.
      REQUIRE(fast.draw(k) == slow.draw_stepwise(k));
    }
  }
  // Rows of varying k in sequence along one stream.
  Lfsr32 fast(0xdeadbeef), slow(0xdeadbeef);
  for (int i = 0; i < 2000; ++i) {
    const int k = 1 + static_cast<int>(gen() % 32);
    const auto n = static_cast<std::size_t>(gen() % 200);
    row.resize(n);
    fast.draw_row(k, row.data(), n);
    for (std::size_t j = 0; j < n; ++j) REQUIRE(row[j] == slow.draw_stepwise(k));
    REQUIRE(fast == slow);
  }
  uint32_t one = 0;
  CHECK_THROWS_AS(fast.draw_row(0, &one, 1), std::invalid_argument);
  CHECK_THROWS_AS(fast.draw_row(33, &one, 1), std::invalid_argument);
}

TEST_CASE("the step is invertible (so every state lies on one cycle) and zero is rejected", "[fixedpoint][lfsr]") {
  std::mt19937 gen(7);
  for (int i = 0; i < 100000; ++i) {
    const uint32_t s = static_cast<uint32_t>(gen()) | 1u;
    Lfsr32 g(s);
    g.step();
    REQUIRE(step_back(g.state()) == s);
  }
  CHECK_THROWS_AS(Lfsr32(0), std::invalid_argument);
  Lfsr32 g(1);
  CHECK_THROWS_AS(g.draw(0), std::invalid_argument);
  CHECK_THROWS_AS(g.draw(33), std::invalid_argument);
}

TEST_CASE("the primitivity test is right on every small polynomial (checked by brute-force LFSR periods)",
          "[fixedpoint][lfsr]") {
  int primitive = 0, total = 0;
  for (int n = 2; n <= 12; ++n) {
    for (Poly low = 1; low < (Poly{1} << n); low += 2) {  // constant term set
      const Poly m = (Poly{1} << n) | low;
      const bool maximal = small_lfsr_period(m) == (uint64_t{1} << n) - 1;
      REQUIRE(is_primitive(m) == maximal);
      primitive += maximal ? 1 : 0;
      ++total;
    }
  }
  // Known counts of primitive polynomials of degree 2..12: phi(2^n - 1) / n.
  CHECK(primitive == 1 + 2 + 2 + 6 + 6 + 18 + 16 + 48 + 60 + 176 + 144);
  CHECK(total == 4094);
}

TEST_CASE("x^32 + x^22 + x^2 + x + 1 is primitive: the LFSR has period 2^32 - 1 (algebraic proof)",
          "[fixedpoint][lfsr]") {
  const uint64_t order = 0xffffffffULL;
  CHECK(3ULL * 5 * 17 * 257 * 65537 == order);
  CHECK(prime_factors(order) == std::vector<uint64_t>{3, 5, 17, 257, 65537});
  CHECK(powmod_x(order, kPoly32) == 1);
  for (uint64_t q : {3ULL, 5ULL, 17ULL, 257ULL, 65537ULL}) CHECK(powmod_x(order / q, kPoly32) != 1);
  CHECK(is_primitive(kPoly32));
  // Lfsr32's output bits satisfy the recurrence of this polynomial's
  // reciprocal (a_{n+32} = a_n + a_{n+10} + a_{n+30} + a_{n+31}); a polynomial
  // is primitive iff its reciprocal is.
  const Poly reciprocal = (Poly{1} << 32) | (Poly{1} << 31) | (Poly{1} << 30) | (Poly{1} << 10) | 1u;
  CHECK(is_primitive(reciprocal));
  Lfsr32 g(0x12345678);
  std::vector<int> bits;
  for (int i = 0; i < 4096; ++i) bits.push_back(static_cast<int>(g.step() & 1u));
  for (std::size_t n = 0; n + 32 < bits.size(); ++n) {
    REQUIRE(bits[n + 32] == (bits[n] ^ bits[n + 10] ^ bits[n + 30] ^ bits[n + 31]));
  }
}

TEST_CASE("brute force: the first return to the seed is after exactly 2^32 - 1 single steps",
          "[fixedpoint][lfsr]") {
  const auto t0 = std::chrono::steady_clock::now();
  const uint32_t seed = 1;
  uint32_t s = seed;
  uint64_t first_return = 0;
  for (uint64_t i = 1; i <= 0xffffffffULL; ++i) {
    const uint32_t fb = ((s >> 31) ^ (s >> 21) ^ (s >> 1) ^ s) & 1u;
    s = (s << 1) | fb;
    if (s == seed) {
      first_return = i;
      break;
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO("full period walked in " << secs << " s");
  CHECK(first_return == 0xffffffffULL);
  // The same with Lfsr32::step() on a sample of the way: the loop above is the
  // literal step (kept inline so the walk stays fast in sanitizer builds).
  Lfsr32 g(seed);
  uint32_t manual = seed;
  for (int i = 0; i < 1000; ++i) {
    manual = (manual << 1) | (((manual >> 31) ^ (manual >> 21) ^ (manual >> 1) ^ manual) & 1u);
    REQUIRE(g.step() == manual);
  }
}

TEST_CASE("stream seeds follow the specification (SplitMix64, zero mapped to one)", "[fixedpoint][lfsr]") {
  // SplitMix64 seeded with 0 has first outputs 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4,
  // 0x06c45d188009454f (Vigna's reference); stream i uses output i + 1.
  CHECK(fxp::splitmix64(0x9E3779B97F4A7C15ULL) == 0xe220a8397b1dcdafULL);
  CHECK(fxp::splitmix64(0x9E3779B97F4A7C15ULL * 2) == 0x6e789e6aa1b965f4ULL);
  CHECK(fxp::splitmix64(0x9E3779B97F4A7C15ULL * 3) == 0x06c45d188009454fULL);
  // python3: seed(m,i) = splitmix64((m + 0x9E3779B97F4A7C15*(i+1)) mod 2^64) & 0xffffffff or 1
  CHECK(fxp::stream_seed(0, 0) == 0x7b1dcdafu);
  CHECK(fxp::stream_seed(0, 1) == 0xa1b965f4u);
  CHECK(fxp::stream_seed(0, 2) == 0x8009454fu);
  CHECK(fxp::stream_seed(42, 7) == 0x9e9e2fa4u);
  CHECK(fxp::stream_seed(~0ULL, ~0ULL) == 0xf2cbbd7bu);
  CHECK(Lfsr32::for_stream(42, 7).state() == 0x9e9e2fa4u);
  // A master seed whose stream 5 hashes to low 32 bits 0 (found by inverting
  // SplitMix64) gets state 1, not the forbidden 0.
  for (uint64_t v : {0x1234567800000000ULL, 0ULL, 0xffffffff00000000ULL}) {
    const uint64_t z = unmix(v);
    REQUIRE(fxp::splitmix64(z) == v);
    const uint64_t master = z - 0x9E3779B97F4A7C15ULL * 6;  // stream id 5
    CHECK(fxp::stream_seed(master, 5) == 1u);
  }
  // Streams are a pure function of (master, id): order of creation is irrelevant.
  std::vector<uint32_t> forward, backward;
  for (uint64_t id = 0; id < 100; ++id) forward.push_back(Lfsr32::for_stream(9, id).draw(16));
  for (uint64_t id = 100; id-- > 0;) backward.insert(backward.begin(), Lfsr32::for_stream(9, id).draw(16));
  CHECK(forward == backward);
}

TEST_CASE("stochastic rounding is exactly unbiased over all 2^k draws when s <= k, and biased by "
          "-(x mod 2^(s-k)) / 2^s when s > k",
          "[fixedpoint][stochastic]") {
  const fxp::Format dst{20, 0, true};
  for (int k : {1, 2, 3, 5, 8, 10}) {
    const fxp::Spec sp{dst, fxp::Quant{fxp::Rounding::stochastic(k), fxp::Overflow::wrap}};
    for (int s : {1, 2, 3, 5, 8, 11, 13}) {
      const fxp::Requantizer rq(s, sp);
      for (int64_t x : {int64_t{0}, int64_t{1}, int64_t{5}, int64_t{-1}, int64_t{-7}, int64_t{1000}, int64_t{-12345},
                        int64_t{(1 << 13) - 1}}) {
        int64_t sum = 0;
        for (uint32_t r = 0; r < (1u << k); ++r) {
          Lfsr32 g = lfsr_drawing(r, k);
          Lfsr32 probe = g;
          REQUIRE(probe.draw(k) == r);
          const int64_t y = rq.apply(x, &g);
          REQUIRE(g == probe);  // exactly one draw
          REQUIRE(y == static_cast<int64_t>(fxp_ref::round_stoch_def(fxp::Rational(x, fxp_ref::pow2(s)), r, k)));
          sum += y;
        }
        // sum over r of y = x * 2^(k - s) (s <= k), floor(x / 2^(s - k)) (s > k).
        const int64_t want = s <= k ? x * (int64_t{1} << (k - s)) : fxp_ref::floor_q(fxp::Rational(x, fxp_ref::pow2(s - k))).convert_to<int64_t>();
        INFO("k=" << k << " s=" << s << " x=" << x);
        REQUIRE(sum == want);
      }
    }
  }
}

TEST_CASE("stochastic rounding with the LFSR stream is unbiased within 5 sigma", "[fixedpoint][stochastic]") {
  // A drop of s <= k bits rounds up with probability p = (x mod 2^s) / 2^s.
  // Over N calls the fraction rounded up has standard deviation
  // sqrt(p (1 - p) / N) for independent uniform draws. Successive k-bit draws
  // are disjoint windows of an m-sequence: every nonzero 32-bit window occurs
  // exactly once per period, so each draw is uniform to within 2^-32 and draws
  // spanning <= 32 bits together are jointly uniform; 5 sigma (false alarm
  // ~6e-7 for a fixed seed, which is anyway deterministic) is a safe bound.
  const int n = 1 << 20;
  for (int k : {4, 8, 16}) {
    for (int s : {1, 3, k}) {
      const fxp::Spec sp{fxp::Format{32, 0, true}, fxp::Quant{fxp::Rounding::stochastic(k), fxp::Overflow::wrap}};
      const fxp::Requantizer rq(s, sp);
      for (int64_t x : {int64_t{1}, int64_t{-3} * (int64_t{1} << s) + 1, int64_t{12345}}) {
        Lfsr32 g = Lfsr32::for_stream(2024, static_cast<uint64_t>(k * 100 + s));
        const int64_t floor_part = x >> s;  // x is small; arithmetic shift
        const double p = static_cast<double>(x - floor_part * (int64_t{1} << s)) / static_cast<double>(int64_t{1} << s);
        int64_t ups = 0;
        for (int i = 0; i < n; ++i) ups += rq.apply(x, &g) - floor_part;
        const double phat = static_cast<double>(ups) / n;
        const double sigma = std::sqrt(p * (1 - p) / n);
        INFO("k=" << k << " s=" << s << " x=" << x << " p=" << p << " phat=" << phat);
        CHECK(std::abs(phat - p) <= 5 * sigma + 1e-12);
      }
    }
  }
}

TEST_CASE("stochastic rounding consumes exactly one draw per call, also when no bits are dropped",
          "[fixedpoint][stochastic]") {
  const fxp::Spec sp{fxp::Format{8, 4, true}, fxp::Quant{fxp::Rounding::stochastic(8), fxp::Overflow::sat}};
  for (int src_frac : {4, 2, -10, 9, 200}) {  // s = 0, left shifts, right shifts, a huge drop
    const fxp::Requantizer rq(src_frac, sp);
    Lfsr32 g(99), expect(99);
    for (int64_t x : {int64_t{0}, int64_t{7}, int64_t{-1000}, int64_t{1} << 40}) {
      rq.apply(x, &g);
      expect.draw(8);
      REQUIRE(g == expect);
    }
  }
  const fxp::Requantizer rq(4, sp);
  CHECK_THROWS_AS(rq.apply(int64_t{1}), std::invalid_argument);  // no stream given
}

TEST_CASE("stochastic sequences are bit-identical across runs and independent of the order of streams",
          "[fixedpoint][stochastic]") {
  const fxp::Spec sp{fxp::Format{16, 8, true}, fxp::Quant{fxp::Rounding::stochastic(8), fxp::Overflow::sat}};
  const fxp::Requantizer rq(20, sp);
  auto run = [&](uint64_t stream, int n) {
    Lfsr32 g = Lfsr32::for_stream(77, stream);
    std::vector<int64_t> out;
    for (int i = 0; i < n; ++i) out.push_back(rq.apply(int64_t{i} * 4099 - 500000, &g));
    return out;
  };
  const auto a1 = run(1, 1000), b1 = run(2, 1000);
  const auto b2 = run(2, 1000), a2 = run(1, 1000);  // other order
  CHECK(a1 == a2);
  CHECK(b1 == b2);
  CHECK(a1 != b1);
  // Every output is the rational definition floor(t + r/2^8) with r the next
  // draw of stream (77, 1); with the Python-checked draws above this pins the
  // sequence on every build and machine.
  Lfsr32 g = Lfsr32::for_stream(77, 1);
  for (int i = 0; i < 1000; ++i) {
    Lfsr32 probe = g;
    const uint32_t r = probe.draw(8);
    const int64_t x = int64_t{i} * 4099 - 500000;
    REQUIRE(a1[static_cast<std::size_t>(i)] ==
            static_cast<int64_t>(fxp_ref::requantize(fxp_ref::value_of(x, 20), sp, r).raw));
    g.draw(8);
  }
}
