// Exhaustive checks on small formats against the exact rational reference
// (fixedpoint_reference.h): every input of every source format, and every pair
// of operands for add, sub, mul and multiply-accumulate, requantised with every
// deterministic rounding mode and every overflow mode, signed and unsigned,
// F negative, zero and larger than W.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "fixedpoint/big.h"
#include "fixedpoint/fixed.h"
#include "fixedpoint/mac.h"
#include "fixedpoint/requantize.h"
#include "fixedpoint/wide.h"
#include "testbenches/unit/fixedpoint_reference.h"
#include "testbenches/unit/fixedpoint_test_util.h"

using fxp::Format;
using fxp::Overflow;
using fxp::Rational;
using fxp::Round;
using fxp_test::kDeterministic;
using fxp_test::kOverflows;

TEST_CASE("every input of small source formats requantises to the rational definition in every mode",
          "[fixedpoint][exhaustive]") {
  std::vector<Format> sources;
  for (bool s : {true, false}) {
    for (int w : {1, 2, 4, 7, 10}) {
      for (int f : {-2, 0, 3, w + 2}) sources.push_back(Format{w, f, s});
    }
  }
  const std::vector<int> dst_fracs{-3, 0, 1, 2, 5, 9, 13};  // 9 and 13 exceed every destination width
  const std::vector<int> dst_widths{1, 2, 3, 5, 8};
  uint64_t checks = 0;
  std::string first_failure;
  for (const Format& src : sources) {
    const std::vector<int64_t> raws = fxp_test::all_raws(src);
    for (int fd : dst_fracs) {
      // Reference rounding of every input for this destination frac, per mode.
      std::vector<std::array<fxp::BigInt, 7>> rounded(raws.size());
      std::vector<Rational> values(raws.size());
      for (std::size_t i = 0; i < raws.size(); ++i) {
        values[i] = fxp_ref::value_of(raws[i], src.frac);
        const Rational t = fxp_ref::times_pow2(values[i], fd);
        for (std::size_t m = 0; m < kDeterministic.size(); ++m) rounded[i][m] = fxp_ref::round_def(t, kDeterministic[m]);
      }
      for (bool ds : {true, false}) {
        for (int wd : dst_widths) {
          const Format dst{wd, fd, ds};
          for (std::size_t m = 0; m < kDeterministic.size(); ++m) {
            for (Overflow o : kOverflows) {
              const fxp::Spec sp = fxp_test::spec(dst, kDeterministic[m], o);
              const fxp::Requantizer rq(src.frac, sp);
              fxp::Stats st;
              fxp_test::ExpectedStats want;
              for (std::size_t i = 0; i < raws.size(); ++i) {
                const Rational t = fxp_ref::times_pow2(values[i], fd);
                fxp_ref::Outcome e = fxp_ref::overflow_def(rounded[i][m], dst, o);
                e.inexact = Rational(fxp_ref::floor_q(t)) != t;
                e.to_zero = raws[i] != 0 && rounded[i][m] == 0;
                want.add(e);
                const int64_t got = rq.apply(raws[i], nullptr, &st);
                const int64_t got_plain = rq.apply(raws[i]);
                const int64_t got_wide = rq.apply(fxp::i128{raws[i]});
                ++checks;
                if ((got != e.raw || got_plain != e.raw || got_wide != e.raw) && first_failure.empty()) {
                  first_failure = src.str() + " raw " + std::to_string(raws[i]) + " -> " + sp.str() + ": want " +
                                  std::to_string(e.raw) + " got " + std::to_string(got) + "/" +
                                  std::to_string(got_plain) + "/" + std::to_string(got_wide);
                }
              }
              const std::string d = want.diff(st);
              if (!d.empty() && first_failure.empty()) first_failure = src.str() + " -> " + sp.str() + " stats: " + d;
            }
          }
        }
      }
    }
  }
  INFO(first_failure);
  CHECK(first_failure.empty());
  CHECK(checks > 10'000'000);
}

namespace {

// Expected outcomes of one exact value for a list of destination specs,
// memoised per value (many operand pairs share a result).
class ReferenceCache {
 public:
  explicit ReferenceCache(std::vector<fxp::Spec> specs) : specs_(std::move(specs)) {}
  const std::vector<int64_t>& expected(const fxp::Wide& w) {
    const Key key{static_cast<uint64_t>(w.raw), static_cast<uint64_t>(w.raw >> 64), w.frac};
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    std::vector<int64_t> out;
    const Rational v = fxp_ref::value_of(fxp::to_big(w.raw), w.frac);
    for (const fxp::Spec& s : specs_) out.push_back(fxp_ref::requantize(v, s).raw);
    return cache_.emplace(key, std::move(out)).first->second;
  }
  const std::vector<fxp::Spec>& specs() const { return specs_; }

 private:
  using Key = std::tuple<uint64_t, uint64_t, int>;
  std::vector<fxp::Spec> specs_;
  std::map<Key, std::vector<int64_t>> cache_;
};

std::vector<fxp::Spec> all_mode_specs(const std::vector<Format>& dsts) {
  std::vector<fxp::Spec> out;
  for (const Format& f : dsts) {
    for (Round r : kDeterministic) {
      for (Overflow o : kOverflows) out.push_back(fxp_test::spec(f, r, o));
    }
  }
  return out;
}

// Every pair of raws of A and B through add, sub and mul (runtime Wide and the
// typed wrapper), checked exact, then requantised to every spec.
template <class A, class B>
void check_all_pairs(const std::vector<Format>& dsts) {
  const Format fa = A::format, fb = B::format;
  ReferenceCache cache(all_mode_specs(dsts));
  std::vector<fxp::Requantizer> rq_add, rq_sub, rq_mul;
  for (const fxp::Spec& s : cache.specs()) {
    rq_add.emplace_back(fxp::add_format(fa, fb).frac, s);
    rq_sub.emplace_back(fxp::sub_format(fa, fb).frac, s);
    rq_mul.emplace_back(fxp::mul_format(fa, fb).frac, s);
  }
  std::string failure;
  uint64_t checks = 0;
  for (int64_t a : fxp_test::all_raws(fa)) {
    const Rational va = fxp_ref::value_of(a, fa.frac);
    for (int64_t b : fxp_test::all_raws(fb)) {
      const Rational vb = fxp_ref::value_of(b, fb.frac);
      const fxp::Wide wa = fxp::widen(a, fa), wb = fxp::widen(b, fb);
      const A ta = A::from_raw(a);
      const B tb = B::from_raw(b);
      struct Op {
        const char* name;
        fxp::Wide runtime;
        fxp::Wide typed;
        Format typed_format;
        Format expected_format;
        Rational exact;
        const std::vector<fxp::Requantizer>* rq;
      };
      const auto sum = ta + tb;
      const auto diff = ta - tb;
      const auto prod = ta * tb;
      const std::array<Op, 3> ops{{
          {"add", fxp::add(wa, wb), sum.wide(), decltype(sum)::format, fxp::add_format(fa, fb), va + vb, &rq_add},
          {"sub", fxp::sub(wa, wb), diff.wide(), decltype(diff)::format, fxp::sub_format(fa, fb), va - vb, &rq_sub},
          {"mul", fxp::mul(wa, wb), prod.wide(), decltype(prod)::format, fxp::mul_format(fa, fb), va * vb, &rq_mul},
      }};
      for (const Op& op : ops) {
        const Rational got = fxp_ref::value_of(fxp::to_big(op.runtime.raw), op.runtime.frac);
        const bool typed_ok = op.typed.raw == op.runtime.raw && op.typed.frac == op.runtime.frac &&
                              op.typed_format == op.expected_format && op.expected_format.fits(op.runtime.raw);
        if ((got != op.exact || !typed_ok) && failure.empty()) {
          failure = std::string(op.name) + " of " + std::to_string(a) + ", " + std::to_string(b) + " is not exact";
        }
        const std::vector<int64_t>& want = cache.expected(op.runtime);
        for (std::size_t i = 0; i < want.size(); ++i) {
          const int64_t r = (*op.rq)[i].apply(op.runtime.raw);
          ++checks;
          if (r != want[i] && failure.empty()) {
            failure = std::string(op.name) + "(" + fa.str() + " " + std::to_string(a) + ", " + fb.str() + " " +
                      std::to_string(b) + ") -> " + cache.specs()[i].str() + ": want " + std::to_string(want[i]) +
                      " got " + std::to_string(r);
          }
        }
      }
    }
  }
  INFO(failure);
  CHECK(failure.empty());
  CHECK(checks > 0);
}

}  // namespace

TEST_CASE("every pair of s8.4 operands: add, sub, mul are exact and requantise to the definition",
          "[fixedpoint][exhaustive]") {
  check_all_pairs<fxp::fixed<8, 4, true>, fxp::fixed<8, 4, true>>(
      {Format{8, 4, true}, Format{5, 1, false}, Format{4, -1, true}});
}

TEST_CASE("every pair of u8.2 x s8.6 operands (mixed sign and scale) requantises to the definition",
          "[fixedpoint][exhaustive]") {
  check_all_pairs<fxp::fixed<8, 2, false>, fxp::fixed<8, 6, true>>(
      {Format{8, 6, true}, Format{6, 3, false}, Format{3, 5, true}});
}

TEST_CASE("every pair of s6.-2 x u7.9 operands (F < 0 and F > W) requantises to the definition",
          "[fixedpoint][exhaustive]") {
  check_all_pairs<fxp::fixed<6, -2, true>, fxp::fixed<7, 9, false>>(
      {Format{8, 2, true}, Format{4, -3, false}, Format{6, 10, true}});
}

TEST_CASE("Mac: every accumulator value and operand pair, every mode, matches requantise(acc + a*b)",
          "[fixedpoint][exhaustive]") {
  // s6.3 x u5.2 products have 5 fraction bits: the s8.3 accumulator keeps 3,
  // so the sum is rounded as well as wrapped/saturated on every add; the u7.6
  // accumulator keeps more (exact alignment, overflow only).
  const Format fa{6, 3, true}, fb{5, 2, false};
  for (const Format& acc_fmt : {Format{8, 3, true}, Format{7, 6, false}}) {
    ReferenceCache cache(all_mode_specs({acc_fmt}));
    std::vector<fxp::Mac> macs;
    for (const fxp::Spec& sp : cache.specs()) macs.emplace_back(fa, fb, sp);
    const int sum_frac = std::max(fa.frac + fb.frac, acc_fmt.frac);
    std::string failure;
    for (int64_t acc : fxp_test::all_raws(acc_fmt)) {
      for (int64_t a : fxp_test::all_raws(fa)) {
        for (int64_t b : fxp_test::all_raws(fb)) {
          // The exact sum acc + a*b at sum_frac fraction bits.
          const fxp::Wide exact{fxp::i128{acc} * (fxp::i128{1} << (sum_frac - acc_fmt.frac)) +
                                    fxp::i128{a} * b * (fxp::i128{1} << (sum_frac - fa.frac - fb.frac)),
                                sum_frac};
          const std::vector<int64_t>& want = cache.expected(exact);
          for (std::size_t i = 0; i < macs.size(); ++i) {
            macs[i].load(acc);
            macs[i].add(a, b);
            if (macs[i].raw() != want[i] && failure.empty()) {
              failure = cache.specs()[i].str() + ": acc " + std::to_string(acc) + " + " + std::to_string(a) + "*" +
                        std::to_string(b) + ": want " + std::to_string(want[i]) + " got " +
                        std::to_string(macs[i].raw());
            }
          }
        }
      }
    }
    INFO(failure);
    CHECK(failure.empty());
  }
}
