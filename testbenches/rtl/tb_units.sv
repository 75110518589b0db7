// Copyright fxprop contributors.
//
// tb_units: Verilator wrapper exposing the datapath units of fxprop_core, with the formats
// of the configuration it is built with, as independent blocks:
//   nu_*  fxprop_neuron_lanes    (neuron update)
//   lk_*  fxprop_leaky_lanes     (presynaptic trace zbar: decay alpha, input a spike)
//   sy_*  fxprop_trace_lanes       (eligibility and gradient of an input/recurrent row word)
//   wu_*  fxprop_wupd_lanes      (weight / accumulator update of W_in)
//   ro_*  fxprop_readout_lanes   (readout and error)
//   ls_*  fxprop_lsig_unit       (learning signal)
// fmt_o reports the format descriptors (fxprop_pkg::fmt_of) and dims_o the derived widths,
// so the C++ harness takes every format from the model.
module tb_units (
  output logic [fxprop_pkg::NFmts*32-1:0] fmt_o,
  output logic [8*32-1:0]                 dims_o,

  // ---- neuron ----
  input  logic                                          nu_form_b_i,
  input  logic                                          nu_spike_ge_i,
  input  logic [fxprop_pkg::AlphaW-1:0]                 nu_alpha_i,
  input  logic [fxprop_pkg::AlphaW:0]                   nu_coef_i,
  input  logic [fxprop_pkg::RhoW-1:0]                   nu_rho_i,
  input  logic [fxprop_pkg::ThrW-1:0]                   nu_thr_i,
  input  logic [fxprop_pkg::BetaW-1:0]                  nu_beta_i,
  input  logic [fxprop_pkg::PsiPeakW-1:0]               nu_psi_peak_i,
  input  logic [fxprop_pkg::InvThrW-1:0]                nu_inv_thr_i,
  input  logic [fxprop_pkg::RefW-1:0]                   nu_n_ref_i,
  input  logic [fxprop_pkg::P-1:0]                      nu_active_i,
  input  logic [fxprop_pkg::P-1:0]                      nu_alif_i,
  input  logic [fxprop_pkg::P-1:0]                      nu_z_prev_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::ISynW-1:0]    nu_isyn_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::VW-1:0]       nu_v_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::AW-1:0]       nu_a_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::RefW-1:0]     nu_r_i,
  output logic [fxprop_pkg::P*fxprop_pkg::VW-1:0]       nu_v_o,
  output logic [fxprop_pkg::P*fxprop_pkg::AW-1:0]       nu_a_o,
  output logic [fxprop_pkg::P*fxprop_pkg::RefW-1:0]     nu_r_o,
  output logic [fxprop_pkg::P-1:0]                      nu_z_o,
  output logic [fxprop_pkg::P*fxprop_pkg::PsiW-1:0]     nu_psi_o,
  input  logic [4*32-1:0]                               nu_st_i,   // a, thr_adaptive, v, psi
  output logic [4*32-1:0]                               nu_st_o,

  // ---- leaky trace (zbar) ----
  input  logic [fxprop_pkg::AlphaW-1:0]                 lk_decay_i,
  input  logic [fxprop_pkg::AlphaW:0]                   lk_coef_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::ZbarW-1:0]    lk_x_i,
  input  logic [fxprop_pkg::P-1:0]                      lk_u_i,
  input  logic [fxprop_pkg::P-1:0]                      lk_active_i,
  input  logic [31:0]                                   lk_st_i,
  output logic [fxprop_pkg::P*fxprop_pkg::ZbarW-1:0]    lk_y_o,
  output logic [31:0]                                   lk_st_o,

  // ---- synapse sweep unit ----
  input  logic                                          sy_exact_i,
  input  logic [fxprop_pkg::BetaW-1:0]                  sy_beta_i,
  input  logic [fxprop_pkg::RhoW-1:0]                   sy_rho_i,
  input  logic [fxprop_pkg::KappaW-1:0]                 sy_kappa_i,
  input  logic [fxprop_pkg::KappaW:0]                   sy_coef_kappa_i,
  input  logic [fxprop_pkg::ZbarW-1:0]                  sy_zbar_i,
  input  logic [fxprop_pkg::P-1:0]                      sy_active_i,
  input  logic [fxprop_pkg::P-1:0]                      sy_alif_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::PsiW-1:0]     sy_psi_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::LW-1:0]       sy_l_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::LpsiW-1:0]    sy_lpsi_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::EpsAW-1:0]    sy_eps_a_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::EbarW-1:0]    sy_ebar_i,
  output logic [fxprop_pkg::P*fxprop_pkg::EpsAW-1:0]    sy_eps_a_o,
  output logic [fxprop_pkg::P*fxprop_pkg::EbarW-1:0]    sy_ebar_o,
  output logic [fxprop_pkg::P*fxprop_pkg::GInW-1:0]     sy_g_o,
  input  logic [3*32-1:0]                               sy_st_i,   // e, eps_a, ebar
  output logic [3*32-1:0]                               sy_st_o,

  // ---- weight update (W_in) ----
  input  logic [1:0]                                    wu_mode_i,
  input  logic [fxprop_pkg::LrW-1:0]                    wu_lr_shift_i,
  input  logic [fxprop_pkg::P-1:0]                      wu_active_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::WInW-1:0]     wu_w_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::GradAccW-1:0] wu_acc_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::GInW-1:0]     wu_g_i,
  output logic [fxprop_pkg::P*fxprop_pkg::WInW-1:0]     wu_w_o,
  output logic [fxprop_pkg::P*fxprop_pkg::GradAccW-1:0] wu_acc_o,
  input  logic [2*32-1:0]                               wu_st_i,   // w_in, grad_acc
  output logic [2*32-1:0]                               wu_st_o,

  // ---- readout ----
  input  logic                                          ro_mask_i,
  input  logic [fxprop_pkg::KappaW-1:0]                 ro_kappa_i,
  input  logic [fxprop_pkg::KappaW:0]                   ro_coef_kappa_i,
  input  logic [fxprop_pkg::P-1:0]                      ro_active_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::YW-1:0]       ro_y_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::SumW-1:0]     ro_sum_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::YW-1:0]       ro_ystar_i,
  output logic [fxprop_pkg::P*fxprop_pkg::YW-1:0]       ro_y_o,
  output logic [fxprop_pkg::P*fxprop_pkg::ErrW-1:0]     ro_err_o,
  input  logic [2*32-1:0]                               ro_st_i,   // y, err
  output logic [2*32-1:0]                               ro_st_o,

  // ---- learning signal ----
  input  logic                                          ls_fb_random_i,
  input  logic                                          ls_factorised_i,
  input  logic                                          ls_first_i,
  input  logic                                          ls_last_i,
  input  logic [fxprop_pkg::P-1:0]                      ls_active_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::BW-1:0]       ls_b_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::WOutW-1:0]    ls_w_out_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::ErrW-1:0]     ls_err_i,
  input  logic [fxprop_pkg::PsiW-1:0]                   ls_psi_i,
  input  logic [fxprop_pkg::LsAccW-1:0]                 ls_acc_i,
  output logic [fxprop_pkg::LsAccW-1:0]                 ls_acc_o,
  output logic [fxprop_pkg::LW-1:0]                     ls_l_o,
  output logic [fxprop_pkg::LpsiW-1:0]                  ls_lpsi_o,
  input  logic [2*32-1:0]                               ls_st_i,   // l, lpsi
  output logic [2*32-1:0]                               ls_st_o
);

  for (genvar i = 0; i < fxprop_pkg::NFmts; i++) begin : g_fmt
    assign fmt_o[i*32 +: 32] = fxprop_pkg::fmt_of(i);
  end
  assign dims_o = {32'(fxprop_pkg::LsAccF), 32'(fxprop_pkg::LsAccW), 32'(fxprop_pkg::SumW),
                   32'(fxprop_pkg::GInF), 32'(fxprop_pkg::GInW), 32'(fxprop_pkg::LrShiftMax),
                   32'(fxprop_pkg::RefW), 32'(fxprop_pkg::P)};

  fxprop_neuron_lanes u_neuron (
    .form_b_i  (nu_form_b_i),
    .spike_ge_i(nu_spike_ge_i),
    .alpha_i   (nu_alpha_i),
    .coef_i    (nu_coef_i),
    .rho_i     (nu_rho_i),
    .thr_i     (nu_thr_i),
    .beta_i    (nu_beta_i),
    .psi_peak_i(nu_psi_peak_i),
    .inv_thr_i (nu_inv_thr_i),
    .n_ref_i   (nu_n_ref_i),
    .active_i  (nu_active_i),
    .alif_i    (nu_alif_i),
    .z_prev_i  (nu_z_prev_i),
    .isyn_i    (nu_isyn_i),
    .v_i       (nu_v_i),
    .a_i       (nu_a_i),
    .r_i       (nu_r_i),
    .v_o       (nu_v_o),
    .a_o       (nu_a_o),
    .r_o       (nu_r_o),
    .z_o       (nu_z_o),
    .psi_o     (nu_psi_o),
    .st_a_i    (nu_st_i[0 +: 32]),
    .st_thra_i (nu_st_i[32 +: 32]),
    .st_v_i    (nu_st_i[64 +: 32]),
    .st_psi_i  (nu_st_i[96 +: 32]),
    .st_a_o    (nu_st_o[0 +: 32]),
    .st_thra_o (nu_st_o[32 +: 32]),
    .st_v_o    (nu_st_o[64 +: 32]),
    .st_psi_o  (nu_st_o[96 +: 32])
  );

  fxprop_leaky_lanes #(
    .Lanes(fxprop_pkg::P), .DW(fxprop_pkg::AlphaW), .DF(fxprop_pkg::AlphaF),
    .XW(fxprop_pkg::ZbarW), .XF(fxprop_pkg::ZbarF), .XS(fxprop_pkg::ZbarS),
    .UW(1), .UF(0), .US(0), .Rnd(fxprop_pkg::ZbarRnd), .Ovf(fxprop_pkg::ZbarOvf),
    .K(fxprop_pkg::ZbarK)
  ) u_leaky (
    .decay_i(lk_decay_i), .coef_i(lk_coef_i), .x_i(lk_x_i), .u_i(lk_u_i), .active_i(lk_active_i),
    .state_i(lk_st_i), .y_o(lk_y_o), .state_o(lk_st_o)
  );

  fxprop_trace_lanes u_trace (
    .exact_i     (sy_exact_i),
    .beta_i      (sy_beta_i),
    .rho_i       (sy_rho_i),
    .kappa_i     (sy_kappa_i),
    .coef_kappa_i(sy_coef_kappa_i),
    .zbar_i      (sy_zbar_i),
    .active_i    (sy_active_i),
    .alif_i      (sy_alif_i),
    .psi_i       (sy_psi_i),
    .l_i         (sy_l_i),
    .lpsi_i      (sy_lpsi_i),
    .eps_a_i     (sy_eps_a_i),
    .ebar_i      (sy_ebar_i),
    .eps_a_o     (sy_eps_a_o),
    .ebar_o      (sy_ebar_o),
    .g_o         (sy_g_o),
    .st_e_i      (sy_st_i[0 +: 32]),
    .st_eps_a_i  (sy_st_i[32 +: 32]),
    .st_ebar_i   (sy_st_i[64 +: 32]),
    .st_e_o      (sy_st_o[0 +: 32]),
    .st_eps_a_o  (sy_st_o[32 +: 32]),
    .st_ebar_o   (sy_st_o[64 +: 32])
  );

  fxprop_wupd_lanes #(
    .Lanes(fxprop_pkg::P), .WW(fxprop_pkg::WInW), .WF(fxprop_pkg::WInF), .WS(fxprop_pkg::WInS),
    .WRnd(fxprop_pkg::WInRnd), .WOvf(fxprop_pkg::WInOvf), .WK(fxprop_pkg::WInK),
    .AccW(fxprop_pkg::GradAccW), .AccF(fxprop_pkg::GradAccF), .AccS(fxprop_pkg::GradAccS),
    .AccRnd(fxprop_pkg::GradAccRnd), .AccOvf(fxprop_pkg::GradAccOvf),
    .AccK(fxprop_pkg::GradAccK), .GW(fxprop_pkg::GInW), .GF(fxprop_pkg::GInF),
    .LrMax(fxprop_pkg::LrShiftMax), .LrW(fxprop_pkg::LrW)
  ) u_wupd (
    .mode_i(wu_mode_i), .lr_shift_i(wu_lr_shift_i), .active_i(wu_active_i), .w_i(wu_w_i),
    .acc_i(wu_acc_i), .g_i(wu_g_i), .w_o(wu_w_o), .acc_o(wu_acc_o),
    .st_w_i(wu_st_i[0 +: 32]), .st_acc_i(wu_st_i[32 +: 32]),
    .st_w_o(wu_st_o[0 +: 32]), .st_acc_o(wu_st_o[32 +: 32])
  );

  fxprop_readout_lanes u_readout (
    .mask_i(ro_mask_i), .kappa_i(ro_kappa_i), .coef_kappa_i(ro_coef_kappa_i),
    .active_i(ro_active_i), .y_i(ro_y_i), .sum_i(ro_sum_i), .ystar_i(ro_ystar_i),
    .y_o(ro_y_o), .err_o(ro_err_o),
    .st_y_i(ro_st_i[0 +: 32]), .st_err_i(ro_st_i[32 +: 32]),
    .st_y_o(ro_st_o[0 +: 32]), .st_err_o(ro_st_o[32 +: 32])
  );

  fxprop_lsig_unit u_lsig (
    .fb_random_i(ls_fb_random_i), .factorised_i(ls_factorised_i), .first_i(ls_first_i),
    .last_i(ls_last_i), .active_i(ls_active_i), .b_i(ls_b_i), .w_out_i(ls_w_out_i),
    .err_i(ls_err_i), .psi_i(ls_psi_i), .acc_i(ls_acc_i), .acc_o(ls_acc_o), .l_o(ls_l_o),
    .lpsi_o(ls_lpsi_o),
    .st_l_i(ls_st_i[0 +: 32]), .st_lpsi_i(ls_st_i[32 +: 32]),
    .st_l_o(ls_st_o[0 +: 32]), .st_lpsi_o(ls_st_o[32 +: 32])
  );

endmodule
