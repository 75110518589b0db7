// Portable, specified pseudo-random numbers.
//
// Every random stream in fxprop is a std::mt19937_64 (its output sequence is
// fixed by the C++ standard) seeded with derive_seed(seed, stream, index), so a
// value depends only on (seed, stream, index): trials can be generated in any
// order and on any thread. The distributions below are written out here because
// std::uniform_real_distribution, std::normal_distribution, ... are not
// specified bit-exactly and differ between standard libraries. normal() uses
// std::log/std::cos/std::sqrt (glibc's are correctly rounded in practice), so
// results are bit-identical on any platform with the same libm.
#pragma once

#include <cstdint>
#include <random>

namespace fxprop {

// SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mixer.
std::uint64_t splitmix64(std::uint64_t x);

// splitmix64(splitmix64(splitmix64(seed) ^ stream) ^ index)
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream, std::uint64_t index);

// Stream identifiers: one per independent use of randomness.
enum class RandomStream : std::uint64_t {
  kWeightInit = 1,     // index: 0 W_in, 1 W_rec, 2 W_out, 3 B
  kTaskInstance = 2,   // frozen parts of a task (pattern-generation input and target)
  kTrainTrials = 3,    // index: global training-trial number
  kEvalTrials = 4,     // index: evaluation-trial number
  kValidationTrials = 5,  // index: validation-trial number (early-stopping checks)
};

class Random {
 public:
  Random(std::uint64_t seed, RandomStream stream, std::uint64_t index);

  std::uint64_t next_u64() { return engine_(); }
  // Uniform on [0, 1): the top 53 bits of one 64-bit output, times 2^-53.
  double uniform();
  // Uniform on [lo, hi): lo + (hi - lo) * uniform().
  double uniform(double lo, double hi);
  // Standard normal by Box-Muller from two uniform() draws, u1 replaced by 1 - u1
  // so the logarithm never sees 0; only the cosine branch is used.
  double normal();
  // True with probability p: uniform() < p.
  bool bernoulli(double p) { return uniform() < p; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace fxprop
