#include "model/systemc/learning_unit.h"

#include <tuple>

namespace fxprop::systemc {

using energy::OpKind;
using fixed::HostValue;
using fixed::Matrix3;
using fixed::Site;

namespace {

// The operations of n weight updates or accumulations with gradient operands of
// widths (ga, gb): g = ga x gb, then W - lr g (multiplier or run-time shift) or acc + g.
void count_update(RunContext& c, const fixed::WeightUpdateExpr& u, Site w, bool accumulate, int ga, int gb, std::uint64_t n) {
  c.op(OpKind::mul, ga, gb, n);
  if (accumulate) {
    c.op(OpKind::add, c.width(Site::grad_acc), ga + gb, n);
    c.requant(u.acc_rq, n);
    return;
  }
  if (u.lr_q != 1) {
    c.op(OpKind::mul, ga + gb, c.width(HostValue::lr), n);
  } else {
    c.op(OpKind::shift, ga + gb, 6, n);  // 2^-lr_shift: the RTL's barrel shift
  }
  c.op(OpKind::add, c.width(w), ga + gb, n);
  c.requant(u.step_rq, n);
}

}  // namespace

void LearningUnit::synapse_row(Matrix3 m, int row, bool eligibility, bool update) {
  RunContext& c = *ctx_;
  const fixed::Datapath& dp = *c.dp;
  const bool rec = m == Matrix3::rec;
  const std::uint64_t nw = c.words(dp.n_rec);
  const auto r = static_cast<std::uint64_t>(row);
  const auto posts = static_cast<std::uint64_t>(dp.n_rec - (rec ? 1 : 0));  // the diagonal idles
  const auto P = static_cast<std::uint64_t>(c.hw.lanes);
  const bool updating = update;
  c.start(RtlPhase::syn, updating);
  // The source's trace: one word of zbar_in / zbar_rec.
  repeat(rec ? Mem::zbar_rec : Mem::zbar_in, tlm::TLM_READ_COMMAND, r / P, 1);
  bool issued = false;
  const auto issue = [&](const sc_core::sc_time& d) {
    if (!issued) c.issue(RtlPhase::syn, nw, d, posts);
    issued = true;
  };
  if (eligibility) {
    c.price_as(energy::Phase::eligibility);
    const int n_lif = dp.n_lif;
    const auto n_alif = static_cast<std::uint64_t>(dp.n_rec - n_lif);
    // The ALIF posts of this row, without the diagonal.
    const std::uint64_t alif_posts = n_alif - (rec && row >= n_lif ? 1 : 0);
    const std::uint64_t lif_posts = posts - alif_posts;
    const Mem ebar = rec ? Mem::ebar_rec : Mem::ebar_in;
    repeat(Mem::psi, tlm::TLM_READ_COMMAND, 0, nw);
    issue(read(ebar, r * nw, nw));
    write(ebar, r * nw, nw);
    if (n_alif > 0) {
      const Mem eps = rec ? Mem::eps_a_rec : Mem::eps_a_in;
      const std::uint64_t nwa = c.words(static_cast<int>(n_alif));
      read(eps, r * nwa, nwa);
      write(eps, r * nwa, nwa);
    }
    const int wpsi = c.width(Site::psi), wz = c.width(Site::zbar), we = c.width(Site::e);
    const int weps = c.width(Site::eps_a), web = c.width(Site::ebar);
    // e = psi zbar (LIF posts), psi (zbar - beta eps_a) (ALIF posts).
    c.op(OpKind::mul, wpsi, wz, posts);
    c.op(OpKind::mul, c.width(HostValue::beta), weps, alif_posts);
    c.op(OpKind::add, wz, weps + c.width(HostValue::beta), alif_posts);
    c.requant(dp.e_lif.rq, lif_posts);
    c.requant(dp.e_alif.rq, alif_posts);
    // eps_a = rho eps_a + e; ebar = kappa ebar + (1 - kappa) e.
    c.op(OpKind::mul, c.width(HostValue::rho), weps, alif_posts);
    c.op(OpKind::add, weps + c.width(HostValue::rho), we, alif_posts);
    c.requant(dp.eps_a.rq, alif_posts);
    c.op(OpKind::mul, c.width(HostValue::kappa), web, posts);
    c.op(OpKind::mul, c.width(HostValue::kappa) + 1, we, posts);
    c.op(OpKind::add, web + c.width(HostValue::kappa), we + c.width(HostValue::kappa), posts);
    c.requant(dp.ebar.rq, posts);
  }
  if (update) {
    c.price_as(energy::Phase::weight_update);
    const bool acc = dp.per_trial;
    const Mem target = acc ? (rec ? Mem::grad_acc_rec : Mem::grad_acc_in) : (rec ? Mem::w_rec : Mem::w_in);
    repeat(dp.exact ? Mem::l : Mem::lpsi, tlm::TLM_READ_COMMAND, 0, nw);
    issue(read(target, r * nw, nw));
    write(target, r * nw, nw);
    const int ga = dp.exact ? c.width(Site::l) : c.width(Site::lpsi);
    const int gb = dp.exact ? c.width(Site::ebar) : c.width(Site::zbar);
    count_update(c, rec ? dp.w_rec : dp.w_in, rec ? Site::w_rec : Site::w_in, acc, ga, gb, posts);
    c.counts.events.weight_updates = energy::checked_add(c.counts.events.weight_updates, acc ? 0 : posts);
  }
  issue(c.latency);  // (a row always has eligibility or an update)
}

void LearningUnit::output_row(int j) {
  RunContext& c = *ctx_;
  const fixed::Datapath& dp = *c.dp;
  const std::uint64_t nwo = c.words(dp.n_out);
  const auto n_out = static_cast<std::uint64_t>(dp.n_out);
  const auto P = static_cast<std::uint64_t>(c.hw.lanes);
  const auto r = static_cast<std::uint64_t>(j);
  c.start(RtlPhase::out, true);
  const bool acc = dp.per_trial;
  const Mem target = acc ? Mem::grad_acc_out : Mem::w_out;
  repeat(Mem::zbar_out, tlm::TLM_READ_COMMAND, r / P, 1);
  const sc_core::sc_time d = read(target, r * nwo, nwo);
  write(target, r * nwo, nwo);
  c.issue(RtlPhase::out, nwo, d, n_out);
  count_update(c, dp.w_out, Site::w_out, acc, c.width(Site::err), c.width(Site::zbar_out), n_out);
  c.counts.events.weight_updates = energy::checked_add(c.counts.events.weight_updates, acc ? 0 : n_out);
}

void LearningUnit::apply_row(Matrix3 m, int row) {
  RunContext& c = *ctx_;
  const fixed::Datapath& dp = *c.dp;
  const bool out = m == Matrix3::out;
  const RtlPhase ph = out ? RtlPhase::apply_o : RtlPhase::apply_s;
  const std::uint64_t nw = c.words(out ? dp.n_out : dp.n_rec);
  const auto r = static_cast<std::uint64_t>(row) * nw;
  const Mem w = out ? Mem::w_out : (m == Matrix3::rec ? Mem::w_rec : Mem::w_in);
  const Mem acc = out ? Mem::grad_acc_out : (m == Matrix3::rec ? Mem::grad_acc_rec : Mem::grad_acc_in);
  const auto posts = static_cast<std::uint64_t>(out ? dp.n_out : dp.n_rec - (m == Matrix3::rec ? 1 : 0));
  c.start(ph);
  const sc_core::sc_time d = read(w, r, nw);
  read(acc, r, nw);
  write(w, r, nw);
  write(acc, r, nw);  // acc = 0
  c.issue(ph, nw, d, posts);
  const Site site = out ? Site::w_out : (m == Matrix3::rec ? Site::w_rec : Site::w_in);
  const fixed::WeightUpdateExpr& u = out ? dp.w_out : (m == Matrix3::rec ? dp.w_rec : dp.w_in);
  if (u.lr_q != 1) {
    c.op(OpKind::mul, c.width(Site::grad_acc), c.width(HostValue::lr), posts);
  } else {
    c.op(OpKind::shift, c.width(Site::grad_acc), 6, posts);
  }
  c.op(OpKind::add, c.width(site), c.width(Site::grad_acc), posts);
  c.requant(u.apply_rq, posts);
  c.counts.events.weight_updates = energy::checked_add(c.counts.events.weight_updates, posts);
}

void LearningUnit::clear_eligibility() {
  RunContext& c = *ctx_;
  const fixed::Datapath& dp = *c.dp;
  c.start(RtlPhase::clr_s);
  const std::uint64_t nw = c.words(dp.n_rec);
  const std::uint64_t nwa = c.words(dp.n_rec - dp.n_lif);
  for (const auto& [ebar, eps, rows] : {std::tuple{Mem::ebar_in, Mem::eps_a_in, dp.n_in}, std::tuple{Mem::ebar_rec, Mem::eps_a_rec, dp.n_rec}}) {
    const auto n = static_cast<std::uint64_t>(rows);
    const sc_core::sc_time d = write(ebar, 0, n * nw);
    if (nwa > 0) write(eps, 0, n * nwa);
    c.issue(RtlPhase::clr_s, n * nw, d, n * static_cast<std::uint64_t>(dp.n_rec));
  }
}

void LearningUnit::clear_accumulators() {
  RunContext& c = *ctx_;
  const fixed::Datapath& dp = *c.dp;
  const std::uint64_t nw = c.words(dp.n_rec);
  const std::uint64_t nwo = c.words(dp.n_out);
  const auto n_in = static_cast<std::uint64_t>(dp.n_in);
  const auto n_rec = static_cast<std::uint64_t>(dp.n_rec);
  c.start(RtlPhase::clracc_s);
  sc_core::sc_time d = write(Mem::grad_acc_in, 0, n_in * nw);
  write(Mem::grad_acc_rec, 0, n_rec * nw);
  c.issue(RtlPhase::clracc_s, (n_in + n_rec) * nw, d, (n_in + n_rec) * n_rec);
  c.start(RtlPhase::clracc_o);
  d = write(Mem::grad_acc_out, 0, n_rec * nwo);
  c.issue(RtlPhase::clracc_o, n_rec * nwo, d, n_rec * static_cast<std::uint64_t>(dp.n_out));
}

}  // namespace fxprop::systemc
