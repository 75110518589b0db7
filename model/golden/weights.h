// Network weights and gradients, and how the initial weights are made.
//
// Orientation (everywhere in fxprop): [pre][post], row-major, as in the
// TensorFlow reference (current = x @ W):
//   w_in  (N_in,  N_rec)
//   w_rec (N_rec, N_rec), zero diagonal (no autapses) unless net.autapses (rate networks)
//   w_out (N_rec, N_out)
//   b     (N_rec, N_out): learning signal L_j = sum_k b[j][k] err_k, so symmetric feedback is b = w_out.
#pragma once

#include <cstdint>

#include "model/common/matrix.h"
#include "model/golden/golden_config.h"

namespace fxprop::golden {

struct Weights {
  Matrix<double> w_in;
  Matrix<double> w_rec;
  Matrix<double> w_out;
  Matrix<double> b;  // feedback for random/adaptive e-prop and RFLO; unused with symmetric feedback
};

// dE/dW for the trained matrices, same shapes as Weights.
struct Gradients {
  Matrix<double> w_in;
  Matrix<double> w_rec;
  Matrix<double> w_out;

  explicit Gradients(const NetworkConfig& net);
  Gradients() = default;
  void zero();
  void add(const Gradients& o);  // this += o
  void scale(double s);
};

// Random initial weights (see InitConfig for the distributions), drawn from the
// stream kWeightInit with index 0 (W_in), 1 (W_rec), 2 (W_out), 3 (B), in
// row-major order. The W_rec diagonal is drawn and then set to 0 unless net.autapses.
Weights init_weights(const NetworkConfig& net, const InitConfig& init, std::uint64_t seed);

// init_weights, then every matrix named in `init` replaced by its .npy file.
// Throws io::NpyError naming the field and file on a missing, unreadable or
// mis-shaped file, or a W_rec with a non-zero diagonal when autapses are off.
Weights initial_weights(const GoldenConfig& cfg);

// Header-only check of every .npy file named in cfg.init (for `fxprop config --check`).
void check_init_files(const GoldenConfig& cfg);

}  // namespace fxprop::golden
