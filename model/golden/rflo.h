// RFLO: random-feedback local online learning (Murray, eLife 8:e43299 (2019), Eqs. 9-12):
//   p_ji[t] = (1 - 1/tau) p_ji[t-1] + (1/tau) tanh'(u_i[t]) h_j[t-1]      (recurrent, [pre j][post i])
//   q_mi[t] = (1 - 1/tau) q_mi[t-1] + (1/tau) tanh'(u_i[t]) x_m[t]        (input)
//   dE/dW_rec[j][i] += L_i[t] p_ji[t],  dE/dW_in[m][i] += L_i[t] q_mi[t],  L_i = sum_k B[i][k] err_k
//   dE/dW_out[i][k] += err_k[t] h_i[t]
// tanh' is the network's slope() (exact, or the notebook's variant); the W_rec diagonal of the
// gradient is zero unless net.autapses.
// The input trace uses x[t], the input that enters u[t] (the authors' notebook pairs u[t+1]
// with x[t]; its example input is zero, so the two agree there). With B = W_out the rule is
// BPTT with the gradient through h[t-1] -> u[t] stopped (tested).
#pragma once

#include <vector>

#include "model/common/matrix.h"
#include "model/golden/rate_network.h"
#include "model/golden/weights.h"

namespace fxprop::golden {

class RfloGradient {
 public:
  explicit RfloGradient(const NetworkConfig& net);
  void reset();
  // After net.step(w, x). learning_signal / readout_error may be nullptr when zero.
  void step(const double* x, const RateNetwork& net, const double* learning_signal, const double* readout_error, Gradients& g);

  const Matrix<double>& p() const { return p_; }
  const Matrix<double>& q() const { return q_; }

 private:
  double tau_;
  bool autapses_;
  Matrix<double> p_, q_;
  std::vector<double> drive_;
};

}  // namespace fxprop::golden
