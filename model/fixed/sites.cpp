#include "model/fixed/sites.h"

namespace fxprop::fixed {

Sites::Sites(std::uint64_t master_seed, bool count) : stats_(kSiteCount), updates_(kSiteCount), count_(count) {
  lfsr_.reserve(kSiteCount);
  for (int s = 0; s < kSiteCount; ++s) lfsr_.push_back(fxp::Lfsr32::for_stream(master_seed, static_cast<std::uint64_t>(s)));
}

}  // namespace fxprop::fixed
