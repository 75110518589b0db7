#include "fixedpoint/requantize.h"

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
      for (std::size_t i = 0; i < m; ++i) r[i] = rng->draw(dst_.q.rounding.stoch_bits);
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
  for (std::size_t i = 0; i < n; ++i) {
    const auto m = static_cast<uint64_t>(out[i] < 0 ? ~out[i] : out[i]);
    ++st->magnitude[m == 0 ? 0 : static_cast<std::size_t>(64 - __builtin_clzll(m))];
  }
}

}  // namespace fxp
