#include "model/systemc/readout_unit.h"

namespace fxprop::systemc {

using energy::OpKind;
using fixed::HostValue;
using fixed::Site;

void ReadoutUnit::readout(const fixed::Core& core, bool mask) {
  RunContext& c = *ctx_;
  const fixed::Datapath& dp = *c.dp;
  const std::uint64_t nwo = c.words(dp.n_out);
  const auto n_out = static_cast<std::uint64_t>(dp.n_out);
  const int ww = c.width(Site::w_out), wy = c.width(Site::y);
  // RO_ACC: S_k += W_out[j][k] for each neuron j with z_j[t] = 1 (exact sums).
  c.start(RtlPhase::ro_acc);
  std::uint64_t n_spiking = 0;
  const std::vector<std::uint8_t>& z = core.neurons().z;
  for (int j = 0; j < dp.n_rec; ++j) {
    if (z[static_cast<std::size_t>(j)] == 0) continue;
    ++n_spiking;
    const sc_core::sc_time d = read(Mem::w_out, static_cast<std::uint64_t>(j) * nwo, nwo);
    c.issue(RtlPhase::ro_acc, nwo, d, n_out);
  }
  c.op(OpKind::add, ww + 8, ww, n_spiking * n_out);
  // READOUT: y = q(kappa y + (1 - kappa) S), err = q(y - y*) on loss-mask steps.
  c.start(RtlPhase::readout);
  const sc_core::sc_time d = read(Mem::y, 0, nwo);
  write(Mem::y, 0, nwo);
  c.op(OpKind::mul, c.width(HostValue::kappa), wy, n_out);
  c.op(OpKind::mul, c.width(HostValue::kappa) + 1, ww + 8, n_out);
  c.op(OpKind::add, wy + c.width(HostValue::kappa), ww + 8 + c.width(HostValue::kappa), n_out);
  c.requant(dp.y.rq, n_out);
  if (mask) {
    write(Mem::err, 0, nwo);
    c.op(OpKind::add, wy, wy, n_out);
    c.requant(dp.err.rq, n_out);
  }
  c.issue(RtlPhase::readout, nwo, d, n_out);
}

void ReadoutUnit::learning_signal() {
  RunContext& c = *ctx_;
  const fixed::Datapath& dp = *c.dp;
  c.start(RtlPhase::lsig);
  const std::uint64_t nwo = c.words(dp.n_out);
  const auto n_out = static_cast<std::uint64_t>(dp.n_out);
  const auto n = static_cast<std::uint64_t>(dp.n_rec);
  const Mem fb = dp.random_feedback ? Mem::b : Mem::w_out;
  const int wfb_used = dp.random_feedback ? c.width(HostValue::b) : c.width(Site::w_out);
  const int we = c.width(Site::err);
  read(Mem::err, 0, nwo);
  const auto P = static_cast<std::uint64_t>(c.hw.lanes);
  // Rows j = 0 .. n_rec - 1 of the feedback matrix, back to back (one burst: they are
  // contiguous), each with the psi word of j; L_j (and lpsi_j) written into lane j % P.
  const sc_core::sc_time d = read(fb, 0, n * nwo);
  c.issue(RtlPhase::lsig, n * nwo, d, n * n_out);
  for (std::uint64_t j = 0; j < n; ++j) {
    repeat(Mem::psi, tlm::TLM_READ_COMMAND, j / P, 1);
    repeat(Mem::l, tlm::TLM_WRITE_COMMAND, j / P, 1);
    if (!dp.exact) repeat(Mem::lpsi, tlm::TLM_WRITE_COMMAND, j / P, 1);
  }
  c.op(OpKind::mul, wfb_used, we, n * n_out);
  if (n_out > 1) c.op(OpKind::add, wfb_used + we + 4, wfb_used + we, n * (n_out - 1));
  c.requant(dp.l.rq, n);
  if (!dp.exact) {
    c.op(OpKind::mul, c.width(Site::l), c.width(Site::psi), n);
    c.requant(dp.lpsi.rq, n);
  }
}

}  // namespace fxprop::systemc
