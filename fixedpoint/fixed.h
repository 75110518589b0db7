// Compile-time typed fixed point for code that mirrors RTL, in the spirit of
// CNL and ac_fixed: a raw integer inside, exact (full-precision) + - *, and
// quantisation only when a value is stored into a fixed<> (construction,
// assignment, fixed_cast, stochastic_cast). Quantisation is the runtime
// Requantizer (one implementation of rounding), built at compile time.
//
//   fxp::fixed<16, 12> a, b;                         // s16.12, trn, wrap
//   auto p = a * b;                                  // full<32, 24, true>: exact
//   fxp::fixed<16, 12, true, fxp::Round::rnd, fxp::Overflow::sat> y = p;  // rounds, saturates
//   auto acc = fxp::fixed_cast<fxp::fixed<32, 24>>(acc + p, &stats);     // with counters
//   auto w = fxp::stochastic_cast<fxp::fixed<8, 6>, 8>(p, rng);         // stoch8
#pragma once

#include <cstdint>
#include <type_traits>

#include "fixedpoint/convert.h"
#include "fixedpoint/format.h"
#include "fixedpoint/modes.h"
#include "fixedpoint/requantize.h"
#include "fixedpoint/wide.h"

namespace fxp {

// A full-precision intermediate: the exact result of arithmetic on fixed<>
// values, W <= 127 bits held in an i128. Never rounds; store it into a fixed<>.
template <int W, int F, bool S>
class full {
 public:
  static_assert(W >= 1 && W <= 127, "full-precision intermediates hold at most 127 bits (use BigWide beyond)");
  static constexpr Format format{W, F, S};

  constexpr full() = default;
  static constexpr full from_raw(i128 raw) {
    if (!format.fits(raw)) throw std::out_of_range("fxp::full::from_raw: raw outside the format");
    full v;
    v.raw_ = raw;
    return v;
  }
  constexpr i128 raw() const { return raw_; }
  constexpr Wide wide() const { return Wide{raw_, F}; }
  double to_double() const { return fxp::to_double(wide()); }

 private:
  i128 raw_ = 0;
};

template <int W, int F, bool S = true, Round R = Round::trn, Overflow O = Overflow::wrap>
class fixed;

namespace detail {
template <class T>
struct is_fx : std::false_type {};
template <int W, int F, bool S>
struct is_fx<full<W, F, S>> : std::true_type {};
template <int W, int F, bool S, Round R, Overflow O>
struct is_fx<fixed<W, F, S, R, O>> : std::true_type {};
template <class T>
inline constexpr bool is_fx_v = is_fx<std::decay_t<T>>::value;

template <class V>
constexpr i128 true_raw(const V& v) {
  if constexpr (V::format.width <= 64) {
    return V::format.widen(static_cast<int64_t>(v.raw()));
  } else {
    return v.raw();
  }
}

// v's raw brought to `frac` fraction bits (frac >= V's): a multiplication, so
// negative values are never shifted.
template <class V>
constexpr i128 aligned_raw(const V& v, int frac) {
  return true_raw(v) * pow2(frac - V::format.frac);
}

// One Requantizer per (source frac, destination) pair, in static storage.
template <int SrcFrac, int W, int F, bool S, Round R, int K, Overflow O>
inline constexpr Requantizer kTypedRequantizer{SrcFrac, Spec{Format{W, F, S}, Quant{Rounding{R, K}, O}}};
}  // namespace detail

template <int W, int F, bool S, Round R, Overflow O>
class fixed {
 public:
  static_assert(W >= 1 && W <= kMaxStorageWidth, "storage width is 1..64 bits");
  static_assert(F >= -kMaxFrac && F <= kMaxFrac, "fraction bits are -256..256");
  static_assert(R != Round::stoch, "stochastic rounding needs a random stream: use stochastic_cast");
  static constexpr Format format{W, F, S};
  static constexpr Spec spec{format, Quant{Rounding{R, 0}, O}};

  constexpr fixed() = default;
  // Quantising construction from any fixed<> or full<> value (implicit, like
  // an assignment to a narrower register).
  template <class V, std::enable_if_t<detail::is_fx_v<V>, int> = 0>
  constexpr fixed(const V& v) : raw_(quantize(v, nullptr)) {}  // NOLINT(google-explicit-constructor)
  explicit fixed(double v, Stats* st = nullptr) : raw_(from_double(v, spec, nullptr, st)) {}

  // A stored raw; throws std::out_of_range if it is not a W-bit value.
  static constexpr fixed from_raw(int64_t raw) {
    if (W < 64 && !format.fits(format.widen(raw))) throw std::out_of_range("fxp::fixed::from_raw: raw outside the format");
    fixed v;
    v.raw_ = raw;
    return v;
  }
  constexpr int64_t raw() const { return raw_; }
  constexpr Wide wide() const { return widen(raw_, format); }
  double to_double() const { return fxp::to_double(wide()); }

  // Verilog shifts of the W-bit register (bits shifted out are lost), any n >= 0.
  fixed shl(int n) const { return from_bits(fxp::shl(raw_, n, format)); }
  fixed shr(int n) const { return from_bits(fxp::shr(raw_, n, format)); }

  template <class V>
  static constexpr int64_t quantize(const V& v, Stats* st) {
    constexpr const Requantizer& rq = detail::kTypedRequantizer<V::format.frac, W, F, S, R, 0, O>;
    if constexpr (V::format.width <= 63) {
      return rq.apply(static_cast<int64_t>(detail::true_raw(v)), nullptr, st);
    } else {
      return rq.apply(detail::true_raw(v), nullptr, st);
    }
  }

 private:
  static constexpr fixed from_bits(int64_t raw) {
    fixed v;
    v.raw_ = raw;
    return v;
  }
  int64_t raw_ = 0;
};

// Explicit quantisation, optionally counted.
template <class To, class V, std::enable_if_t<detail::is_fx_v<V>, int> = 0>
constexpr To fixed_cast(const V& v, Stats* st = nullptr) {
  return To::from_raw(To::template quantize<V>(v, st));
}

// Stochastic rounding with K random bits from `rng` into To's format; To's
// overflow mode applies, its (deterministic) rounding mode is not used.
template <class To, int K, class V, std::enable_if_t<detail::is_fx_v<V>, int> = 0>
To stochastic_cast(const V& v, Lfsr32& rng, Stats* st = nullptr) {
  static_assert(K >= 1 && K <= kMaxStochBits, "stoch<k> takes k = 1..32 random bits");
  constexpr Format f = To::format;
  constexpr const Requantizer& rq =
      detail::kTypedRequantizer<V::format.frac, f.width, f.frac, f.is_signed, Round::stoch, K, To::spec.q.overflow>;
  return To::from_raw(rq.apply(detail::true_raw(v), &rng, st));
}

// Exact arithmetic: the result type is the exact result format (format.h).
template <class A, class B, std::enable_if_t<detail::is_fx_v<A> && detail::is_fx_v<B>, int> = 0>
constexpr auto operator+(const A& a, const B& b) {
  constexpr Format r = add_format(A::format, B::format);
  return full<r.width, r.frac, r.is_signed>::from_raw(detail::aligned_raw(a, r.frac) + detail::aligned_raw(b, r.frac));
}

template <class A, class B, std::enable_if_t<detail::is_fx_v<A> && detail::is_fx_v<B>, int> = 0>
constexpr auto operator-(const A& a, const B& b) {
  constexpr Format r = sub_format(A::format, B::format);
  return full<r.width, r.frac, r.is_signed>::from_raw(detail::aligned_raw(a, r.frac) - detail::aligned_raw(b, r.frac));
}

template <class A, class B, std::enable_if_t<detail::is_fx_v<A> && detail::is_fx_v<B>, int> = 0>
constexpr auto operator*(const A& a, const B& b) {
  constexpr Format r = mul_format(A::format, B::format);
  return full<r.width, r.frac, r.is_signed>::from_raw(detail::true_raw(a) * detail::true_raw(b));
}

template <class A, std::enable_if_t<detail::is_fx_v<A>, int> = 0>
constexpr auto operator-(const A& a) {
  return full<A::format.width + 1, A::format.frac, true>::from_raw(-detail::true_raw(a));
}

// a * 2^N exactly (only the binary point moves).
template <int N, class A, std::enable_if_t<detail::is_fx_v<A>, int> = 0>
constexpr auto scale(const A& a) {
  return full<A::format.width, A::format.frac - N, A::format.is_signed>::from_raw(detail::true_raw(a));
}

// Exact comparisons between any two values.
template <class A, class B, std::enable_if_t<detail::is_fx_v<A> && detail::is_fx_v<B>, int> = 0>
constexpr int compare(const A& a, const B& b) {
  return fxp::compare(Wide{detail::true_raw(a), A::format.frac}, Wide{detail::true_raw(b), B::format.frac});
}
template <class A, class B, std::enable_if_t<detail::is_fx_v<A> && detail::is_fx_v<B>, int> = 0>
constexpr bool operator==(const A& a, const B& b) { return compare(a, b) == 0; }
template <class A, class B, std::enable_if_t<detail::is_fx_v<A> && detail::is_fx_v<B>, int> = 0>
constexpr bool operator!=(const A& a, const B& b) { return compare(a, b) != 0; }
template <class A, class B, std::enable_if_t<detail::is_fx_v<A> && detail::is_fx_v<B>, int> = 0>
constexpr bool operator<(const A& a, const B& b) { return compare(a, b) < 0; }
template <class A, class B, std::enable_if_t<detail::is_fx_v<A> && detail::is_fx_v<B>, int> = 0>
constexpr bool operator>(const A& a, const B& b) { return compare(a, b) > 0; }
template <class A, class B, std::enable_if_t<detail::is_fx_v<A> && detail::is_fx_v<B>, int> = 0>
constexpr bool operator<=(const A& a, const B& b) { return compare(a, b) <= 0; }
template <class A, class B, std::enable_if_t<detail::is_fx_v<A> && detail::is_fx_v<B>, int> = 0>
constexpr bool operator>=(const A& a, const B& b) { return compare(a, b) >= 0; }

}  // namespace fxp
