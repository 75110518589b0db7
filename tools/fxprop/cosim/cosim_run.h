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
#include "model/systemc/controller.h"
#include "model/systemc/phases.h"
#include "model/systemc/simulate.h"
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

// The fault: the LSB of one variable of the model's state flipped (two's complement).
inline void inject(fxref::State& st, const Fault& f) {
  std::vector<cpp_int>* v = nullptr;
  const std::string& n = f.variable;
  if (n == "i_syn") v = &st.isyn;
  else if (n == "v") v = &st.v;
  else if (n == "a") v = &st.a;
  else if (n == "psi") v = &st.psi;
  else if (n == "zbar_in") v = &st.zbar_in;
  else if (n == "zbar_rec") v = &st.zbar_rec;
  else if (n == "zbar_out") v = &st.zbar_out;
  else if (n == "l") v = &st.l;
  else if (n == "lpsi") v = &st.lpsi;
  else if (n == "y") v = &st.y;
  else if (n == "err") v = &st.err;
  else if (n == "w_in") v = &st.w_in;
  else if (n == "w_rec") v = &st.w_rec;
  else if (n == "w_out") v = &st.w_out;
  if (v == nullptr) throw std::invalid_argument("--inject-fault: unknown variable '" + n + "'");
  if (f.index < 0 || static_cast<std::size_t>(f.index) >= v->size()) {
    throw std::invalid_argument(fmt::format("--inject-fault: index {} of {} is out of range (0..{})", f.index, n, v->size() - 1));
  }
  cpp_int& x = (*v)[static_cast<std::size_t>(f.index)];
  x += (x % 2 != 0) ? -1 : 1;
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


// Ends the SystemC simulation from inside its per-step hook.
struct StopSimulation {};

// The RTL side of the lock step: the driver, the trial being run, the comparison.
template <class Dut>
class RtlSide {
 public:
  RtlSide(const Setup& s, const std::string& vcd)
      : s_(s), rc_(s.rtl_cfg), drv_(vcd), sizes_{rc_.n_in, rc_.n_rec, rc_.n_out, 0} {
    drv_.set_dumping(false);
    sizes_.lanes = drv_.lanes();
    const fixed::Core& core = *s.core;
    std::array<uint32_t, fxref::kNSites> seeds{};
    for (int i = 0; i < fxref::kNSites; ++i) seeds[static_cast<std::size_t>(i)] = core.sites().lfsr(static_cast<fixed::Site>(i)).state();
    const fixed::SynapseState& syn = core.synapses();
    b_ = rc_.fb_random ? std::vector<cpp_int>(syn.b.data(), syn.b.data() + syn.b.size())
                       : std::vector<cpp_int>(static_cast<std::size_t>(rc_.n_rec * rc_.n_out), 0);
    drv_.configure(rc_, seeds);
    drv_.load_weights(rc_, fxref::snapshot(core, rc_, b_, {}, true));
    t0_ = std::chrono::steady_clock::now();
    sim0_ = drv_.cycles();
    // CLRACC, checked against the initial model (weights loaded, accumulators 0).
    const fxtb::CmdCycles c = drv_.run(fxtb::map::kClrAcc);
    command("CLRACC", "CLRACC before the first trial", c, fxtb::clracc_cycles(sizes_));
    compare("CLRACC", "CLRACC before the first trial", -1, fxref::snapshot(core, rc_, b_, {}, true), core);
  }

  // Before timestep `step`: APPLY at the end of a batch, CLEAR and the next trial at its start.
  // Returns the inputs of the step.
  void begin_step(long step) {
    if (t_ == trial_.steps()) {
      if (tr_ >= 0 && rc_.per_trial && (tr_ + 1) % std::max(1, s_.cfg.train.batch) == 0) {
        const fxtb::CmdCycles c = drv_.run(fxtb::map::kApply);
        command("APPLY", fmt::format("APPLY after trial {}", tr_), c, fxtb::apply_cycles(sizes_));
      }
      ++tr_;
      s_.task->generate(tasks::TrialSet::kTrain, s_.task->frozen() ? 0 : static_cast<std::uint64_t>(tr_), trial_);
      fixed::load_trial(trial_, s_.fx.format(fixed::Site::y), ct_);
      t_ = 0;
      const fxtb::CmdCycles c = drv_.run(fxtb::map::kClear);
      command("CLEAR", fmt::format("CLEAR before trial {}", tr_), c, fxtb::clear_cycles(sizes_, rc_.exact));
      ++r.trials;
    }
    x_.assign(static_cast<std::size_t>(rc_.n_in), 0);
    ystar_.assign(static_cast<std::size_t>(rc_.n_out), 0);
    for (std::size_t i = 0; i < x_.size(); ++i) x_[i] = ct_.x(t_, i);
    for (std::size_t k = 0; k < ystar_.size(); ++k) ystar_[k] = ct_.ystar_q(t_, k);
    mask_ = ct_.mask[t_] != 0;
    drv_.set_inputs(x_, ystar_, mask_);
    step_ = step;
  }
  // The STEP on the RTL.
  fxtb::CmdCycles run_step(bool dump) {
    drv_.set_dumping(dump);
    const fxtb::CmdCycles c = drv_.run(fxtb::map::kStep);
    drv_.set_dumping(false);
    ++t_;
    ++r.steps;
    return c;
  }
  std::string where() const { return fmt::format("STEP {} (trial {}, step {} of the trial)", step_, tr_, t_ - 1); }
  const std::vector<int>& x() const { return x_; }
  bool mask() const { return mask_; }
  const std::vector<cpp_int>& b() const { return b_; }
  const std::vector<cpp_int>& ystar() const { return ystar_; }

  // Cycles of a command against a reference (the SystemC model's per-phase cycles for
  // STEP, the documented formulas for CLEAR, CLRACC and APPLY).
  void command(const char*, const std::string& where, const fxtb::CmdCycles& c, const fxtb::PhaseCycles& ref) {
    ++r.commands;
    r.busy_cycles += c.total;
    for (int p = 1; p < fxtb::kPhases; ++p) {
      const auto u = static_cast<std::size_t>(p);
      r.rtl_phase_cycles[u] += c.phase[u];
      if (c.phase[u] == 0 && ref[u] == 0) continue;
      const long d = std::labs(static_cast<long>(c.phase[u]) - static_cast<long>(ref[u]));
      PhaseDeviation& pd = r.dev[u];
      pd.max = std::max(pd.max, d);
      pd.sum += d;
      ++pd.n;
    }
    const long total_dev = std::labs(static_cast<long>(c.total) - static_cast<long>(fxtb::total(ref)));
    if (static_cast<double>(total_dev) > 0.02 * static_cast<double>(c.total) && !r.cycles_out_of_bounds) {
      r.cycles_out_of_bounds = true;
      r.cycle_note = fmt::format("{}: RTL {} cycles, reference {} (more than 2 % apart)", where, c.total, fxtb::total(ref));
    }
  }

  // State and LFSR streams against the model after a command; records the first mismatch.
  bool compare(const char* command_name, const std::string& where, long step, const fxref::State& model,
               const fixed::Core& core) {
    Mismatch m;
    fxref::State rs = drv_.read_state(rc_, false, true);
    drv_.read_synapses_direct(rc_, rs, true);
    bool bad = compare_state(rc_, rs, model, true, m, r.compared);
    if (!bad) {
      const auto lf = drv_.lfsr_states();
      for (int i = 0; i < fxref::kNSites && !bad; ++i) {
        if (drv_.fmts()[i].rnd != fxref::kStoch) continue;
        ++r.compared;
        const uint32_t got = lf[static_cast<std::size_t>(i)], want = core.sites().lfsr(static_cast<fixed::Site>(i)).state();
        if (got == want) continue;
        m.variable = std::string("lfsr.") + fixed::key(static_cast<fixed::Site>(i));
        m.rtl = std::to_string(got);
        m.model = std::to_string(want);
        bad = true;
      }
    }
    if (!bad) return true;
    m.step = step;
    m.where = where;
    m.phase = phase_of(command_name, m.variable.rfind("lfsr.", 0) == 0 ? m.variable.substr(5) : m.variable);
    r.mismatch = true;
    r.first = m;
    return false;
  }

  void finish() {
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    r.sim_cycles = drv_.cycles() - sim0_;
  }

  RunResult r;

 private:
  const Setup& s_;
  const fxref::Config& rc_;
  fxtb::CoreDriver<Dut> drv_;
  fxtb::Sizes sizes_;
  std::vector<cpp_int> b_;
  tasks::Trial trial_;
  fixed::CoreTrial ct_;
  long tr_ = -1;
  std::size_t t_ = 0;
  long step_ = -1;
  std::vector<int> x_;
  std::vector<cpp_int> ystar_;
  bool mask_ = false;
  std::chrono::steady_clock::time_point t0_;
  std::uint64_t sim0_ = 0;
};

// The lock step: the SystemC model trains the configured task (systemc::simulate); after
// each of its timesteps the RTL runs the same STEP (preceded by APPLY / CLEAR at batch and
// trial boundaries) and is compared.
template <class Dut>
RunResult cosimulate(const Setup& s, const Options& opt) {
  RtlSide<Dut> rtl(s, "");
  if (rtl.r.mismatch) {
    rtl.finish();
    return rtl.r;
  }
  const long steps = opt.steps;
  const long trial_steps = std::max<long>(1, s.cfg.task.steps);
  systemc::SimulateOptions so;
  so.trials = (steps + trial_steps - 1) / trial_steps;
  so.on_step = [&](const systemc::StepView& v) {
    const long step = static_cast<long>(v.timestep);
    if (!v.learn) throw std::runtime_error("cosim: the SystemC model ran a non-learning (validation) step; set train.stop_below_error = 0");
    rtl.begin_step(step);
    for (std::size_t i = 0; i < rtl.x().size(); ++i) {
      if (rtl.x()[i] != v.x[i]) throw std::runtime_error(fmt::format("cosim: step {}: the RTL's input {} differs from the model's", step, i));
    }
    if (rtl.mask() != v.mask) throw std::runtime_error(fmt::format("cosim: step {}: loss masks differ", step));
    const fxtb::CmdCycles c = rtl.run_step(false);
    fxtb::PhaseCycles ref{};
    for (systemc::RtlPhase p : systemc::kAllRtlPhases) {
      ref[static_cast<std::size_t>(p)] = static_cast<uint32_t>(v.phase_cycles[systemc::slot(p)]);
    }
    const std::string where = rtl.where();
    rtl.command("STEP", where, c, ref);
    fxref::State model = fxref::snapshot(*v.core, s.rtl_cfg, rtl.b(), rtl.ystar(), true);
    if (opt.fault && step == opt.fault->step) inject(model, *opt.fault);
    if (!rtl.compare("STEP", where, step, model, *v.core) || step + 1 >= steps) throw StopSimulation{};
  };
  try {
    systemc::simulate(*s.doc, so);
  } catch (const StopSimulation&) {
  }
  rtl.finish();
  return rtl.r;
}

// The RTL alone, replayed from the start on the same inputs (it is deterministic in them),
// with the VCD on from step dump_from through step until.
template <class Dut>
void replay_with_vcd(const Setup& s, const std::string& vcd, long dump_from, long until) {
  RtlSide<Dut> rtl(s, vcd);
  for (long step = 0; step <= until; ++step) {
    rtl.begin_step(step);
    rtl.run_step(step >= dump_from);
  }
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
    if (opt.fault) {  // the fault names a variable that exists
      fxref::State probe = fxref::snapshot(*s.core, s.rtl_cfg, {}, {}, true);
      inject(probe, *opt.fault);
    }
    const RunResult r = cosimulate<Dut>(s, opt);
    report(s, r);
    if (!r.mismatch) return r.cycles_out_of_bounds ? 1 : 0;
    const Mismatch& m = r.first;
    std::printf("fxprop cosim: MISMATCH at step %ld, %s, phase %s: %s[%zu] rtl = %s, model = %s\n", m.step, m.where.c_str(),
                m.phase.c_str(), m.variable.c_str(), m.index, m.rtl.c_str(), m.model.c_str());
    if (!opt.vcd.empty()) {
      // The RTL is deterministic in its inputs: replay it with the VCD on around the step.
      const long first = std::max(0L, m.step - 2);
      replay_with_vcd<Dut>(s, opt.vcd, first, std::max(0L, m.step));
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
    std::printf("fxprop cosim: cycles per phase, RTL vs the SystemC model (STEP phases) and the cycle formulas of "
                "docs/microarchitecture.md (CLEAR, CLRACC, APPLY): |deviation| max / mean over commands, RTL cycles\n");
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
