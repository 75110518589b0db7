#include "model/fixed/variables.h"

#include <array>

namespace fxprop::fixed {

namespace {

struct Names {
  const char* key;
  const char* description;
};

constexpr std::array<Names, kSiteCount> kSites{{
    {"i_syn", "synaptic current accumulator"},
    {"v", "membrane potential"},
    {"a", "adaptation variable (ALIF)"},
    {"thr_adaptive", "adaptive threshold thr + beta a (ALIF)"},
    {"psi", "pseudo-derivative"},
    {"zbar", "presynaptic trace"},
    {"zbar_out", "kappa-filtered trace for the W_out gradient"},
    {"y", "readout"},
    {"err", "output error"},
    {"l", "learning signal"},
    {"lpsi", "post factor L psi (factorised)"},
    {"e", "eligibility (exact)"},
    {"eps_a", "adaptation eligibility (exact, ALIF)"},
    {"ebar", "filtered eligibility (exact)"},
    {"grad_acc", "gradient accumulator (per_trial)"},
    {"w_in", "input weights"},
    {"w_rec", "recurrent weights"},
    {"w_out", "output weights"},
}};

constexpr std::array<Names, kHostValueCount> kHostValues{{
    {"b", "random feedback matrix"},
    {"alpha", "membrane decay exp(-1/tau_m)"},
    {"rho", "adaptation decay exp(-1/tau_a)"},
    {"kappa", "readout decay exp(-1/tau_out)"},
    {"thr", "baseline threshold"},
    {"beta", "threshold adaptation strength"},
    {"psi_peak", "pseudo-derivative peak gamma/thr"},
    {"inv_thr", "1/thr"},
    {"lr", "learning-rate multiplier"},
}};

}  // namespace

const char* key(Site s) { return kSites[static_cast<std::size_t>(index(s))].key; }
const char* key(HostValue v) { return kHostValues[static_cast<std::size_t>(index(v))].key; }
const char* description(Site s) { return kSites[static_cast<std::size_t>(index(s))].description; }
const char* description(HostValue v) { return kHostValues[static_cast<std::size_t>(index(v))].description; }

}  // namespace fxprop::fixed
