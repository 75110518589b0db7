// The SystemC model of the learning core: bit-identity with the fixed-point model
// after every timestep of whole learning tasks, cycle counts against the formulas of
// docs/microarchitecture.md section 7 (derived by hand below for a small core),
// counts that the functional model can count as well, and the counts JSON round trip.
//
// Each TEST_CASE runs in its own process (catch_discover_tests): SystemC elaborates
// once per process, and each case opens one Session.
#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <set>
#include <thread>
#include <memory>
#include <string>
#include <vector>

#include "fixed_test_support.h"
#include "model/energy/counts_json.h"
#include "model/energy/energy_table.h"
#include "model/energy/estimate.h"
#include "model/fixed/host_io.h"
#include "model/fixed/trainer.h"
#include "model/golden/configured_task.h"
#include "model/golden/weights.h"
#include "model/run/training.h"
#include "model/systemc/simulate.h"
#include "tools/fxprop/default_config.h"



namespace {

using namespace fxprop;
using systemc::RtlPhase;
using systemc::slot;

// FNV-1a over every state variable of the core, the LFSR states included.
struct Digest {
  std::uint64_t h = 1469598103934665603ULL;
  void add(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 1099511628211ULL;
    }
  }
  template <class V>
  void add_all(const V& v) {
    for (const auto& e : v) add(static_cast<std::uint64_t>(e));
  }
  template <class M>
  void add_matrix(const M& m) {
    for (std::size_t i = 0; i < m.size(); ++i) add(static_cast<std::uint64_t>(m.data()[i]));
  }
};

std::uint64_t digest(const fixed::Core& core) {
  Digest d;
  const fixed::NeuronState& n = core.neurons();
  d.add_all(n.i_syn);
  d.add_all(n.v);
  d.add_all(n.a);
  d.add_all(n.thr_adaptive);
  d.add_all(n.psi);
  d.add_all(n.refractory);
  d.add_all(n.z);
  d.add_all(n.z_prev);
  d.add_all(n.zbar_in);
  d.add_all(n.zbar_rec);
  d.add_all(n.zbar_out);
  d.add_all(n.l);
  d.add_all(n.lpsi);
  d.add_all(n.y);
  d.add_all(n.err);
  const fixed::SynapseState& s = core.synapses();
  for (const auto* m : {&s.w_in, &s.w_rec, &s.w_out, &s.b, &s.ebar_in, &s.ebar_rec, &s.eps_a_in, &s.eps_a_rec, &s.acc_in,
                        &s.acc_rec, &s.acc_out}) {
    d.add_matrix(*m);
  }
  for (int i = 0; i < fixed::kSiteCount; ++i) d.add(core.sites().lfsr(static_cast<fixed::Site>(i)).state());
  return d.h;
}

// Records the state digest after every step of a fixed::Trainer (no SystemC).
class DigestRecorder : public fixed::CoreListener {
 public:
  std::vector<std::uint64_t> digests;
  void on_begin_trial(const fixed::Core&) override {}
  void on_step_begin(const fixed::Core&, const std::uint8_t*, bool, bool) override {}
  void on_integrate_row(fixed::Matrix3, int) override {}
  void on_neurons() override {}
  void on_readout(int) override {}
  void on_learning_signal() override {}
  void on_synapse_row(fixed::Matrix3, int, bool, bool) override {}
  void on_output_row(int) override {}
  void on_step_end(const fixed::Core& core) override { digests.push_back(digest(core)); }
  void on_apply_row(fixed::Matrix3, int) override {}
  void on_end_batch(const fixed::Core&) override {}
};

struct Setup {
  config::Document doc;
  golden::GoldenConfig cfg;
  fixed::FixedConfig fx;
  golden::Weights initial;
  std::unique_ptr<tasks::Task> task;
};

std::unique_ptr<Setup> setup(const std::string& overlay) {
  auto s = std::make_unique<Setup>(Setup{config::Document::from_strings(default_config_toml(), overlay, "test.toml"), {}, {}, {}, {}});
  s->cfg = golden::parse_config(s->doc, ".");
  fixed::check_hardware_support(s->doc, s->cfg);
  s->fx = fixed::parse_fixed_config(s->doc);
  s->initial = golden::initial_weights(s->cfg);
  s->task = golden::make_configured_task(s->cfg);
  return s;
}

// Trains (and evaluates 1 trial) with `trainer`.
void train_and_evaluate(fixed::Trainer& t, const golden::GoldenConfig& cfg) {
  run::train_loop(t, cfg, nullptr);
  t.evaluate(1, 0);
}

// The SystemC engine against the fixed-point engine on the same run: the state after
// every timestep (digest), and the whole final state against the listener-free fast path.
void check_bit_identical(const std::string& overlay) {
  const auto s = setup(overlay);
  // Reference 1: the fixed model alone (fast path, no listener).
  fixed::Trainer fast(s->cfg, s->fx, *s->task, s->initial);
  train_and_evaluate(fast, s->cfg);
  // Reference 2: the fixed model with a digest after every step.
  fixed::Trainer ref(s->cfg, s->fx, *s->task, s->initial);
  DigestRecorder rec;
  ref.set_core_listener(&rec);
  train_and_evaluate(ref, s->cfg);
  ref.set_core_listener(nullptr);
  // The SystemC model.
  fixed::Trainer sim(s->cfg, s->fx, *s->task, s->initial);
  std::vector<std::uint64_t> sim_digests;
  systemc::SimulateOptions opt;
  opt.on_step = [&](const systemc::StepView& v) { sim_digests.push_back(digest(*v.core)); };
  systemc::Session session(s->doc, sim, opt);
  session.run([&] { train_and_evaluate(sim, s->cfg); });

  REQUIRE(sim_digests.size() == rec.digests.size());
  REQUIRE(sim_digests.size() > 100);
  std::size_t first_mismatch = sim_digests.size();
  for (std::size_t t = 0; t < sim_digests.size(); ++t) {
    if (sim_digests[t] != rec.digests[t]) {
      first_mismatch = t;
      break;
    }
  }
  INFO("timesteps compared: " << sim_digests.size());
  CHECK(first_mismatch == sim_digests.size());
  CHECK(digest(sim.core()) == digest(fast.core()));
  CHECK(sim.core().synapses().w_rec == fast.core().synapses().w_rec);
  CHECK(sim.core().synapses().w_out == fast.core().synapses().w_out);
  // The run learned something (weights moved), so the identity is not that of a frozen core.
  const fixed::Trainer untrained(s->cfg, s->fx, *s->task, s->initial);
  CHECK_FALSE(sim.core().synapses().w_out == untrained.core().synapses().w_out);
}

}  // namespace

TEST_CASE("SystemC state is bit-identical to the fixed model after every timestep: factorised e-prop, online stochastic updates, LIF, regression",
          "[systemc][identity]") {
  check_bit_identical(test::small_pattern("eligibility = \"factorised\"\nschedule = \"online\"\nfeedback = \"random\"", 3, 100, 0.0625) +
                      "[fixed.formats]\nw_in = \"s16.13 stoch16 sat\"\nw_rec = \"s16.13 stoch12 sat\"\nw_out = \"s16.13 stoch8 sat\"\n");
}

TEST_CASE("SystemC state is bit-identical to the fixed model after every timestep: exact eligibility, per-trial accumulation, LIF + ALIF, classification",
          "[systemc][identity]") {
  check_bit_identical(test::small_evidence("eligibility = \"exact\"\nschedule = \"per_batch\"\nfeedback = \"symmetric\"", 2, 2) +
                      "[fixed.formats]\ngrad_acc = \"s32.16 stoch8 sat\"\n");
}

TEST_CASE("SystemC state is bit-identical to the fixed model after every timestep: factorised per-trial accumulation and exact online updates with ALIF",
          "[systemc][identity]") {
  check_bit_identical(test::small_evidence("eligibility = \"factorised\"\nschedule = \"per_batch\"\nfeedback = \"random\"", 2, 2));
}

namespace {

// 4 inputs, 6 LIF neurons, 2 outputs on a core with P = 4 lanes: NWI = 1, NWR = 2, NWO = 1.
std::string tiny_core(const std::string& learning, int iterations, int batch = 1) {
  return "[task]\nname = \"pattern_generation\"\nsteps = 60\n[task.pattern_generation]\ninput_rate_hz = 150.0\n"
         "periods_ms = [60.0, 30.0]\n[network]\nn_in = 4\nn_rec = 6\nn_out = 2\n[init]\nw_in_gain = 4.0\n"
         "[learning]\nc_reg = 0.0\n" + learning + "\n[optimizer]\nlr = 0.0625\n[train]\nthreads = 1\nbatch = " +
         std::to_string(batch) + "\niterations = " + std::to_string(iterations) + "\n[fixed]\nlr_mode = \"shift\"\n[hardware]\nlanes = 4\n";
}

int count_nonzero(const std::vector<std::int64_t>& v) {
  int n = 0;
  for (auto e : v) n += e != 0;
  return n;
}
int count_set(const std::vector<std::uint8_t>& v) {
  int n = 0;
  for (auto e : v) n += e != 0;
  return n;
}

// The cycles of every STEP phase, hand-evaluated from docs/microarchitecture.md section 7
// for n_in = 4, n_rec = 6, n_out = 2, P = 4 (NWI = 1, NWR = 2, NWO = 1); a phase of n
// items takes n + 1 cycles:
//   TRACE_IN = NWI + 1                    = 2
//   INTEG    = (n_x + n_z') NWR + 1        = 2 (n_x + n_z') + 1
//   NEURON   = NWR + 1                    = 3
//   RO_ACC   = n_z NWO + 1                = n_z + 1
//   READOUT  = NWO + 1                    = 2
//   LSIG     = m (n_rec NWO + 1)          = 7 m
//   SYN      = factorised: m (n_zb NWR + 1) = m (2 n_zb + 1); exact: (n_in + n_rec) NWR + 1 = 21
//   OUT      = m (n_zo NWO + 1)           = m (n_zo + 1)
systemc::PhaseCycleArray hand_step_cycles(const systemc::StepView& v, bool exact) {
  const fixed::NeuronState& n = v.core->neurons();
  int n_x = 0;
  for (int i = 0; i < 4; ++i) n_x += v.x[i] != 0;
  const int nz_prev = count_set(n.z_prev), nz = count_set(n.z);
  const int nzb = count_nonzero(n.zbar_in) + count_nonzero(n.zbar_rec), nzo = count_nonzero(n.zbar_out);
  const std::uint64_t m = v.mask ? 1 : 0;
  systemc::PhaseCycleArray c{};
  c[slot(RtlPhase::trace_in)] = 2;
  c[slot(RtlPhase::integ)] = 2 * static_cast<std::uint64_t>(n_x + nz_prev) + 1;
  c[slot(RtlPhase::neuron)] = 3;
  c[slot(RtlPhase::ro_acc)] = static_cast<std::uint64_t>(nz) + 1;
  c[slot(RtlPhase::readout)] = 2;
  c[slot(RtlPhase::lsig)] = 7 * m;
  c[slot(RtlPhase::syn)] = exact ? 21 : m * (2 * static_cast<std::uint64_t>(nzb) + 1);
  c[slot(RtlPhase::out)] = m * (static_cast<std::uint64_t>(nzo) + 1);
  return c;
}

void check_cycles(bool exact, bool per_trial) {
  const std::string learning = std::string("eligibility = \"") + (exact ? "exact" : "factorised") + "\"\nschedule = \"" +
                               (per_trial ? "per_batch" : "online") + "\"";
  const int iterations = 3, batch = per_trial ? 2 : 1;
  const auto s = setup(tiny_core(learning, iterations, batch));
  fixed::Trainer sim(s->cfg, s->fx, *s->task, s->initial);
  std::uint64_t steps = 0, mismatches = 0, step_cycles = 0;
  std::set<std::uint64_t> integ_values;
  systemc::SimulateOptions opt;
  opt.on_step = [&](const systemc::StepView& v) {
    const systemc::PhaseCycleArray want = hand_step_cycles(v, exact);
    for (RtlPhase p : systemc::kAllRtlPhases) {
      if (v.phase_cycles[slot(p)] != want[slot(p)]) {
        ++mismatches;
        UNSCOPED_INFO("step " << v.timestep << " " << systemc::rtl_phase_name(p) << ": model " << v.phase_cycles[slot(p)]
                              << ", formula " << want[slot(p)]);
      }
    }
    integ_values.insert(v.phase_cycles[slot(RtlPhase::integ)]);
    step_cycles += v.step_cycles;
    ++steps;
  };
  systemc::Session session(s->doc, sim, opt);
  session.run([&] { run::train_loop(sim, s->cfg, nullptr); });
  const systemc::SimulationReport r = session.report();
  CHECK(steps == 60u * iterations * batch);
  CHECK(mismatches == 0);
  // The events drive INTEG: different spike patterns cost different cycles.
  CHECK(integ_values.size() >= 3);
  // CLEAR = (max(NWI, NWR) + 1) + exact ((n_in + n_rec) NWR + 1) = 3 (+ 21) per trial;
  // CLRACC = APPLY = ((n_in + n_rec) NWR + 1) + (n_rec NWO + 1) = 21 + 7 = 28, once / per batch.
  const std::uint64_t trials = static_cast<std::uint64_t>(iterations * batch);
  const std::uint64_t clear = 3 + (exact ? 21 : 0);
  const std::uint64_t apply = per_trial ? 28 * static_cast<std::uint64_t>(iterations) + 28 : 0;
  CHECK(r.total_cycles == step_cycles + trials * clear + apply);
  CHECK(r.phases[slot(RtlPhase::clr_n)].total == 3 * trials);
  CHECK(r.phases[slot(RtlPhase::apply_s)].total == (per_trial ? 21u * iterations : 0u));
  CHECK(r.phases[slot(RtlPhase::clracc_o)].total == (per_trial ? 7u : 0u));
  CHECK(r.simulated_seconds == Approx(static_cast<double>(r.total_cycles) / 100e6));
}

}  // namespace

TEST_CASE("Cycles of every STEP phase equal the hand-evaluated microarchitecture formulas on the actual events (factorised, online)",
          "[systemc][cycles]") {
  check_cycles(false, false);
}

TEST_CASE("Cycles of every STEP, CLEAR, CLRACC and APPLY phase equal the hand-evaluated formulas (exact, per-trial)",
          "[systemc][cycles]") {
  check_cycles(true, true);
}

TEST_CASE("Counts the functional model can count agree: random bits and requantisations per the fixed Stats, synaptic events per the spikes",
          "[systemc][counts]") {
  const auto s = setup(test::small_evidence("eligibility = \"exact\"\nschedule = \"per_batch\"\nfeedback = \"random\"", 2, 2) +
                       "[fixed.formats]\nw_in = \"s16.13 stoch16 sat\"\nw_rec = \"s16.13 stoch12 sat\"\nw_out = \"s16.13 stoch8 sat\"\n"
                       "grad_acc = \"s32.16 stoch4 sat\"\nv = \"s24.20 stoch3 sat\"\n");
  fixed::Trainer sim(s->cfg, s->fx, *s->task, s->initial);
  std::uint64_t sops = 0;
  const int n_in = s->cfg.network.n_in, n_rec = s->cfg.network.n_rec;
  systemc::SimulateOptions opt;
  opt.on_step = [&](const systemc::StepView& v) {
    for (int i = 0; i < n_in; ++i) sops += v.x[i] != 0 ? static_cast<std::uint64_t>(n_rec) : 0;
    sops += static_cast<std::uint64_t>(count_set(v.core->neurons().z_prev)) * static_cast<std::uint64_t>(n_rec - 1);
  };
  systemc::Session session(s->doc, sim, opt);
  session.run([&] { train_and_evaluate(sim, s->cfg); });
  const systemc::SimulationReport r = session.report();
  std::uint64_t bits = 0, requants = 0;
  for (int i = 0; i < fixed::kSiteCount; ++i) {
    const auto site = static_cast<fixed::Site>(i);
    const fxp::Spec& spec = s->fx.spec(site);
    const std::uint64_t n = sim.core().sites().stats(site).requants;
    requants += n;
    if (spec.q.rounding.mode == fxp::Round::stoch) bits += n * static_cast<std::uint64_t>(spec.q.rounding.stoch_bits);
  }
  const energy::PhaseCounts total = r.counts.counts.total();
  CHECK(bits > 0);
  CHECK(r.random_bits == bits);
  std::uint64_t rng_bits = 0;
  for (const auto& [key, n] : total.ops) {
    if (key.kind == energy::OpKind::rng) rng_bits += n * static_cast<std::uint64_t>(key.width_a);
  }
  CHECK(rng_bits == bits);
  CHECK(total.ops_of(energy::OpKind::requant) == requants);
  CHECK(r.counts.counts.events.synaptic_events == sops);
  CHECK(r.counts.counts.events.trials == 5);  // 2 x 2 training trials + 1 evaluation trial
  // Lane-cycles within lanes x cycles per phase, every memory in the map, ...
  CHECK_NOTHROW(energy::check_consistent(r.counts.memory_map, r.counts.counts, "exact run"));
}

TEST_CASE("The counts JSON of a simulation reads back equal through model/energy and prices to a positive energy",
          "[systemc][counts]") {
  const config::Document doc = config::Document::from_strings(
      default_config_toml(), tiny_core("eligibility = \"factorised\"\nschedule = \"online\"", 2), "tiny.toml");
  systemc::SimulateOptions opt;
  opt.trials = 2;
  const systemc::SimulationReport r = systemc::simulate(doc, opt);
  CHECK(r.training_trials == 2);
  CHECK(r.timesteps == 120);
  const std::string text = energy::counts_to_json_text(r.counts);
  const energy::CountsDocument back = energy::parse_counts_json(text, "counts.json");
  CHECK(back.counts == r.counts.counts);
  CHECK(back.memory_map.memories.size() == r.counts.memory_map.memories.size());
  const energy::EnergyTable table = energy::EnergyTable::load("");
  const energy::Report e = energy::estimate(back.counts, back.memory_map, table, energy::TechNode{45});
  CHECK(e.total_pj > 0.0);
  // Memories: W_in is n_in rows of NWR = 2 words of 4 x 16 bits; every access of a run is a whole word.
  bool found = false;
  for (const systemc::MemoryReport& m : r.memories) {
    if (m.name != "w_in") continue;
    found = true;
    CHECK(m.words == 8);
    CHECK(m.word_bits == 64);
    CHECK(m.traffic.read_bits == m.traffic.read_words * 64);
    CHECK(m.traffic.read_words > 0);
  }
  CHECK(found);
  std::uint64_t sum = 0;
  for (const systemc::PhaseCycleSummary& p : r.phases) sum += p.total;
  CHECK(sum == r.total_cycles);
  CHECK(r.cycles_per_second > 0.0);
}

TEST_CASE("Several simulations in one process reuse the hierarchy and give identical results", "[systemc]") {
  const config::Document doc = config::Document::from_strings(
      default_config_toml(), tiny_core("eligibility = \"exact\"\nschedule = \"per_batch\"", 2, 2), "tiny.toml");
  systemc::SimulateOptions opt;
  const systemc::SimulationReport a = systemc::simulate(doc, opt);
  const systemc::SimulationReport b = systemc::simulate(doc, opt);
  CHECK(a.timesteps == 240);
  CHECK(b.timesteps == a.timesteps);
  CHECK(b.total_cycles == a.total_cycles);
  CHECK(b.counts.counts == a.counts.counts);
  CHECK(b.synapses.w_rec == a.synapses.w_rec);
}

// Exceptions thrown after SystemC's QuickThreads coroutines have run confuse
// AddressSanitizer's stack bookkeeping (it is not told about the stack switches and reports
// a false stack-buffer-overflow on the next unwinding), so these refusals are checked in
// the normal build only.
TEST_CASE("A second Session in the same thread, and a VCD after the first simulation of a process, are refused with a clear error",
          "[systemc]") {
#if defined(__SANITIZE_ADDRESS__)
  WARN("not checked under AddressSanitizer (QuickThreads stack switches + exceptions: false positives)");
#else
  const config::Document doc = config::Document::from_strings(
      default_config_toml(), tiny_core("eligibility = \"exact\"\nschedule = \"per_batch\"", 2, 2), "tiny.toml");
  systemc::SimulateOptions opt;
  CHECK(systemc::simulate(doc, opt).timesteps == 240);
  // One simulation at a time: a second Session in the same thread is refused (it would wait forever).
  {
    const auto st = setup(tiny_core("eligibility = \"exact\"\nschedule = \"per_batch\"", 2, 2));
    fixed::Trainer t1(st->cfg, st->fx, *st->task, st->initial), t2(st->cfg, st->fx, *st->task, st->initial);
    systemc::Session first(st->doc, t1, systemc::SimulateOptions{});
    CHECK_THROWS_WITH(systemc::Session(st->doc, t2, systemc::SimulateOptions{}), Catch::Contains("already has an open Session"));
  }
  // A VCD can only be set up at elaboration, i.e. by the first simulation of a process.
  opt.vcd_path = "later.vcd";
  CHECK_THROWS_WITH(systemc::simulate(doc, opt), Catch::Contains("first SystemC simulation of a process"));
#endif
}

TEST_CASE("Simulations started from different threads run one after the other and agree (run::evaluate as a sweep calls it)",
          "[systemc]") {
  const config::Document doc = config::Document::from_strings(
      default_config_toml(), tiny_core("eligibility = \"factorised\"\nschedule = \"online\"", 3), "tiny.toml");
  run::Metrics a, b;
  std::thread ta([&] { a = run::evaluate(doc, "systemc", 1); });
  std::thread tb([&] { b = run::evaluate(doc, "systemc", 1); });
  ta.join();
  tb.join();
  const run::Metrics f = run::evaluate(doc, "fixed", 1);
  CHECK(a.engine == "systemc");
  CHECK(a.loss == f.loss);
  CHECK(b.loss == f.loss);
  CHECK(a.nmse == f.nmse);
}

TEST_CASE("A core driven step by step with the host's own inputs (as in lock step with the RTL) keeps the fast path's state and the formulas' cycles",
          "[systemc][cycles]") {
  const auto s = setup(tiny_core("eligibility = \"factorised\"\nschedule = \"online\"", 1));
  const fixed::CoreConstants k = fixed::quantise_constants(s->cfg, s->fx);
  const fixed::Datapath dp = fixed::build_datapath(s->cfg, s->fx, k);
  fixed::Core fast(dp, 7, false), sim(dp, 7, false);
  fixed::load_weights(s->initial, s->fx, fast.synapses(), nullptr);
  fixed::load_weights(s->initial, s->fx, sim.synapses(), nullptr);
  // A fixed input pattern (every 3rd input-step pair active), target 0, loss mask on odd steps.
  std::vector<std::uint8_t> x(4);
  const std::vector<std::int64_t> ystar(2, 0);
  const auto drive = [&](fixed::Core& core) {
    core.begin_trial();
    for (int t = 0; t < 80; ++t) {
      for (int i = 0; i < 4; ++i) x[static_cast<std::size_t>(i)] = (t + 2 * i) % 3 == 0 ? 1 : 0;
      core.step(x.data(), ystar.data(), t % 2 == 1);
    }
  };
  std::uint64_t steps = 0, mismatches = 0;
  systemc::SimulateOptions opt;
  opt.on_step = [&](const systemc::StepView& v) {
    mismatches += v.phase_cycles != hand_step_cycles(v, false) ? 1 : 0;
    ++steps;
  };
  systemc::Session session(s->doc, sim, s->fx, opt);
  session.run([&] { drive(sim); });
  drive(fast);
  CHECK(steps == 80);
  CHECK(mismatches == 0);
  CHECK(digest(sim) == digest(fast));
  CHECK(session.report().counts.counts.events.learning_timesteps == 40);
}
