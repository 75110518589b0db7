// `fxprop sweep SPEC.toml`: bit-width (and any-field) exploration. Points run in
// parallel (--jobs threads, or MPI ranks under mpirun), every finished point is
// appended atomically to DIR/results.jsonl, an interrupted sweep resumes where it
// stopped, and the tables (points.csv/json, min_width.csv/json) are rewritten from
// the log at the end. Specification format and guarantees: docs/sweep.md.
#include <csignal>
#include <exception>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "model/config/config_error.h"
#include "model/io/output_dir.h"
#include "model/run/training.h"
#include "model/sweep/eval.h"
#include "model/sweep/plan.h"
#include "model/sweep/report.h"
#include "model/sweep/results.h"
#include "model/sweep/runner.h"
#include "model/sweep/spec.h"
#include "tools/fxprop/cli_common.h"
#include "tools/fxprop/commands.h"
#include "tools/fxprop/default_config.h"
#include "tools/fxprop/progress.h"
#include "tools/fxprop/sweep_mpi.h"

namespace fxprop::cli {

namespace {

namespace fs = std::filesystem;

struct SweepOptions {
  std::string spec;
  std::string out;
  int jobs = 0;  // 0: all cores
  bool list = false;
};

std::string duration_text(double s) {
  if (!(s >= 0) || s > 1e9) return "?";
  const auto t = static_cast<long long>(s + 0.5);
  if (t >= 3600) return fmt::format("{}h{:02}m", t / 3600, (t % 3600) / 60);
  if (t >= 60) return fmt::format("{}m{:02}s", t / 60, t % 60);
  return fmt::format("{}s", t);
}

// Test hook (FXPROP_SWEEP_TEST_KILL_AFTER=N): SIGKILL this process right after the N-th
// record of this run is on disk, as a `kill -9` at the worst moment would.
long kill_after() {
  const char* v = std::getenv("FXPROP_SWEEP_TEST_KILL_AFTER");
  return v == nullptr ? -1 : std::atol(v);
}

sweep::Spec load_spec(const std::string& path) {
  try {
    return sweep::parse_spec_file(default_config_toml(), path);
  } catch (const sweep::SpecError& e) {
    throw BadInput(e.what());
  } catch (const config::ConfigError& e) {
    throw BadInput(std::string("sweep spec ") + path + ": base configuration: " + e.what());
  }
}

// Every point a sweep may evaluate is checked before anything is written: grid / ovat all
// of them, min_width both ends of every range (the widths in between lie between them).
void check_points(const sweep::Spec& spec, const sweep::Planner& planner) {
  for (const char* engine : {spec.engine.c_str(), "float"}) {
    if (!run::engine_available(engine)) {
      throw BadInput(fmt::format("sweep spec {}: field 'sweep.engine' = \"{}\": {}", spec.path, engine,
                                 run::engine_unavailable_message(engine)));
    }
  }
  std::vector<sweep::Point> points = planner.pending({});
  if (spec.mode == sweep::Mode::min_width) {
    for (std::size_t a = 0; a < spec.axes.size(); ++a) {
      for (const int w : {spec.axes[a].lo, spec.axes[a].hi}) {
        points.push_back(sweep::make_point(spec, spec.seeds.front(), {{a, spec.axes[a].value_at(w)}}));
      }
    }
  }
  for (const sweep::Point& p : points) {
    try {
      sweep::check_point(spec, p, default_config_toml());
    } catch (const std::exception& e) {  // ConfigError, invalid_argument (.npy, memory sizes)
      throw BadInput(fmt::format("sweep spec {}: point '{}': {}", spec.path, p.key(), e.what()));
    }
  }
  // The base configuration must be one the engine accepts (constants that fit their formats,
  // features the core has, ...): otherwise every point would only record the same refusal.
  // A varied point the engine refuses (a width too narrow for a constant) stays a result.
  const sweep::Point base = sweep::make_point(spec, spec.seeds.front(), {});
  try {
    run::check_engine(sweep::point_document(spec, base, default_config_toml()), spec.engine);
  } catch (const std::exception& e) {
    throw BadInput(fmt::format("sweep spec {}: base configuration on engine {}: {}", spec.path, spec.engine, e.what()));
  }
}

void write_tables(const sweep::Spec& spec, const sweep::Planner& planner, const sweep::Results& done, const fs::path& out) {
  io::write_file_atomic(out / "points.csv", sweep::points_csv(spec, planner, done));
  io::write_file_atomic(out / "points.json", sweep::points_json(spec, planner, done).dump(1) + "\n");
  if (spec.mode == sweep::Mode::min_width) {
    io::write_file_atomic(out / "min_width.csv", sweep::min_width_csv(spec, planner, done));
    io::write_file_atomic(out / "min_width.json", sweep::min_width_json(spec, planner, done).dump(1) + "\n");
  }
}

int run_sweep(const SweepOptions& opt) {
  const int launched = mpi::launched_size();
  if (launched > 1 && !mpi::built_with_mpi()) {
    throw BadInput(fmt::format("started by an MPI launcher with {} processes, but this fxprop was built without MPI "
                               "(FXPROP_WITH_MPI=OFF): run it without mpirun, or rebuild with MPI",
                               launched));
  }
  std::optional<mpi::Session> session;
  if (launched > 1) session.emplace();
  const int rank = session ? session->rank() : 0;

  // Every rank reads and checks the same input; only rank 0 speaks, and no rank leaves
  // before all know the outcome (mpirun ends the job at the first non-zero exit).
  std::optional<sweep::Spec> spec_holder;
  std::exception_ptr invalid;
  try {
    spec_holder.emplace(load_spec(opt.spec));
    check_points(*spec_holder, sweep::Planner(*spec_holder));
  } catch (const BadInput&) {
    invalid = std::current_exception();
  }
  if (session && session->max_over_ranks(invalid ? 1 : 0) != 0) {
    if (rank > 0) return 0;  // rank 0 reports and sets the exit code
    if (!invalid) throw BadInput("the sweep input is invalid on another MPI rank (do all ranks see the same files?)");
  }
  if (invalid) std::rethrow_exception(invalid);
  const sweep::Spec& spec = *spec_holder;
  const sweep::Planner planner(spec);
  const std::string defaults(default_config_toml());

  if (opt.list) {
    if (rank == 0) {
      const std::vector<sweep::Point> first = planner.pending({});
      std::cout << "# " << sweep::mode_name(spec.mode) << " sweep, "
                << (spec.mode == sweep::Mode::min_width ? "first round of " : "") << first.size() << " evaluations"
                << (spec.mode == sweep::Mode::min_width ? fmt::format(" (at most {} in all)", planner.estimated_total()) : "")
                << "\n";
      for (const sweep::Point& p : first) std::cout << p.key() << "\n";
    }
    return 0;
  }

  auto evaluator = [&spec, &defaults, rank](const sweep::Point& p) {
    const auto t0 = std::chrono::steady_clock::now();
    nlohmann::json rec = sweep::evaluate_point(spec, p, defaults);
    rec["run"] = {{"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}, {"rank", rank}};
    return rec;
  };

  if (rank > 0) {
    if (session->broadcast(0) != 0) return 0;  // rank 0 could not open the results log and reports why
    session->serve(evaluator);
    return 0;
  }

  // Rank 0 (or the only process): the results log is the single source of truth.
  const fs::path out(opt.out);
  std::optional<sweep::ResultsLog> log;
  try {
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec || !fs::is_directory(out)) throw BadInput(fmt::format("--out: cannot create directory '{}': {}", opt.out, ec.message()));
    log.emplace(out / "results.jsonl", spec.base_hash);
  } catch (const sweep::ResultsError& e) {
    if (session) session->broadcast(1);
    throw BadInput(e.what());
  } catch (...) {
    if (session) session->broadcast(1);
    throw;
  }
  if (session) session->broadcast(0);
  {
    std::ifstream in(opt.spec, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    io::write_file_atomic(out / "spec.toml", ss.str());
  }

  sweep::Results done = log->records();
  const std::size_t resumed = done.size();
  const std::size_t total = planner.estimated_total();
  const std::size_t before =
      spec.mode == sweep::Mode::min_width ? std::min(resumed, total) : total - std::min(total, planner.pending(done).size());
  const int jobs = opt.jobs > 0 ? opt.jobs : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  std::cout << fmt::format("fxprop sweep: {} {}, engine {}, metric {}, {} seed(s); {} evaluations{}; {} already in {}; {}\n",
                           sweep::mode_name(spec.mode), spec.mode == sweep::Mode::min_width ? "search" : "sweep",
                           spec.engine, spec.metric, spec.seeds.size(), total,
                           spec.mode == sweep::Mode::min_width ? " at most" : "", before, (out / "results.jsonl").string(),
                           session ? fmt::format("{} MPI ranks (1 coordinator)", session->size())
                                   : fmt::format("{} job(s)", jobs));

  Progress progress(std::cout, static_cast<std::int64_t>(total), stdout_is_terminal(), "sweep");
  const auto start = std::chrono::steady_clock::now();
  std::size_t now_done = 0;
  const long kill_n = kill_after();
  auto sink = [&](const sweep::Point&, const nlohmann::json& record) {
    log->append(record);
    ++now_done;
    if (kill_n >= 0 && static_cast<long>(now_done) >= kill_n) std::raise(SIGKILL);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::size_t finished = std::min(total, before + now_done);
    const double rate = elapsed > 0 ? static_cast<double>(now_done) / elapsed : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total - finished) / rate : -1.0;
    progress.update(static_cast<std::int64_t>(finished),
                    fmt::format("ETA {}  {:.0f} points/h  {} {}", duration_text(eta), rate * 3600.0,
                                record.value("status", ""), record.value("key", "")));
  };

  std::unique_ptr<sweep::Executor> executor;
  if (session) {
    executor = session->coordinator();
  } else {
    executor = std::make_unique<sweep::ThreadExecutor>(jobs, evaluator);
  }
  try {
    sweep::drive(planner, *executor, done, sink);
  } catch (const std::exception& e) {
    if (!session) throw;
    std::cerr << "fxprop: error: " << e.what() << '\n';
    session->abort(kExitFailure);
  }
  if (session) session->stop_workers();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.finish(fmt::format("{} evaluated now in {}, {} from an earlier run", now_done, duration_text(seconds), resumed));

  write_tables(spec, planner, done, out);
  if (spec.mode == sweep::Mode::min_width) {
    for (const sweep::MinWidthResult& r : planner.min_width(done)) {
      const sweep::Axis& a = spec.axes[r.axis];
      std::cout << fmt::format("  {}: {}\n", a.title(),
                               r.found ? fmt::format("minimum {} ({}), base {}", *r.found, r.label, a.base.label)
                                       : "no value in [" + std::to_string(a.lo) + ", " + std::to_string(a.hi) + "]: " + r.note);
    }
  }
  std::cout << "fxprop sweep: results in " << opt.out << " (points.csv, points.json"
            << (spec.mode == sweep::Mode::min_width ? ", min_width.csv, min_width.json" : "")
            << "); plots: /usr/bin/python3 tools/plot/plot_sweep.py " << opt.out << "\n";
  return 0;
}

}  // namespace

void add_sweep_command(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand("sweep", "Bit-width exploration: run a grid / one-at-a-time / minimum-width sweep "
                                           "(parallel, resumable, MPI-distributed under mpirun)");
  auto opt = std::make_shared<SweepOptions>();
  sub->add_option("spec", opt->spec, "sweep specification (TOML, see docs/sweep.md)")->required();
  add_out_option(*sub, opt->out, "out/sweep");
  sub->add_option("-j,--jobs", opt->jobs,
                  "points evaluated at once, each single-threaded (0 = all cores); results do not depend on it. "
                  "Under mpirun each rank evaluates one point at a time")
      ->capture_default_str()
      ->check(CLI::Range(0, 4096));
  sub->add_flag("--list", opt->list, "print the points of the sweep (min_width: of its first round) and exit");
  sub->callback([opt, &exit_code] { exit_code = run_sweep(*opt); });
}

}  // namespace fxprop::cli
