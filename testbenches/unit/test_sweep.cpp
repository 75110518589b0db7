// Properties of the sweep driver: the specification is strictly validated, grid and
// ovat enumerate exactly the promised points, the min_width bisection finds the known
// minimum, the results log detects every kind of corruption, and scheduling (threads)
// does not change the records.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

#include "fixedpoint/modes.h"
#include "model/sweep/eval.h"
#include "model/sweep/hash.h"
#include "model/sweep/plan.h"
#include "model/sweep/report.h"
#include "model/sweep/results.h"
#include "model/sweep/runner.h"
#include "model/sweep/spec.h"
#include "tools/fxprop/default_config.h"

namespace fs = std::filesystem;
using namespace fxprop::sweep;

namespace {

// A tiny base configuration inline, so the tests need no file.
const std::string kBase = R"(
[base.set]
task.steps = 40
task.pattern_generation.periods_ms = [40.0, 20.0]
network.n_in = 6
network.n_rec = 10
train.iterations = 4
train.eval_trials = 1
)";

// The embedded defaults with the formats these tests' expected labels were written
// for pinned, so the expectations do not follow changes of the default widths.
const std::string& test_defaults() {
  static const std::string text = [] {
    std::string t(fxprop::default_config_toml());
    const std::vector<std::pair<std::string, std::string>> pins{
        {"w_in", "s8.6 rnd sat"},   {"w_rec", "s8.6 rnd sat"},   {"w_out", "s8.6 rnd sat"},   {"i_syn", "s16.12 rnd sat"},
        {"v", "s16.12 rnd sat"},    {"a", "s16.12 rnd sat"},     {"y", "s16.12 rnd sat"},     {"err", "s16.12 rnd sat"},
        {"l", "s16.12 rnd sat"},    {"e", "s16.12 rnd sat"},     {"ebar", "s16.12 rnd sat"},  {"eps_a", "s16.12 rnd sat"},
        {"lpsi", "s16.12 rnd sat"}, {"thr_adaptive", "s16.12 rnd sat"}};
    const std::size_t section = t.find("\n[fixed.formats]\n");
    REQUIRE(section != std::string::npos);
    for (const auto& [name, spec] : pins) {
      const std::size_t at = t.find("\n" + name + " = \"", section);
      REQUIRE(at != std::string::npos);
      const std::size_t value = at + name.size() + 4;
      t.replace(value, t.find('"', value + 1) - value + 1, '"' + spec + '"');
    }
    return t;
  }();
  return text;
}

Spec spec_of(const std::string& text) {
  return parse_spec_string(test_defaults(), text, "test.toml", fs::current_path().string());
}

std::string error_of(const std::string& text) {
  try {
    (void)spec_of(text);
  } catch (const SpecError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("other: ") + e.what();
  }
  return "";
}

std::string grid_header(const std::string& extra = "") {
  return "[sweep]\nmode = \"grid\"\nengine = \"float\"\nseeds = [1]\n" + extra + kBase;
}

std::vector<std::string> keys(const std::vector<Point>& ps) {
  std::vector<std::string> k;
  for (const Point& p : ps) k.push_back(p.key());
  return k;
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("fxprop_test_sweep_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  static int& counter() {
    static int c = 0;
    return c;
  }
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << s;
}

}  // namespace

// ---- Specification validation ----------------------------------------------------------

TEST_CASE("A well-formed grid spec parses with its axes, seeds and base values", "[sweep][spec]") {
  const Spec s = spec_of(grid_header() + R"(
[[vary]]
format = "w_rec"
widths = [4, 6]
rounding = ["rnd", "stoch8"]
[[vary]]
field = "optimizer.lr"
values = [1e-3, 2]
)");
  REQUIRE(s.mode == Mode::grid);
  REQUIRE(s.axes.size() == 2);
  CHECK(s.axes[0].field == "fixed.formats.w_rec");
  CHECK(s.axes[0].base.label == "s8.6 rnd sat");
  // keep_int (the default rule): the base's 2 integer bits stay, fraction bits follow the width.
  std::vector<std::string> labels;
  for (const auto& v : s.axes[0].values) labels.push_back(v.label);
  CHECK(labels == std::vector<std::string>{"s4.2 rnd sat", "s4.2 stoch8 sat", "s6.4 rnd sat", "s6.4 stoch8 sat"});
  // An integer for a float field is written as a float, so 2 and 2.0 are one point.
  CHECK(s.axes[1].values[1].toml == "2.0");
  CHECK(s.axes[1].base.toml == "0.0001");
  CHECK(s.metric == "nmse");
}

TEST_CASE("keep_frac and explicit frac_bits give the promised formats", "[sweep][spec]") {
  const Spec a = spec_of(grid_header() + "[[vary]]\nformat = \"v\"\nwidths = [14, 20]\nfrac = \"keep_frac\"\n");
  CHECK(a.axes[0].values[0].label == "s14.12 rnd sat");
  CHECK(a.axes[0].values[1].label == "s20.12 rnd sat");
  const Spec b = spec_of(grid_header() + "[[vary]]\nformat = \"v\"\nwidths = [8]\nfrac_bits = [4, 6]\n");
  CHECK(b.axes[0].values[0].label == "s8.4 rnd sat");
  CHECK(b.axes[0].values[1].label == "s8.6 rnd sat");
}

TEST_CASE("Spec rejections name the field, the value and what is allowed", "[sweep][spec]") {
  struct Case {
    std::string text;
    std::string expect;
  };
  const std::string min_width = "[sweep]\nmode = \"min_width\"\nengine = \"float\"\nseeds = [1]\ntolerance = 0.1\n" + kBase;
  const std::vector<Case> cases = {
      {"[sweep]\nmode = \"grid\"\n", "field 'sweep.seeds' is missing"},
      {"[sweep]\nseeds = [1]\n", "field 'sweep.mode' is missing"},
      {"[sweep]\nmode = \"random\"\nseeds = [1]\n", "field 'sweep.mode' = \"random\": must be one of: grid, ovat, min_width"},
      {"[sweep]\nmode = \"grid\"\nseeds = []\n", "field 'sweep.seeds' = []: must be a non-empty array"},
      {"[sweep]\nmode = \"grid\"\nseeds = [1, 1]\n", "field 'sweep.seeds[1]' = 1: must be a non-empty array of distinct integers"},
      {"[sweep]\nmode = \"grid\"\nseeds = [-1]\n", "field 'sweep.seeds[0]' = -1"},
      {"[sweep]\nmode = \"grid\"\nseeds = [1]\nengine = \"gpu\"\n", "field 'sweep.engine' = \"gpu\": must be one of: fixed, float"},
      {"[sweep]\nmode = \"grid\"\nseeds = [1]\nmetrc = \"loss\"\n", "field 'sweep.metrc' = \"loss\": unknown field"},
      {"[sweep]\nmode = \"grid\"\nseeds = [1]\ntolerance = 0.1\n", "field 'sweep.tolerance' = 0.1: only mode min_width"},
      {grid_header(), "field 'vary' is missing"},
      {grid_header() + "[[vary]]\nwidths = [4]\n", "each [[vary]] needs format"},
      {grid_header() + "[[vary]]\nformat = \"w_rek\"\nwidths = [4]\n",
       "field 'vary[0].format' = \"w_rek\": must be a variable of [fixed.formats]: "},
      {grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidths = [0]\n", "field 'vary[0].widths[0]' = 0: must be a non-empty array of distinct integers in [1, 64]"},
      {grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidths = [65]\n", "field 'vary[0].widths[0]' = 65"},
      {grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidths = []\n", "field 'vary[0].widths' = []: must be a non-empty array"},
      {grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidth_min = 9\nwidth_max = 4\n",
       "field 'vary[0].width_min' = 9: must be <= width_max = 4 (empty range)"},
      {grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidths = [4]\nwidth_min = 2\nwidth_max = 4\n", "contradicts width_min/width_max"},
      {grid_header() + "[[vary]]\nformat = \"w_rec\"\n", "field 'vary[0].widths' is missing"},
      {grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidths = [6]\nfrac = \"keep_frac\"\n",
       "field 'vary[0].widths' = \"s6.6 rnd sat\": leaves no sign bit: a signed format needs W - F >= 1 (base format s8.6 has 2 integer bits)"},
      {grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidths = [8]\nfrac = \"keep_frac\"\nfrac_bits = [2]\n", "contradicts 'frac'"},
      {grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidths = [8]\nfrac_bits = [8]\n", "field 'vary[0].widths' = \"s8.8 rnd sat\": leaves no sign bit"},
      {grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidths = [8]\nrounding = [\"up\"]\n", "field 'vary[0].rounding[0]' = \"up\""},
      {grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidths = [8]\noverflow = [\"clamp\"]\n", "field 'vary[0].overflow[0]' = \"clamp\""},
      {grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidths = [8]\nfrac = \"keep_both\"\n", "field 'vary[0].frac' = \"keep_both\""},
      {grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidths = [6]\n[[vary]]\nformat = \"w_rec\"\nwidths = [4]\n",
       "field 'vary[1].format' = \"w_rec\": is already swept by vary[0]"},
      {grid_header() + "[[vary]]\nfield = \"network.n_recc\"\nvalues = [4]\n", "field 'vary[0].field' = \"network.n_recc\": must be a field of the configuration"},
      {grid_header() + "[[vary]]\nfield = \"network\"\nvalues = [4]\n", "field 'vary[0].field' = \"network\": must be a field"},
      {grid_header() + "[[vary]]\nfield = \"run.seed\"\nvalues = [4]\n", "seeds are swept by sweep.seeds"},
      {grid_header() + "[[vary]]\nfield = \"fixed.formats.v\"\nvalues = [\"s8.4 rnd sat\"]\n", "formats are swept with format = \"v\""},
      {grid_header() + "[[vary]]\nfield = \"network.n_rec\"\nvalues = []\n", "field 'vary[0].values' = []: must be a non-empty array"},
      {grid_header() + "[[vary]]\nfield = \"network.n_rec\"\nvalues = [4, 4]\n", "field 'vary[0].values[1]' = 4: duplicate value"},
      {grid_header() + "[[vary]]\nfield = \"network.n_rec\"\nvalues = [\"four\"]\n",
       "field 'vary[0].values[0]' = \"four\": must be of the type of network.n_rec (integer)"},
      {grid_header() + "[[vary]]\nfield = \"network.n_rec\"\nmin = 1\nmax = 4\n", "only mode min_width takes a range"},
      {grid_header("task = \"pattern_generation\"\n") + "[[vary]]\nfield = \"task.name\"\nvalues = [\"periodic_output\"]\n",
       "contradicts sweep.task"},
      {"[sweep]\nmode = \"min_width\"\nseeds = [1]\n" + kBase + "[[vary]]\nformat = \"v\"\nwidth_min = 4\nwidth_max = 8\n",
       "field 'sweep.tolerance' is missing: mode min_width needs the tolerance"},
      {min_width + "[[vary]]\nformat = \"v\"\nwidths = [4, 8]\n", "mode min_width bisects over width_min..width_max"},
      {min_width + "[[vary]]\nformat = \"v\"\nwidth_min = 4\n", "field 'vary[0].width_max' is missing"},
      {min_width + "[[vary]]\nformat = \"v\"\nwidth_min = 4\nwidth_max = 8\nrounding = [\"rnd\", \"trn\"]\n", "one rounding mode per [[vary]]"},
      {min_width + "[[vary]]\nformat = \"v\"\nwidth_min = 4\nwidth_max = 8\nfrac_bits = [2]\n", "mode min_width needs a fraction rule"},
      {min_width + "[[vary]]\nformat = \"v\"\nwidth_min = 4\nwidth_max = 16\nfrac = \"keep_frac\"\n",
       "field 'vary[0].width_min' = \"s4.12 rnd sat\": leaves no sign bit"},
      {min_width + "[[vary]]\nfield = \"optimizer.lr\"\nmin = 1\nmax = 3\n", "mode min_width searches integer fields only"},
      {min_width + "[[vary]]\nfield = \"network.n_rec\"\nvalues = [1, 2]\n", "mode min_width bisects over min..max"},
      {"[sweep]\nmode = \"grid\"\nseeds = [1]\n[base]\nconfig = \"does_not_exist.toml\"\n",
       "field 'base.config' = \"does_not_exist.toml\": file cannot be opened"},
      {"[sweep]\nmode = \"grid\"\nseeds = [1]\n[base.set]\nnetwork.n_recc = 3\n", "other: invalid configuration: field 'network.n_recc' = 3: unknown field"},
      {"[sweep]\nmode = \"grid\"\nseeds = [1\n", "line 3 column 12: not valid TOML"},
      {"[sweep]\nmode = \"grid\"\nseeds = [1]\n[extra]\n", "field 'extra' = (a table): unknown field (allowed here: sweep, base, vary)"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const std::string err = error_of(c.text);
    CHECK_THAT(err, Catch::Contains(c.expect));
    if (err.rfind("other: ", 0) != 0 && !err.empty()) CHECK_THAT(err, Catch::StartsWith("invalid sweep spec test.toml"));
  }
}

// ---- Enumeration ---------------------------------------------------------------------

TEST_CASE("Grid enumerates the full cartesian product, last axis fastest, seeds innermost, references first", "[sweep][plan]") {
  const Spec s = spec_of("[sweep]\nmode = \"grid\"\nengine = \"fixed\"\nseeds = [1, 2]\n" + kBase + R"(
[[vary]]
format = "w_rec"
widths = [4, 8]
[[vary]]
field = "network.n_rec"
values = [10, 20]
)");
  const Planner planner(s);
  const std::vector<std::string> expected = {
      "engine=float seed=1",
      "engine=float seed=2",
      "engine=fixed seed=1 fixed.formats.w_rec=\"s4.2 rnd sat\"",
      "engine=fixed seed=2 fixed.formats.w_rec=\"s4.2 rnd sat\"",
      "engine=fixed seed=1 fixed.formats.w_rec=\"s4.2 rnd sat\" network.n_rec=20",
      "engine=fixed seed=2 fixed.formats.w_rec=\"s4.2 rnd sat\" network.n_rec=20",
      // w_rec = 8 bits and n_rec = 10 are the base values: no override, the base point itself.
      "engine=fixed seed=1",
      "engine=fixed seed=2",
      "engine=fixed seed=1 network.n_rec=20",
      "engine=fixed seed=2 network.n_rec=20",
  };
  CHECK(keys(planner.pending({})) == expected);
  CHECK(planner.estimated_total() == expected.size());
}

TEST_CASE("Ovat enumerates the base point and each axis' other values, others at base", "[sweep][plan]") {
  const Spec s = spec_of("[sweep]\nmode = \"ovat\"\nengine = \"fixed\"\nseeds = [7]\n" + kBase + R"(
[[vary]]
format = "v"
widths = [12, 16, 20]
[[vary]]
field = "optimizer.lr"
values = [1e-3, 1e-4, 1e-2]
)");
  const Planner planner(s);
  const std::vector<std::string> expected = {
      "engine=float seed=7",
      "engine=fixed seed=7",
      "engine=fixed seed=7 fixed.formats.v=\"s12.8 rnd sat\"",
      "engine=fixed seed=7 fixed.formats.v=\"s20.16 rnd sat\"",
      "engine=fixed seed=7 optimizer.lr=0.001",
      "engine=fixed seed=7 optimizer.lr=0.01",
  };
  CHECK(keys(planner.pending({})) == expected);
  // Rows: reference, base, then the varied points with the axis they vary.
  Results done;
  for (const Point& p : planner.pending({})) done[p.key()] = {{"key", p.key()}, {"metrics", {{"nmse", 1.0}}}};
  const std::vector<Row> rows = planner.rows(done);
  REQUIRE(rows.size() == 6);
  CHECK(rows[0].reference);
  CHECK(rows[1].axis == -1);
  CHECK(rows[2].axis == 0);
  CHECK(rows[2].labels == std::vector<std::string>{"s12.8 rnd sat", "0.0001"});
  CHECK(rows[5].axis == 1);
  CHECK(rows[5].labels == std::vector<std::string>{"s16.12 rnd sat", "0.01"});
  CHECK(planner.pending(done).empty());
}

TEST_CASE("Point documents carry the overrides and the seed, and are complete configurations", "[sweep][plan]") {
  const Spec s = spec_of(grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidths = [5]\n[[vary]]\nfield = \"network.n_rec\"\nvalues = [7]\n");
  const Point p = make_point(s, 3, {{0, s.axes[0].values[0]}, {1, s.axes[1].values[0]}});
  const auto doc = point_document(s, p, test_defaults());
  CHECK(doc.section("fixed.formats").get_string("w_rec") == "s5.3 rnd sat");
  CHECK(doc.section("network").get_int("n_rec", 1, 100) == 7);
  CHECK(doc.section("network").get_int("n_in", 1, 100) == 6);  // from [base.set]
  CHECK(doc.section("run").get_int("seed", 0, 100) == 3);
  CHECK_NOTHROW(check_point(s, p, test_defaults()));
}

// ---- min_width bisection -----------------------------------------------------------

namespace {

// Synthetic evaluator: the reference (float) scores 0; a fixed-engine point scores
// metric(width of w_rec) (the base width when w_rec is not overridden).
Evaluator synthetic(const Spec& s, std::function<double(int)> metric, std::vector<std::string>* log) {
  return [&s, metric, log](const Point& p) {
    if (log != nullptr) log->push_back(p.key());
    double m = 0.0;
    if (p.engine == "fixed") {
      int w = s.axes[0].base.width;
      for (const Override& o : p.overrides) {
        if (o.field == "fixed.formats.w_rec") w = fxp::parse_spec(o.json.get<std::string>()).fmt.width;
      }
      m = metric(w);
    }
    return nlohmann::json{{"kind", "point"}, {"key", p.key()}, {"metrics", {{"nmse", m}}}};
  };
}

Spec bisect_spec(int lo, int hi) {
  return spec_of("[sweep]\nmode = \"min_width\"\nengine = \"fixed\"\nseeds = [1, 2]\ntolerance = 0.5\n" + kBase +
                 "[[vary]]\nformat = \"w_rec\"\nwidth_min = " + std::to_string(lo) + "\nwidth_max = " + std::to_string(hi) + "\n");
}

}  // namespace

TEST_CASE("Bisection finds the known minimum width of a monotone metric, for every position of the minimum", "[sweep][bisect]") {
  const int lo = 2;
  const int hi = 20;
  const Spec s = bisect_spec(lo, hi);
  const Planner planner(s);
  int max_points = 0;
  for (int known = lo; known <= hi + 1; ++known) {  // hi + 1: no width passes
    INFO("known minimum " << known);
    std::vector<std::string> evaluated;
    ThreadExecutor exec(1, synthetic(s, [known](int w) { return w >= known ? 0.1 : 1.0; }, &evaluated));
    Results done;
    const std::size_t n = drive(planner, exec, done, [](const Point&, const nlohmann::json&) {});
    const auto r = planner.min_width(done);
    REQUIRE(r.size() == 1);
    CHECK(r[0].complete);
    if (known <= hi) {
      REQUIRE(r[0].found.has_value());
      CHECK(*r[0].found == known);
      CHECK(r[0].label == s.axes[0].value_at(known).label);
    } else {
      CHECK_FALSE(r[0].found.has_value());
      CHECK(r[0].note == "even the widest value is outside the tolerance");
    }
    // Every evaluation at most once; a bisection over 19 widths needs ends + ceil(log2(18)) = 5 more rounds.
    CHECK(std::set<std::string>(evaluated.begin(), evaluated.end()).size() == evaluated.size());
    CHECK(n == evaluated.size());
    max_points = std::max(max_points, static_cast<int>(n));
  }
  CHECK(max_points <= 2 + 2 * (2 + 5));  // 2 references + 2 seeds x (2 ends + 5 midpoints)
}

TEST_CASE("Bisection needs every seed within tolerance, and a diverged point fails", "[sweep][bisect]") {
  const Spec s = bisect_spec(4, 12);
  const Planner planner(s);
  // Seed 2 needs 9 bits, seed 1 only 6; width 10 diverges (NaN -> null metric) for both.
  ThreadExecutor exec(1, [&s](const Point& p) {
    double m = 0.0;
    if (p.engine == "fixed") {
      int w = s.axes[0].base.width;
      for (const Override& o : p.overrides) w = fxp::parse_spec(o.json.get<std::string>()).fmt.width;
      const int need = p.seed == 2 ? 9 : 6;
      m = w >= need ? 0.0 : 1.0;
    }
    return nlohmann::json{{"kind", "point"}, {"key", p.key()}, {"metrics", {{"nmse", m}}}};
  });
  Results done;
  drive(planner, exec, done, [](const Point&, const nlohmann::json&) {});
  REQUIRE(planner.min_width(done)[0].found == std::optional<int>(9));
}

TEST_CASE("Bisection over a 2^30-wide integer range needs about 30 rounds, not per-value work", "[sweep][bisect]") {
  const Spec s = spec_of("[sweep]\nmode = \"min_width\"\nengine = \"fixed\"\nseeds = [1]\ntolerance = 0\n" + kBase +
                         "[[vary]]\nfield = \"train.iterations\"\nmin = 0\nmax = 1073741824\n");
  const Planner planner(s);
  const std::int64_t known = 123456789;
  ThreadExecutor exec(1, [&](const Point& p) {
    std::int64_t v = 4;  // the base value of train.iterations
    for (const Override& o : p.overrides) v = o.json.get<std::int64_t>();
    const double m = p.engine == "fixed" && v < known ? 1.0 : 0.0;
    return nlohmann::json{{"kind", "point"}, {"key", p.key()}, {"metrics", {{"nmse", m}}}};
  });
  Results done;
  const std::size_t n = drive(planner, exec, done, [](const Point&, const nlohmann::json&) {});
  const MinWidthResult r = planner.min_width(done).at(0);
  CHECK(r.found == std::optional<int>(static_cast<int>(known)));
  CHECK(n <= 1 + 2 + 30);  // reference, both ends, one midpoint per halving
  CHECK(r.visited.size() == n - 1);
  CHECK(planner.rows(done).size() == n);
}

TEST_CASE("Scheduling does not change the records: 1 thread and 4 threads give identical results", "[sweep][runner]") {
  const Spec s = bisect_spec(2, 30);
  const Planner planner(s);
  auto metric = [](int w) { return 1.0 / w; };
  Results a;
  Results b;
  ThreadExecutor one(1, synthetic(s, metric, nullptr));
  ThreadExecutor four(4, synthetic(s, metric, nullptr));
  drive(planner, one, a, [](const Point&, const nlohmann::json&) {});
  drive(planner, four, b, [](const Point&, const nlohmann::json&) {});
  CHECK(canonical_records(a) == canonical_records(b));
  CHECK(points_csv(s, planner, a) == points_csv(s, planner, b));
}

TEST_CASE("An evaluation error stops the executor and reaches the caller", "[sweep][runner]") {
  const Spec s = bisect_spec(2, 8);
  const Planner planner(s);
  ThreadExecutor exec(2, [](const Point& p) -> nlohmann::json {
    if (p.engine == "fixed") throw std::runtime_error("boom");
    return {{"kind", "point"}, {"key", p.key()}, {"metrics", {{"nmse", 0.0}}}};
  });
  Results done;
  CHECK_THROWS_WITH(drive(planner, exec, done, [](const Point&, const nlohmann::json&) {}), "boom");
}

TEST_CASE("Bisection on a real tiny run ends on a boundary: the minimum passes, one less fails", "[sweep][bisect][slow]") {
  const Spec s = spec_of(R"(
[sweep]
mode = "min_width"
engine = "float"
seeds = [1]
tolerance = 0.05
[base.set]
task.steps = 60
task.pattern_generation.periods_ms = [60.0, 30.0]
network.n_in = 6
network.n_rec = 24
train.iterations = 40
optimizer.name = "adam"
optimizer.lr = 0.01
learning.c_reg = 0.0
[[vary]]
field = "network.n_rec"
min = 1
max = 24
)");
  const Planner planner(s);
  ThreadExecutor exec(2, [&s](const Point& p) { return evaluate_point(s, p, test_defaults()); });
  Results done;
  drive(planner, exec, done, [](const Point&, const nlohmann::json&) {});
  const MinWidthResult r = planner.min_width(done).at(0);
  REQUIRE(r.complete);
  REQUIRE(r.found.has_value());
  const int m = *r.found;
  CHECK(r.passed.at(m));
  if (m > 1) CHECK_FALSE(r.passed.at(m - 1));
  // The top of the range is the base configuration itself: it equals the reference exactly.
  CHECK(r.passed.at(24));
  // A real point record: float reference cached once, memory figures of its own size.
  const nlohmann::json& ref = done.at("engine=float seed=1");
  CHECK(ref.at("memory").at("synapses").get<int>() == 6 * 24 + 24 * 24 + 24 * 1);
  if (m > 1) {
    const Point below = make_point(s, 1, {{0, s.axes[0].value_at(m - 1)}});
    CHECK(done.at(below.key()).at("memory").at("neurons").get<int>() == m - 1);
  }
}

TEST_CASE("A configuration the engine refuses is a rejected point, not a failed sweep", "[sweep][eval]") {
  const Spec s = spec_of(grid_header() + "[[vary]]\nfield = \"network.n_rec\"\nvalues = [7]\n");
  Point p = make_point(s, 1, {{0, s.axes[0].values[0]}});
  p.engine = "no_such_engine";  // run::evaluate refuses it as an engine would refuse a configuration
  const nlohmann::json rec = evaluate_point(s, p, test_defaults());
  CHECK(rec.at("status") == "rejected");
  CHECK_THAT(rec.at("error").get<std::string>(), Catch::Contains("engine 'no_such_engine' is not available"));
  CHECK(rec.at("metrics").at("nmse").is_null());
  CHECK(rec.at("memory").at("neurons") == 7);  // the memory figures do not need a run
  const Planner planner(s);
  Results done{{p.key(), rec}};
  CHECK(std::isnan(planner.metric(done, p)));
  CHECK_FALSE(s.within_tolerance(planner.metric(done, p), 1.0));
}

TEST_CASE("A float point record has the metrics, memory and identity promised", "[sweep][eval]") {
  const Spec s = spec_of(grid_header() + "[[vary]]\nformat = \"w_rec\"\nwidths = [5]\n");
  const Point p = make_point(s, 2, {{0, s.axes[0].values[0]}});
  const nlohmann::json rec = evaluate_point(s, p, test_defaults());
  CHECK(rec.at("key") == p.key());
  CHECK(rec.at("id") == hex64(fnv1a64(p.key())));
  CHECK(rec.at("status") == "ok");
  CHECK(rec.at("overrides") == nlohmann::json{{"fixed.formats.w_rec", "s5.3 rnd sat"}});
  CHECK(rec.at("metrics").at("iterations") == 4);
  CHECK(std::isfinite(rec.at("metrics").at("nmse").get<double>()));
  // 6 inputs, 10 neurons, 1 output: 6*10 + 10*10 + 10 synapses; w_rec at 5 bits, w_in / w_out at 8.
  const nlohmann::json& mem = rec.at("memory");
  CHECK(mem.at("synapses") == 170);
  CHECK(mem.at("weight_bits_per_synapse").get<double>() == Approx((60 * 8 + 100 * 5 + 10 * 8) / 170.0));
  // The same point evaluated again gives the same record (deterministic).
  CHECK(evaluate_point(s, p, test_defaults()) == rec);
}

// ---- Results log -------------------------------------------------------------------

TEST_CASE("The results log round-trips records and reopens with them", "[sweep][results]") {
  TempDir dir;
  const fs::path file = dir.path / "results.jsonl";
  {
    ResultsLog log(file, "abc");
    log.append({{"kind", "point"}, {"key", "k1"}, {"metrics", {{"nmse", 0.5}}}});
    log.append({{"kind", "point"}, {"key", "k2 \"quoted\"\n"}, {"metrics", {{"nmse", nullptr}}}});
    CHECK_THROWS_AS(log.append({{"kind", "point"}, {"key", "k1"}, {"metrics", {}}}), ResultsError);
  }
  const std::string text = read(file);
  CHECK(std::count(text.begin(), text.end(), '\n') == 3);  // header + 2 records, one line each
  ResultsLog again(file, "abc");
  REQUIRE(again.records().size() == 2);
  CHECK(again.records().at("k1").at("metrics").at("nmse").get<double>() == 0.5);
  CHECK(again.records().count("k2 \"quoted\"\n") == 1);
}

TEST_CASE("A second writer of the same results log is refused", "[sweep][results]") {
  TempDir dir;
  ResultsLog first(dir.path / "results.jsonl", "abc");
  CHECK_THROWS_WITH(ResultsLog(dir.path / "results.jsonl", "abc"), Catch::Contains("another fxprop sweep is writing it"));
}

TEST_CASE("Corrupt results logs are reported with line and reason, and left unchanged", "[sweep][results]") {
  TempDir dir;
  const fs::path file = dir.path / "results.jsonl";
  {
    ResultsLog log(file, "abc");
    log.append({{"kind", "point"}, {"key", "k1"}, {"metrics", {{"nmse", 0.5}}}});
    log.append({{"kind", "point"}, {"key", "k2"}, {"metrics", {{"nmse", 0.25}}}});
  }
  const std::string good = read(file);
  const std::size_t third = good.find('\n', good.find('\n') + 1) + 1;  // start of line 3
  struct Case {
    std::string name;
    std::string text;
    std::string hash;
    std::string expect;
  };
  std::string flipped = good;
  flipped[third + 40] = flipped[third + 40] == '1' ? '2' : '1';
  const std::vector<Case> cases = {
      {"truncated last line", good.substr(0, good.size() - 7), "abc", "line 3: truncated: the last"},
      {"flipped byte", flipped, "abc", "line 3: checksum mismatch (stored "},
      {"foreign content", good + "hello world\n", "abc", "line 4: not a sweep results record"},
      {"foreign file", "a,b,c\n1,2,3\n", "abc", "line 1: not a sweep results record"},
      {"other base", good, "xyz", "line 1: made from another base configuration (base hash abc, this sweep's is xyz)"},
      {"duplicate", good + good.substr(third), "abc", "line 4: duplicate record of point 'k2'"},
      {"no header", good.substr(good.find('\n') + 1), "abc", "line 1: the first line is not a fxprop-sweep-results header"},
      {"empty line", good + "\n", "abc", "line 4: not a sweep results record"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    write(file, c.text);
    CHECK_THROWS_WITH(ResultsLog(file, c.hash), Catch::Contains(c.expect) && Catch::Contains(file.string()) &&
                                                    Catch::Contains("the file was left unchanged"));
    CHECK(read(file) == c.text);
  }
}

TEST_CASE("CRC-32 and FNV-1a match their published check values", "[sweep][results]") {
  CHECK(crc32("123456789") == 0xCBF43926U);
  CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(hex32(0xCBF43926U) == "cbf43926");
}
