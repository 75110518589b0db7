// The sweep specification (`fxprop sweep SPEC.toml`): its own strictly validated
// TOML schema, documented in docs/sweep.md. A sweep point is the base configuration
// (defaults + base file + [base.set] + sweep.task / sweep.rule) with some fields
// overridden; points are built as TOML overlays, so every point is a complete
// configuration validated by the same code as `fxprop config --check`.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixedpoint/modes.h"

namespace fxprop::sweep {

// Bad sweep specification: names the file, the field, the value and what is allowed.
struct SpecError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class Mode { grid, ovat, min_width };
enum class FracRule { keep_int, keep_frac, explicit_bits };
enum class ToleranceMode { absolute, relative };

const char* mode_name(Mode m);
const char* frac_rule_name(FracRule r);

// One value an axis can take.
struct AxisValue {
  std::string toml;     // TOML literal written into the overlay and the point key: "\"s6.4 rnd sat\"", "20"
  nlohmann::json json;  // the same value in results files
  std::string label;    // for people and CSV: s6.4 rnd sat, 20
  double position = 0;  // plot/sort position: the width of a format, the number of a numeric field, else the index
  int width = 0;        // format axes: total bits W
};

struct Axis {
  enum class Kind { format, field };
  Kind kind = Kind::field;
  std::string name;   // the variable (format axes) or the dotted field
  std::string field;  // the configuration field the axis sets: fixed.formats.<name> or the dotted field
  AxisValue base;     // its value in the base configuration
  // grid / ovat: every value, in the order of the spec.
  std::vector<AxisValue> values;
  // min_width: the integer range searched (widths, or the values of an integer field).
  int lo = 0, hi = 0;
  // Format axes: how a width becomes a Spec.
  fxp::Spec base_spec{};
  // A value the host writes once (e.g. b, alpha, thr): a bare format in the configuration,
  // quantised with rnd/sat; it has no rounding or overflow to sweep.
  bool host_value = false;
  FracRule frac = FracRule::keep_int;
  fxp::Rounding rounding{};  // min_width: the one rounding mode searched
  fxp::Overflow overflow = fxp::Overflow::sat;
  // Field axes of min_width: the default is a float (values written as floats).
  bool float_field = false;

  // min_width: the value at width (or integer value) w in [lo, hi].
  AxisValue value_at(int w) const;
  // "w_rec" / "network.n_rec", plus the family for min_width format axes ("w_rec rnd sat keep_int").
  std::string title() const;
};

struct Spec {
  std::string path;  // the specification file ("<string>" for tests)
  Mode mode = Mode::grid;
  std::string engine = "fixed";
  std::vector<std::uint64_t> seeds;
  std::optional<std::string> task;  // sets task.name
  std::optional<std::string> rule;  // sets learning.rule
  std::string metric;               // resolved: loss | error_rate | nmse | mse
  bool classification = false;      // of the base configuration's task
  double tolerance = 0;             // min_width
  ToleranceMode tolerance_mode = ToleranceMode::absolute;
  std::string base_overlay;  // the user overlay of every point (TOML): base file + [base.set] + task/rule
  std::string base_source;   // source name of point documents: the base file (relative .npy paths), else the spec
  std::vector<Axis> axes;
  // Identity of what a point key means: hash of the defaults and the base overlay. A results
  // log with another base hash belongs to another sweep.
  std::string base_hash;

  // Whether `metric` (lower is better) of a point is within tolerance of the reference.
  bool within_tolerance(double value, double reference) const;
};

// Parses and validates a specification. `defaults_toml` is the embedded default
// configuration; relative paths in the spec are relative to the spec's directory.
// Throws SpecError (and config::ConfigError for a bad base configuration).
Spec parse_spec_file(std::string_view defaults_toml, const std::string& path);
Spec parse_spec_string(std::string_view defaults_toml, std::string_view text, const std::string& name,
                       const std::string& base_dir);

}  // namespace fxprop::sweep
