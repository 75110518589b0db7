// Copyright fxprop contributors.
//
// fxprop_rtl_run: runs the verilated fxprop_core on a scenario (generated, or read from a
// JSON file), one timestep at a time through the host bus, and
//   --dump FILE   writes one JSON line per step: cycles per phase and the read-back state;
//   --vcd FILE    writes a VCD (binary built against the trace-enabled library only);
//   --check       runs the fixed-point model (fixed::Core, through
//                 testbenches/rtl/common/core_model.h) in lock step and compares every
//                 variable, every LFSR stream and the cycle counters (docs/microarchitecture.md
//                 formulas) after every command; exit 1 on a mismatch.
// It reports the RTL cycles simulated per wall-clock second.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include FXPROP_VCORE_HEADER
#include "testbenches/rtl/core/core_driver.h"
#include "testbenches/rtl/core/cycle_model.h"
#include "testbenches/rtl/core/scenario.h"

namespace {

using fxtb::cpp_int;

struct Checker {
  long checks = 0, fails = 0;
  std::string where;

  void eq(bool ok, const std::string& what) {
    ++checks;
    if (!ok && fails++ < 30) std::printf("MISMATCH %s: %s\n", where.c_str(), what.c_str());
  }
  template <typename T>
  void vec(const char* name, const std::vector<T>& rtl, const std::vector<T>& ref) {
    if (rtl.size() != ref.size()) {
      eq(false, std::string(name) + " size");
      return;
    }
    for (std::size_t i = 0; i < rtl.size(); ++i) {
      if (rtl[i] == ref[i]) {
        ++checks;
        continue;
      }
      std::ostringstream os;
      os << name << "[" << i << "] rtl=" << rtl[i] << " ref=" << ref[i];
      eq(false, os.str());
    }
  }
  void state(const fxref::State& rtl, const fxref::State& ref, bool synapses) {
    vec("i_syn", rtl.isyn, ref.isyn);
    vec("v", rtl.v, ref.v);
    vec("a", rtl.a, ref.a);
    vec("r", rtl.r, ref.r);
    vec("z", rtl.z, ref.z);
    vec("psi", rtl.psi, ref.psi);
    vec("zbar_in", rtl.zbar_in, ref.zbar_in);
    vec("zbar_rec", rtl.zbar_rec, ref.zbar_rec);
    vec("zbar_out", rtl.zbar_out, ref.zbar_out);
    vec("L", rtl.l, ref.l);
    vec("lpsi", rtl.lpsi, ref.lpsi);
    vec("y", rtl.y, ref.y);
    vec("err", rtl.err, ref.err);
    if (synapses) {
      vec("w_in", rtl.w_in, ref.w_in);
      vec("w_rec", rtl.w_rec, ref.w_rec);
      vec("w_out", rtl.w_out, ref.w_out);
      vec("ebar", rtl.ebar, ref.ebar);
      vec("eps_a", rtl.eps_a, ref.eps_a);
      vec("grad_acc", rtl.acc, ref.acc);
      vec("grad_acc_out", rtl.acc_out, ref.acc_out);
    }
  }
  void cycles(const fxtb::CmdCycles& rtl, const fxtb::PhaseCycles& model, uint64_t busy) {
    for (int p = 0; p < fxtb::kPhases; ++p) {
      const uint32_t got = rtl.phase[static_cast<std::size_t>(p)], want = model[static_cast<std::size_t>(p)];
      std::ostringstream os;
      os << "cycles of phase " << fxtb::map::phase_name(p) << " rtl=" << got << " formula=" << want;
      eq(got == want, os.str());
    }
    std::ostringstream os;
    os << "command cycles rtl=" << rtl.total << " formula=" << fxtb::total(model) << " busy=" << busy;
    eq(rtl.total == fxtb::total(model) && busy == rtl.total, os.str());
  }
};

nlohmann::json state_json(const fxref::State& s, bool synapses) {
  using fxtb::ints;
  nlohmann::json j = {{"i_syn", ints(s.isyn)}, {"v", ints(s.v)}, {"a", ints(s.a)}, {"r", s.r},
                      {"z", s.z}, {"psi", ints(s.psi)}, {"zbar_in", ints(s.zbar_in)},
                      {"zbar_rec", ints(s.zbar_rec)}, {"zbar_out", ints(s.zbar_out)},
                      {"L", ints(s.l)}, {"lpsi", ints(s.lpsi)}, {"y", ints(s.y)}, {"err", ints(s.err)}};
  if (synapses) {
    j["w_in"] = ints(s.w_in);
    j["w_rec"] = ints(s.w_rec);
    j["w_out"] = ints(s.w_out);
    j["ebar"] = ints(s.ebar);
    j["eps_a"] = ints(s.eps_a);
    j["grad_acc"] = ints(s.acc);
    j["grad_acc_out"] = ints(s.acc_out);
  }
  return j;
}

nlohmann::json cycles_json(const fxtb::CmdCycles& c) {
  nlohmann::json j = {{"total", c.total}};
  for (int p = 1; p < fxtb::kPhases; ++p)
    if (c.phase[static_cast<std::size_t>(p)] != 0) j[fxtb::map::phase_name(p)] = c.phase[static_cast<std::size_t>(p)];
  return j;
}

int count(const std::vector<int>& v) {
  int n = 0;
  for (int e : v) n += e != 0;
  return n;
}
int count_nz(const std::vector<cpp_int>& v) {
  int n = 0;
  for (const auto& e : v) n += e != 0;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Run the verilated fxprop_core on a scenario, one timestep at a time"};
  fxtb::GenParams g;
  std::string scenario_in, scenario_out, dump_path, vcd_path;
  bool check = false, dump_synapses = false;
  app.add_option("--scenario", scenario_in, "Scenario JSON (raw integers); default: generated");
  app.add_option("--save-scenario", scenario_out, "Write the scenario that was run as JSON");
  app.add_option("--dump", dump_path, "Per-step JSON lines: cycles per phase and state");
  app.add_flag("--dump-synapses", dump_synapses, "Include weights, eligibility, accumulators in --dump");
  app.add_option("--vcd", vcd_path, "Write a VCD (trace-enabled build only)");
  app.add_flag("--check", check, "Lock-step comparison with the exact reference after every command");
  app.add_option("--seed", g.seed, "Generator: seed");
  app.add_option("--n-in", g.n_in, "Generator: inputs");
  app.add_option("--n-rec", g.n_rec, "Generator: recurrent neurons");
  app.add_option("--n-out", g.n_out, "Generator: outputs");
  app.add_option("--trials", g.trials, "Generator: trials");
  app.add_option("--steps", g.steps, "Generator: steps per trial");
  app.add_option("--batch", g.batch, "Generator: trials per batch (per-trial schedule)");
  app.add_flag("--form-b", g.form_b, "Generator: neuron form b (no (1-alpha), refractoriness)");
  app.add_flag("--spike-ge", g.spike_ge, "Generator: spike test v >= A instead of v > A");
  app.add_flag("--exact", g.exact, "Generator: exact per-synapse eligibility (else factorised)");
  app.add_flag("--per-trial", g.per_trial, "Generator: accumulate gradients, apply per batch");
  app.add_flag("--fb-random", g.fb_random, "Generator: random feedback B (else B = W_out)");
  app.add_option("--alif-frac", g.alif_frac, "Generator: fraction of ALIF neurons");
  app.add_option("--p-in", g.p_in, "Generator: input spike probability");
  app.add_option("--p-mask", g.p_mask, "Generator: loss-mask probability");
  app.add_option("--lr-shift", g.lr_shift, "Generator: learning rate 2^-lr_shift");
  app.add_option("--n-ref", g.n_ref, "Generator: refractory steps (-1: 0 in form a, 3 in form b)");
  CLI11_PARSE(app, argc, argv);

  try {
    fxtb::CoreDriver<FXPROP_VCORE> drv(vcd_path);
    const fxref::Fmts& fm = drv.fmts();
    fxtb::Scenario sc;
    if (!scenario_in.empty()) {
      std::ifstream in(scenario_in);
      if (!in) throw std::runtime_error("cannot open " + scenario_in);
      sc = fxtb::from_json(nlohmann::json::parse(in));
    } else {
      sc = fxtb::generate(g, fm);
    }
    const fxref::Config& cfg = sc.cfg;
    if (cfg.n_in > drv.n_in_max() || cfg.n_rec > drv.n_rec_max() || cfg.n_out > drv.n_out_max())
      throw std::runtime_error("scenario sizes exceed this build's maxima");
    if (!scenario_out.empty()) std::ofstream(scenario_out) << fxtb::to_json(sc).dump(1) << "\n";
    std::ofstream dump;
    if (!dump_path.empty()) dump.open(dump_path);

    fxtb::Sizes sizes{cfg.n_in, cfg.n_rec, cfg.n_out, drv.lanes()};
    Checker chk;
    std::unique_ptr<fxref::ModelCore> ref;

    drv.configure(cfg, sc.seeds);
    fxref::State init;
    init.w_in = sc.w_in;
    init.w_rec = sc.w_rec;
    init.w_out = sc.w_out;
    init.b = sc.b;
    drv.load_weights(cfg, init);
    if (check) {
      ref = std::make_unique<fxref::ModelCore>(fm, cfg);
      ref->load_weights(sc.w_in, sc.w_rec, sc.w_out, sc.b);
      for (int s = 0; s < fxref::kNSites; ++s) ref->seed(s, sc.seeds[static_cast<std::size_t>(s)]);
    }
    auto compare = [&](const std::string& where, bool synapses) {
      if (!ref) return;
      chk.where = where;
      chk.state(drv.read_state(cfg, synapses), ref->state(synapses), synapses);
      const auto lf = drv.lfsr_states();
      for (int s = 0; s < fxref::kNSites; ++s) {
        if (fm[s].rnd != fxref::kStoch) continue;
        std::ostringstream os;
        os << "LFSR of site " << s << " rtl=" << lf[static_cast<std::size_t>(s)] << " ref=" << ref->lfsr(s);
        chk.eq(lf[static_cast<std::size_t>(s)] == ref->lfsr(s), os.str());
      }
    };

    uint64_t busy_cycles = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const uint64_t sim0 = drv.cycles();

    auto c = drv.run(fxtb::map::kClrAcc);
    busy_cycles += c.total;
    if (ref) {
      ref->clear_acc();
      chk.where = "clracc";
      chk.cycles(c, fxtb::clracc_cycles(sizes), drv.last_busy_cycles());
    }
    for (std::size_t tr = 0; tr < sc.trials.size(); ++tr) {
      c = drv.run(fxtb::map::kClear);
      busy_cycles += c.total;
      if (ref) {
        ref->clear();
        chk.where = "clear of trial " + std::to_string(tr);
        chk.cycles(c, fxtb::clear_cycles(sizes, cfg.exact), drv.last_busy_cycles());
        compare("clear of trial " + std::to_string(tr), false);
      }
      for (std::size_t t = 0; t < sc.trials[tr].size(); ++t) {
        const fxtb::StepIn& in = sc.trials[tr][t];
        drv.set_inputs(in.x, in.ystar, in.mask);
        fxtb::StepEvents ev;
        if (ref) {
          ev.n_x = count(in.x);
          ev.n_z_prev = count(ref->state(false).z);
          ev.mask = in.mask;
        }
        c = drv.run(fxtb::map::kStep);
        busy_cycles += c.total;
        const std::string where = "trial " + std::to_string(tr) + " step " + std::to_string(t);
        if (ref) {
          ref->step(in.x, in.ystar, in.mask);
          const fxref::State rs = ref->state(false);
          ev.n_z = count(rs.z);
          ev.n_zbar_nz = count_nz(rs.zbar_in) + count_nz(rs.zbar_rec);
          ev.n_zbar_out_nz = count_nz(rs.zbar_out);
          chk.where = where;
          chk.cycles(c, fxtb::step_cycles(sizes, ev, cfg.exact), drv.last_busy_cycles());
          compare(where, true);
        }
        if (dump.is_open()) {
          nlohmann::json j = {{"trial", tr}, {"step", t}, {"cycles", cycles_json(c)}};
          j["state"] = state_json(drv.read_state(cfg, dump_synapses), dump_synapses);
          dump << j.dump() << "\n";
        }
      }
      if (cfg.per_trial && (tr + 1) % static_cast<std::size_t>(std::max(sc.batch, 1)) == 0) {
        c = drv.run(fxtb::map::kApply);
        busy_cycles += c.total;
        if (ref) {
          ref->apply();
          chk.where = "apply after trial " + std::to_string(tr);
          chk.cycles(c, fxtb::apply_cycles(sizes), drv.last_busy_cycles());
          compare("apply after trial " + std::to_string(tr), true);
        }
      }
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const uint64_t sim = drv.cycles() - sim0;
    std::printf("fxprop_rtl_run: %zu trials, %llu core busy cycles, %llu simulated cycles (with host bus) "
                "in %.3f s = %.0f cycles/s\n",
                sc.trials.size(), static_cast<unsigned long long>(busy_cycles),
                static_cast<unsigned long long>(sim), secs, static_cast<double>(sim) / secs);
    if (check) {
      std::printf("check: %ld comparisons, %ld mismatches\n", chk.checks, chk.fails);
      return chk.fails == 0 && chk.checks > 0 ? 0 : 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fxprop_rtl_run: %s\n", e.what());
    return 2;
  }
}
