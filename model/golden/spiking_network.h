// Forward dynamics of the spiking network (forms a and b) and its leaky readout,
// one time step at a time. Every learning rule and the BPTT recorder drive this
// one implementation, so they see identical trajectories.
//
// Step t (dt = 1 ms; z_prev = z[t-1]; s = 1 - alpha for form a, 1 for form b):
//   r_j    = max(r_j - 1, 0)                                   (form b)
//   a_j[t] = rho a_j[t-1] + z_j[t-1]                           (ALIF neurons; 0 for LIF)
//   A_j[t] = thr + beta_j a_j[t]
//   v_j[t] = alpha v_j[t-1] + s (sum_i x_i[t] W_in[i][j] + sum_i z_i[t-1] W_rec[i][j]) - thr z_j[t-1]
//   z_j[t] = 0 if r_j > 0, else H(v_j[t] - A_j[t]) with '>' or '>='; a spike sets r_j = n_ref
//   psi_j[t] = 0 if r_j > 0 (before the spike test), else (gamma/thr) max(0, 1 - |v_j[t] - A_j[t]| / thr)
//   y_k[t] = kappa y_k[t-1] + (1 - kappa) sum_j z_j[t] W_out[j][k]
// (Bellec et al. 2020, Eq. 25 and Methods; form a as in the authors' pattern-generation code.)
#pragma once

#include <vector>

#include "model/golden/golden_config.h"
#include "model/golden/weights.h"

namespace fxprop::golden {

class SpikingNetwork {
 public:
  explicit SpikingNetwork(const NetworkConfig& net);

  // All state to zero (start of a trial).
  void reset();
  // Advances one step with input x (N_in values).
  void step(const Weights& w, const double* x);

  const NetworkConfig& config() const { return net_; }
  const Decays& decay() const { return decays_; }
  // Factor on the synaptic current: 1 - alpha (form a) or 1 (form b).
  double input_scale() const { return input_scale_; }
  const std::vector<double>& beta() const { return beta_; }

  const std::vector<double>& v() const { return v_; }
  const std::vector<double>& adaptation() const { return a_; }
  const std::vector<double>& threshold() const { return threshold_; }  // A[t]
  const std::vector<double>& z() const { return z_; }
  const std::vector<double>& z_prev() const { return z_prev_; }
  const std::vector<double>& psi() const { return psi_; }
  const std::vector<int>& refractory() const { return refractory_; }
  const std::vector<double>& y() const { return y_; }

 private:
  NetworkConfig net_;
  Decays decays_;
  double input_scale_;
  std::vector<double> beta_;
  std::size_t first_alif_;  // neurons [first_alif_, n_rec) are ALIF
  std::vector<double> v_, a_, threshold_, z_, z_prev_, psi_, current_, y_, readout_drive_;
  std::vector<int> refractory_;
};

}  // namespace fxprop::golden
