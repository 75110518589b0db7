// The co-simulation loop of `fxprop cosim` for one verilated RTL configuration (Dut = its
// generated class). Included by one translation unit per configuration.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "model/fixed/host_io.h"
#include "model/fixed/variables.h"
#include "testbenches/rtl/core/core_driver.h"
#include "testbenches/rtl/core/cycle_model.h"
#include "tools/fxprop/cosim/cosim.h"

namespace fxprop::cosim {

namespace detail {

using fxref::cpp_int;

struct Mismatch {
  long step = -1;       // global step of the command (-1: before the first step)
  std::string where;    // command and position in the run
  std::string phase;    // the phase that writes the variable
  std::string variable;
  std::size_t index = 0;
  std::string rtl, model;
};

// The phase of `command` that writes `variable` (docs/microarchitecture.md section 6).
inline std::string phase_of(const std::string& command, const std::string& variable) {
  if (command == "CLEAR") return variable == "ebar" || variable == "eps_a" ? "clr_s" : "clr_n";
  if (command == "CLRACC") return variable == "grad_acc_out" ? "clracc_o" : "clracc_s";
  if (command == "APPLY") return variable == "w_out" || variable == "grad_acc_out" ? "apply_o" : "apply_s";
  static const std::pair<const char*, const char*> table[] = {
      {"zbar_in", "trace_in"}, {"i_syn", "integ"},     {"v", "neuron"},       {"a", "neuron"},    {"r", "neuron"},
      {"z", "neuron"},         {"psi", "neuron"},      {"zbar_rec", "neuron"}, {"zbar_out", "neuron"},
      {"y", "readout"},        {"err", "readout"},     {"l", "lsig"},          {"lpsi", "lsig"},   {"ebar", "syn"},
      {"eps_a", "syn"},        {"w_in", "syn"},        {"w_rec", "syn"},       {"grad_acc", "syn"}, {"w_out", "out"},
      {"grad_acc_out", "out"}, {"b", "(host)"},        {"ystar", "(host)"}};
  for (const auto& [v, p] : table) {
    if (variable == v) return p;
  }
  if (variable.rfind("lfsr.", 0) == 0) return phase_of(command, variable.substr(5));
  return "?";
}

template <class V>
bool first_difference(const std::string& name, const V& rtl, const V& model, Mismatch& m) {
  const std::size_t n = std::max(rtl.size(), model.size());
  for (std::size_t i = 0; i < n; ++i) {
    const bool in_r = i < rtl.size(), in_m = i < model.size();
    if (in_r && in_m && rtl[i] == model[i]) continue;
    std::ostringstream r, mo;
    if (in_r) r << rtl[i]; else r << "(none)";
    if (in_m) mo << model[i]; else mo << "(none)";
    m.variable = name;
    m.index = i;
    m.rtl = r.str();
    m.model = mo.str();
    return true;
  }
  return false;
}

// Every variable, in phase order; the first difference. The memories the configured
// variant never touches (both sides hold 0: not read) are skipped.
inline bool compare_state(const fxref::Config& rc, const fxref::State& rtl, const fxref::State& model, bool synapses, Mismatch& m,
                          long& compared) {
  const auto both = [&](const char* name, const auto& r, const auto& mo) {
    compared += static_cast<long>(mo.size());
    return first_difference(name, r, mo, m);
  };
  if (both("zbar_in", rtl.zbar_in, model.zbar_in) || both("i_syn", rtl.isyn, model.isyn) || both("v", rtl.v, model.v) ||
      both("a", rtl.a, model.a) || both("r", rtl.r, model.r) || both("z", rtl.z, model.z) || both("psi", rtl.psi, model.psi) ||
      both("zbar_rec", rtl.zbar_rec, model.zbar_rec) || both("zbar_out", rtl.zbar_out, model.zbar_out) ||
      both("y", rtl.y, model.y) || both("err", rtl.err, model.err) || both("l", rtl.l, model.l) ||
      both("lpsi", rtl.lpsi, model.lpsi)) {
    return true;
  }
  if (!synapses) return false;
  return (rc.exact && (both("ebar", rtl.ebar, model.ebar) || both("eps_a", rtl.eps_a, model.eps_a))) ||
         both("w_in", rtl.w_in, model.w_in) || both("w_rec", rtl.w_rec, model.w_rec) ||
         (rc.per_trial && both("grad_acc", rtl.acc, model.acc)) || both("w_out", rtl.w_out, model.w_out) ||
         (rc.per_trial && both("grad_acc_out", rtl.acc_out, model.acc_out)) || both("b", rtl.b, model.b);
}

// The model variable a fault flips.
inline std::int64_t* fault_target(fixed::Core& core, const Fault& f) {
  fixed::NeuronState& ns = core.neurons();
  fixed::SynapseState& syn = core.synapses();
  std::int64_t* p = nullptr;
  std::size_t n = 0;
  const auto vec = [&](std::vector<std::int64_t>& v) {
    p = v.data();
    n = v.size();
  };
  const auto mat = [&](Matrix<std::int64_t>& m) {
    p = m.data();
    n = m.size();
  };
  const std::string& v = f.variable;
  if (v == "i_syn") vec(ns.i_syn);
  else if (v == "v") vec(ns.v);
  else if (v == "a") vec(ns.a);
  else if (v == "psi") vec(ns.psi);
  else if (v == "zbar_in") vec(ns.zbar_in);
  else if (v == "zbar_rec") vec(ns.zbar_rec);
  else if (v == "zbar_out") vec(ns.zbar_out);
  else if (v == "l") vec(ns.l);
  else if (v == "lpsi") vec(ns.lpsi);
  else if (v == "y") vec(ns.y);
  else if (v == "err") vec(ns.err);
  else if (v == "w_in") mat(syn.w_in);
  else if (v == "w_rec") mat(syn.w_rec);
  else if (v == "w_out") mat(syn.w_out);
  if (p == nullptr) throw std::invalid_argument("--inject-fault: unknown variable '" + v + "'");
  if (f.index < 0 || static_cast<std::size_t>(f.index) >= n) {
    throw std::invalid_argument(fmt::format("--inject-fault: index {} of {} is out of range (0..{})", f.index, v, n - 1));
  }
  return p + f.index;
}

struct PhaseDeviation {
  long max = 0;
  double sum = 0.0;
  long n = 0;
};

struct RunResult {
  bool mismatch = false;
  Mismatch first;
  long steps = 0, trials = 0, commands = 0, compared = 0;
  std::array<PhaseDeviation, fxtb::kPhases> dev{};
  std::array<std::uint64_t, fxtb::kPhases> rtl_phase_cycles{};
  bool cycles_out_of_bounds = false;
  std::string cycle_note;
  std::uint64_t busy_cycles = 0, sim_cycles = 0;
  double seconds = 0.0;
};

inline int count_nonzero(const std::vector<cpp_int>& v) {
  return static_cast<int>(std::count_if(v.begin(), v.end(), [](const cpp_int& x) { return x != 0; }));
}

// One pass. replay_until >= 0: RTL only (no model, no comparison), dumping the VCD from
// step dump_from, stopping after step replay_until.
template <class Dut>
RunResult simulate(const Setup& s, const Options& opt, const std::string& vcd, long dump_from, long replay_until) {
  const bool replay = replay_until >= 0;
  const fxref::Config& rc = s.rtl_cfg;
  fxtb::CoreDriver<Dut> drv(vcd);
  drv.set_dumping(false);
  fxref::ModelCore model(rc, *s.core);
  const fxtb::Sizes sizes{rc.n_in, rc.n_rec, rc.n_out, drv.lanes()};
  std::array<uint32_t, fxref::kNSites> seeds{};
  for (int i = 0; i < fxref::kNSites; ++i) seeds[static_cast<std::size_t>(i)] = model.lfsr(i);
  std::int64_t* fault = opt.fault && !replay ? fault_target(model.core(), *opt.fault) : nullptr;

  RunResult r;
  drv.configure(rc, seeds);
  {
    const fxref::State w = model.state(true);
    drv.load_weights(rc, w);
  }
  const auto t0 = std::chrono::steady_clock::now();
  const std::uint64_t sim0 = drv.cycles();

  long step = -1;  // global index of the last step run
  // After a command: cycles per phase against the formulas, then state and streams.
  const auto check = [&](const char* command, const std::string& where, const fxtb::CmdCycles& c,
                         const fxtb::PhaseCycles& formula, bool synapses) {
    ++r.commands;
    r.busy_cycles += c.total;
    for (int p = 1; p < fxtb::kPhases; ++p) {
      const auto u = static_cast<std::size_t>(p);
      r.rtl_phase_cycles[u] += c.phase[u];
      if (c.phase[u] == 0 && formula[u] == 0) continue;
      const long d = std::labs(static_cast<long>(c.phase[u]) - static_cast<long>(formula[u]));
      PhaseDeviation& pd = r.dev[u];
      pd.max = std::max(pd.max, d);
      pd.sum += d;
      ++pd.n;
    }
    const long total_dev = std::labs(static_cast<long>(c.total) - static_cast<long>(fxtb::total(formula)));
    if (static_cast<double>(total_dev) > 0.02 * static_cast<double>(c.total) && !r.cycles_out_of_bounds) {
      r.cycles_out_of_bounds = true;
      r.cycle_note = fmt::format("{}: RTL {} cycles, cycle model {} (more than 2 % apart)", where, c.total, fxtb::total(formula));
    }
    if (replay || r.mismatch) return;
    Mismatch m;
    // Neuron and output state over the host bus; the synaptic memories directly (same
    // values, no bus cycles: rtl/fxprop_cosim.vlt).
    fxref::State rs = drv.read_state(rc, false, true);
    if (synapses) drv.read_synapses_direct(rc, rs, true);
    if (compare_state(rc, rs, model.state(synapses), synapses, m, r.compared)) {
      m.step = step;
      m.where = where;
      m.phase = phase_of(command, m.variable);
      r.mismatch = true;
      r.first = m;
      return;
    }
    const auto lf = drv.lfsr_states();
    for (int i = 0; i < fxref::kNSites; ++i) {
      if (drv.fmts()[i].rnd != fxref::kStoch) continue;
      ++r.compared;
      const uint32_t got = lf[static_cast<std::size_t>(i)], want = model.lfsr(i);
      if (got == want) continue;
      m.step = step;
      m.where = where;
      m.variable = std::string("lfsr.") + fixed::key(static_cast<fixed::Site>(i));
      m.phase = phase_of(command, fixed::key(static_cast<fixed::Site>(i)));
      m.rtl = std::to_string(got);
      m.model = std::to_string(want);
      r.mismatch = true;
      r.first = m;
      return;
    }
  };

  const long total_steps = opt.steps;
  fxtb::CmdCycles c = drv.run(fxtb::map::kClrAcc);
  model.clear_acc();
  check("CLRACC", "CLRACC before the first trial", c, fxtb::clracc_cycles(sizes), true);

  tasks::Trial trial;
  fixed::CoreTrial ct;
  const fxp::Format& fy = s.fx.format(fixed::Site::y);
  const int batch = std::max(1, s.cfg.train.batch);
  for (long tr = 0; step + 1 < total_steps && !r.mismatch; ++tr) {
    s.task->generate(tasks::TrialSet::kTrain, s.task->frozen() ? 0 : static_cast<std::uint64_t>(tr), trial);
    fixed::load_trial(trial, fy, ct);
    c = drv.run(fxtb::map::kClear);
    if (!replay) model.clear();
    check("CLEAR", fmt::format("CLEAR before trial {}", tr), c, fxtb::clear_cycles(sizes, rc.exact), false);
    ++r.trials;
    std::vector<int> x(static_cast<std::size_t>(rc.n_in));
    std::vector<cpp_int> ystar(static_cast<std::size_t>(rc.n_out));
    for (std::size_t t = 0; t < ct.x.rows() && step + 1 < total_steps && !r.mismatch; ++t) {
      ++step;
      if (replay && step > replay_until) return r;
      for (std::size_t i = 0; i < x.size(); ++i) x[i] = ct.x(t, i);
      for (std::size_t k = 0; k < ystar.size(); ++k) ystar[k] = ct.ystar_q(t, k);
      const bool mask = ct.mask[t] != 0;
      drv.set_inputs(x, ystar, mask);
      fxtb::StepEvents ev;
      ev.n_x = static_cast<int>(std::count(x.begin(), x.end(), 1));
      ev.mask = mask;
      if (!replay) {
        const fixed::NeuronState& ns = model.core().neurons();
        ev.n_z_prev = static_cast<int>(std::count(ns.z.begin(), ns.z.end(), 1));
      }
      drv.set_dumping(!vcd.empty() && step >= dump_from);
      c = drv.run(fxtb::map::kStep);
      ++r.steps;
      if (!replay) {
        model.step(x, ystar, mask);
        if (fault != nullptr && step == opt.fault->step) *fault ^= 1;  // the injected fault: one LSB
        const fxref::State ms = model.state(false);
        ev.n_z = static_cast<int>(std::count(ms.z.begin(), ms.z.end(), 1));
        ev.n_zbar_nz = count_nonzero(ms.zbar_in) + count_nonzero(ms.zbar_rec);
        ev.n_zbar_out_nz = count_nonzero(ms.zbar_out);
      }
      check("STEP", fmt::format("STEP {} (trial {}, step {} of the trial)", step, tr, t), c,
            replay ? c.phase : fxtb::step_cycles(sizes, ev, rc.exact), true);
    }
    if (rc.per_trial && (tr + 1) % batch == 0 && !r.mismatch) {
      c = drv.run(fxtb::map::kApply);
      if (!replay) model.apply();
      check("APPLY", fmt::format("APPLY after trial {}", tr), c, fxtb::apply_cycles(sizes), true);
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.sim_cycles = drv.cycles() - sim0;
  return r;
}

template <class Dut>
class RtlConfigT final : public RtlConfig {
 public:
  explicit RtlConfigT(const char* name) : name_(name) {}
  const char* name() const override { return name_; }

  std::string mismatch(const Setup& s) const override {
    fxtb::CoreDriver<Dut> drv;
    const fxref::Fmts& fm = drv.fmts();
    for (int i = 0; i < fixed::kSiteCount; ++i) {
      const auto site = static_cast<fixed::Site>(i);
      const fxp::Spec rtl = fxref::spec(fm[i]);
      if (rtl == s.fx.spec(site)) continue;
      return fmt::format("fixed.formats.{} = \"{}\" differs from RTL configuration '{}' (\"{}\")", fixed::key(site),
                         s.fx.spec(site).str(), name_, rtl.str());
    }
    const std::pair<fixed::HostValue, int> hosts[] = {
        {fixed::HostValue::b, fxref::kB},         {fixed::HostValue::alpha, fxref::kAlpha},
        {fixed::HostValue::rho, fxref::kRho},     {fixed::HostValue::kappa, fxref::kKappa},
        {fixed::HostValue::thr, fxref::kThr},     {fixed::HostValue::beta, fxref::kBeta},
        {fixed::HostValue::psi_peak, fxref::kPsiPeak}, {fixed::HostValue::inv_thr, fxref::kInvThr}};
    for (const auto& [hv, idx] : hosts) {
      const fxp::Format rtl = fxref::format(fm[idx]);
      if (rtl == s.fx.format(hv)) continue;
      return fmt::format("fixed.formats.{} = \"{}\" differs from RTL configuration '{}' (\"{}\")", fixed::key(hv),
                         s.fx.format(hv).str(), name_, rtl.str());
    }
    const std::pair<const char*, std::pair<long, uint32_t>> hw[] = {
        {"lanes", {s.hw.lanes, fxtb::map::kLanes}},         {"n_in_max", {s.hw.n_in_max, fxtb::map::kNInMax}},
        {"n_rec_max", {s.hw.n_rec_max, fxtb::map::kNRecMax}}, {"n_out_max", {s.hw.n_out_max, fxtb::map::kNOutMax}},
        {"n_ref_max", {s.hw.n_ref_max, fxtb::map::kNRefMax}}, {"lr_shift_max", {s.hw.lr_shift_max, fxtb::map::kLrShiftMax}}};
    for (const auto& [field, v] : hw) {
      const long rtl = static_cast<long>(drv.csr(v.second));
      if (rtl == v.first) continue;
      return fmt::format("hardware.{} = {} differs from RTL configuration '{}' ({})", field, v.first, name_, rtl);
    }
    const fxref::Config& rc = s.rtl_cfg;
    const auto limit = [&](const char* field, long value, uint32_t csr, const char* param) -> std::string {
      const long max = static_cast<long>(drv.csr(csr));
      if (value <= max) return "";
      return fmt::format("{} = {} exceeds RTL configuration '{}' ({} = {})", field, value, name_, param, max);
    };
    for (const std::string& e :
         {limit("network.n_in", rc.n_in, fxtb::map::kNInMax, "NInMax"), limit("network.n_rec", rc.n_rec, fxtb::map::kNRecMax, "NRecMax"),
          limit("network.n_out", rc.n_out, fxtb::map::kNOutMax, "NOutMax"), limit("network.n_ref", rc.n_ref, fxtb::map::kNRefMax, "NRefMax"),
          limit("optimizer.lr (as lr_shift = -log2 lr)", rc.lr_shift, fxtb::map::kLrShiftMax, "LrShiftMax")}) {
      if (!e.empty()) return e;
    }
    return "";
  }

  int run(const Setup& s, const Options& opt) const override {
    const RunResult r = simulate<Dut>(s, opt, "", 0, -1);
    report(s, r);
    if (!r.mismatch) return r.cycles_out_of_bounds ? 1 : 0;
    const Mismatch& m = r.first;
    std::printf("fxprop cosim: MISMATCH at step %ld, %s, phase %s: %s[%zu] rtl = %s, model = %s\n", m.step, m.where.c_str(),
                m.phase.c_str(), m.variable.c_str(), m.index, m.rtl.c_str(), m.model.c_str());
    if (!opt.vcd.empty()) {
      // The RTL is deterministic in its inputs: replay it with the VCD on around the step.
      const long first = std::max(0L, m.step - 2);
      simulate<Dut>(s, opt, opt.vcd, first, std::max(0L, m.step));
      std::printf("fxprop cosim: VCD of the RTL over steps %ld..%ld in %s\n", first, std::max(0L, m.step), opt.vcd.c_str());
    } else {
      std::printf("fxprop cosim: rerun with --vcd FILE for a VCD of the RTL around the mismatch\n");
    }
    return 1;
  }

 private:
  void report(const Setup& s, const RunResult& r) const {
    std::printf("fxprop cosim: RTL configuration '%s', task %s, %ld steps in %ld trials, %ld commands\n", name_,
                tasks::task_name_string(s.cfg.task.name), r.steps, r.trials, r.commands);
    if (!r.mismatch) {
      std::printf("fxprop cosim: bit-exact: %ld values compared (state after every command and LFSR states), 0 mismatches\n",
                  r.compared);
    }
    std::printf("fxprop cosim: cycle model (docs/microarchitecture.md section 7) vs RTL per phase: |deviation| max / mean "
                "over commands, RTL cycles in the phase\n");
    for (int p = 1; p < fxtb::kPhases; ++p) {
      const PhaseDeviation& d = r.dev[static_cast<std::size_t>(p)];
      if (d.n == 0) continue;
      std::printf("  %-9s max %ld  mean %.4f  (%ld commands, %llu RTL cycles)\n", fxtb::map::phase_name(p), d.max,
                  d.sum / static_cast<double>(d.n), d.n,
                  static_cast<unsigned long long>(r.rtl_phase_cycles[static_cast<std::size_t>(p)]));
    }
    if (r.cycles_out_of_bounds) std::printf("fxprop cosim: CYCLES %s\n", r.cycle_note.c_str());
    std::printf("fxprop cosim: RTL %llu busy cycles, %llu simulated cycles (with host bus and read-back) in %.2f s = %.0f "
                "cycles/s\n",
                static_cast<unsigned long long>(r.busy_cycles), static_cast<unsigned long long>(r.sim_cycles), r.seconds,
                r.seconds > 0 ? static_cast<double>(r.sim_cycles) / r.seconds : 0.0);
  }

  const char* name_;
};

}  // namespace detail

}  // namespace fxprop::cosim
