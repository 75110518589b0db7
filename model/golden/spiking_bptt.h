// Backpropagation through time for the spiking network, with the same
// pseudo-derivative psi as e-prop (dz/dv = psi, dz/dA = -psi).
//
// Adjoint recursions, t = T-1 .. 0 (gv, ga, gy zero after the last step):
//   gy_k[t] = err_k[t] + kappa gy_k[t+1]                                   dE/dy[t]
//   gz_j[t] = (1 - kappa) sum_k W_out[j][k] gy_k[t] + r_j                  (readout; rate regulariser r_j)
//           + s sum_l W_rec[j][l] gv_l[t+1]          if paths.recurrence   (z[t] -> other neurons' v[t+1])
//           - thr gv_j[t+1]                           if paths.reset        (z[t] -> own reset at t+1)
//           + ga_j[t+1]                                                    (z[t] -> a[t+1], always kept)
//   gv_j[t] = psi_j[t] gz_j[t] + alpha gv_j[t+1]
//   ga_j[t] = -beta_j psi_j[t] gz_j[t] + rho ga_j[t+1]
//   dE/dW_in[i][j]  = s sum_t x_i[t] gv_j[t],   dE/dW_rec[i][j] = s sum_t z_i[t-1] gv_j[t] (diagonal 0),
//   dE/dW_out[j][k] = (1 - kappa) sum_t z_j[t] gy_k[t].
// paths = {true, true} is the TensorFlow reference's BPTT (stop_z_gradients = False);
// {false, false} is its stop-gradient convention, under which symmetric e-prop is exact.
#pragma once

#include <vector>

#include "model/common/matrix.h"
#include "model/golden/spiking_network.h"
#include "model/golden/weights.h"

namespace fxprop::golden {

struct BpttPaths {
  bool recurrence = true;
  bool reset = true;
};

class SpikingBptt {
 public:
  explicit SpikingBptt(const NetworkConfig& net);

  // Start of a trial with T steps.
  void reset(std::size_t steps);
  // Call after net.step() of step t with that step's readout error (N_out values).
  void record(std::size_t t, const SpikingNetwork& net, const double* readout_error);
  // Adds dE/dW to g. `input` is the trial's (T, N_in) input; `rate_factor` is r_j (may be empty).
  // If `explicit_signal` is given it receives (T, N_rec) dE/dz_j[t] through every path except the
  // adaptation path: the "true learning signal" of the e-prop factorisation (Bellec et al. Eq. 1).
  void backward(const Weights& w, const Matrix<double>& input, BpttPaths paths, const std::vector<double>& rate_factor,
                Gradients& g, Matrix<double>* explicit_signal = nullptr) const;

 private:
  NetworkConfig net_;
  Decays decays_;
  double input_scale_;
  std::vector<double> beta_;
  std::size_t steps_ = 0;
  Matrix<double> psi_, z_, err_;
};

}  // namespace fxprop::golden
