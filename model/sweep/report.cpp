#include "model/sweep/report.h"

#include <algorithm>

#include <cmath>
#include <limits>
#include <set>

#include <fmt/format.h>

namespace fxprop::sweep {

namespace {

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string num(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_number_float()) return fmt::format("{}", v.get<double>());
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

double as_double(const nlohmann::json& v) {
  return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

// Variables with requantisation statistics in any record, sorted.
std::vector<std::string> stats_variables(const Results& done) {
  std::set<std::string> names;
  for (const auto& [key, rec] : done) {
    if (!rec.contains("stats")) continue;
    for (const auto& [name, s] : rec["stats"].items()) names.insert(name);
  }
  return {names.begin(), names.end()};
}

double fraction(const nlohmann::json& s, const char* what) {
  const double n = as_double(s.value("requants", nlohmann::json(0)));
  return n > 0 ? as_double(s.value(what, nlohmann::json(0))) / n : 0.0;
}

const char* kMetricColumns[] = {"loss", "error_rate", "accuracy", "nmse", "mse", "last_batch_loss", "mean_rate_hz", "iterations"};
const char* kMemoryColumns[] = {"learning_bits_per_synapse", "learning_bits_per_neuron", "weight_bits_per_synapse",
                                "inference_bits", "learning_bits", "total_bits"};

std::string role(const Spec& spec, const Row& r) {
  if (r.reference) return "reference";
  if (spec.mode == Mode::grid) return "point";
  return r.axis < 0 ? "base" : "varied";
}

}  // namespace

nlohmann::json points_json(const Spec& spec, const Planner& planner, const Results& done) {
  nlohmann::json rows = nlohmann::json::array();
  for (const Row& r : planner.rows(done)) {
    const nlohmann::json& rec = done.at(r.point.key());
    const double m = planner.metric(done, r.point);
    const double ref = planner.metric(done, reference_point(spec, r.point.seed));
    nlohmann::json values = nlohmann::json::object();
    nlohmann::json positions = nlohmann::json::object();
    nlohmann::json labels = nlohmann::json::array();  // per axis, in spec order: unambiguous when
    nlohmann::json axis_positions = nlohmann::json::array();  // several axes search one variable
    for (std::size_t a = 0; a < spec.axes.size(); ++a) {
      values[spec.axes[a].name] = r.labels[a];
      positions[spec.axes[a].name] = r.positions[a];
      labels.push_back(r.labels[a]);
      axis_positions.push_back(r.positions[a]);
    }
    nlohmann::json row = {
        {"role", role(spec, r)},
        {"varied", r.axis >= 0 ? nlohmann::json(spec.axes[static_cast<std::size_t>(r.axis)].name) : nlohmann::json(nullptr)},
        {"varied_axis", r.axis >= 0 ? nlohmann::json(r.axis) : nlohmann::json(nullptr)},
        {"axis_labels", labels},
        {"axis_positions", axis_positions},
        {"seed", r.point.seed},
        {"engine", r.point.engine},
        {"values", values},
        {"positions", positions},
        {"overrides", rec.value("overrides", nlohmann::json::object())},
        {"id", rec.value("id", "")},
        {"config_hash", rec.value("config_hash", "")},
        {"status", rec.value("status", "ok")},
        {"metric", number_or_null(m)},
        {"reference", number_or_null(ref)},
        {"metrics", rec.at("metrics")},
        {"memory", rec.value("memory", nlohmann::json::object())},
        {"stats", rec.value("stats", nlohmann::json::object())},
    };
    if (spec.mode == Mode::min_width) row["within_tolerance"] = spec.within_tolerance(m, ref);
    rows.push_back(std::move(row));
  }
  nlohmann::json axes = nlohmann::json::array();
  for (const Axis& a : spec.axes) {
    axes.push_back({{"name", a.name}, {"kind", a.kind == Axis::Kind::format ? "format" : "field"}, {"field", a.field},
                    {"base", a.base.label}, {"title", a.title()}});
  }
  return {{"format", "fxprop-sweep-points"}, {"version", 1},         {"mode", mode_name(spec.mode)},
          {"engine", spec.engine},           {"metric", spec.metric}, {"classification", spec.classification},
          {"tolerance", spec.tolerance},
          {"tolerance_mode", spec.tolerance_mode == ToleranceMode::absolute ? "absolute" : "relative"},
          {"base_hash", spec.base_hash},     {"axes", axes},          {"rows", rows}};
}

std::string points_csv(const Spec& spec, const Planner& planner, const Results& done) {
  const std::vector<std::string> vars = stats_variables(done);
  std::string out = "role,varied,seed";
  // An axis column is named by its variable or field, or by its title when several axes
  // search the same variable (one per rounding mode).
  for (const Axis& a : spec.axes) {
    const auto same = std::count_if(spec.axes.begin(), spec.axes.end(), [&](const Axis& b) { return b.name == a.name; });
    out += "," + csv_cell(same > 1 ? a.title() : a.name);
  }
  const bool tol = spec.mode == Mode::min_width;
  out += ",engine,status,metric_name,metric,reference,delta";
  if (tol) out += ",within_tolerance";
  for (const char* c : kMetricColumns) out += std::string(",") + c;
  for (const char* c : kMemoryColumns) out += std::string(",") + c;
  for (const std::string& v : vars) out += ",saturated_frac_" + v + ",inexact_frac_" + v + ",to_zero_frac_" + v;
  out += ",overrides,id,config_hash\n";
  const nlohmann::json j = points_json(spec, planner, done);
  for (const nlohmann::json& row : j["rows"]) {
    std::string line = row["role"].get<std::string>() + "," + csv_cell(num(row["varied"])) + "," + num(row["seed"]);
    for (std::size_t a = 0; a < spec.axes.size(); ++a) line += "," + csv_cell(row["axis_labels"][a].get<std::string>());
    const double m = as_double(row["metric"]);
    const double ref = as_double(row["reference"]);
    line += "," + row["engine"].get<std::string>() + "," + row["status"].get<std::string>() + "," + spec.metric + "," +
            num(row["metric"]) + "," + num(row["reference"]) + "," + (std::isfinite(m - ref) ? fmt::format("{}", m - ref) : "");
    if (tol) line += "," + num(row["within_tolerance"]);
    const nlohmann::json& metrics = row["metrics"];
    for (const char* c : kMetricColumns) line += "," + num(metrics.value(c, nlohmann::json(nullptr)));
    for (const char* c : kMemoryColumns) line += "," + num(row["memory"].value(c, nlohmann::json(nullptr)));
    for (const std::string& v : vars) {
      if (row["stats"].contains(v)) {
        const nlohmann::json& s = row["stats"][v];
        line += fmt::format(",{},{},{}", fraction(s, "saturations") + fraction(s, "wraps") + fraction(s, "zeroings"),
                            fraction(s, "inexact"), fraction(s, "to_zero"));
      } else {
        line += ",,,";
      }
    }
    std::string overrides;
    for (const auto& [field, value] : row["overrides"].items()) {
      overrides += (overrides.empty() ? "" : "; ") + field + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
    }
    line += "," + csv_cell(overrides) + "," + row["id"].get<std::string>() + "," + row["config_hash"].get<std::string>() + "\n";
    out += line;
  }
  return out;
}

nlohmann::json min_width_json(const Spec& spec, const Planner& planner, const Results& done) {
  nlohmann::json out = nlohmann::json::array();
  for (const MinWidthResult& r : planner.min_width(done)) {
    const Axis& a = spec.axes[r.axis];
    nlohmann::json evaluated = nlohmann::json::array();
    for (const auto& [w, pass] : r.passed) evaluated.push_back({{"value", w}, {"label", a.value_at(w).label}, {"within_tolerance", pass}});
    out.push_back({{"axis", a.title()},
                   {"variable", a.name},
                   {"kind", a.kind == Axis::Kind::format ? "format" : "field"},
                   {"base", a.base.label},
                   {"range", {a.lo, a.hi}},
                   {"frac_rule", a.kind == Axis::Kind::format ? frac_rule_name(a.frac) : ""},
                   {"complete", r.complete},
                   {"min", r.found ? nlohmann::json(*r.found) : nlohmann::json(nullptr)},
                   {"min_label", r.found ? nlohmann::json(r.label) : nlohmann::json(nullptr)},
                   {"note", r.note},
                   {"evaluated", evaluated}});
  }
  return out;
}

std::string min_width_csv(const Spec& spec, const Planner& planner, const Results& done) {
  std::string out = "variable,kind,base,range_min,range_max,frac_rule,metric,tolerance,tolerance_mode,min,min_format,evaluated,note\n";
  for (const nlohmann::json& r : min_width_json(spec, planner, done)) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_cell(r["axis"].get<std::string>()),
                       r["kind"].get<std::string>(), csv_cell(r["base"].get<std::string>()), num(r["range"][0]),
                       num(r["range"][1]), r["frac_rule"].get<std::string>(), spec.metric, fmt::format("{}", spec.tolerance),
                       spec.tolerance_mode == ToleranceMode::absolute ? "absolute" : "relative", num(r["min"]),
                       csv_cell(num(r["min_label"])), r["evaluated"].size(), csv_cell(r["note"].get<std::string>()));
  }
  return out;
}

std::string canonical_records(const Results& done) {
  std::string out;
  for (const auto& [key, rec] : done) {
    nlohmann::json r = rec;
    r.erase("run");
    out += r.dump() + "\n";
  }
  return out;
}

}  // namespace fxprop::sweep
