// fixed_stats.json: what requantisation did to every variable of a run, so a user
// sees why a width fails (saturations, wraps, updates rounded to zero, the range
// used against the range available), plus the quantised constants, the initial
// quantisation of the weights, and the datapath's exact-intermediate width.
#pragma once

#include <nlohmann/json.hpp>

#include "model/fixed/constants.h"
#include "model/fixed/datapath.h"
#include "model/fixed/fixed_config.h"
#include "model/fixed/host_io.h"
#include "model/fixed/sites.h"

namespace fxprop::fixed {

nlohmann::json stats_json(const FixedConfig& fx, const CoreConstants& k, const Datapath& dp, const Sites& sites,
                          const InitialQuantisation& initial);

// The counters of one site as JSON (also used by tests and the sweep).
nlohmann::json site_stats_json(const fxp::Stats& st, const fxp::Spec& spec);

}  // namespace fxprop::fixed
