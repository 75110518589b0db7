// Exact BPTT for the rate network (reference for RFLO and for the finite-difference test):
//   gh_i[t] = sum_k W_out[i][k] err_k[t] + (1 - 1/tau) gh_i[t+1] + [recurrence] sum_l W_rec[i][l] gu_l[t+1]
//   gu_i[t] = gh_i[t] tanh'(u_i[t]) / tau
//   dE/dW_rec[j][i] = sum_t h_j[t-1] gu_i[t] (diagonal 0 unless net.autapses), dE/dW_in[m][i] = sum_t x_m[t] gu_i[t],
//   dE/dW_out[i][k] = sum_t h_i[t] err_k[t].
#pragma once

#include "model/common/matrix.h"
#include "model/golden/rate_network.h"
#include "model/golden/weights.h"

namespace fxprop::golden {

class RateBptt {
 public:
  explicit RateBptt(const NetworkConfig& net);
  void reset(std::size_t steps);
  void record(std::size_t t, const RateNetwork& net, const double* readout_error);
  void backward(const Weights& w, const Matrix<double>& input, bool through_recurrence, Gradients& g) const;

 private:
  NetworkConfig net_;
  std::size_t steps_ = 0;
  Matrix<double> slope_, h_, h_prev_, err_;
};

}  // namespace fxprop::golden
