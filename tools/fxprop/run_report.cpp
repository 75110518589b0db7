#include "tools/fxprop/run_report.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <optional>

#include <fmt/format.h>

#include "model/energy/report_format.h"
#include "model/io/csv.h"
#include "model/io/npy.h"

namespace fxprop::cli {

namespace {

using energy::Category;
using energy::Phase;

bool classification(const RunResults& r) { return tasks::is_classification(r.float_run->cfg.task.name); }

nlohmann::json opt(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

// The final figures of one engine (lower is better for every loss).
nlohmann::json engine_json(const TrainingReport& t) {
  nlohmann::json j;
  j["iterations_run"] = t.curve.size();
  j["stopped_early"] = t.stopped_early;
  if (!t.curve.empty()) {
    j["last_batch_task_loss"] = t.curve.back().task_loss;
    j["first_batch_task_loss"] = t.curve.front().task_loss;
  }
  const golden::EvaluationResult& e = t.evaluation;
  nlohmann::json ev;
  ev["trials"] = e.trials;
  ev["task_loss"] = e.task_loss;
  ev["reg_loss"] = e.reg_loss;
  ev["mean_rate_hz"] = e.mean_rate_hz;
  if (tasks::is_classification(t.cfg.task.name)) {
    ev["error_rate"] = e.error_rate;
  } else {
    ev["mse"] = e.mse;
    ev["nmse"] = e.nmse;
  }
  j["evaluation"] = ev;
  if (!t.engine_metrics.is_null()) j["formats"] = t.engine_metrics.value("formats", nlohmann::json());
  return j;
}

struct ActivityMeans {
  double inputs = 0, spikes = 0, traces = 0, out_traces = 0;
  std::uint64_t learning_steps = 0;
};

ActivityMeans activity_means(const std::vector<energy::StepActivity>& a) {
  ActivityMeans m;
  for (const energy::StepActivity& s : a) {
    m.inputs += s.inputs_active;
    m.spikes += s.spikes;
    m.traces += s.traces_nonzero;
    m.out_traces += s.out_traces_nonzero;
    m.learning_steps += s.loss_mask ? 1 : 0;
  }
  const double n = a.empty() ? 1.0 : static_cast<double>(a.size());
  m.inputs /= n;
  m.spikes /= n;
  m.traces /= n;
  m.out_traces /= n;
  return m;
}

double per(double x, std::uint64_t n) { return n == 0 ? 0.0 : x / static_cast<double>(n); }

std::string fmt_opt(const std::optional<double>& v, const char* f = "{:.3f}") {
  return v ? fmt::format(fmt::runtime(f), *v) : std::string("n/a");
}

std::string format_bytes(double bytes) {
  if (bytes >= 1024.0) return fmt::format("{:.2f} KiB", bytes / 1024.0);
  return fmt::format("{:.0f} B", bytes);
}

// ---- the readable report: a list of blocks rendered as Markdown and as HTML ----

struct Block {
  enum Kind { heading, paragraph, table, image, code } kind;
  std::string text;                           // heading, paragraph, image caption, code
  std::string src;                            // image file
  std::vector<std::vector<std::string>> rows;  // table, first row = header
};

std::string html_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

// Inline `code` and **bold** spans -> <code>, <strong> (the only Markdown inline markup the blocks use).
std::string html_inline(const std::string& s) {
  const std::string e = html_escape(s);
  std::string o;
  bool code = false, bold = false;
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (e[i] == '`') {
      o += code ? "</code>" : "<code>";
      code = !code;
    } else if (!code && e.compare(i, 2, "**") == 0) {
      o += bold ? "</strong>" : "<strong>";
      bold = !bold;
      ++i;
    } else {
      o += e[i];
    }
  }
  if (code) o += "</code>";
  if (bold) o += "</strong>";
  return o;
}

std::string to_markdown(const std::vector<Block>& blocks) {
  std::string o;
  for (const Block& b : blocks) {
    switch (b.kind) {
      case Block::heading: o += b.text + "\n\n"; break;
      case Block::paragraph: o += b.text + "\n\n"; break;
      case Block::code: o += "```\n" + b.text + "\n```\n\n"; break;
      case Block::image: o += "![" + b.text + "](" + b.src + ")\n\n"; break;
      case Block::table:
        for (std::size_t r = 0; r < b.rows.size(); ++r) {
          o += "|";
          for (const std::string& c : b.rows[r]) o += " " + c + " |";
          o += "\n";
          if (r == 0) {
            o += "|";
            for (std::size_t c = 0; c < b.rows[0].size(); ++c) o += c == 0 ? "---|" : "---:|";
            o += "\n";
          }
        }
        o += "\n";
        break;
    }
  }
  return o;
}

std::string to_html(const std::vector<Block>& blocks) {
  std::string o =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>fxprop run report</title>\n"
      "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;line-height:1.4}"
      "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #bbb;padding:2px 8px}"
      "td:not(:first-child){text-align:right}img{max-width:100%}code,pre{background:#f4f4f4}</style>\n"
      "</head><body>\n";
  for (const Block& b : blocks) {
    switch (b.kind) {
      case Block::heading: {
        const std::size_t level = std::min<std::size_t>(b.text.find_first_not_of('#'), 6);
        const std::string tag = "h" + std::to_string(level);
        o += "<" + tag + ">" + html_inline(b.text.substr(level + 1)) + "</" + tag + ">\n";
        break;
      }
      case Block::paragraph: o += "<p>" + html_inline(b.text) + "</p>\n"; break;
      case Block::code: o += "<pre>" + html_escape(b.text) + "</pre>\n"; break;
      case Block::image:
        o += "<figure><img src=\"" + html_escape(b.src) + "\" alt=\"" + html_escape(b.text) + "\"><figcaption>" +
             html_inline(b.text) + "</figcaption></figure>\n";
        break;
      case Block::table:
        o += "<table>\n";
        for (std::size_t r = 0; r < b.rows.size(); ++r) {
          o += "<tr>";
          for (const std::string& c : b.rows[r]) o += (r == 0 ? "<th>" : "<td>") + html_inline(c) + (r == 0 ? "</th>" : "</td>");
          o += "</tr>\n";
        }
        o += "</table>\n";
        break;
    }
  }
  return o + "</body></html>\n";
}

std::string loss_line(const TrainingReport& t) {
  const golden::EvaluationResult& e = t.evaluation;
  if (tasks::is_classification(t.cfg.task.name)) return fmt::format("{:.2f} %", 100.0 * e.error_rate);
  return fmt::format("{:.4g}", e.nmse);
}

}  // namespace

const std::vector<std::string>& plot_files() {
  static const std::vector<std::string> files = {
      "plots/learning_curves.png", "plots/output_vs_target.png", "plots/spike_raster.png",
      "plots/cycles_per_phase.png", "plots/energy_breakdown.png", "plots/memory_breakdown.png"};
  return files;
}

nlohmann::json run_metrics(const RunResults& r) {
  const TrainingReport& fl = *r.float_run;
  const TrainingReport& fx = *r.fixed_run;
  const golden::GoldenConfig& cfg = fl.cfg;
  nlohmann::json m;
  m["format"] = "fxprop-run-report";
  m["version"] = 1;
  m["config"] = r.config_source;
  m["task"] = tasks::task_name_string(cfg.task.name);
  m["rule"] = golden::rule_name(cfg.learning.rule);
  m["seed"] = cfg.seed;
  m["network"] = {{"n_in", cfg.network.n_in}, {"n_rec", cfg.network.n_rec}, {"n_out", cfg.network.n_out},
                  {"steps", cfg.task.steps}, {"iterations", cfg.train.iterations}, {"batch", cfg.train.batch}};
  m["float"] = engine_json(fl);
  m["fixed"] = engine_json(fx);

  const std::uint64_t steps = r.activity.size();
  const ActivityMeans am = activity_means(r.activity);
  m["activity"] = {{"trial_steps", steps},
                   {"learning_steps", am.learning_steps},
                   {"mean_active_inputs_per_step", am.inputs},
                   {"mean_spikes_per_step", am.spikes},
                   {"mean_nonzero_traces_per_step", am.traces},
                   {"mean_nonzero_out_traces_per_step", am.out_traces},
                   {"what", "one trial with learning on a copy of the trained fixed-point core"}};

  const systemc::SimulationReport& sim = *r.sim;
  nlohmann::json phases;
  std::uint64_t sim_step = 0, analytic_step = 0;
  for (std::size_t p = 0; p < sim.phases.size(); ++p) {
    const systemc::PhaseCycleSummary& ph = sim.phases[p];
    const std::uint64_t analytic = p < energy::kNumRtlPhases ? r.cycles.phase[p] : 0;
    phases[ph.name] = {{"cycles", ph.total},
                       {"step_cycles", ph.step_total},
                       {"mean_per_timestep", ph.mean_per_step},
                       {"max_per_timestep", ph.max_per_step},
                       {"analytic_cycles_one_trial", analytic}};
    sim_step += ph.step_total;
    if (p < 8) analytic_step += analytic;
  }
  const std::uint64_t trials = std::max<std::uint64_t>(r.energy.events.trials, 1);
  m["timing"] = {{"source", "systemc"},
                 {"lanes", r.lanes},
                 {"clock_mhz", r.clock_mhz},
                 {"trials_simulated", r.energy.events.trials},
                 {"timesteps_simulated", sim.timesteps},
                 {"cycles", sim.total_cycles},
                 {"cycles_per_trial", static_cast<double>(sim.total_cycles) / static_cast<double>(trials)},
                 {"cycles_per_timestep", per(static_cast<double>(sim_step), sim.timesteps)},
                 {"trial_time_us", static_cast<double>(sim.total_cycles) / static_cast<double>(trials) / r.clock_mhz},
                 {"simulation_wall_seconds_excluded", "see wall_seconds"},
                 {"phases", phases},
                 {"analytic_cross_check",
                  {{"what", "docs/microarchitecture.md section 7 formulas on one trial of the trained fixed-point core"},
                   {"step_cycles_one_trial", analytic_step},
                   {"systemc_step_cycles_per_trial", per(static_cast<double>(sim_step), trials)},
                   {"equal", trials * analytic_step == sim_step}}}};
  m["timing"].erase("simulation_wall_seconds_excluded");
  const energy::Report& e = r.energy;
  nlohmann::json breakdown;
  for (Category c : energy::kAllCategories) {
    breakdown[std::string(energy::category_name(c))] = per(e.category_pj[energy::index_of(c)], e.events.trials);
  }
  m["energy"] = {{"source", e.counts_source},
                 {"tech_nm", e.tech_nm},
                 {"table", e.table_name},
                 {"dynamic_only", true},
                 {"pj_per_sop", opt(e.pj_per_sop)},
                 {"pj_per_sop_integrate", opt(e.pj_per_sop_integrate)},
                 {"pj_per_weight_update", opt(e.pj_per_weight_update)},
                 {"pj_per_timestep", opt(e.pj_per_timestep)},
                 {"pj_per_learning_timestep", opt(e.pj_per_learning_timestep)},
                 {"pj_per_trial", opt(e.pj_per_trial)},
                 {"learning_energy_share", opt(e.learning_energy_share)},
                 {"breakdown_pj_per_trial", breakdown},
                 {"average_power_uw", opt(e.average_power_uw(r.power_clock_mhz))},
                 {"full_report", "energy.json"},
                 {"analytic_cross_check",
                  {{"source", r.analytic_energy.counts_source},
                   {"pj_per_sop", opt(r.analytic_energy.pj_per_sop)},
                   {"pj_per_weight_update", opt(r.analytic_energy.pj_per_weight_update)},
                   {"pj_per_trial", opt(r.analytic_energy.pj_per_trial)}}}};

  const energy::MemoryReport& mem = e.memory;
  nlohmann::json mems = nlohmann::json::array();
  for (const energy::MemoryEntry& me : mem.memories) {
    mems.push_back({{"name", me.name},
                    {"kind", energy::kind_name(me.kind)},
                    {"words", me.words},
                    {"word_bits", me.word_bits},
                    {"bytes", static_cast<double>(me.capacity_bits) / 8.0}});
  }
  m["memory"] = {{"weight_bits_per_synapse", opt(mem.weight_bits_per_synapse)},
                 {"learning_bits_per_synapse", opt(mem.learning_bits_per_synapse)},
                 {"learning_bits_per_neuron", opt(mem.learning_bits_per_neuron)},
                 {"inference_bits", mem.inference_bits},
                 {"learning_bits", mem.learning_bits},
                 {"learning_overhead", opt(mem.learning_overhead)},
                 {"total_bytes", static_cast<double>(mem.capacity_bits) / 8.0},
                 {"memories", mems}};
  m["plots"] = {{"made", r.plots_made}, {"note", r.plots_note}};
  // Wall-clock times: the only part of this file that differs between identical runs.
  m["wall_seconds"] = {{"float_training", fl.train_seconds}, {"fixed_training", fx.train_seconds},
                       {"systemc_batch", r.sim->wall_seconds}};
  return m;
}

void write_run_tables(io::OutputDir& out, const RunResults& r) {
  const TrainingReport& fl = *r.float_run;
  const TrainingReport& fx = *r.fixed_run;
  const bool cls = classification(r);
  {
    const std::size_t n = std::max(fl.curve.size(), fx.curve.size());
    std::vector<double> it(n), ft(n, NAN), xt(n, NAN), fa(n, NAN), xa(n, NAN);
    for (std::size_t i = 0; i < n; ++i) {
      it[i] = static_cast<double>(i);
      if (i < fl.curve.size()) {
        ft[i] = fl.curve[i].task_loss;
        fa[i] = 1.0 - fl.curve[i].error_rate;
      }
      if (i < fx.curve.size()) {
        xt[i] = fx.curve[i].task_loss;
        xa[i] = 1.0 - fx.curve[i].error_rate;
      }
    }
    std::vector<std::string> header{"iteration", "float_task_loss", "fixed_task_loss"};
    std::vector<std::vector<double>> cols{it, ft, xt};
    if (cls) {
      header.insert(header.end(), {"float_accuracy", "fixed_accuracy"});
      cols.push_back(fa);
      cols.push_back(xa);
    }
    out.write_text("learning_curves.csv", io::csv_table(header, cols));
  }
  {
    std::string csv = "phase,command,systemc_cycles,systemc_mean_per_timestep,systemc_max_per_timestep,analytic_cycles_one_trial\n";
    for (std::size_t p = 0; p < r.sim->phases.size(); ++p) {
      const systemc::PhaseCycleSummary& ph = r.sim->phases[p];
      const char* command = p < 8 ? "STEP" : p < 10 ? "CLEAR" : p < 12 ? "CLRACC" : "APPLY";
      csv += fmt::format("{},{},{},{},{},{}\n", ph.name, command, ph.total, ph.mean_per_step, ph.max_per_step,
                         p < energy::kNumRtlPhases ? r.cycles.phase[p] : 0);
    }
    out.write_text("cycles_per_phase.csv", csv);
  }
  {
    const energy::Report& e = r.energy;
    std::string csv = "category,pj_per_trial,share\n";
    for (Category c : energy::kAllCategories) {
      const double pj = e.category_pj[energy::index_of(c)];
      csv += fmt::format("{},{},{}\n", energy::category_name(c), per(pj, e.events.trials), e.total_pj > 0 ? pj / e.total_pj : 0.0);
    }
    out.write_text("energy_breakdown.csv", csv);
    std::string mcsv = "memory,kind,words,word_bits,bytes,role,learning\n";
    for (const energy::Memory& me : r.memory_map.memories) {
      const energy::MemoryRole role = me.fields.front().role;
      mcsv += fmt::format("{},{},{},{},{},{},{}\n", me.name, energy::kind_name(me.kind), me.words, me.word_bits,
                          static_cast<double>(me.capacity_bits()) / 8.0, energy::role_name(role),
                          energy::is_learning_role(role) ? 1 : 0);
    }
    out.write_text("memory.csv", mcsv);
  }
  {
    std::string csv = "step,active_inputs,spikes_prev,spikes,nonzero_traces,nonzero_out_traces,loss_mask\n";
    for (std::size_t t = 0; t < r.activity.size(); ++t) {
      const energy::StepActivity& s = r.activity[t];
      csv += fmt::format("{},{},{},{},{},{},{}\n", t, s.inputs_active, s.spikes_prev, s.spikes, s.traces_nonzero,
                         s.out_traces_nonzero, s.loss_mask ? 1 : 0);
    }
    out.write_text("activity.csv", csv);
  }
  // The first recorded evaluation trial of both engines (same trial, same initial weights).
  const auto& frec = fl.evaluation.records;
  const auto& xrec = fx.evaluation.records;
  if (!frec.empty() && !xrec.empty() && !fl.evaluation.recorded_trials.empty()) {
    const Matrix<double>& target = fl.evaluation.recorded_trials.front().target;
    const Matrix<double>& fy = frec.front().y;
    const Matrix<double>& xy = xrec.front().y;
    std::vector<std::string> header{"step"};
    std::vector<std::vector<double>> cols(1);
    for (std::size_t t = 0; t < target.rows(); ++t) cols[0].push_back(static_cast<double>(t));
    for (std::size_t k = 0; k < target.cols(); ++k) {
      header.insert(header.end(), {fmt::format("target_{}", k), fmt::format("float_y_{}", k), fmt::format("fixed_y_{}", k)});
      std::vector<double> a, b, c;
      for (std::size_t t = 0; t < target.rows(); ++t) {
        a.push_back(target(t, k));
        b.push_back(fy(t, k));
        c.push_back(xy(t, k));
      }
      cols.push_back(a);
      cols.push_back(b);
      cols.push_back(c);
    }
    out.write_text("readout.csv", io::csv_table(header, cols));
    const auto write_raster = [&](const std::string& name, const Matrix<double>& z) {
      std::vector<std::uint8_t> bits(z.values().size());
      std::transform(z.values().begin(), z.values().end(), bits.begin(), [](double v) { return v != 0.0 ? 1 : 0; });
      const std::string bytes = io::encode_npy_bool({z.rows(), z.cols()}, bits.data());
      out.write_binary(name, bytes.data(), bytes.size());
    };
    write_raster("spikes_float.npy", frec.front().z);
    write_raster("spikes_fixed.npy", xrec.front().z);
    write_raster("input_spikes.npy", fl.evaluation.recorded_trials.front().input);
  }
}

void write_run_report(io::OutputDir& out, const RunResults& r) {
  const TrainingReport& fl = *r.float_run;
  const TrainingReport& fx = *r.fixed_run;
  const golden::GoldenConfig& cfg = fl.cfg;
  const energy::Report& e = r.energy;
  const bool cls = classification(r);
  const ActivityMeans am = activity_means(r.activity);
  const std::uint64_t steps = r.activity.size();
  std::vector<Block> b;
  const auto h = [&](const std::string& t) { b.push_back({Block::heading, t, {}, {}}); };
  const auto p = [&](const std::string& t) { b.push_back({Block::paragraph, t, {}, {}}); };
  const auto img = [&](const std::string& src, const std::string& caption) {
    if (r.plots_made) b.push_back({Block::image, caption, src, {}});
  };
  const auto table = [&](std::vector<std::vector<std::string>> rows) { b.push_back({Block::table, {}, {}, std::move(rows)}); };

  h("# fxprop run report");
  p(fmt::format("Configuration: {}. Task `{}`, rule `{}` with {} feedback, {}-{}-{} network (neuron form {}), {} steps per "
                "trial, {} iterations of {} trial(s), seed {}. Both engines start from the same initial weights and see the "
                "same trials.",
                r.config_source, tasks::task_name_string(cfg.task.name), golden::rule_name(cfg.learning.rule),
                cfg.learning.feedback == golden::Feedback::kSymmetric  ? "symmetric"
                : cfg.learning.feedback == golden::Feedback::kRandom ? "random"
                                                                       : "adaptive",
                cfg.network.n_in, cfg.network.n_rec, cfg.network.n_out, cfg.network.form == golden::NeuronForm::kB ? "b" : "a",
                cfg.task.steps, cfg.train.iterations, cfg.train.batch, cfg.seed));
  if (!r.plots_made) p("Plots were skipped: " + r.plots_note);

  h("## Learning");
  const std::string metric = cls ? "evaluation error rate" : "evaluation NMSE";
  table({{"engine", "first batch task loss", "last batch task loss", metric, "evaluation trials", "mean rate (Hz)",
          "training time (s)"},
         {"float (golden, double)", fmt::format("{:.4g}", fl.curve.empty() ? 0.0 : fl.curve.front().task_loss),
          fmt::format("{:.4g}", fl.curve.empty() ? 0.0 : fl.curve.back().task_loss), loss_line(fl),
          std::to_string(fl.evaluation.trials), fmt::format("{:.1f}", fl.evaluation.mean_rate_hz), fmt::format("{:.1f}", fl.train_seconds)},
         {"fixed (bit-accurate core)", fmt::format("{:.4g}", fx.curve.empty() ? 0.0 : fx.curve.front().task_loss),
          fmt::format("{:.4g}", fx.curve.empty() ? 0.0 : fx.curve.back().task_loss), loss_line(fx),
          std::to_string(fx.evaluation.trials), fmt::format("{:.1f}", fx.evaluation.mean_rate_hz), fmt::format("{:.1f}", fx.train_seconds)}});
  p("Task loss per iteration: `learning_curves.csv`; per-engine details (metrics, weights, recorded trial) in `float/` and "
    "`fixed/` (the files of `fxprop train`; `fixed/fixed_stats.json` has every variable's saturation and rounding counters).");
  img("plots/learning_curves.png", "Learning curves: task loss per iteration, float vs fixed");
  img("plots/output_vs_target.png", "Readout after training on an evaluation trial, both engines, against the target");
  img("plots/spike_raster.png", "Spike raster of the recurrent neurons on that trial (fixed-point core) and its input");

  h("## Timing (cycles)");
  const systemc::SimulationReport& sim = *r.sim;
  const std::uint64_t trials = std::max<std::uint64_t>(e.events.trials, 1);
  std::uint64_t sim_step = 0, analytic_step = 0;
  for (std::size_t i = 0; i < sim.phases.size() && i < 8; ++i) {
    sim_step += sim.phases[i].step_total;
    analytic_step += r.cycles.phase[i];
  }
  p(fmt::format("Measured on the SystemC model (`docs/systemc-model.md`): one training batch ({} trial(s), {} timesteps) of the "
                "trained fixed-point core, P = {} lanes, {} MHz. The last column is a cross-check: the cycle formulas of "
                "`docs/microarchitecture.md` section 7 evaluated on one learning trial of the same core ({} steps, {} with the "
                "loss mask on; mean per step {:.1f} active inputs, {:.1f} recurrent spikes, {:.1f} nonzero row traces): STEP "
                "cycles {} the SystemC model's ({} vs {} per trial).",
                trials, sim.timesteps, r.lanes, r.clock_mhz, steps, am.learning_steps, am.inputs, am.spikes, am.traces,
                trials * analytic_step == sim_step ? "equal" : "differ from", analytic_step,
                static_cast<double>(sim_step) / static_cast<double>(trials)));
  std::vector<std::vector<std::string>> ct{{"phase", "command", "SystemC cycles", "mean per timestep", "max per timestep", "formula, one trial"}};
  for (std::size_t i = 0; i < sim.phases.size(); ++i) {
    const systemc::PhaseCycleSummary& ph = sim.phases[i];
    const char* command = i < 8 ? "STEP" : i < 10 ? "CLEAR" : i < 12 ? "CLRACC" : "APPLY";
    ct.push_back({ph.name, command, std::to_string(ph.total), i < 8 ? fmt::format("{:.1f}", ph.mean_per_step) : "",
                  i < 8 ? std::to_string(ph.max_per_step) : "", i < energy::kNumRtlPhases ? std::to_string(r.cycles.phase[i]) : ""});
  }
  table(ct);
  p(fmt::format("{} cycles in all, {:.1f} per trial ({:.1f} us at {} MHz), {:.1f} STEP cycles per timestep on average.",
                sim.total_cycles, static_cast<double>(sim.total_cycles) / static_cast<double>(trials),
                static_cast<double>(sim.total_cycles) / static_cast<double>(trials) / r.clock_mhz, r.clock_mhz,
                per(static_cast<double>(sim_step), sim.timesteps)));
  img("plots/cycles_per_phase.png", "Cycles per timestep by phase");

  h("## Energy");
  p(fmt::format("Dynamic energy at {} nm ({} table, nominal voltage); leakage, clock tree, control and wires are not modelled "
                "(`docs/energy.md`). Counts: **{}** (the SystemC model's counters), one training batch of {} trial(s). A weight "
                "update is a synapse update computed (online) or applied at the end of a batch (per-trial accumulation), "
                "whether or not the weight changed.",
                e.tech_nm, e.table_name, e.counts_source, e.events.trials));
  table({{"figure", "value"},
         {"pJ per synaptic operation (SOP)", fmt_opt(e.pj_per_sop)},
         {"pJ per SOP, integrate phase alone", fmt_opt(e.pj_per_sop_integrate)},
         {"pJ per weight update", fmt_opt(e.pj_per_weight_update)},
         {"pJ per timestep", fmt_opt(e.pj_per_timestep, "{:.1f}")},
         {"pJ per learning timestep", fmt_opt(e.pj_per_learning_timestep, "{:.1f}")},
         {"nJ per trial", e.pj_per_trial ? fmt::format("{:.1f}", *e.pj_per_trial / 1000.0) : "n/a"},
         {"learning share of the core energy", e.learning_energy_share ? fmt::format("{:.1f} %", 100.0 * *e.learning_energy_share) : "n/a"},
         {"synaptic operations per trial", std::to_string(e.events.synaptic_events / std::max<std::uint64_t>(e.events.trials, 1))},
         {"weight updates per batch", std::to_string(e.events.weight_updates)}});
  p(fmt::format("Cross-check with analytic counts (`model/energy/analytic_core.h`: the access table of "
                "`docs/microarchitecture.md` section 6 on the activity above, not simulated): {} pJ per SOP, {} pJ per weight "
                "update, {} nJ per trial.",
                fmt_opt(r.analytic_energy.pj_per_sop), fmt_opt(r.analytic_energy.pj_per_weight_update),
                r.analytic_energy.pj_per_trial ? fmt::format("{:.1f}", *r.analytic_energy.pj_per_trial / 1000.0) : "n/a"));
  std::vector<std::vector<std::string>> et{{"category", "nJ per trial", "share"}};
  for (Category c : energy::kAllCategories) {
    const double pj = e.category_pj[energy::index_of(c)];
    et.push_back({std::string(energy::category_name(c)), fmt::format("{:.2f}", per(pj, e.events.trials) / 1000.0),
                  fmt::format("{:.1f} %", e.total_pj > 0 ? 100.0 * pj / e.total_pj : 0.0)});
  }
  table(et);
  img("plots/energy_breakdown.png", "Energy per trial by category");

  h("## Memory");
  const energy::MemoryReport& mem = e.memory;
  p(fmt::format("Weights {} bits per synapse; learning state {} bits per synapse and {} bits per neuron; learning memory {} bits "
                "= {} of the inference memory ({} bits). Total {}.",
                fmt_opt(mem.weight_bits_per_synapse, "{:.1f}"), fmt_opt(mem.learning_bits_per_synapse, "{:.1f}"),
                fmt_opt(mem.learning_bits_per_neuron, "{:.1f}"), mem.learning_bits,
                mem.learning_overhead ? fmt::format("{:.1f} %", 100.0 * *mem.learning_overhead) : "n/a", mem.inference_bits,
                format_bytes(static_cast<double>(mem.capacity_bits) / 8.0)));
  std::vector<std::vector<std::string>> mt{{"memory", "kind", "words x bits", "size"}};
  for (const energy::MemoryEntry& me : mem.memories) {
    mt.push_back({me.name, std::string(energy::kind_name(me.kind)), fmt::format("{} x {}", me.words, me.word_bits),
                  format_bytes(static_cast<double>(me.capacity_bits) / 8.0)});
  }
  table(mt);
  img("plots/memory_breakdown.png", "Memory by variable (bytes), inference vs learning state");

  h("## Files");
  p("`metrics.json` (every figure above), `learning_curves.csv`, `cycles_per_phase.csv`, `energy_breakdown.csv`, `memory.csv`, "
    "`systemc_cycles_per_phase.csv`, `activity.csv` (per step of the cross-check trial), `readout.csv`, `spikes_*.npy`, "
    "`energy.json` and `energy.txt` (the full estimate), `counts.json` (the SystemC model's action counts: `fxprop energy --counts counts.json` re-prices them, e.g. at another "
    "node), `config_used.toml` (rerun with `fxprop run --config config_used.toml`), `float/`, `fixed/`.");
  out.write_text("report.md", to_markdown(b));
  out.write_text("report.html", to_html(b));
}

}  // namespace fxprop::cli
