#include "model/golden/weights.h"

#include <cmath>
#include <string>

#include "model/common/random.h"
#include "model/io/npy.h"

namespace fxprop::golden {

Gradients::Gradients(const NetworkConfig& net)
    : w_in(static_cast<std::size_t>(net.n_in), static_cast<std::size_t>(net.n_rec)),
      w_rec(static_cast<std::size_t>(net.n_rec), static_cast<std::size_t>(net.n_rec)),
      w_out(static_cast<std::size_t>(net.n_rec), static_cast<std::size_t>(net.n_out)) {}

void Gradients::zero() {
  w_in.fill(0.0);
  w_rec.fill(0.0);
  w_out.fill(0.0);
}

namespace {
void add_into(Matrix<double>& a, const Matrix<double>& b) {
  double* pa = a.data();
  const double* pb = b.data();
  for (std::size_t k = 0; k < a.size(); ++k) pa[k] += pb[k];
}
void scale_in_place(Matrix<double>& a, double s) {
  for (std::size_t k = 0; k < a.size(); ++k) a.data()[k] *= s;
}

Matrix<double> random_matrix(std::size_t rows, std::size_t cols, WeightDistribution dist, double scale,
                             std::uint64_t seed, std::uint64_t index) {
  Random rng(seed, RandomStream::kWeightInit, index);
  Matrix<double> m(rows, cols);
  for (std::size_t k = 0; k < m.size(); ++k) {
    const double r = dist == WeightDistribution::kNormal ? rng.normal() : rng.uniform(-1.0, 1.0);
    m.data()[k] = r * scale;
  }
  return m;
}
}  // namespace

void Gradients::add(const Gradients& o) {
  add_into(w_in, o.w_in);
  add_into(w_rec, o.w_rec);
  add_into(w_out, o.w_out);
}

void Gradients::scale(double s) {
  scale_in_place(w_in, s);
  scale_in_place(w_rec, s);
  scale_in_place(w_out, s);
}

Weights init_weights(const NetworkConfig& net, const InitConfig& init, std::uint64_t seed) {
  const auto n_in = static_cast<std::size_t>(net.n_in);
  const auto n_rec = static_cast<std::size_t>(net.n_rec);
  const auto n_out = static_cast<std::size_t>(net.n_out);
  const double sqrt_rec = std::sqrt(static_cast<double>(n_rec));
  Weights w;
  w.w_in = random_matrix(n_in, n_rec, init.w_in_distribution, init.w_in_gain / std::sqrt(static_cast<double>(n_in)), seed, 0);
  w.w_rec = random_matrix(n_rec, n_rec, WeightDistribution::kNormal, init.w_rec_gain / sqrt_rec, seed, 1);
  if (!net.autapses) {
    for (std::size_t i = 0; i < n_rec; ++i) w.w_rec(i, i) = 0.0;
  }
  w.w_out = random_matrix(n_rec, n_out, init.w_out_distribution, init.w_out_gain / sqrt_rec, seed, 2);
  double b_norm = 1.0;
  if (init.b_normalisation == FeedbackNormalisation::kSqrtNRec) b_norm = sqrt_rec;
  if (init.b_normalisation == FeedbackNormalisation::kSqrtNOut) b_norm = std::sqrt(static_cast<double>(n_out));
  w.b = random_matrix(n_rec, n_out, WeightDistribution::kNormal, init.b_gain / b_norm, seed, 3);
  return w;
}

Weights initial_weights(const GoldenConfig& cfg) {
  const NetworkConfig& net = cfg.network;
  Weights w = init_weights(net, cfg.init, cfg.seed);
  const auto n_in = static_cast<std::size_t>(net.n_in);
  const auto n_rec = static_cast<std::size_t>(net.n_rec);
  const auto n_out = static_cast<std::size_t>(net.n_out);
  if (!cfg.init.w_in.empty()) w.w_in = io::read_npy_matrix(cfg.init.w_in, n_in, n_rec, "init.w_in");
  if (!cfg.init.w_rec.empty()) {
    w.w_rec = io::read_npy_matrix(cfg.init.w_rec, n_rec, n_rec, "init.w_rec");
    for (std::size_t i = 0; i < n_rec && !net.autapses; ++i) {
      if (w.w_rec(i, i) != 0.0) {
        throw io::NpyError("init.w_rec = \"" + cfg.init.w_rec.string() + "\": the diagonal must be zero (no autapses; network.w_rec_diagonal), but W_rec[" +
                           std::to_string(i) + ", " + std::to_string(i) + "] = " + std::to_string(w.w_rec(i, i)));
      }
    }
  }
  if (!cfg.init.w_out.empty()) w.w_out = io::read_npy_matrix(cfg.init.w_out, n_rec, n_out, "init.w_out");
  if (!cfg.init.b.empty()) w.b = io::read_npy_matrix(cfg.init.b, n_rec, n_out, "init.b");
  return w;
}

void check_init_files(const GoldenConfig& cfg) {
  const auto n_in = static_cast<std::size_t>(cfg.network.n_in);
  const auto n_rec = static_cast<std::size_t>(cfg.network.n_rec);
  const auto n_out = static_cast<std::size_t>(cfg.network.n_out);
  const auto T = static_cast<std::size_t>(cfg.task.steps);
  if (!cfg.init.w_in.empty()) io::check_npy_matrix(cfg.init.w_in, n_in, n_rec, "init.w_in");
  if (!cfg.init.w_rec.empty()) io::check_npy_matrix(cfg.init.w_rec, n_rec, n_rec, "init.w_rec");
  if (!cfg.init.w_out.empty()) io::check_npy_matrix(cfg.init.w_out, n_rec, n_out, "init.w_out");
  if (!cfg.init.b.empty()) io::check_npy_matrix(cfg.init.b, n_rec, n_out, "init.b");
  if (!cfg.init.input.empty()) io::check_npy_matrix(cfg.init.input, T, n_in, "init.input");
  if (!cfg.init.target.empty()) io::check_npy_matrix(cfg.init.target, T, n_out, "init.target");
}

}  // namespace fxprop::golden
