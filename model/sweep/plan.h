// Sweep points and the planner: which configurations a sweep evaluates.
//
// A point is (engine, seed, overrides of the base configuration); its key is the
// canonical text of exactly that, so two routes to the same configuration (an ovat
// value equal to the base, the base width of a bisection, the float reference of a
// float sweep) are one point, evaluated once. The planner is a pure function of the
// results recorded so far: `pending` returns the evaluations needed next, so a sweep
// resumed from its results file continues exactly where it stopped, and any
// scheduling (threads, MPI ranks) gives the same points and the same results.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/sweep/spec.h"

namespace fxprop::sweep {

struct Override {
  std::string field;    // dotted configuration field
  std::string toml;     // value as a TOML literal
  nlohmann::json json;  // value for results files
};

struct Point {
  std::string engine;
  std::uint64_t seed = 0;
  std::vector<Override> overrides;  // sorted by field

  // "engine=float seed=3 fixed.formats.w_rec=\"s6.4 rnd sat\" network.n_rec=20"
  std::string key() const;
  // The overlay applied on top of the base overlay, as TOML (run.seed included).
  nlohmann::json to_json() const;
  static Point from_json(const nlohmann::json& j);  // throws std::invalid_argument
};

// Record of every evaluated point, by key (see results.h for the record layout).
using Results = std::map<std::string, nlohmann::json>;

// The float reference of a seed: the base configuration on the float engine.
Point reference_point(const Spec& spec, std::uint64_t seed);
// The base configuration with axis values set (values equal to the base are dropped).
Point make_point(const Spec& spec, std::uint64_t seed, const std::vector<std::pair<std::size_t, AxisValue>>& values);

// One row of the final tables, in canonical order.
struct Row {
  Point point;
  bool reference = false;
  int axis = -1;                   // ovat / min_width: the axis varied (-1: base point, grid, reference)
  std::vector<std::string> labels;  // value of every axis (base value where not varied)
  std::vector<double> positions;
  std::size_t seed_index = 0;
};

struct MinWidthResult {
  std::size_t axis = 0;
  bool complete = false;      // the search has all the evaluations it needs
  std::optional<int> found;   // smallest passing width (or integer value); none if even hi fails
  std::string label;          // the format (or value) at `found`
  std::map<int, bool> passed; // every value decided so far: within tolerance for every seed?
  std::vector<int> visited;   // the values the search has looked at, in order (lo, hi, midpoints)
  std::string note;           // why nothing was found
};

class Planner {
 public:
  explicit Planner(const Spec& spec) : spec_(spec) {}

  // Evaluations needed next that `done` lacks, deduplicated, in a deterministic order.
  // Empty once the sweep is complete.
  std::vector<Point> pending(const Results& done) const;
  // Every row of the sweep whose points are in `done`, canonical order.
  std::vector<Row> rows(const Results& done) const;
  // min_width: the search state of every axis.
  std::vector<MinWidthResult> min_width(const Results& done) const;
  // Number of distinct evaluations a complete sweep needs (min_width: an upper bound).
  std::size_t estimated_total() const;

  // Metric of a recorded point (NaN when diverged or missing).
  double metric(const Results& done, const Point& p) const;

 private:
  std::vector<Row> planned_rows() const;  // grid / ovat: every row, done or not
  MinWidthResult search(std::size_t axis, const Results& done, std::vector<Point>* need) const;
  Point width_point(std::size_t axis, std::uint64_t seed, int w) const;
  Row make_row(const Point& p, int axis, std::size_t seed_index, const std::vector<std::size_t>& value_index) const;

  const Spec& spec_;
};

}  // namespace fxprop::sweep
