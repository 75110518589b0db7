#include "model/fixed/datapath.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "fixedpoint/int128.h"
#include "model/config/config_error.h"

namespace fxprop::fixed {

namespace {

// Largest magnitude (in bits: |x| <= 2^bits) an exact intermediate may have: int64_t
// arithmetic below 2^62 leaves room for one more addition, i128 below 2^125 likewise.
constexpr int kNarrowBits = 62;
constexpr int kWideBits = 125;

// |raw| <= 2^mag for every raw of the format.
int mag(const fxp::Format& f) { return f.is_signed ? f.width - 1 : f.width; }
// |q| <= 2^mag for a known constant.
int mag(std::int64_t q) { return fxp::bit_length(static_cast<fxp::u128>(q < 0 ? -static_cast<fxp::i128>(q) : q)); }
int ceil_log2(long n) {
  int b = 0;
  while ((1L << b) < n) ++b;
  return b;
}
// Bits of a sum of terms with the given magnitudes.
int sum_bits(std::initializer_list<int> terms) { return std::max(terms) + ceil_log2(static_cast<long>(terms.size())); }

class Builder {
 public:
  // per_trial: the schedule, so that only the updates it performs bound the exact width.
  Builder(const FixedConfig& fx, const CoreConstants& k, bool per_trial) : fx_(fx), k_(k), per_trial_(per_trial) {}

  int frac(Site s) const { return fx_.format(s).frac; }
  int mag_of(Site s) const { return mag(fx_.format(s)); }
  const fxp::Spec& spec(Site s) const { return fx_.spec(s); }

  // Records the magnitude of an exact intermediate of `site`'s update.
  void need(Site site, int bits, const char* what) {
    if (bits > kWideBits) {
      throw config::ConfigError(std::string("fixed.formats.") + key(site), '"' + spec(site).str() + '"',
                                fmt::format("with the configured formats the exact value of {} needs {} bits (at most {} are "
                                            "supported); use fewer fraction bits in this variable or its operands",
                                            what, bits + 1, kWideBits + 1));
    }
    widest_ = std::max(widest_, bits);
  }
  int widest() const { return widest_; }

  // q(decay x + coef u) into `site`; x at x_frac with |x| <= 2^x_mag, u likewise.
  LeakExpr leak(Site site, std::int64_t decay_q, int decay_frac, int x_frac, int x_mag, std::int64_t coef_q, int coef_frac,
                int u_frac, int u_mag, const char* what) {
    LeakExpr e;
    const int xf = decay_frac + x_frac;
    const int uf = coef_frac + u_frac;
    const int s = std::max(xf, uf);
    e.rq = fxp::Requantizer(s, spec(site));
    e.decay_q = decay_q;
    e.coef_q = coef_q;
    e.x_shift = s - xf;
    e.u_shift = s - uf;
    need(site, sum_bits({mag(decay_q) + x_mag + e.x_shift, mag(coef_q) + u_mag + e.u_shift}), what);
    return e;
  }
  // The usual case: x is the site's own stored value.
  LeakExpr leak(Site site, std::int64_t decay_q, int decay_frac, std::int64_t coef_q, int coef_frac, int u_frac, int u_mag,
                const char* what) {
    return leak(site, decay_q, decay_frac, frac(site), mag_of(site), coef_q, coef_frac, u_frac, u_mag, what);
  }

  SumExpr sum(Site site, int a_frac, int a_mag, int b_frac, int b_mag, const char* what) {
    SumExpr e;
    const int s = std::max(a_frac, b_frac);
    e.rq = fxp::Requantizer(s, spec(site));
    e.a_shift = s - a_frac;
    e.b_shift = s - b_frac;
    need(site, sum_bits({a_mag + e.a_shift, b_mag + e.b_shift}), what);
    return e;
  }

  WeightUpdateExpr weights(Site w, int g_frac, int g_mag) {
    WeightUpdateExpr u;
    const bool shift = k_.lr_mode == LrMode::kShift;
    u.lr_q = shift ? 1 : k_.lr.q;
    const int lr_frac = shift ? k_.lr_shift : k_.lr.fmt.frac;  // lr g is at g_frac + lr_frac
    const int lr_mag = shift ? 0 : mag(k_.lr.q);
    u.g_frac = g_frac;
    const int wf = frac(w);
    {  // online: W - lr g
      const int gf = g_frac + lr_frac;
      const int s = std::max(wf, gf);
      u.step_rq = fxp::Requantizer(s, spec(w));
      u.step_w_shift = s - wf;
      u.step_g_shift = s - gf;
      if (!per_trial_) need(w, sum_bits({mag_of(w) + u.step_w_shift, g_mag + lr_mag + u.step_g_shift}), "the weight update W - lr g");
    }
    {  // per_trial: acc + g
      const int af = frac(Site::grad_acc);
      const int s = std::max(af, g_frac);
      u.acc_rq = fxp::Requantizer(s, spec(Site::grad_acc));
      u.acc_shift = s - af;
      u.acc_g_shift = s - g_frac;
      if (per_trial_) need(Site::grad_acc, sum_bits({mag_of(Site::grad_acc) + u.acc_shift, g_mag + u.acc_g_shift}), "the accumulation acc + g");
    }
    {  // end of batch: W - lr acc
      const int gf = frac(Site::grad_acc) + lr_frac;
      const int s = std::max(wf, gf);
      u.apply_rq = fxp::Requantizer(s, spec(w));
      u.apply_w_shift = s - wf;
      u.apply_acc_shift = s - gf;
      if (per_trial_) {
        need(w, sum_bits({mag_of(w) + u.apply_w_shift, mag_of(Site::grad_acc) + lr_mag + u.apply_acc_shift}),
             "the weight application W - lr acc");
      }
    }
    return u;
  }

 private:
  const FixedConfig& fx_;
  const CoreConstants& k_;
  bool per_trial_;
  int widest_ = 0;
};

}  // namespace

Datapath build_datapath(const golden::GoldenConfig& cfg, const FixedConfig& fx, const CoreConstants& k) {
  const golden::NetworkConfig& net = cfg.network;
  const golden::LearningConfig& learning = cfg.learning;
  Builder b(fx, k, learning.schedule == golden::Schedule::kPerBatch);
  Datapath d;
  d.n_in = net.n_in;
  d.n_rec = net.n_rec;
  d.n_out = net.n_out;
  d.n_lif = net.n_lif();
  d.form_b = net.form == golden::NeuronForm::kB;
  d.spike_ge = net.spike_test == golden::SpikeTest::kGreaterEqual;
  d.n_ref = net.n_ref;
  d.exact = learning.eligibility == golden::Eligibility::kExact;
  d.per_trial = learning.schedule == golden::Schedule::kPerBatch;
  d.random_feedback = learning.feedback != golden::Feedback::kSymmetric;
  d.train_in = learning.train_in;
  d.train_rec = learning.train_rec;
  d.train_out = learning.train_out;
  const bool alif = net.n_alif > 0;

  const int fi = b.frac(Site::i_syn);
  const fxp::Format& w_in = fx.format(Site::w_in);
  const fxp::Format& w_rec = fx.format(Site::w_rec);
  const fxp::Format& w_out = fx.format(Site::w_out);
  d.isyn_in = b.sum(Site::i_syn, fi, b.mag_of(Site::i_syn), w_in.frac, mag(w_in), "I + W_in");
  d.isyn_rec = b.sum(Site::i_syn, fi, b.mag_of(Site::i_syn), w_rec.frac, mag(w_rec), "I + W_rec");

  // Decays: 1 - decay is formed exactly in the decay's format.
  const int fa = k.alpha.fmt.frac;
  const std::int64_t one_minus_alpha_q = static_cast<std::int64_t>(fxp::pow2(fa) - k.alpha.q);
  const int fk = k.kappa.fmt.frac;
  const std::int64_t one_minus_kappa_q = static_cast<std::int64_t>(fxp::pow2(fk) - k.kappa.q);
  // Input scale and trace coefficient c: 1 - alpha (form a) or 1 (form b).
  const std::int64_t c_q = d.form_b ? 1 : one_minus_alpha_q;
  const int c_frac = d.form_b ? 0 : fa;

  if (alif) {
    d.a = b.leak(Site::a, k.rho.q, k.rho.fmt.frac, 1, 0, 0, 0, "rho a + z");
    d.thr_adaptive = b.leak(Site::thr_adaptive, k.beta.q, k.beta.fmt.frac, b.frac(Site::a), b.mag_of(Site::a), k.thr.q,
                            k.thr.fmt.frac, 0, 0, "thr + beta a");
  }

  {  // v = alpha v + c I - thr z
    MembraneExpr& m = d.v;
    const int fv = b.frac(Site::v);
    const int vf = fa + fv, inf = c_frac + fi, tf = k.thr.fmt.frac;
    const int s = std::max({vf, inf, tf});
    m.rq = fxp::Requantizer(s, fx.spec(Site::v));
    m.alpha_q = k.alpha.q;
    m.c_q = c_q;
    m.thr_q = k.thr.q;
    m.v_shift = s - vf;
    m.i_shift = s - inf;
    m.thr_shift = s - tf;
    b.need(Site::v, sum_bits({mag(k.alpha.q) + b.mag_of(Site::v) + m.v_shift, mag(c_q) + b.mag_of(Site::i_syn) + m.i_shift,
                              mag(k.thr.q) + m.thr_shift}),
           "alpha v + c I - thr z");
  }

  {  // d = v - A; psi = q(psi_peak max(0, 1 - |d| inv_thr))
    SurrogateExpr& p = d.surrogate;
    const int fv = b.frac(Site::v), ft = k.thr.fmt.frac, fta = b.frac(Site::thr_adaptive);
    const int df = alif ? std::max({fv, ft, fta}) : std::max(fv, ft);
    p.v_shift = df - fv;
    p.thr_shift = df - ft;
    p.thr_adaptive_shift = alif ? df - fta : 0;
    p.thr_q = k.thr.q;
    p.inv_thr_q = k.inv_thr.q;
    p.psi_peak_q = k.psi_peak.q;
    const int pf = df + k.inv_thr.fmt.frac;  // fraction of |d| inv_thr
    const int hf = std::max(pf, 0);           // fraction of 1 - |d| inv_thr
    p.prod_shift = hf - pf;
    p.one_shift = hf;
    p.rq = fxp::Requantizer(k.psi_peak.fmt.frac + hf, fx.spec(Site::psi));
    const int d_mag = sum_bits({b.mag_of(Site::v) + p.v_shift, mag(k.thr.q) + p.thr_shift,
                                alif ? b.mag_of(Site::thr_adaptive) + p.thr_adaptive_shift : 0});
    b.need(Site::psi, d_mag + mag(k.inv_thr.q) + p.prod_shift, "|v - A| inv_thr");
    b.need(Site::psi, mag(k.psi_peak.q) + hf + 1, "psi_peak (1 - |v - A| inv_thr)");
  }

  d.zbar = b.leak(Site::zbar, k.alpha.q, fa, c_q, c_frac, 0, 0, "alpha zbar + c z");
  d.zbar_out = b.leak(Site::zbar_out, k.kappa.q, fk, one_minus_kappa_q, fk, 0, 0, "kappa zbar_out + (1 - kappa) z");
  d.y = b.leak(Site::y, k.kappa.q, fk, one_minus_kappa_q, fk, w_out.frac, mag(w_out) + ceil_log2(net.n_rec),
               "kappa y + (1 - kappa) sum_j W_out z_j");
  const int fy = b.frac(Site::y);
  d.err = b.sum(Site::err, fy, b.mag_of(Site::y), fy, b.mag_of(Site::y), "y - y*");

  const fxp::Format& fb = d.random_feedback ? fx.format(HostValue::b) : w_out;
  d.l.rq = fxp::Requantizer(fb.frac + b.frac(Site::err), fx.spec(Site::l));
  b.need(Site::l, mag(fb) + b.mag_of(Site::err) + ceil_log2(net.n_out), "sum_k B err_k");
  d.lpsi.rq = fxp::Requantizer(b.frac(Site::l) + b.frac(Site::psi), fx.spec(Site::lpsi));
  b.need(Site::lpsi, b.mag_of(Site::l) + b.mag_of(Site::psi), "L psi");

  const int fz = b.frac(Site::zbar), fe = b.frac(Site::e);
  if (d.exact) {
    d.e_lif.rq = fxp::Requantizer(b.frac(Site::psi) + fz, fx.spec(Site::e));
    b.need(Site::e, b.mag_of(Site::psi) + b.mag_of(Site::zbar), "psi zbar");
    if (alif) {
      AlifEligibilityExpr& ea = d.e_alif;
      const int ef = k.beta.fmt.frac + b.frac(Site::eps_a);
      const int inner = std::max(fz, ef);
      ea.beta_q = k.beta.q;
      ea.zbar_shift = inner - fz;
      ea.eps_shift = inner - ef;
      ea.rq = fxp::Requantizer(b.frac(Site::psi) + inner, fx.spec(Site::e));
      b.need(Site::e,
             b.mag_of(Site::psi) +
                 sum_bits({b.mag_of(Site::zbar) + ea.zbar_shift, mag(k.beta.q) + b.mag_of(Site::eps_a) + ea.eps_shift}),
             "psi (zbar - beta eps_a)");
      d.eps_a = b.leak(Site::eps_a, k.rho.q, k.rho.fmt.frac, 1, 0, fe, b.mag_of(Site::e), "rho eps_a + e");
    }
    d.ebar = b.leak(Site::ebar, k.kappa.q, fk, one_minus_kappa_q, fk, fe, b.mag_of(Site::e), "kappa ebar + (1 - kappa) e");
  }

  // Gradients: exact products.
  const int g_frac = d.exact ? b.frac(Site::l) + b.frac(Site::ebar) : b.frac(Site::lpsi) + fz;
  const int g_mag = d.exact ? b.mag_of(Site::l) + b.mag_of(Site::ebar) : b.mag_of(Site::lpsi) + b.mag_of(Site::zbar);
  d.w_in = b.weights(Site::w_in, g_frac, g_mag);
  d.w_rec = b.weights(Site::w_rec, g_frac, g_mag);
  d.w_out = b.weights(Site::w_out, b.frac(Site::err) + b.frac(Site::zbar_out), b.mag_of(Site::err) + b.mag_of(Site::zbar_out));

  d.widest_bits = b.widest();
  d.narrow = d.widest_bits <= kNarrowBits;
  return d;
}

}  // namespace fxprop::fixed
