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
