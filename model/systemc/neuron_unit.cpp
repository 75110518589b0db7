#include "model/systemc/neuron_unit.h"

#include "model/energy/memory_builder.h"

namespace fxprop::systemc {

using energy::OpKind;
using fixed::HostValue;
using fixed::Site;

void NeuronUnit::trace_inputs() {
  RunContext& c = *ctx_;
  const fixed::Datapath& dp = *c.dp;
  c.start(RtlPhase::trace_in);
  const std::uint64_t nw = c.words(dp.n_in);
  const sc_core::sc_time d = read(Mem::zbar_in, 0, nw);
  write(Mem::zbar_in, 0, nw);
  c.issue(RtlPhase::trace_in, nw, d, static_cast<std::uint64_t>(dp.n_in));
  // q(alpha zbar + c x): x is a spike (an add of c, no multiplication).
  const auto n = static_cast<std::uint64_t>(dp.n_in);
  c.op(OpKind::mul, c.width(HostValue::alpha), c.width(Site::zbar), n);
  c.op(OpKind::add, c.width(Site::zbar) + c.width(HostValue::alpha), c.width(HostValue::alpha), n);
  c.requant(dp.zbar.rq, n);
}

void NeuronUnit::integrate_row(fixed::Matrix3 m, int row) {
  RunContext& c = *ctx_;
  const fixed::Datapath& dp = *c.dp;
  const std::uint64_t nw = c.words(dp.n_rec);
  const bool rec = m == fixed::Matrix3::rec;
  const sc_core::sc_time d = read(rec ? Mem::w_rec : Mem::w_in, static_cast<std::uint64_t>(row) * nw, nw);
  // I is read and written back with every row (the same NWR words each time).
  repeat(Mem::i_syn, tlm::TLM_READ_COMMAND, 0, nw);
  repeat(Mem::i_syn, tlm::TLM_WRITE_COMMAND, 0, nw);
  const auto n = static_cast<std::uint64_t>(dp.n_rec);
  c.issue(RtlPhase::integ, nw, d, n);
  const int ww = c.width(rec ? Site::w_rec : Site::w_in);
  c.op(OpKind::add, c.width(Site::i_syn), ww, n);
  c.requant((rec ? dp.isyn_rec : dp.isyn_in).rq, n);
  // The diagonal weight (0) goes through the adders but is no synaptic operation.
  c.counts.events.synaptic_events = energy::checked_add(c.counts.events.synaptic_events, rec ? n - 1 : n);
}

void NeuronUnit::update_neurons(const fixed::Core& core, bool had_events) {
  RunContext& c = *ctx_;
  const fixed::Datapath& dp = *c.dp;
  c.start(RtlPhase::neuron);
  const std::uint64_t nw = c.words(dp.n_rec);
  const auto n = static_cast<std::uint64_t>(dp.n_rec);
  const auto n_alif = static_cast<std::uint64_t>(dp.n_rec - dp.n_lif);
  const std::uint64_t nw_alif = c.words(dp.n_rec - dp.n_lif);
  const sc_core::sc_time d = read(Mem::v, 0, nw);
  for (Mem mem : {Mem::zbar_rec, Mem::zbar_out}) read(mem, 0, nw);
  if (had_events) read(Mem::i_syn, 0, nw);  // else I = 0 (no event): nothing to read
  if (nw_alif > 0) {
    read(Mem::a, 0, nw_alif);
    write(Mem::a, 0, nw_alif);
  }
  if (dp.n_ref > 0) {
    read(Mem::r, 0, nw);
    write(Mem::r, 0, nw);
  }
  for (Mem mem : {Mem::v, Mem::psi, Mem::zbar_rec, Mem::zbar_out}) write(mem, 0, nw);
  if (!had_events) write(Mem::i_syn, 0, nw);  // I of this step (0) read back by the host
  c.issue(RtlPhase::neuron, nw, d, n);

  // A neuron is blocked (no spike test, no psi) while its refractory counter, after
  // this step's decrement, is still positive (kernels.h neuron_update).
  std::uint64_t blocked = 0;
  for (int j = 0; j < dp.n_rec; ++j) blocked += core.neurons().refractory[static_cast<std::size_t>(j)] >= 2;
  const std::uint64_t free = n - blocked;
  const int wv = c.width(Site::v), wa = c.width(Site::a), wthr = c.width(Site::thr_adaptive);
  const int wz = c.width(Site::zbar), wzo = c.width(Site::zbar_out);
  // Membrane alpha v (+ (1 - alpha) I in form a) - thr z.
  c.op(OpKind::mul, c.width(HostValue::alpha), wv, n);
  if (!dp.form_b) c.op(OpKind::mul, c.width(HostValue::alpha) + 1, c.width(Site::i_syn), n);
  c.op(OpKind::add, wv + c.width(HostValue::alpha), c.width(Site::i_syn), 2 * n);
  c.requant(dp.v.rq, n);
  // Adaptation rho a + z and threshold thr + beta a (ALIF neurons).
  c.op(OpKind::mul, c.width(HostValue::rho), wa, n_alif);
  c.op(OpKind::add, wa + c.width(HostValue::rho), 1, n_alif);
  c.requant(dp.a.rq, n_alif);
  c.op(OpKind::mul, c.width(HostValue::beta), wa, n_alif);
  c.op(OpKind::add, wthr, c.width(HostValue::thr), n_alif);
  c.requant(dp.thr_adaptive.rq, n_alif);
  // Spike test v - A against 0, pseudo-derivative psi_peak max(0, 1 - |v - A| inv_thr).
  c.op(OpKind::add, wv, wthr, free);  // d = v - A
  c.op(OpKind::cmp, wv, wthr, free);  // z = d > 0 (or >= 0)
  c.op(OpKind::add, wv, 1, free);     // |d|
  c.op(OpKind::mul, wv, c.width(HostValue::inv_thr), free);
  c.op(OpKind::add, wv + c.width(HostValue::inv_thr), 1, free);  // 1 - |d| inv_thr
  c.op(OpKind::mul, c.width(HostValue::psi_peak), wv + c.width(HostValue::inv_thr), free);
  c.requant(dp.surrogate.rq, free);
  if (dp.n_ref > 0) c.op(OpKind::add, energy::refractory_counter_bits(dp.n_ref), 1, n);  // r - 1
  // Traces of the neurons as sources (z[t-1]) and for W_out (z[t]).
  c.op(OpKind::mul, c.width(HostValue::alpha), wz, n);
  c.op(OpKind::add, wz + c.width(HostValue::alpha), c.width(HostValue::alpha), n);
  c.requant(dp.zbar.rq, n);
  c.op(OpKind::mul, c.width(HostValue::kappa), wzo, n);
  c.op(OpKind::add, wzo + c.width(HostValue::kappa), c.width(HostValue::kappa), n);
  c.requant(dp.zbar_out.rq, n);
}

void NeuronUnit::clear_neurons() {
  RunContext& c = *ctx_;
  const fixed::Datapath& dp = *c.dp;
  c.start(RtlPhase::clr_n);
  const std::uint64_t nw = c.words(dp.n_rec), nwi = c.words(dp.n_in);
  const sc_core::sc_time d = write(Mem::v, 0, nw);
  for (Mem m : {Mem::i_syn, Mem::zbar_rec, Mem::zbar_out, Mem::psi, Mem::l}) write(m, 0, nw);
  if (!dp.exact) write(Mem::lpsi, 0, nw);
  if (dp.n_rec > dp.n_lif) write(Mem::a, 0, c.words(dp.n_rec - dp.n_lif));
  if (dp.n_ref > 0) write(Mem::r, 0, nw);
  write(Mem::zbar_in, 0, nwi);
  write(Mem::y, 0, c.words(dp.n_out));
  write(Mem::err, 0, c.words(dp.n_out));
  // One pass over max(NWI, NWR) words, all memories in parallel.
  const std::uint64_t items = nw > nwi ? nw : nwi;
  c.issue(RtlPhase::clr_n, items, d, static_cast<std::uint64_t>(dp.n_rec > dp.n_in ? dp.n_rec : dp.n_in));
}

}  // namespace fxprop::systemc
