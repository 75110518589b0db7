#include "model/systemc/simulate.h"

#include <chrono>
#include <cmath>
#include <atomic>
#include <mutex>
#include <thread>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "model/energy/memory_builder.h"
#include "model/fixed/fixed_config.h"
#include "model/fixed/host_io.h"
#include "model/golden/configured_task.h"
#include "model/hardware/hardware_config.h"
#include "model/io/npy.h"

// libsystemc.so defines main() and references sc_main. Programs that use this
// library have their own main() (which the linker takes first) and run simulations
// from library calls, so sc_main is never called; weak, so that a program (e.g. a
// test) may still define its own.
extern "C" __attribute__((weak)) int sc_main(int, char*[]) { return 0; }

namespace fxprop::systemc {

namespace {

// The module hierarchy, built once per process (SystemC elaborates once).
class CoreTop : public sc_core::sc_module {
 public:
  Interconnect bus{"bus"};
  NeuronUnit neuron{"neuron_unit"};
  ReadoutUnit readout{"readout_unit"};
  LearningUnit learning{"learning_unit"};
  Controller controller{"controller", neuron, readout, learning};
  std::vector<std::unique_ptr<Memory>> memories;

  explicit CoreTop(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    neuron.socket.bind(bus.target);
    readout.socket.bind(bus.target);
    learning.socket.bind(bus.target);
    for (int m = 0; m < kNumMems; ++m) {
      memories.push_back(std::make_unique<Memory>(mem_name(static_cast<Mem>(m))));
      bus.to_memory.bind(memories.back()->socket);
    }
  }
};

struct Platform {
  std::unique_ptr<CoreTop> top;
  sc_core::sc_trace_file* vcd = nullptr;
  bool started = false;
  // The thread holding the open Session (sessions of other threads wait for the lock).
  std::atomic<std::thread::id> owner{};
};

Platform& platform() {
  static Platform p;
  return p;
}

std::mutex& simulation_lock() {
  static std::mutex m;
  return m;
}

energy::MemoryMap memory_map_of(const fixed::Datapath& dp, const fixed::FixedConfig& fx, const hardware::HardwareConfig& hw) {
  using fixed::Site;
  energy::CoreDescription d;
  d.n_in = dp.n_in;
  d.n_rec = dp.n_rec;
  d.n_out = dp.n_out;
  d.n_alif = dp.n_rec - dp.n_lif;
  d.n_ref = dp.n_ref;
  d.lanes = hw.lanes;
  d.variant = dp.exact ? energy::LearningVariant::exact : energy::LearningVariant::factorised;
  d.schedule = dp.per_trial ? energy::UpdateSchedule::per_trial : energy::UpdateSchedule::online;
  d.feedback = dp.random_feedback ? energy::FeedbackKind::random : energy::FeedbackKind::symmetric;
  d.min_sram_words = hw.min_sram_words;
  energy::VariableBits& b = d.bits;
  b.w_in = fx.format(Site::w_in).width;
  b.w_rec = fx.format(Site::w_rec).width;
  b.w_out = fx.format(Site::w_out).width;
  b.b = fx.format(fixed::HostValue::b).width;
  b.i_syn = fx.format(Site::i_syn).width;
  b.v = fx.format(Site::v).width;
  b.a = fx.format(Site::a).width;
  b.y = fx.format(Site::y).width;
  b.zbar = fx.format(Site::zbar).width;
  b.zbar_out = fx.format(Site::zbar_out).width;
  b.psi = fx.format(Site::psi).width;
  b.l = fx.format(Site::l).width;
  b.err = fx.format(Site::err).width;
  b.ebar = fx.format(Site::ebar).width;
  b.eps_a = fx.format(Site::eps_a).width;
  b.grad_acc = fx.format(Site::grad_acc).width;
  energy::MemoryMap map = energy::build_memory_map(d);
  if (!dp.exact) {
    // The factorised rule keeps L psi per neuron for the SYN phase (the RTL's u_mem_lpsi).
    energy::Memory m;
    m.name = "lpsi";
    m.words = hw.words(static_cast<std::uint64_t>(dp.n_rec));
    const int w = fx.format(Site::lpsi).width;
    m.word_bits = hw.lanes * w;
    m.kind = m.words < hw.min_sram_words ? energy::MemoryKind::registers : energy::MemoryKind::sram;
    m.fields.push_back({"lpsi", energy::MemoryRole::learning_per_neuron, static_cast<std::uint64_t>(dp.n_rec) * static_cast<std::uint64_t>(w)});
    map.memories.push_back(std::move(m));
  }
  map.validate("<systemc memory map>");
  return map;
}

}  // namespace

struct Session::Impl {
  std::lock_guard<std::mutex> lock{simulation_lock()};
  std::function<void(fixed::CoreListener*)> set_listener;  // attaches / detaches the controller
  RunContext ctx;
  energy::MemoryMap map;
  CoreTop* top = nullptr;
  bool vcd = false;
  double wall_seconds = 0.0;
  bool cleared_acc = false;

  explicit Impl(std::function<void(fixed::CoreListener*)> set) : set_listener(std::move(set)) {}
};

Session::Session(const config::Document& doc, fixed::Trainer& trainer, const SimulateOptions& opt)
    : Session(doc, trainer.core(), trainer.fixed_config(), [&trainer](fixed::CoreListener* l) { trainer.set_core_listener(l); },
              opt) {
  // The RTL's weight update shifts by lr_shift in [0, lr_shift_max] (shift mode).
  const hardware::HardwareConfig& hw = impl_->ctx.hw;
  const fixed::CoreConstants& k = trainer.constants();
  if (k.lr_mode == fixed::LrMode::kShift && (k.lr_shift < 0 || k.lr_shift > hw.lr_shift_max)) {
    doc.section("optimizer").fail("lr", fmt::format("{}", std::ldexp(1.0, -k.lr_shift)),
                                  fmt::format("a learning rate 2^-n with n in [0, hardware.lr_shift_max = {}] (here n = {}; the "
                                              "per_trial schedule applies optimizer.lr / train.batch)",
                                              hw.lr_shift_max, k.lr_shift));
  }
}

Session::Session(const config::Document& doc, fixed::Core& core, const fixed::FixedConfig& fx, const SimulateOptions& opt)
    : Session(doc, core, fx, [&core](fixed::CoreListener* l) { core.set_listener(l); }, opt) {}

Session::Session(const config::Document& doc, const fixed::Core& core, const fixed::FixedConfig& fx,
                 std::function<void(fixed::CoreListener*)> set_listener, const SimulateOptions& opt) {
  Platform& p = platform();
  if (p.owner.load() == std::this_thread::get_id()) {
    throw std::logic_error("SystemC model: this thread already has an open Session (one simulation at a time per process)");
  }
  impl_ = std::make_unique<Impl>(std::move(set_listener));  // takes the process-wide lock
  const hardware::HardwareConfig hw = hardware::parse_hardware_config(doc);
  hardware::check_network_fits(doc, hw);
  if (!opt.vcd_path.empty() && p.started) {
    throw std::invalid_argument("--vcd " + opt.vcd_path +
                                ": a VCD can only be written by the first SystemC simulation of a process (SystemC traces are "
                                "set up at elaboration); run this simulation in a process of its own");
  }
  if (!p.top) {
    p.top = std::make_unique<CoreTop>("fxprop_core");
    if (!opt.vcd_path.empty()) {
      std::string base = opt.vcd_path;
      if (base.size() > 4 && base.substr(base.size() - 4) == ".vcd") base.resize(base.size() - 4);
      p.vcd = sc_core::sc_create_vcd_trace_file(base.c_str());
      p.top->controller.trace(p.vcd);
      impl_->vcd = true;
    }
  }
  Impl& s = *impl_;
  s.top = p.top.get();
  RunContext& c = s.ctx;
  c.hw = hw;
  c.dp = &core.datapath();
  c.fx = &fx;
  c.core = &core;
  c.period = sc_core::sc_time(hw.clock_period_ns(), sc_core::SC_NS);
  c.latency = c.period * static_cast<double>(hw.memory_read_latency);
  c.counts.source = "systemc";
  c.counts.lanes = hw.lanes;
  s.map = memory_map_of(*c.dp, *c.fx, hw);
  for (int m = 0; m < kNumMems; ++m) {
    const energy::Memory* mm = s.map.find(mem_name(static_cast<Mem>(m)));
    const std::uint64_t words = mm != nullptr ? mm->words : 0;
    const int bits = mm != nullptr ? mm->word_bits : 0;
    c.word_bytes[static_cast<std::size_t>(m)] = (bits + 7) / 8;
    s.top->memories[static_cast<std::size_t>(m)]->configure(static_cast<Mem>(m), words, bits, &c);
  }
  s.top->neuron.attach(&c);
  s.top->readout.attach(&c);
  s.top->learning.attach(&c);
  s.top->controller.attach(&c, opt.on_step);
  s.set_listener(&s.top->controller);
  p.owner.store(std::this_thread::get_id());
}

Session::~Session() {
  Platform& p = platform();
  impl_->set_listener(nullptr);
  if (impl_->vcd && p.vcd != nullptr) {
    sc_core::sc_close_vcd_trace_file(p.vcd);
    p.vcd = nullptr;
    p.top->controller.stop_tracing();
  }
  p.owner.store(std::thread::id{});
}

void Session::run(const std::function<void()>& job) {
  Impl& s = *impl_;
  Platform& p = platform();
  const auto start = std::chrono::steady_clock::now();
  p.started = true;
  s.top->controller.run([&] {
    // CLRACC once before the first batch of the per_trial schedule.
    if (s.ctx.dp->per_trial && !s.cleared_acc) {
      s.top->controller.clear_accumulators();
      s.cleared_acc = true;
    }
    job();
  });
  s.wall_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

SimulationReport Session::report() const {
  const Impl& s = *impl_;
  SimulationReport r;
  r.counts.memory_map = s.map;
  r.counts.counts = s.ctx.counts;
  energy::ActionCounts& ac = r.counts.counts;
  s.ctx.ops.fold_into(ac);
  for (energy::Phase p : energy::kAllPhases) {
    ac.phase(p).lane_cycles(s.ctx.lanes_busy[energy::index_of(p)], s.ctx.lanes_idle[energy::index_of(p)]);
  }
  for (const auto& m : s.top->memories) {
    if (m->words() > 0) m->fold_into(ac);
  }
  const StepCycleStats& st = s.top->controller.step_stats();
  r.timesteps = st.steps;
  // Per command phase: totals over every command, and the STEP statistics.
  const PhaseCycleArray& cmd = s.top->controller.command_cycles();
  for (RtlPhase p : kAllRtlPhases) {
    PhaseCycleSummary ph;
    ph.phase = p;
    ph.name = std::string(rtl_phase_name(p));
    ph.total = cmd[slot(p)];
    ph.step_total = st.total[slot(p)];
    ph.max_per_step = st.max[slot(p)];
    ph.mean_per_step = st.steps > 0 ? static_cast<double>(ph.step_total) / static_cast<double>(st.steps) : 0.0;
    r.phases.push_back(ph);
  }
  for (int m = 0; m < kNumMems; ++m) {
    const Memory& mem = *s.top->memories[static_cast<std::size_t>(m)];
    if (mem.words() == 0) continue;
    r.memories.push_back({mem_name(static_cast<Mem>(m)), mem.words(), mem.word_bits(), mem.traffic()});
  }
  r.total_cycles = s.ctx.counts.cycles;
  r.random_bits = s.ctx.random_bits;
  r.clock_mhz = s.ctx.hw.clock_mhz;
  r.simulated_seconds = static_cast<double>(r.total_cycles) / (s.ctx.hw.clock_mhz * 1e6);
  r.wall_seconds = s.wall_seconds;
  r.cycles_per_second = s.wall_seconds > 0 ? static_cast<double>(r.total_cycles) / s.wall_seconds : 0.0;
  return r;
}

SimulationReport simulate(const config::Document& doc, const SimulateOptions& opt) {
  golden::GoldenConfig cfg = golden::parse_config(doc, golden::config_directory(doc));
  fixed::check_hardware_support(doc, cfg);
  const fixed::FixedConfig fx = fixed::parse_fixed_config(doc);
  golden::Weights initial;
  std::unique_ptr<tasks::Task> task;
  try {
    golden::check_init_files(cfg);
    initial = golden::initial_weights(cfg);
    task = golden::make_configured_task(cfg);
  } catch (const io::NpyError& e) {
    throw std::invalid_argument(e.what());
  }
  fixed::check_task_for_core(cfg, fx, *task);
  if (opt.trials < 0) throw std::invalid_argument("SimulateOptions.trials = " + std::to_string(opt.trials) + ": must be >= 0");
  if (opt.trials > 0) {
    const std::int64_t batch = cfg.train.batch;
    cfg.train.iterations = (opt.trials + batch - 1) / batch;
  }
  fixed::Trainer trainer(cfg, fx, *task, initial);
  Session session(doc, trainer, opt);
  run::LoopResult loop;
  session.run([&] { loop = run::train_loop(trainer, cfg, opt.on_iteration); });
  SimulationReport r = session.report();
  r.loop = loop;
  r.training_trials = static_cast<std::int64_t>(loop.curve.size()) * cfg.train.batch;
  r.neurons = trainer.core().neurons();
  r.synapses = trainer.core().synapses();
  r.weights = trainer.weights();
  return r;
}

std::string phase_cycles_csv(const SimulationReport& r) {
  std::ostringstream o;
  o << "code,phase,total_cycles,step_cycles,mean_per_step,max_per_step\n";
  for (const PhaseCycleSummary& p : r.phases) {
    o << static_cast<int>(p.phase) << ',' << p.name << ',' << p.total << ',' << p.step_total << ','
      << fmt::format("{:.6g}", p.mean_per_step) << ',' << p.max_per_step << '\n';
  }
  return o.str();
}

}  // namespace fxprop::systemc
