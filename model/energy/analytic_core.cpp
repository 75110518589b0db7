#include "model/energy/analytic_core.h"

#include <algorithm>
#include <stdexcept>

namespace fxprop::energy {

namespace {

using u64 = std::uint64_t;

u64 ceil_div(u64 a, u64 b) { return (a + b - 1) / b; }

// Words per row of each phase (microarchitecture.md section 6) and the sizes.
struct Geometry {
  u64 n_in, n_rec, n_out, n_alif, p, nwi, nwr, nwo, nwa;
  bool exact, per_trial, random_fb;
  explicit Geometry(const CoreDescription& c)
      : n_in(static_cast<u64>(c.n_in)),
        n_rec(static_cast<u64>(c.n_rec)),
        n_out(static_cast<u64>(c.n_out)),
        n_alif(static_cast<u64>(c.n_alif)),
        p(static_cast<u64>(c.lanes)),
        nwi(ceil_div(n_in, p)),
        nwr(ceil_div(n_rec, p)),
        nwo(ceil_div(n_out, p)),
        nwa(ceil_div(n_alif, p)),
        exact(c.variant == LearningVariant::exact),
        per_trial(c.schedule == UpdateSchedule::per_trial),
        random_fb(c.feedback == FeedbackKind::random) {}
};

void check_activity(const Geometry& g, const std::vector<StepActivity>& trial) {
  for (std::size_t t = 0; t < trial.size(); ++t) {
    const StepActivity& s = trial[t];
    const auto bad = [&](const char* field, u64 v, u64 max) {
      if (v > max) {
        throw std::invalid_argument("activity[" + std::to_string(t) + "]." + field + " = " + std::to_string(v) +
                                    ": must be in [0, " + std::to_string(max) + "]");
      }
    };
    bad("inputs_active", s.inputs_active, g.n_in);
    bad("spikes_prev", s.spikes_prev, g.n_rec);
    bad("spikes", s.spikes, g.n_rec);
    bad("traces_nonzero", s.traces_nonzero, g.n_in + g.n_rec);
    bad("out_traces_nonzero", s.out_traces_nonzero, g.n_rec);
  }
}

// Items of each phase for one step (section 7 term by term, without the "+ 1").
struct StepItems {
  u64 trace_in, integ, neuron, ro_acc, readout, lsig, syn, out;
  bool lsig_on, syn_on, out_on;
};

StepItems step_items(const Geometry& g, const StepActivity& s) {
  StepItems it{};
  it.trace_in = g.nwi;
  it.integ = (u64{s.inputs_active} + s.spikes_prev) * g.nwr;
  it.neuron = g.nwr;
  it.ro_acc = u64{s.spikes} * g.nwo;
  it.readout = g.nwo;
  it.lsig_on = s.loss_mask;
  it.lsig = s.loss_mask ? g.n_rec * g.nwo : 0;
  it.syn_on = g.exact || s.loss_mask;
  it.syn = g.exact ? (g.n_in + g.n_rec) * g.nwr : (s.loss_mask ? u64{s.traces_nonzero} * g.nwr : 0);
  it.out_on = s.loss_mask;
  it.out = s.loss_mask ? u64{s.out_traces_nonzero} * g.nwo : 0;
  return it;
}

}  // namespace

int AnalyticCore::stoch(std::string_view site) const {
  const auto it = stoch_bits.find(site);
  return it == stoch_bits.end() ? 0 : it->second;
}

AnalyticCycles analytic_cycles(const AnalyticCore& a, const std::vector<StepActivity>& trial) {
  const Geometry g(a.core);
  check_activity(g, trial);
  AnalyticCycles c;
  // An enabled phase with n items takes n + 1 cycles (section 5); a disabled one none.
  const auto phase = [&](std::size_t index, bool enabled, u64 items) {
    if (enabled) c.phase[index] += items + 1;
    return enabled ? items + 1 : 0;
  };
  for (const StepActivity& s : trial) {
    const StepItems it = step_items(g, s);
    c.step_cycles += phase(0, true, it.trace_in) + phase(1, true, it.integ) + phase(2, true, it.neuron) +
                     phase(3, true, it.ro_acc) + phase(4, true, it.readout) + phase(5, it.lsig_on, it.lsig) +
                     phase(6, it.syn_on, it.syn) + phase(7, it.out_on, it.out);
  }
  c.clear_cycles = phase(8, true, std::max(g.nwi, g.nwr)) + phase(9, g.exact, (g.n_in + g.n_rec) * g.nwr);
  c.clracc_cycles = phase(10, true, (g.n_in + g.n_rec) * g.nwr) + phase(11, true, g.n_rec * g.nwo);
  if (g.per_trial) c.apply_cycles = phase(12, true, (g.n_in + g.n_rec) * g.nwr) + phase(13, true, g.n_rec * g.nwo);
  return c;
}

namespace {

// Records the counts of one trial (and optionally the APPLY of a batch) into `c`.
class Counter {
 public:
  Counter(const AnalyticCore& a, ActionCounts& c) : a_(a), b_(a.core.bits), g_(a.core), c_(c) {}

  void step(const StepActivity& s) {
    const StepItems it = step_items(g_, s);
    trace_in(it);
    integrate(s, it);
    neuron(it);
    readout(s, it);
    if (it.lsig_on) learning_signal(it);
    if (it.syn_on) syn(s, it);
    if (it.out_on) out(s, it);
    Events& e = c_.events;
    e.timesteps += 1;
    if (s.loss_mask) e.learning_timesteps += 1;
    e.synaptic_events += (u64{s.inputs_active} + s.spikes_prev) * g_.n_rec;
    if (!g_.per_trial && s.loss_mask) {
      const u64 rows = g_.exact ? g_.n_in + g_.n_rec : u64{s.traces_nonzero};
      e.weight_updates += rows * g_.n_rec + u64{s.out_traces_nonzero} * g_.n_out;
    }
  }

  void apply() {
    PhaseCounts& ph = c_.phase(Phase::apply);
    const u64 items_s = (g_.n_in + g_.n_rec) * g_.nwr, items_o = g_.n_rec * g_.nwo;
    ph.cycles += items_s + 1 + items_o + 1;
    lanes(ph, g_.n_in + g_.n_rec, g_.nwr, g_.n_rec);
    lanes(ph, g_.n_rec, g_.nwo, g_.n_out);
    for (const auto& [w, acc, rows, bits] : {std::tuple{"w_in", "grad_acc_in", g_.n_in, b_.w_in},
                                              std::tuple{"w_rec", "grad_acc_rec", g_.n_rec, b_.w_rec}}) {
      rmw(ph, w, rows * g_.nwr);
      rmw(ph, acc, rows * g_.nwr);
      weight_ops(ph, w, bits, b_.grad_acc, rows * g_.n_rec);
    }
    rmw(ph, "w_out", items_o);
    rmw(ph, "grad_acc_out", items_o);
    weight_ops(ph, "w_out", b_.w_out, b_.grad_acc, g_.n_rec * g_.n_out);
    c_.events.weight_updates += (g_.n_in + g_.n_rec) * g_.n_rec + g_.n_rec * g_.n_out;
  }

 private:
  static void op(PhaseCounts& ph, OpKind k, int wa, int wb, u64 n) {
    if (n > 0) ph.op(k, wa, wb, n);
  }
  static void rmw(PhaseCounts& ph, std::string_view mem, u64 words) {
    if (words == 0) return;
    ph.read(mem, words);
    ph.write(mem, words);
  }
  // `rows` rows of `words` words covering `used` lanes each.
  void lanes(PhaseCounts& ph, u64 rows, u64 words, u64 used) const {
    ph.lane_cycles(rows * used, rows * (words * g_.p - used));
  }
  // One requantisation into `site` of a `from`-bit exact value, with its random bits.
  void requant(PhaseCounts& ph, std::string_view site, int from, int to, u64 n) const {
    op(ph, OpKind::requant, from, to, n);
    if (const int k = a_.stoch(site); k > 0) op(ph, OpKind::rng, k, 0, n);
  }
  // W = q_w(W - lr g) for n synapses: lr applied by a multiplier or a shift.
  void weight_ops(PhaseCounts& ph, std::string_view site, int w_bits, int g_bits, u64 n) const {
    if (a_.lr_bits > 0) {
      op(ph, OpKind::mul, g_bits, a_.lr_bits, n);
    } else {
      op(ph, OpKind::shift, g_bits, 5, n);  // run-time lr_shift (<= 20: 5 bits)
    }
    op(ph, OpKind::add, w_bits + g_bits + a_.lr_bits, w_bits, n);
    requant(ph, site, w_bits + g_bits + a_.lr_bits, w_bits, n);
  }
  // A decay x = q(c x + d): one multiply by a constant, one add, one requantisation.
  void decay(PhaseCounts& ph, std::string_view site, int bits, int const_bits, u64 n) const {
    op(ph, OpKind::mul, bits, const_bits, n);
    op(ph, OpKind::add, bits + const_bits, bits, n);
    requant(ph, site, bits + const_bits, bits, n);
  }

  void trace_in(const StepItems& it) {
    PhaseCounts& ph = c_.phase(Phase::traces);
    ph.cycles += it.trace_in + 1;
    lanes(ph, 1, g_.nwi, g_.n_in);
    rmw(ph, "zbar_in", it.trace_in);
    decay(ph, "zbar", b_.zbar, a_.alpha_bits, g_.n_in);
  }

  void integrate(const StepActivity& s, const StepItems& it) {
    PhaseCounts& ph = c_.phase(Phase::integrate);
    ph.cycles += it.integ + 1;
    const u64 rows = u64{s.inputs_active} + s.spikes_prev;
    lanes(ph, rows, g_.nwr, g_.n_rec);
    if (s.inputs_active > 0) ph.read("w_in", u64{s.inputs_active} * g_.nwr);
    if (s.spikes_prev > 0) ph.read("w_rec", u64{s.spikes_prev} * g_.nwr);
    rmw(ph, "i_syn", it.integ);
    const int w = std::max(b_.w_in, b_.w_rec);
    op(ph, OpKind::add, b_.i_syn, w, rows * g_.n_rec);
    requant(ph, "i_syn", b_.i_syn + 1, b_.i_syn, rows * g_.n_rec);
  }

  void neuron(const StepItems& it) {
    PhaseCounts& ph = c_.phase(Phase::neuron);
    ph.cycles += it.neuron + 1;
    lanes(ph, 1, g_.nwr, g_.n_rec);
    const u64 n = g_.n_rec, w = it.neuron;
    ph.read("i_syn", w);
    rmw(ph, "v", w);
    if (g_.n_alif > 0) rmw(ph, "a", g_.nwa);
    if (a_.core.n_ref > 0) rmw(ph, "r", w);
    ph.write("psi", w);
    // v = q_v(alpha v + c I - thr z): two products (form b: one), two adds, one rounding.
    op(ph, OpKind::mul, b_.v, a_.alpha_bits, n);
    if (!a_.form_b) op(ph, OpKind::mul, b_.i_syn, a_.alpha_bits + 1, n);
    op(ph, OpKind::add, b_.v + a_.alpha_bits, b_.i_syn + a_.alpha_bits, 2 * n);
    requant(ph, "v", b_.v + a_.alpha_bits + 1, b_.v, n);
    op(ph, OpKind::cmp, b_.v, a_.thr_adaptive_bits, n);  // spike test
    // psi = q_psi(psi_peak max(0, 1 - |v - A| inv_thr)): difference, two products, clamp.
    op(ph, OpKind::add, b_.v, a_.thr_adaptive_bits, 2 * n);
    op(ph, OpKind::mul, b_.v, a_.inv_thr_bits, n);
    op(ph, OpKind::mul, b_.v + a_.inv_thr_bits, a_.psi_peak_bits, n);
    requant(ph, "psi", b_.v + a_.inv_thr_bits + a_.psi_peak_bits, b_.psi, n);
    if (g_.n_alif > 0) {  // a = q_a(rho a + z), A = q(thr + beta a)
      decay(ph, "a", b_.a, a_.rho_bits, g_.n_alif);
      op(ph, OpKind::mul, b_.a, a_.beta_bits, g_.n_alif);
      op(ph, OpKind::add, b_.a + a_.beta_bits, a_.thr_adaptive_bits, g_.n_alif);
      requant(ph, "thr_adaptive", b_.a + a_.beta_bits + 1, a_.thr_adaptive_bits, g_.n_alif);
    }
    // The fused trace updates of the same words (no cycles of their own).
    PhaseCounts& tr = c_.phase(Phase::traces);
    rmw(tr, "zbar_rec", w);
    rmw(tr, "zbar_out", w);
    decay(tr, "zbar", b_.zbar, a_.alpha_bits, n);
    decay(tr, "zbar_out", b_.zbar_out, a_.kappa_bits, n);
  }

  void readout(const StepActivity& s, const StepItems& it) {
    PhaseCounts& ph = c_.phase(Phase::readout);
    ph.cycles += it.ro_acc + 1 + it.readout + 1;
    lanes(ph, s.spikes, g_.nwo, g_.n_out);
    lanes(ph, 1, g_.nwo, g_.n_out);
    if (it.ro_acc > 0) ph.read("w_out", it.ro_acc);
    const int sum_bits = b_.w_out + 8;  // S: exact sum of up to 2^8 weights
    op(ph, OpKind::add, sum_bits, b_.w_out, u64{s.spikes} * g_.n_out);
    // y = q_y(kappa y + (1 - kappa) S); err = q_err(y - ystar).
    op(ph, OpKind::mul, b_.y, a_.kappa_bits, g_.n_out);
    op(ph, OpKind::mul, sum_bits, a_.kappa_bits + 1, g_.n_out);
    op(ph, OpKind::add, b_.y + a_.kappa_bits, sum_bits + a_.kappa_bits, g_.n_out);
    requant(ph, "y", b_.y + a_.kappa_bits + 1, b_.y, g_.n_out);
    ph.write("y", g_.nwo);
    if (s.loss_mask) {
      op(ph, OpKind::add, b_.y, b_.y, g_.n_out);
      requant(ph, "err", b_.y + 1, b_.err, g_.n_out);
      ph.write("err", g_.nwo);
    }
  }

  void learning_signal(const StepItems& it) {
    PhaseCounts& ph = c_.phase(Phase::learning_signal);
    ph.cycles += it.lsig + 1;
    lanes(ph, g_.n_rec, g_.nwo, g_.n_out);
    ph.read(g_.random_fb ? "b" : "w_out", it.lsig);
    ph.read("err", it.lsig);
    const int fb = g_.random_fb ? b_.b : b_.w_out;
    const u64 pairs = g_.n_rec * g_.n_out;
    op(ph, OpKind::mul, fb, b_.err, pairs);
    op(ph, OpKind::add, fb + b_.err + 8, fb + b_.err, pairs);
    requant(ph, "l", fb + b_.err + 8, b_.l, g_.n_rec);
    ph.write("l", g_.n_rec);  // one masked word write per post row
    if (!g_.exact) {
      ph.read("psi", g_.n_rec);
      op(ph, OpKind::mul, b_.l, b_.psi, g_.n_rec);
      requant(ph, "lpsi", b_.l + b_.psi, a_.lpsi_bits, g_.n_rec);
    }
  }

  // SYN: eligibility (exact, every step) and the W_in / W_rec gradient on loss-mask steps.
  void syn(const StepActivity& s, const StepItems& it) {
    PhaseCounts& upd = c_.phase(Phase::weight_update);
    PhaseCounts& cyc = g_.exact ? c_.phase(Phase::eligibility) : upd;
    cyc.cycles += it.syn + 1;
    if (g_.exact) {
      PhaseCounts& el = c_.phase(Phase::eligibility);
      lanes(el, g_.n_in + g_.n_rec, g_.nwr, g_.n_rec);
      for (const auto& [zbar, ebar, eps, rows] : {std::tuple{"zbar_in", "ebar_in", "eps_a_in", g_.n_in},
                                                   std::tuple{"zbar_rec", "ebar_rec", "eps_a_rec", g_.n_rec}}) {
        el.read(zbar, rows);  // the row's trace, once per row
        el.read("psi", rows * g_.nwr);
        rmw(el, ebar, rows * g_.nwr);
        if (g_.n_alif > 0) rmw(el, eps, rows * g_.nwa);
      }
      const u64 syn = (g_.n_in + g_.n_rec) * g_.n_rec;
      op(el, OpKind::mul, b_.psi, b_.zbar, syn);
      requant(el, "e", b_.psi + b_.zbar, a_.e_bits, syn);
      // ebar = q(kappa ebar + (1 - kappa) e)
      op(el, OpKind::mul, b_.ebar, a_.kappa_bits, syn);
      op(el, OpKind::mul, a_.e_bits, a_.kappa_bits + 1, syn);
      op(el, OpKind::add, b_.ebar + a_.kappa_bits, a_.e_bits + a_.kappa_bits, syn);
      requant(el, "ebar", b_.ebar + a_.kappa_bits + 1, b_.ebar, syn);
      if (g_.n_alif > 0) {
        const u64 alif = (g_.n_in + g_.n_rec) * g_.n_alif;
        op(el, OpKind::mul, b_.eps_a, a_.beta_bits, alif);
        op(el, OpKind::add, b_.zbar, b_.eps_a + a_.beta_bits, alif);
        decay(el, "eps_a", b_.eps_a, a_.rho_bits, alif);
      }
    }
    if (!s.loss_mask) return;
    const u64 rows_in = g_.exact ? g_.n_in : std::min<u64>(s.traces_nonzero, g_.n_in);
    const u64 rows_rec = g_.exact ? g_.n_rec : s.traces_nonzero - rows_in;
    if (!g_.exact) {
      // Which rows are nonzero is not in the activity; inputs are assumed first (same word counts).
      lanes(upd, rows_in + rows_rec, g_.nwr, g_.n_rec);
      upd.read("zbar_in", rows_in);
      upd.read("zbar_rec", rows_rec);
      upd.read("psi", (rows_in + rows_rec) * g_.nwr);
    }
    upd.read("l", (rows_in + rows_rec) * g_.nwr);
    const int g_bits = g_.exact ? b_.l + b_.ebar : a_.lpsi_bits + b_.zbar;
    const u64 n = (rows_in + rows_rec) * g_.n_rec;
    op(upd, OpKind::mul, g_.exact ? b_.l : a_.lpsi_bits, g_.exact ? b_.ebar : b_.zbar, n);
    if (g_.per_trial) {
      rmw(upd, "grad_acc_in", rows_in * g_.nwr);
      rmw(upd, "grad_acc_rec", rows_rec * g_.nwr);
      op(upd, OpKind::add, b_.grad_acc, g_bits, n);
      requant(upd, "grad_acc", std::max(b_.grad_acc, g_bits) + 1, b_.grad_acc, n);
    } else {
      rmw(upd, "w_in", rows_in * g_.nwr);
      rmw(upd, "w_rec", rows_rec * g_.nwr);
      weight_ops(upd, "w_in", b_.w_in, g_bits, rows_in * g_.n_rec);
      weight_ops(upd, "w_rec", b_.w_rec, g_bits, rows_rec * g_.n_rec);
    }
  }

  void out(const StepActivity& s, const StepItems& it) {
    PhaseCounts& ph = c_.phase(Phase::weight_update);
    ph.cycles += it.out + 1;
    lanes(ph, s.out_traces_nonzero, g_.nwo, g_.n_out);
    ph.read("zbar_out", s.out_traces_nonzero);
    ph.read("err", it.out);
    const u64 n = u64{s.out_traces_nonzero} * g_.n_out;
    const int g_bits = b_.err + b_.zbar_out;
    op(ph, OpKind::mul, b_.err, b_.zbar_out, n);
    if (g_.per_trial) {
      rmw(ph, "grad_acc_out", it.out);
      op(ph, OpKind::add, b_.grad_acc, g_bits, n);
      requant(ph, "grad_acc", std::max(b_.grad_acc, g_bits) + 1, b_.grad_acc, n);
    } else {
      rmw(ph, "w_out", it.out);
      weight_ops(ph, "w_out", b_.w_out, g_bits, n);
    }
  }

  const AnalyticCore& a_;
  const VariableBits& b_;
  Geometry g_;
  ActionCounts& c_;
};

}  // namespace

ActionCounts analytic_core_counts(const AnalyticCore& a, const std::vector<StepActivity>& trial, std::uint64_t trials,
                                  const std::string& source) {
  const Geometry g(a.core);
  check_activity(g, trial);
  if (trials == 0) throw std::invalid_argument("analytic_core_counts: trials = 0: must be >= 1");
  ActionCounts c;
  c.source = source;
  c.lanes = a.core.lanes;
  Counter counter(a, c);
  for (u64 k = 0; k < trials; ++k) {
    for (const StepActivity& s : trial) counter.step(s);
  }
  if (g.per_trial) counter.apply();
  c.events.trials = trials;
  // Phases never overlap (microarchitecture.md section 5): the run's cycles are their sum.
  u64 cycles = 0;
  for (const PhaseCounts& ph : c.phases) cycles = checked_add(cycles, ph.cycles);
  c.cycles = cycles;
  return c;
}

}  // namespace fxprop::energy
