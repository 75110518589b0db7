#include "fixedpoint/mac.h"

#include <algorithm>

namespace fxp {

namespace {
Requantizer sum_requantizer(const Format& a, const Format& b, const Spec& acc) {
  check_storage(a, "Mac operand a");
  check_storage(b, "Mac operand b");
  check_spec(acc, "Mac accumulator");
  return Requantizer(std::max(a.frac + b.frac, acc.fmt.frac), acc);
}
}  // namespace

Mac::Mac(const Format& a, const Format& b, const Spec& acc) : a_(a), b_(b), rq_(sum_requantizer(a, b, acc)) {
  const Format prod = mul_format(a, b);
  const Format sum = add_format(acc.fmt, prod);  // sized for the aligned operands
  if (sum.width > 127) {
    throw RangeError("Mac: " + acc.fmt.str() + " + " + a.str() + "*" + b.str() + " needs " +
                     std::to_string(sum.width) + " bits; at most 127 are supported");
  }
  narrow_ = sum.width <= 63;
  acc_shift_ = sum.frac - acc.fmt.frac;  // < sum.width <= 127 (63 on the narrow path)
  prod_shift_ = sum.frac - prod.frac;
}

void Mac::load(int64_t raw) {
  const Format& f = rq_.dst().fmt;
  if (f.width < 64 && !f.fits(f.widen(raw))) {
    throw FormatError("Mac::load: raw " + std::to_string(raw) + " is outside " + f.str());
  }
  acc_ = raw;
}

}  // namespace fxp
