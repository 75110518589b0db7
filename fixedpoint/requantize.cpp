#include "fixedpoint/requantize.h"

#include <algorithm>

namespace fxp::detail {

void throw_bad_spec(const Spec& dst) {
  check_spec(dst, "requantisation destination");
  // check_spec accepts everything valid_storage() and the stoch range accept.
  throw FormatError("requantisation destination " + dst.str() + " is invalid");
}

void throw_missing_rng(const Spec& dst) {
  throw std::invalid_argument("requantisation to '" + dst.str() + "' is stochastic and needs an Lfsr32 (got none)");
}

}  // namespace fxp::detail

namespace fxp {

// The row loops vectorise on the wider ISAs; GCC's function multiversioning picks the
// best version the CPU has when the program is loaded. Integer arithmetic only, so
// every version computes the same bits. flatten: the loops (row_chunk, row_loop) are
// inlined into each version, so they are compiled for its ISA.
#if defined(__x86_64__) && defined(__gnu_linux__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"), flatten))
#elif defined(__GNUC__)
__attribute__((flatten))
#endif
void Requantizer::apply_row(const int64_t* x, int64_t* out, std::size_t n, Lfsr32* rng, Stats* st) const {
  const bool stoch = dst_.q.rounding.mode == Round::stoch;
  if (stoch && rng == nullptr) detail::throw_missing_rng(dst_);
  if (st != nullptr && !dst_.fmt.is_signed && dst_.fmt.width == 64) {
    // u64 raws >= 2^63 are not their values: count element by element.
    for (std::size_t i = 0; i < n; ++i) out[i] = dispatch(x[i], rng, st);
    return;
  }
  uint32_t r[kRowChunk];
  for (std::size_t c = 0; c < n; c += kRowChunk) {
    const std::size_t m = n - c < kRowChunk ? n - c : kRowChunk;
    if (stoch) {
      rng->draw_row(dst_.q.rounding.stoch_bits, r, m);
    }
    if (st == nullptr) {
      stoch ? row_chunk<true, false>(x + c, out + c, m, r, nullptr) : row_chunk<false, false>(x + c, out + c, m, nullptr, nullptr);
    } else {
      RowCounts counts;
      stoch ? row_chunk<true, true>(x + c, out + c, m, r, &counts) : row_chunk<false, true>(x + c, out + c, m, nullptr, &counts);
      record_row(st, out + c, m, counts);
    }
  }
}

void Requantizer::record_row(Stats* st, const int64_t* out, std::size_t n, const RowCounts& c) const {
  if (n == 0) return;
  st->requants += n;
  st->inexact += c.inexact;
  st->to_zero += c.to_zero;
  switch (event()) {
    case OverflowEvent::saturated: st->saturations += c.overflows; break;
    case OverflowEvent::wrapped: st->wraps += c.overflows; break;
    case OverflowEvent::zeroed: st->zeroings += c.overflows; break;
    case OverflowEvent::none: break;
  }
  if (c.min < st->min_raw) st->min_raw = c.min;
  if (c.max > st->max_raw) st->max_raw = c.max;
  // magnitude[b]: b = bit length of v (v >= 0) or of ~v (v < 0), as Stats::record counts.
  const auto bin = [](int64_t v) {
    const auto m = static_cast<uint64_t>(v < 0 ? ~v : v);
    return m == 0 ? std::size_t{0} : static_cast<std::size_t>(64 - __builtin_clzll(m));
  };
  if (n < 16) {
    for (std::size_t i = 0; i < n; ++i) ++st->magnitude[bin(out[i])];
    return;
  }
  // Neighbouring values mostly share a bin, so one histogram would make every increment
  // wait for the store of the previous one (a dependency chain through memory, the
  // dominant cost of counting). Four partial histograms give four independent chains.
  // The bins in use are 0 .. bin of the largest magnitude, which is that of min or max.
  const std::size_t top = std::max(bin(c.min), bin(c.max));
  uint32_t part[4][65];  // n <= kRowChunk: no overflow
  for (auto& p : part) std::fill(p, p + top + 1, 0u);
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    ++part[0][bin(out[i])];
    ++part[1][bin(out[i + 1])];
    ++part[2][bin(out[i + 2])];
    ++part[3][bin(out[i + 3])];
  }
  for (; i < n; ++i) ++part[0][bin(out[i])];
  for (std::size_t b = 0; b <= top; ++b) st->magnitude[b] += uint64_t{part[0][b]} + part[1][b] + part[2][b] + part[3][b];
}

}  // namespace fxp
