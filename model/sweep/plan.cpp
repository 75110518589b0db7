#include "model/sweep/plan.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

namespace fxprop::sweep {

std::string Point::key() const {
  std::string k = "engine=" + engine + " seed=" + std::to_string(seed);
  for (const Override& o : overrides) k += " " + o.field + "=" + o.toml;
  return k;
}

nlohmann::json Point::to_json() const {
  nlohmann::json ov = nlohmann::json::array();
  for (const Override& o : overrides) ov.push_back({{"field", o.field}, {"toml", o.toml}, {"value", o.json}});
  return {{"engine", engine}, {"seed", seed}, {"overrides", ov}};
}

Point Point::from_json(const nlohmann::json& j) {
  try {
    Point p;
    p.engine = j.at("engine").get<std::string>();
    p.seed = j.at("seed").get<std::uint64_t>();
    for (const auto& o : j.at("overrides")) {
      p.overrides.push_back({o.at("field").get<std::string>(), o.at("toml").get<std::string>(), o.at("value")});
    }
    return p;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("malformed point: ") + e.what());
  }
}

Point reference_point(const Spec&, std::uint64_t seed) {
  Point p;
  p.engine = "float";
  p.seed = seed;
  return p;
}

Point make_point(const Spec& spec, std::uint64_t seed, const std::vector<std::pair<std::size_t, AxisValue>>& values) {
  Point p;
  p.engine = spec.engine;
  p.seed = seed;
  for (const auto& [axis, v] : values) {
    const Axis& a = spec.axes.at(axis);
    if (v.toml == a.base.toml) continue;  // the base configuration already has it
    p.overrides.push_back({a.field, v.toml, v.json});
  }
  std::sort(p.overrides.begin(), p.overrides.end(), [](const Override& x, const Override& y) { return x.field < y.field; });
  return p;
}

double Planner::metric(const Results& done, const Point& p) const {
  const auto it = done.find(p.key());
  if (it == done.end()) return std::numeric_limits<double>::quiet_NaN();
  const nlohmann::json& m = it->second.at("metrics");
  const auto v = m.find(spec_.metric);
  if (v == m.end() || !v->is_number()) return std::numeric_limits<double>::quiet_NaN();
  return v->get<double>();
}

Row Planner::make_row(const Point& p, int axis, std::size_t seed_index, const std::vector<std::size_t>& value_index) const {
  Row r;
  r.point = p;
  r.axis = axis;
  r.seed_index = seed_index;
  for (std::size_t a = 0; a < spec_.axes.size(); ++a) {
    const Axis& ax = spec_.axes[a];
    const AxisValue& v = value_index[a] == SIZE_MAX ? ax.base : ax.values.at(value_index[a]);
    r.labels.push_back(v.label);
    r.positions.push_back(v.position);
  }
  return r;
}

std::vector<Row> Planner::planned_rows() const {
  std::vector<Row> rows;
  const std::size_t n_axes = spec_.axes.size();
  const std::vector<std::size_t> base_index(n_axes, SIZE_MAX);
  for (std::size_t s = 0; s < spec_.seeds.size(); ++s) {
    Row r = make_row(reference_point(spec_, spec_.seeds[s]), -1, s, base_index);
    r.reference = true;
    rows.push_back(std::move(r));
  }
  if (spec_.mode == Mode::grid) {
    std::vector<std::size_t> idx(n_axes, 0);
    while (true) {
      std::vector<std::pair<std::size_t, AxisValue>> values;
      for (std::size_t a = 0; a < n_axes; ++a) values.emplace_back(a, spec_.axes[a].values[idx[a]]);
      for (std::size_t s = 0; s < spec_.seeds.size(); ++s) {
        rows.push_back(make_row(make_point(spec_, spec_.seeds[s], values), -1, s, idx));
      }
      // Odometer: the last axis varies fastest.
      std::size_t a = n_axes;
      while (a > 0) {
        --a;
        if (++idx[a] < spec_.axes[a].values.size()) break;
        idx[a] = 0;
        if (a == 0) return rows;
      }
    }
  }
  // ovat: the base point, then every axis' values that differ from its base value.
  for (std::size_t s = 0; s < spec_.seeds.size(); ++s) rows.push_back(make_row(make_point(spec_, spec_.seeds[s], {}), -1, s, base_index));
  for (std::size_t a = 0; a < n_axes; ++a) {
    const Axis& ax = spec_.axes[a];
    for (std::size_t v = 0; v < ax.values.size(); ++v) {
      if (ax.values[v].toml == ax.base.toml) continue;
      std::vector<std::size_t> idx = base_index;
      idx[a] = v;
      for (std::size_t s = 0; s < spec_.seeds.size(); ++s) {
        rows.push_back(make_row(make_point(spec_, spec_.seeds[s], {{a, ax.values[v]}}), static_cast<int>(a), s, idx));
      }
    }
  }
  return rows;
}

Point Planner::width_point(std::size_t axis, std::uint64_t seed, int w) const {
  return make_point(spec_, seed, {{axis, spec_.axes[axis].value_at(w)}});
}

MinWidthResult Planner::search(std::size_t axis, const Results& done, std::vector<Point>* need) const {
  const Axis& ax = spec_.axes[axis];
  MinWidthResult r;
  r.axis = axis;
  bool refs = true;
  for (auto seed : spec_.seeds) refs = refs && done.count(reference_point(spec_, seed).key()) > 0;
  // known(w): every seed evaluated at w; pass(w): every seed within tolerance of its reference.
  auto known = [&](int w) {
    bool k = true;
    for (auto seed : spec_.seeds) k = k && done.count(width_point(axis, seed, w).key()) > 0;
    return k;
  };
  auto pass = [&](int w) {
    bool p = true;
    for (auto seed : spec_.seeds) {
      p = p && spec_.within_tolerance(metric(done, width_point(axis, seed, w)), metric(done, reference_point(spec_, seed)));
    }
    return p;
  };
  auto require = [&](int w) {
    if (need == nullptr) return;
    for (auto seed : spec_.seeds) need->push_back(width_point(axis, seed, w));
  };
  // Looks at w: records it as visited and, when decidable, whether it passes.
  auto look = [&](int w) {
    if (std::find(r.visited.begin(), r.visited.end(), w) == r.visited.end()) r.visited.push_back(w);
    if (refs && known(w)) r.passed[w] = pass(w);
  };
  look(ax.lo);
  look(ax.hi);
  // First round: both ends (with the references, all independent of each other).
  if (!refs || !known(ax.lo) || !known(ax.hi)) {
    require(ax.lo);
    if (ax.hi != ax.lo) require(ax.hi);
    return r;
  }
  if (!pass(ax.hi)) {
    r.complete = true;
    bool ref_ok = true;
    for (auto seed : spec_.seeds) ref_ok = ref_ok && std::isfinite(metric(done, reference_point(spec_, seed)));
    r.note = ref_ok ? "even the widest value is outside the tolerance" : "the float reference diverged";
    return r;
  }
  // Invariant: hi passes; lo fails (or lo itself passes and is the answer).
  int lo = ax.lo;
  int hi = ax.hi;
  if (pass(lo)) {
    hi = lo;
  } else {
    while (hi - lo > 1) {
      const int mid = lo + (hi - lo) / 2;
      look(mid);
      if (!known(mid)) {
        require(mid);
        return r;
      }
      (pass(mid) ? hi : lo) = mid;
    }
  }
  r.complete = true;
  r.found = hi;
  r.label = ax.value_at(hi).label;
  return r;
}

std::vector<Point> Planner::pending(const Results& done) const {
  std::vector<Point> need;
  for (auto seed : spec_.seeds) need.push_back(reference_point(spec_, seed));
  if (spec_.mode == Mode::min_width) {
    for (std::size_t a = 0; a < spec_.axes.size(); ++a) search(a, done, &need);
  } else {
    for (const Row& r : planned_rows()) need.push_back(r.point);
  }
  std::vector<Point> out;
  std::set<std::string> seen;
  for (Point& p : need) {
    std::string k = p.key();
    if (done.count(k) > 0 || !seen.insert(std::move(k)).second) continue;
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<MinWidthResult> Planner::min_width(const Results& done) const {
  std::vector<MinWidthResult> out;
  if (spec_.mode != Mode::min_width) return out;
  for (std::size_t a = 0; a < spec_.axes.size(); ++a) out.push_back(search(a, done, nullptr));
  return out;
}

std::vector<Row> Planner::rows(const Results& done) const {
  std::vector<Row> out;
  if (spec_.mode != Mode::min_width) {
    for (Row& r : planned_rows()) {
      if (done.count(r.point.key()) > 0) out.push_back(std::move(r));
    }
    return out;
  }
  const std::vector<std::size_t> base_index(spec_.axes.size(), SIZE_MAX);
  for (std::size_t s = 0; s < spec_.seeds.size(); ++s) {
    Row r = make_row(reference_point(spec_, spec_.seeds[s]), -1, s, base_index);
    r.reference = true;
    if (done.count(r.point.key()) > 0) out.push_back(std::move(r));
  }
  for (std::size_t a = 0; a < spec_.axes.size(); ++a) {
    const Axis& ax = spec_.axes[a];
    std::vector<int> values = search(a, done, nullptr).visited;
    std::sort(values.begin(), values.end());
    for (const int w : values) {
      for (std::size_t s = 0; s < spec_.seeds.size(); ++s) {
        const Point p = width_point(a, spec_.seeds[s], w);
        if (done.count(p.key()) == 0) continue;
        Row r = make_row(p, static_cast<int>(a), s, base_index);
        const AxisValue v = ax.value_at(w);
        r.labels[a] = v.label;
        r.positions[a] = v.position;
        out.push_back(std::move(r));
      }
    }
  }
  return out;
}

std::size_t Planner::estimated_total() const {
  std::set<std::string> keys;
  for (auto seed : spec_.seeds) keys.insert(reference_point(spec_, seed).key());
  if (spec_.mode != Mode::min_width) {
    for (const Row& r : planned_rows()) keys.insert(r.point.key());
    return keys.size();
  }
  std::size_t n = keys.size();
  for (const Axis& ax : spec_.axes) {
    std::size_t steps = ax.hi > ax.lo ? 2 : 1;
    for (int span = ax.hi - ax.lo; span > 1; span = (span + 1) / 2) ++steps;
    n += steps * spec_.seeds.size();
  }
  return n;
}

}  // namespace fxprop::sweep
