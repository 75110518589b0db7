// Multiply-accumulate with a declared accumulator, as the RTL has it: on every
// add the full-precision sum acc + a*b is requantised to the accumulator's Spec,
// so the accumulator wraps or saturates (and, if the product has more fraction
// bits than the accumulator, rounds) exactly as a register of that format.
#pragma once

#include <cstdint>

#include "fixedpoint/format.h"
#include "fixedpoint/modes.h"
#include "fixedpoint/requantize.h"
#include "fixedpoint/wide.h"

namespace fxp {

class Mac {
 public:
  // Throws FormatError for an invalid format, RangeError if acc + a*b (aligned)
  // would need more than 127 bits.
  Mac(const Format& a, const Format& b, const Spec& acc);

  void reset() { acc_ = 0; }
  // Loads a stored raw of the accumulator format (FormatError if out of range).
  void load(int64_t raw);
  int64_t raw() const { return acc_; }
  Wide value() const { return widen(acc_, rq_.dst().fmt); }
  const Spec& spec() const { return rq_.dst(); }
  // The requantiser of the sum (source frac = max(Fa + Fb, Facc)).
  const Requantizer& requantizer() const { return rq_; }

  // acc = requantise(acc + a * b). a and b are stored raws of the two operand
  // formats (raws outside them give unspecified, but defined, results).
  void add(int64_t a, int64_t b, Lfsr32* rng = nullptr, Stats* st = nullptr) {
    // Products, alignment shifts and the sum are formed on unsigned bit
    // patterns: identical to the signed results for in-format operands (the
    // widths were checked at construction), and never undefined behaviour
    // (shifting a negative value left is undefined before C++20).
    if (narrow_) {
      const uint64_t acc = static_cast<uint64_t>(acc_) << acc_shift_;
      const uint64_t prod = (static_cast<uint64_t>(a) * static_cast<uint64_t>(b)) << prod_shift_;
      acc_ = rq_.apply(static_cast<int64_t>(acc + prod), rng, st);
    } else {
      const u128 acc = static_cast<u128>(rq_.dst().fmt.widen(acc_)) << acc_shift_;
      const u128 prod = (static_cast<u128>(a_.widen(a)) * static_cast<u128>(b_.widen(b))) << prod_shift_;
      acc_ = rq_.apply(static_cast<i128>(acc + prod), rng, st);
    }
  }

 private:
  Format a_, b_;
  Requantizer rq_;
  bool narrow_ = false;  // the aligned sum fits int64
  int acc_shift_ = 0, prod_shift_ = 0;  // alignment to the sum's frac
  int64_t acc_ = 0;
};

}  // namespace fxp
