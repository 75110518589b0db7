// The rounding sites' random streams and counters: one fxp::Lfsr32 and one
// fxp::Stats per Site. Stream ids are the Site values (variables.h), so site s
// draws from Lfsr32::for_stream(run.seed, index(s)) from the start of a training
// run on; its state carries across trials, as a hardware LFSR's does.
#pragma once

#include <cstdint>
#include <vector>

#include "fixedpoint/lfsr.h"
#include "fixedpoint/stats.h"
#include "model/fixed/variables.h"

namespace fxprop::fixed {

// Read-modify-write updates of a stored value (weights, gradient accumulators):
// how many had a nonzero exact change, and how many of those left the stored value
// unchanged because the change was rounded away ("stalled" learning).
struct UpdateCounts {
  std::uint64_t nonzero = 0;
  std::uint64_t stalled = 0;
};

// What a kernel needs to round into one site: its stream (advanced by one draw
// per requantisation if the site rounds stochastically, untouched otherwise) and
// its counters (nullptr: counting off, and no counting code runs).
struct SiteRef {
  fxp::Lfsr32* rng;
  fxp::Stats* stats;
  UpdateCounts* updates;  // counted by the update row kernels
};

class Sites {
 public:
  Sites(std::uint64_t master_seed, bool count);

  SiteRef at(Site s) {
    const auto i = static_cast<std::size_t>(index(s));
    return SiteRef{&lfsr_[i], count_ ? &stats_[i] : nullptr, count_ ? &updates_[i] : nullptr};
  }
  fxp::Lfsr32& lfsr(Site s) { return lfsr_[static_cast<std::size_t>(index(s))]; }
  const fxp::Lfsr32& lfsr(Site s) const { return lfsr_[static_cast<std::size_t>(index(s))]; }
  const fxp::Stats& stats(Site s) const { return stats_[static_cast<std::size_t>(index(s))]; }
  const UpdateCounts& updates(Site s) const { return updates_[static_cast<std::size_t>(index(s))]; }
  bool counting() const { return count_; }

 private:
  std::vector<fxp::Lfsr32> lfsr_;
  std::vector<fxp::Stats> stats_;
  std::vector<UpdateCounts> updates_;
  bool count_;
};

}  // namespace fxprop::fixed
