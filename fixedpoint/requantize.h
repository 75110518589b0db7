// Requantisation: the one place where values are rounded and overflow is
// handled. Every other path (Mac, the typed wrapper, from_double, BigWide,
// rationals, the CLI) ends here.
//
// A Requantizer maps a raw integer x at src_frac fraction bits to a raw in the
// destination Spec: s = src_frac - dst.frac bits are dropped (s <= 0: exact
// left shift by -s), first rounding, then overflow handling.
//
// Rounding (x = source raw, s >= 1 bits dropped, >>> = arithmetic shift): every
// mode is y = (x + c) >>> s with
//   trn          c = 0                                  floor
//   trn_zero     c = x < 0 ? 2^s - 1 : 0                toward zero
//   rnd          c = 2^(s-1)                            ties toward +inf
//   rnd_min_inf  c = 2^(s-1) - 1                        ties toward -inf
//   rnd_zero     c = 2^(s-1) - (x >= 0)                 ties toward zero
//   rnd_inf      c = 2^(s-1) - (x < 0)                  ties away from zero
//   rnd_conv     c = 2^(s-1) - 1 + ((x >>> s) & 1)      ties to even
//   stoch<k>     c = s >= k ? r << (s-k) : r >> (k-s)   r = Lfsr32::draw(k)
// Since 0 <= c < 2^s, y = (x >>> s) + (rem + c >= 2^s) with rem = x mod 2^s:
// that form needs no guard bit beyond x's own width and cannot overflow, so it
// is how y is computed; it is the same integer. For s larger than the
// integer type allows (or than needed), x is first shifted right with a sticky
// bit (OR of the shifted-out bits into the LSB), which keeps every mode's
// result exact as long as at least k + 1 bits remain to be dropped.
//
// Stochastic rounding draws exactly one k-bit number per call, always (also
// when s <= 0 and r is unused), so a stream's position depends only on the
// number of calls. For s <= k it is unbiased: E[y] = x / 2^s. For s > k the
// low s - k bits of x are ignored: E[y] - x / 2^s = -(x mod 2^(s-k)) / 2^s,
// in (-2^-k, 0] destination LSBs.
//
// Overflow (y outside the destination's range; for sat_sym the range is
// [-max, max] so the most negative value counts as overflow):
//   wrap      keep the low W bits (sign-extended for signed formats)
//   sat       clamp to min or max            sat_sym  clamp to -max or max
//   sat_zero  0
// Results are int64_t raws (format.h: u64 values >= 2^63 as bit patterns).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "fixedpoint/format.h"
#include "fixedpoint/int128.h"
#include "fixedpoint/lfsr.h"
#include "fixedpoint/modes.h"
#include "fixedpoint/stats.h"
#include "fixedpoint/wide.h"

namespace fxp {

namespace detail {
[[noreturn]] void throw_bad_spec(const Spec& dst);
[[noreturn]] void throw_missing_rng(const Spec& dst);

// floor(v / 2^n) with the OR of the n shifted-out bits in the LSB.
template <class T>
constexpr T sticky_shr(T v, int n) {
  using U = typename IntTraits<T>::U;
  constexpr int kBits = IntTraits<T>::bits;
  if (n >= kBits) return v == 0 ? 0 : (v < 0 ? -1 : 1);
  const bool sticky = (static_cast<U>(v) & ((static_cast<U>(1) << n) - 1)) != 0;
  return static_cast<T>((v >> n) | static_cast<T>(sticky));
}
}  // namespace detail

class Requantizer {
 public:
  constexpr Requantizer(int src_frac, const Spec& dst)
      : dst_(dst), src_frac_(src_frac), shift_(src_frac - dst.fmt.frac),
        r64_(right_params<uint64_t>(shift_)), r128_(right_params<u128>(shift_)) {
    const int k = dst.q.rounding.stoch_bits;
    if (!dst.fmt.valid_storage() || (dst.q.rounding.mode == Round::stoch && (k < 1 || k > kMaxStochBits))) {
      detail::throw_bad_spec(dst);
    }
    const Format& f = dst.fmt;
    hi_ = f.max_raw();
    lo_ = dst.q.overflow == Overflow::sat_sym && f.is_signed ? -hi_ : f.min_raw();
    lo64_ = static_cast<int64_t>(lo_);  // lo_ >= -2^63 always
    hi64_ = hi_ > INT64_MAX ? INT64_MAX : static_cast<int64_t>(hi_);
    lo_bits_ = static_cast<int64_t>(static_cast<uint64_t>(lo_));
    hi_bits_ = static_cast<int64_t>(static_cast<uint64_t>(hi_));
    wmask_ = f.width == 64 ? ~uint64_t{0} : (uint64_t{1} << f.width) - 1;
    sign_bit_ = f.is_signed ? uint64_t{1} << (f.width - 1) : 0;
    if (shift_ <= 0) {
      const int t = -shift_;
      left_t64_ = t < 64 ? t : 0;
      left_keep_ = t < 64 ? ~uint64_t{0} : 0;
      // x << t stays in [lo, hi] iff ceil(lo / 2^t) <= x <= floor(hi / 2^t).
      left_lo_ = -floor_shr(-lo_, t);
      left_hi_ = floor_shr(hi_, t);
      left_lo64_ = static_cast<int64_t>(left_lo_);
      left_hi64_ = left_hi_ > INT64_MAX ? INT64_MAX : static_cast<int64_t>(left_hi_);
    }
  }

  constexpr const Spec& dst() const { return dst_; }
  constexpr int src_frac() const { return src_frac_; }
  constexpr int shift() const { return shift_; }  // bits dropped (negative: left shift)

  // The hot path (constexpr for deterministic modes, so the typed wrapper can be
  // checked at compile time). rng is required (and advanced by one draw) for stochastic
  // rounding and ignored otherwise; st == nullptr runs a counter-free
  // instantiation. Both overloads give identical results for the same value.
  constexpr int64_t apply(int64_t x, Lfsr32* rng = nullptr, Stats* st = nullptr) const { return dispatch(x, rng, st); }
  constexpr int64_t apply(i128 x, Lfsr32* rng = nullptr, Stats* st = nullptr) const { return dispatch(x, rng, st); }

  // The row form for int64 sources: out[i] = apply(x[i], rng, st) for i = 0 .. n-1 in
  // this order (out may be x itself, not a partial overlap): the same results, draws and
  // counts. Without counters the loop body has no per-element branch (one loop per
  // overflow mode, the stochastic draws taken first in order), so compilers vectorise it.
  // Compiled for several x86-64 levels (AVX-512, AVX2, baseline) where the compiler
  // supports it; every version gives the same bits.
  void apply_row(const int64_t* x, int64_t* out, std::size_t n, Lfsr32* rng = nullptr, Stats* st = nullptr) const;

 private:
  // c = base + (x < 0 ? if_negative : 0) + ((x >>> s) odd ? if_odd : 0) + ((r << stoch_l) >> stoch_r),
  // in U arithmetic (mod 2^bits), with per mode (h = 2^(s-1)):
  //   trn 0 | trn_zero 0, 2^s-1 | rnd h | rnd_min_inf h-1 | rnd_zero h-1, +1 | rnd_inf h, -1
  //   rnd_conv h-1, if_odd 1 | stoch: stoch_l = s-k (s >= k) or stoch_r = k-s (s < k)
  // which is the table in the header comment term for term.
  template <class U>
  struct RightParams {
    int pre = 0;  // sticky pre-shift
    int s = 1;    // bits dropped after the pre-shift
    U mask = 1;   // 2^s - 1
    U base = 0;
    U if_negative = 0;
    U if_odd = 0;
    int stoch_l = 0;
    int stoch_r = 0;
  };

  // Largest s handled directly: rem, c < 2^s, so rem + c < 2^(s+1) fits U with
  // room to spare. Larger drops are pre-shifted with a sticky bit, which needs
  // k + 1 <= 33 bits to remain (see the header comment): 62 and 126 do.
  template <class U>
  static constexpr int max_drop() { return sizeof(U) * 8 - 2; }

  template <class U>
  constexpr RightParams<U> right_params(int shift) const {
    RightParams<U> p;
    if (shift <= 0) return p;
    p.s = shift > max_drop<U>() ? max_drop<U>() : shift;
    p.pre = shift - p.s;
    p.mask = (static_cast<U>(1) << p.s) - 1;
    const U half = static_cast<U>(1) << (p.s - 1);
    switch (dst_.q.rounding.mode) {
      case Round::trn: break;
      case Round::trn_zero: p.if_negative = p.mask; break;
      case Round::rnd: p.base = half; break;
      case Round::rnd_min_inf: p.base = half - 1; break;
      case Round::rnd_zero: p.base = half - 1; p.if_negative = 1; break;
      case Round::rnd_inf: p.base = half; p.if_negative = U{0} - 1; break;
      case Round::rnd_conv: p.base = half - 1; p.if_odd = 1; break;
      case Round::stoch: {
        const int k = dst_.q.rounding.stoch_bits;
        p.stoch_l = p.s >= k ? p.s - k : 0;
        p.stoch_r = p.s >= k ? 0 : k - p.s;
        break;
      }
    }
    return p;
  }

  template <class T>
  constexpr const RightParams<typename IntTraits<T>::U>& params() const {
    if constexpr (IntTraits<T>::bits == 64) {
      return r64_;
    } else {
      return r128_;
    }
  }

  template <class T>
  constexpr int64_t dispatch(T x, Lfsr32* rng, Stats* st) const {
    uint32_t r = 0;
    if (dst_.q.rounding.mode == Round::stoch) {
      if (rng == nullptr) detail::throw_missing_rng(dst_);
      r = rng->draw(dst_.q.rounding.stoch_bits);
    }
    return st != nullptr ? run<T, true>(x, r, st) : run<T, false>(x, r, nullptr);
  }

  template <class T, bool kStats>
  constexpr int64_t run(T x, uint32_t r, Stats* st) const {
    using U = typename IntTraits<T>::U;
    if (shift_ <= 0) return left<T, kStats>(x, st);
    const RightParams<U>& p = params<T>();
    const T v = p.pre > 0 ? detail::sticky_shr(x, p.pre) : x;
    const T y = round_right(v, r, p);
    return finish<kStats>(y < static_cast<T>(lo_bound<T>()), y > static_cast<T>(hi_bound<T>()),
                          static_cast<uint64_t>(y), (static_cast<U>(v) & p.mask) != 0, y == 0 && x != 0, st);
  }

  // (v + c) >>> s as (v >>> s) + (rem + c >= 2^s), with the mode's c from its constants
  // (right_params), without branches; r is 0 unless the mode is stochastic.
  template <class T>
  static constexpr T round_right(T v, uint32_t r, const RightParams<typename IntTraits<T>::U>& p) {
    using U = typename IntTraits<T>::U;
    const U rem = static_cast<U>(v) & p.mask;
    const T q = v >> p.s;
    const U negative = U{0} - static_cast<U>(v < 0);     // all ones if v < 0
    const U odd = U{0} - (static_cast<U>(q) & 1);         // all ones if q is odd
    const U c = p.base + (p.if_negative & negative) + (p.if_odd & odd) + ((static_cast<U>(r) << p.stoch_l) >> p.stoch_r);
    return q + static_cast<T>(rem + c > p.mask);
  }

  // What apply_row counts over a chunk (then added to a Stats by record_row).
  struct RowCounts {
    uint64_t inexact = 0, to_zero = 0, overflows = 0;
    int64_t min = INT64_MAX, max = INT64_MIN;  // stored raws (the caller excludes u64, whose raws are not their values)
  };

  // apply_row's loops: r holds the chunk's draws (kStoch) or is unused; with kCount they
  // also count (the reductions vectorise too).
  static constexpr std::size_t kRowChunk = 128;
  template <bool kStoch, bool kCount>
  void row_chunk(const int64_t* x, int64_t* out, std::size_t n, const uint32_t* r, RowCounts* c) const {
    switch (dst_.q.overflow) {
      case Overflow::wrap: row_loop<kStoch, kCount, Overflow::wrap>(x, out, n, r, c); break;
      case Overflow::sat:
      case Overflow::sat_sym: row_loop<kStoch, kCount, Overflow::sat>(x, out, n, r, c); break;
      case Overflow::sat_zero: row_loop<kStoch, kCount, Overflow::sat_zero>(x, out, n, r, c); break;
    }
  }

  // The expressions of run<int64_t, kStats> and left<int64_t, kStats> (inexact: bits
  // dropped; to_zero: a nonzero x rounded to 0; overflows: below or above), with every
  // parameter in a local (the stores to out cannot change them).
  template <bool kStoch, bool kCount, Overflow O>
  void row_loop(const int64_t* x, int64_t* out, std::size_t n, const uint32_t* r, RowCounts* c) const {
    const OverflowParams o = overflow_params();
    uint64_t inexact = 0, to_zero = 0, overflows = 0;
    int64_t mn = INT64_MAX, mx = INT64_MIN;
    const auto store = [&](std::size_t i, bool below, bool above, uint64_t bits, bool was_inexact, bool zeroed) {
      const int64_t v = overflow_as<O>(below, above, bits, o);
      out[i] = v;
      if constexpr (kCount) {
        inexact += was_inexact;
        to_zero += zeroed;
        overflows += below || above;
        mn = v < mn ? v : mn;
        mx = v > mx ? v : mx;
      }
    };
    if (shift_ <= 0) {
      const int t = left_t64_;
      const uint64_t keep = left_keep_;
      const int64_t lo = left_lo64_, hi = left_hi64_;
      for (std::size_t i = 0; i < n; ++i) {
        const int64_t v = x[i];
        store(i, v < lo, v > hi, (static_cast<uint64_t>(v) << t) & keep, false, false);
      }
    } else {
      const RightParams<uint64_t> p = r64_;
      const int64_t lo = lo64_, hi = hi64_;
      if (p.pre > 0) {
        for (std::size_t i = 0; i < n; ++i) {
          const int64_t v = detail::sticky_shr(x[i], p.pre);
          const int64_t y = round_right(v, kStoch ? r[i] : 0u, p);
          store(i, y < lo, y > hi, static_cast<uint64_t>(y), (static_cast<uint64_t>(v) & p.mask) != 0, y == 0 && x[i] != 0);
        }
      } else if (p.if_negative == 0 && p.if_odd == 0) {
        // trn, rnd, rnd_min_inf and stoch: c does not depend on x, so round_right's sign and
        // parity terms are zero; the same formula without them is shorter to vectorise.
        for (std::size_t i = 0; i < n; ++i) {
          const int64_t y = round_right_plain(x[i], kStoch ? r[i] : 0u, p);
          store(i, y < lo, y > hi, static_cast<uint64_t>(y), (static_cast<uint64_t>(x[i]) & p.mask) != 0, y == 0 && x[i] != 0);
        }
      } else {
        for (std::size_t i = 0; i < n; ++i) {
          const int64_t y = round_right(x[i], kStoch ? r[i] : 0u, p);
          store(i, y < lo, y > hi, static_cast<uint64_t>(y), (static_cast<uint64_t>(x[i]) & p.mask) != 0, y == 0 && x[i] != 0);
        }
      }
    }
    if constexpr (kCount) {
      c->inexact += inexact;
      c->to_zero += to_zero;
      c->overflows += overflows;
      c->min = mn < c->min ? mn : c->min;
      c->max = mx > c->max ? mx : c->max;
    }
  }

  // Adds a counted chunk (its stored raws and RowCounts) to st, as n calls of record would.
  void record_row(Stats* st, const int64_t* out, std::size_t n, const RowCounts& c) const;

  // round_right for parameters with if_negative = if_odd = 0.
  template <class T>
  static constexpr T round_right_plain(T v, uint32_t r, const RightParams<typename IntTraits<T>::U>& p) {
    using U = typename IntTraits<T>::U;
    const U rem = static_cast<U>(v) & p.mask;
    const U c = p.base + ((static_cast<U>(r) << p.stoch_l) >> p.stoch_r);
    return (v >> p.s) + static_cast<T>(rem + c > p.mask);
  }

  // s <= 0: exact left shift by t = -s; only overflow can happen. The low 64
  // bits of x << t are all that wrap needs (W <= 64; t >= 64 leaves none of x),
  // and they are the result itself when x << t is in range.
  template <class T, bool kStats>
  constexpr int64_t left(T x, Stats* st) const {
    const T lo = static_cast<T>(IntTraits<T>::bits == 64 ? i128{left_lo64_} : left_lo_);
    const T hi = static_cast<T>(IntTraits<T>::bits == 64 ? i128{left_hi64_} : left_hi_);
    const uint64_t bits = (static_cast<uint64_t>(x) << left_t64_) & left_keep_;
    return finish<kStats>(x < lo, x > hi, bits, false, false, st);
  }

  // Overflow handling, written without data-dependent branches (selects), so a
  // saturating stream costs the same as one in range. bits: the low 64 bits of
  // the rounded value.
  template <bool kStats>
  constexpr int64_t finish(bool below, bool above, uint64_t bits, bool inexact, bool to_zero, Stats* st) const {
    int64_t out = 0;
    const OverflowParams o = overflow_params();
    switch (dst_.q.overflow) {
      case Overflow::wrap: out = overflow_as<Overflow::wrap>(below, above, bits, o); break;
      case Overflow::sat:
      case Overflow::sat_sym: out = overflow_as<Overflow::sat>(below, above, bits, o); break;
      case Overflow::sat_zero: out = overflow_as<Overflow::sat_zero>(below, above, bits, o); break;
    }
    if constexpr (kStats) {
      st->record(dst_.fmt.widen(out), inexact, to_zero, below || above ? event() : OverflowEvent::none);
    }
    return out;
  }

  struct OverflowParams {
    uint64_t wmask, sign_bit;
    int64_t lo_bits, hi_bits;
  };
  constexpr OverflowParams overflow_params() const { return OverflowParams{wmask_, sign_bit_, lo_bits_, hi_bits_}; }
  // The stored raw for a rounded value whose low 64 bits are `bits`, by overflow mode
  // (sat stands for sat_sym too: their difference is in the bounds, lo_bits).
  template <Overflow O>
  static constexpr int64_t overflow_as(bool below, bool above, uint64_t bits, const OverflowParams& o) {
    if constexpr (O == Overflow::wrap) {  // sign-extend the low W bits: (v ^ s) - s with s the sign bit
      return static_cast<int64_t>(((bits & o.wmask) ^ o.sign_bit) - o.sign_bit);
    } else if constexpr (O == Overflow::sat_zero) {
      return below || above ? 0 : static_cast<int64_t>(bits);
    } else {
      return below ? o.lo_bits : (above ? o.hi_bits : static_cast<int64_t>(bits));
    }
  }

  constexpr OverflowEvent event() const {
    switch (dst_.q.overflow) {
      case Overflow::wrap: return OverflowEvent::wrapped;
      case Overflow::sat:
      case Overflow::sat_sym: return OverflowEvent::saturated;
      case Overflow::sat_zero: return OverflowEvent::zeroed;
    }
    return OverflowEvent::none;  // unreachable
  }

  template <class T>
  constexpr i128 lo_bound() const { return IntTraits<T>::bits == 64 ? i128{lo64_} : lo_; }
  template <class T>
  constexpr i128 hi_bound() const { return IntTraits<T>::bits == 64 ? i128{hi64_} : hi_; }

  Spec dst_;
  int src_frac_;
  int shift_;
  RightParams<uint64_t> r64_;
  RightParams<u128> r128_;
  i128 lo_ = 0, hi_ = 0;          // allowed range (true integers)
  int64_t lo64_ = 0, hi64_ = 0;   // the same, clipped to int64 (an int64 x cannot exceed them)
  int64_t lo_bits_ = 0, hi_bits_ = 0;  // saturation results as stored raws
  uint64_t wmask_ = 0, sign_bit_ = 0;
  int left_t64_ = 0;          // t, or 0 with left_keep_ = 0 when t >= 64
  uint64_t left_keep_ = ~uint64_t{0};
  i128 left_lo_ = 0, left_hi_ = 0;
  int64_t left_lo64_ = 0, left_hi64_ = 0;
};

// For cold paths: builds the Requantizer for w's scale and applies it once
// (hot loops keep a Requantizer).
inline int64_t requantize(const Wide& w, const Spec& dst, Lfsr32* rng = nullptr, Stats* st = nullptr) {
  return Requantizer(w.frac, dst).apply(w.raw, rng, st);
}

}  // namespace fxp
