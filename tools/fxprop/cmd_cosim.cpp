// `fxprop cosim`: lock-step co-simulation of the verilated RTL core with the SystemC model
// on the configured task (tools/fxprop/cosim/). Exit 0 only if bit-exact; 1 on the
// first mismatch (printed: step, phase, variable, index, both values); 2 for a configuration
// the RTL cannot run (a variant it lacks, or formats / sizes that match no compiled RTL
// configuration, naming the parameter).
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "model/fixed/constants.h"
#include "model/fixed/core.h"
#include "model/fixed/datapath.h"
#include "model/fixed/host_io.h"
#include "model/golden/configured_task.h"
#include "model/golden/weights.h"
#include "model/io/npy.h"
#include "tools/fxprop/cli_common.h"
#include "tools/fxprop/commands.h"
#include "tools/fxprop/run_config.h"
#if FXPROP_HAVE_RTL
#include "tools/fxprop/cosim/cosim.h"
#endif

namespace fxprop::cli {

namespace {

struct CosimOptions {
  std::optional<std::string> config;
  long steps = 0;
  std::string vcd;
  std::string fault;
};

#if FXPROP_HAVE_RTL

// The learning-core features the RTL does not have: exit 2 with what to configure instead.
void check_rtl_variant(const golden::GoldenConfig& cfg, const fixed::FixedConfig& fx) {
  if (fx.lr_mode == fixed::LrMode::kMultiplier) {
    throw config::ConfigError("fixed.lr_mode", "\"multiplier\"",
                              "the RTL applies the learning rate as a shift only (lr = 2^-lr_shift); use lr_mode = \"shift\"");
  }
  const std::pair<const char*, bool> trains[] = {{"learning.train_in", cfg.learning.train_in},
                                                 {"learning.train_rec", cfg.learning.train_rec},
                                                 {"learning.train_out", cfg.learning.train_out}};
  for (const auto& [field, on] : trains) {
    if (!on) throw config::ConfigError(field, "false", "the RTL trains every weight matrix; set it to true for cosim");
  }
}

int run_cosim(const CosimOptions& opt) {
  config::Document doc = load_config(opt.config);
  RunConfig rc = parse_run_config(doc);
  golden::GoldenConfig& cfg = rc.golden;
  const fixed::FixedConfig& fx = rc.fixed;
  fixed::check_hardware_support(doc, cfg);
  check_rtl_variant(cfg, fx);
  const fixed::CoreConstants k = fixed::quantise_constants(cfg, fx);

  cosim::Setup s;
  golden::Weights initial;
  std::unique_ptr<tasks::Task> task;
  try {
    initial = golden::initial_weights(cfg);
    task = golden::make_configured_task(cfg);
  } catch (const io::NpyError& e) {
    throw BadInput(e.what());
  } catch (const std::invalid_argument& e) {
    throw BadInput(e.what());
  }
  fixed::check_task_for_core(cfg, fx, *task);
  fixed::Core core(fixed::build_datapath(cfg, fx, k), cfg.seed, false);
  fixed::load_weights(initial, fx, core.synapses(), nullptr);

  fxref::Config& r = s.rtl_cfg;
  const golden::NetworkConfig& net = cfg.network;
  r.n_in = net.n_in;
  r.n_rec = net.n_rec;
  r.n_out = net.n_out;
  r.form_b = net.form == golden::NeuronForm::kB;
  r.spike_ge = net.spike_test == golden::SpikeTest::kGreaterEqual;
  r.exact = cfg.learning.eligibility == golden::Eligibility::kExact;
  r.per_trial = cfg.learning.schedule == golden::Schedule::kPerBatch;
  r.fb_random = cfg.learning.feedback != golden::Feedback::kSymmetric;
  r.lr_shift = k.lr_shift;
  r.n_ref = net.n_ref;
  r.alpha = k.alpha.q;
  r.rho = k.rho.q;
  r.kappa = k.kappa.q;
  r.thr = k.thr.q;
  r.beta = k.beta.q;
  r.psi_peak = k.psi_peak.q;
  r.inv_thr = k.inv_thr.q;
  r.alif.assign(static_cast<std::size_t>(net.n_rec), 0);
  for (int j = net.n_lif(); j < net.n_rec; ++j) r.alif[static_cast<std::size_t>(j)] = 1;
  s.hw = hardware::parse_hardware_config(doc);
  s.cfg = cfg;
  s.fx = fx;
  s.doc = std::make_shared<const config::Document>(std::move(doc));
  s.task = std::move(task);
  s.core = std::make_shared<const fixed::Core>(std::move(core));

  cosim::Options o;
  o.steps = opt.steps > 0 ? opt.steps : static_cast<long>(cfg.task.steps);
  o.vcd = opt.vcd;
  if (!opt.fault.empty()) {
    try {
      o.fault = cosim::parse_fault(opt.fault);
    } catch (const std::invalid_argument& e) {
      throw BadInput(e.what());
    }
  }

  std::vector<std::unique_ptr<cosim::RtlConfig>> rtls;
  rtls.push_back(cosim::rtl_default());
  rtls.push_back(cosim::rtl_w8());
  std::string why;
  for (const auto& rtl : rtls) {
    const std::string m = rtl->mismatch(s);
    if (m.empty()) {
      try {
        return rtl->run(s, o);
      } catch (const std::invalid_argument& e) {
        throw BadInput(e.what());
      }
    }
    why += fmt::format("\n  {}", m);
  }
  throw BadInput("the configuration matches no compiled RTL configuration:" + why);
}

#else

int run_cosim(const CosimOptions&) {
  throw BadInput("fxprop cosim: this fxprop was built without the RTL (configure with -DFXPROP_WITH_RTL=ON)");
}

#endif

}  // namespace

void add_cosim_command(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand(
      "cosim", "Co-simulate the verilated RTL core in lock step with the SystemC model on the configured task (exit 0 only if bit-exact)");
  auto opt = std::make_shared<CosimOptions>();
  add_config_option(*sub, opt->config);
  sub->add_option("--steps", opt->steps, "timesteps to co-simulate, over consecutive training trials (default: one trial)")
      ->check(CLI::Range(1L, 100000000L));
  sub->add_option("--vcd", opt->vcd, "on a mismatch, write a VCD of the RTL over the two steps before it and the step itself");
  // Test-only: flip the LSB of one model variable after a step, to prove the check can fail.
  sub->add_option("--inject-fault", opt->fault, "VAR:INDEX:STEP")->group("");
  sub->callback([opt, &exit_code] { exit_code = run_cosim(*opt); });
}

}  // namespace fxprop::cli
