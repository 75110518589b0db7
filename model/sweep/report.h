// The sweep's tables, written when a sweep completes (and after every resume):
// points.csv / points.json (one row per evaluated point and seed, canonical order)
// and, for min_width, min_width.csv / min_width.json. They hold no timing and no
// scheduling information, so they are byte-identical for any --jobs, any number of
// MPI ranks and any interruption history.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "model/sweep/plan.h"
#include "model/sweep/spec.h"

namespace fxprop::sweep {

std::string points_csv(const Spec& spec, const Planner& planner, const Results& done);
nlohmann::json points_json(const Spec& spec, const Planner& planner, const Results& done);
std::string min_width_csv(const Spec& spec, const Planner& planner, const Results& done);
nlohmann::json min_width_json(const Spec& spec, const Planner& planner, const Results& done);

// The records of `done` with their "run" part removed, sorted by key, one JSON per line:
// the canonical form two runs of the same sweep must agree on byte for byte.
std::string canonical_records(const Results& done);

}  // namespace fxprop::sweep
