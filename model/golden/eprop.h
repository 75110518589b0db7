// e-prop gradient, computed forward in time alongside the network
// (Bellec et al., Nat. Commun. 11:3625 (2020), Eqs. 1-3, Methods).
//
// Presynaptic traces (s = input_scale: 1 - alpha in form a, 1 in form b):
//   zbar_in_i[t]  = alpha zbar_in_i[t-1]  + s x_i[t]
//   zbar_rec_i[t] = alpha zbar_rec_i[t-1] + s z_i[t-1]
//   zbar_out_j[t] = kappa zbar_out_j[t-1] + (1 - kappa) z_j[t]            (readout gradient)
// Eligibility trace of synapse i -> j:
//   LIF  : e_ji[t] = psi_j[t] zbar_i[t]
//   ALIF : e_ji[t] = psi_j[t] (zbar_i[t] - beta eps_a_ji[t-1]),  eps_a_ji[t] = rho eps_a_ji[t-1] + e_ji[t]
//          (the online form of eps_a; identical to the paper's two-term recursion)
// Variants:
//   exact      : per-synapse filtered trace ebar_ji[t] = kd ebar_ji[t-1] + (1 - kd) e_ji[t], kd = filter_decay
//                (= kappa normally), dE/dW_ji += L_j[t] ebar_ji[t]; O(N_pre N_post) state.
//   factorised : no per-synapse learning state (as in the ReckOn chip): dE/dW_ji += L_j[t] psi_j[t] zbar_i[t];
//                no kappa filter and, for ALIF neurons, no eps_a term.
//   dE/dW_out_jk += err_k[t] zbar_out_j[t] (exact in both variants).
// Rate regularisation uses the unfiltered trace: sum_t e_ji[t] is kept per synapse
// (track_regularisation) and add_regularisation() multiplies it by the per-neuron factor.
// The W_rec diagonal of every gradient is kept at zero.
#pragma once

#include <vector>

#include "model/common/matrix.h"
#include "model/golden/golden_config.h"
#include "model/golden/spiking_network.h"
#include "model/golden/weights.h"

namespace fxprop::golden {

class EpropGradient {
 public:
  EpropGradient(const NetworkConfig& net, Eligibility variant, double filter_decay, bool track_regularisation);

  void reset();
  // Call right after net.step(w, x) for step t. `learning_signal` (N_rec values, L_j[t]) and
  // `readout_error` (N_out values, err_k[t]) may be nullptr when they are zero at this step.
  void step(const double* x, const SpikingNetwork& net, const double* learning_signal, const double* readout_error,
            Gradients& g);
  // g.w_in[i][j] += factor_j sum_t e_ji[t], same for g.w_rec (needs track_regularisation).
  void add_regularisation(const std::vector<double>& factor, Gradients& g) const;

  const std::vector<double>& zbar_in() const { return zbar_in_; }
  const std::vector<double>& zbar_rec() const { return zbar_rec_; }
  const std::vector<double>& zbar_out() const { return zbar_out_; }
  // Per-synapse filtered traces (exact variant), [pre][post].
  const Matrix<double>& ebar_in() const { return ebar_in_; }
  const Matrix<double>& ebar_rec() const { return ebar_rec_; }

 private:
  void rows(const std::vector<double>& zbar, const double* psi, const double* L, Matrix<double>& ebar,
            Matrix<double>& eps_a, Matrix<double>& e_sum, Matrix<double>& g, bool recurrent);

  Eligibility variant_;
  double filter_decay_;
  bool track_reg_;
  std::size_t n_lif_;
  double alpha_, rho_, kappa_, beta_, input_scale_;
  std::vector<double> zbar_in_, zbar_rec_, zbar_out_, signal_psi_;
  Matrix<double> ebar_in_, ebar_rec_, eps_a_in_, eps_a_rec_, e_sum_in_, e_sum_rec_;
};

}  // namespace fxprop::golden
