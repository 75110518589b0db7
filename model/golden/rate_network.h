// Leaky tanh rate network of Murray, eLife 8:e43299 (2019), one step at a time:
//   u_i[t] = sum_j h_j[t-1] W_rec[j][i] + sum_m x_m[t] W_in[m][i]
//   h_i[t] = h_i[t-1] + (-h_i[t-1] + tanh(u_i[t])) / tau,   h[-1] = h0 (every unit)
//   y_k[t] = sum_i h_i[t] W_out[i][k]                      (no readout filter)
// Step t corresponds to the authors' notebook index t + 1.
#pragma once

#include <vector>

#include "model/golden/golden_config.h"
#include "model/golden/weights.h"

namespace fxprop::golden {

class RateNetwork {
 public:
  explicit RateNetwork(const NetworkConfig& net);

  void reset();
  void step(const Weights& w, const double* x);

  double tau() const { return tau_; }
  const std::vector<double>& u() const { return u_; }
  const std::vector<double>& h() const { return h_; }
  const std::vector<double>& h_prev() const { return h_prev_; }
  // tanh'(u[t]): 1 - tanh(u[t])^2, or 1 / cosh(10 tanh(u[t] / 10))^2 (net.tanh_derivative = notebook)
  const std::vector<double>& slope() const { return slope_; }
  const std::vector<double>& y() const { return y_; }

 private:
  double tau_;
  double h0_;
  bool notebook_slope_;
  std::vector<double> u_, h_, h_prev_, slope_, y_;
};

}  // namespace fxprop::golden
