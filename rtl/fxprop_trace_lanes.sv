// Copyright fxprop contributors.
//
// fxprop_trace_lanes: the eligibility traces and the gradient, one word (P posts) of an input
// or recurrent row of the synapse sweep,
// purely combinational: the exact variant's eligibility and the gradient of both variants
// (docs/learning-core.md sections 2.6 and 2.7). The row's presynaptic trace zbar_i is
// common to the lanes; lane l is post j.
//   exact:      e      = q_e(psi_j (zbar_i - beta eps_a_ji))   (LIF posts: eps_a term absent)
//               eps_a' = q_eps_a(rho eps_a_ji + e)             (ALIF posts only)
//               ebar'  = q_ebar(kappa ebar_ji + (1 - kappa) e)
//               g      = L_j ebar'                               (exact)
//   factorised: g      = lpsi_j zbar_i                           (exact)
// g is returned in the common input/recurrent gradient format (GInW, GInF) of fxprop_pkg.
// Sites e, eps_a and ebar draw only in the exact variant, on active lanes (eps_a: active
// ALIF lanes). The caller masks the diagonal of W_rec out of active_i and writes 0 there.
module fxprop_trace_lanes (
  input  logic                                           exact_i,
  input  logic [fxprop_pkg::BetaW-1:0]               beta_i,
  input  logic [fxprop_pkg::RhoW-1:0]                rho_i,
  input  logic [fxprop_pkg::KappaW-1:0]              kappa_i,
  input  logic [fxprop_pkg::KappaW:0]                coef_kappa_i,  // 1 - kappa

  input  logic [fxprop_pkg::ZbarW-1:0]               zbar_i,
  input  logic [fxprop_pkg::P-1:0]                       active_i,
  input  logic [fxprop_pkg::P-1:0]                       alif_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::PsiW-1:0]  psi_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::LW-1:0]    l_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::LpsiW-1:0] lpsi_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::EpsAW-1:0] eps_a_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::EbarW-1:0] ebar_i,

  output logic [fxprop_pkg::P*fxprop_pkg::EpsAW-1:0] eps_a_o,
  output logic [fxprop_pkg::P*fxprop_pkg::EbarW-1:0] ebar_o,
  output logic [fxprop_pkg::P*fxprop_pkg::GInW-1:0]      g_o,

  input  logic [31:0]                                    st_e_i,
  input  logic [31:0]                                    st_eps_a_i,
  input  logic [31:0]                                    st_ebar_i,
  output logic [31:0]                                    st_e_o,
  output logic [31:0]                                    st_eps_a_o,
  output logic [31:0]                                    st_ebar_o
);

  localparam int P = fxprop_pkg::P;
  localparam int ZbW = fxprop_pkg::ZbarW, ZbF = fxprop_pkg::ZbarF;
  localparam int ZbS = fxprop_pkg::ZbarS;
  localparam int PsiW = fxprop_pkg::PsiW, PsiF = fxprop_pkg::PsiF;
  localparam int PsiS = fxprop_pkg::PsiS;
  localparam int LW = fxprop_pkg::LW, LF = fxprop_pkg::LF, LS = fxprop_pkg::LS;
  localparam int LpW = fxprop_pkg::LpsiW, LpF = fxprop_pkg::LpsiF;
  localparam int LpS = fxprop_pkg::LpsiS;
  localparam int EW = fxprop_pkg::EW, EF = fxprop_pkg::EF, ES = fxprop_pkg::ES;
  localparam int EaW = fxprop_pkg::EpsAW, EaF = fxprop_pkg::EpsAF;
  localparam int EaS = fxprop_pkg::EpsAS;
  localparam int EbW = fxprop_pkg::EbarW, EbF = fxprop_pkg::EbarF;
  localparam int EbS = fxprop_pkg::EbarS;
  localparam int BetaW = fxprop_pkg::BetaW, BetaF = fxprop_pkg::BetaF;
  localparam int RhoW = fxprop_pkg::RhoW, RhoF = fxprop_pkg::RhoF;
  localparam int GW = fxprop_pkg::GInW, GF = fxprop_pkg::GInF;

  // zbar_i - beta eps_a
  localparam int PbW = (BetaW + 1) + (EaW + 1);
  localparam int PbF = BetaF + EaF;
  localparam int DF  = fxprop_pkg::max2(ZbF, PbF);
  localparam int DW  = fxprop_pkg::max2(ZbW + 1 + DF - ZbF, PbW + DF - PbF) + 1;
  // psi * difference
  localparam int PeW = (PsiW + 1) + DW;
  localparam int PeF = PsiF + DF;
  // rho eps_a + e
  localparam int PrW = (RhoW + 1) + (EaW + 1);
  localparam int PrF = RhoF + EaF;
  localparam int SrF = fxprop_pkg::max2(PrF, EF);
  localparam int SrW = fxprop_pkg::max2(PrW + SrF - PrF, EW + 1 + SrF - EF) + 1;
  // gradients
  localparam int GfW = (LpW + 1) + (ZbW + 1);
  localparam int GfF = LpF + ZbF;
  localparam int GxW = (LW + 1) + (EbW + 1);
  localparam int GxF = LF + EbF;

  logic [P-1:0]      act_e, act_eps_a;
  logic [P*PeW-1:0]  pe;
  logic [P*EW-1:0]   e;
  logic [P*SrW-1:0]  sr;
  logic [P*EaW-1:0]  eps_a_new;
  logic [P*EbW-1:0]  ebar_new;

  logic signed [ZbW:0]   zb_ext;
  logic signed [BetaW:0] beta_ext;
  logic signed [RhoW:0]  rho_ext;

  assign zb_ext    = (ZbS != 0) ? {zbar_i[ZbW-1], zbar_i} : {1'b0, zbar_i};
  assign beta_ext  = {1'b0, beta_i};
  assign rho_ext   = {1'b0, rho_i};
  assign act_e     = exact_i ? active_i : '0;
  assign act_eps_a = act_e & alif_i;

  for (genvar l = 0; l < P; l++) begin : g_elig
    logic [EaW-1:0]        ea;
    logic [PsiW-1:0]       psi;
    logic [EW-1:0]         e_l;
    logic signed [EaW:0]   ea_ext;
    logic signed [PsiW:0]  psi_ext;
    logic signed [EW:0]    e_ext;
    logic signed [PbW-1:0] pb;
    logic signed [DW-1:0]  diff;
    logic signed [PeW-1:0] p;
    logic signed [PrW-1:0] pr;

    assign ea      = eps_a_i[l*EaW +: EaW];
    assign psi     = psi_i[l*PsiW +: PsiW];
    assign e_l     = e[l*EW +: EW];
    assign ea_ext  = (EaS != 0) ? {ea[EaW-1], ea} : {1'b0, ea};
    assign psi_ext = (PsiS != 0) ? {psi[PsiW-1], psi} : {1'b0, psi};
    assign e_ext   = (ES != 0) ? {e_l[EW-1], e_l} : {1'b0, e_l};

    assign pb   = PbW'(beta_ext) * PbW'(ea_ext);
    assign diff = (DW'(zb_ext) <<< (DF - ZbF)) - (alif_i[l] ? (DW'(pb) <<< (DF - PbF)) : '0);
    assign p    = PeW'(psi_ext) * PeW'(diff);
    assign pe[l*PeW +: PeW] = p;

    assign pr = PrW'(rho_ext) * PrW'(ea_ext);
    assign sr[l*SrW +: SrW] = (SrW'(pr) <<< (SrF - PrF)) + (SrW'(e_ext) <<< (SrF - EF));

    assign eps_a_o[l*EaW +: EaW] = alif_i[l] ? eps_a_new[l*EaW +: EaW] : ea;
  end

  fxprop_round_lanes #(
    .Lanes(P), .InW(PeW), .InF(PeF), .OutW(EW), .OutF(EF), .OutS(ES),
    .Rnd(fxprop_pkg::ERnd), .Ovf(fxprop_pkg::EOvf), .K(fxprop_pkg::EK)
  ) u_round_e (
    .x_i(pe), .active_i(act_e), .state_i(st_e_i), .y_o(e), .state_o(st_e_o)
  );

  fxprop_round_lanes #(
    .Lanes(P), .InW(SrW), .InF(SrF), .OutW(EaW), .OutF(EaF), .OutS(EaS),
    .Rnd(fxprop_pkg::EpsARnd), .Ovf(fxprop_pkg::EpsAOvf), .K(fxprop_pkg::EpsAK)
  ) u_round_eps_a (
    .x_i(sr), .active_i(act_eps_a), .state_i(st_eps_a_i), .y_o(eps_a_new),
    .state_o(st_eps_a_o)
  );

  fxprop_leaky_lanes #(
    .Lanes(P), .DW(fxprop_pkg::KappaW), .DF(fxprop_pkg::KappaF),
    .XW(EbW), .XF(EbF), .XS(EbS), .UW(EW), .UF(EF), .US(ES),
    .Rnd(fxprop_pkg::EbarRnd), .Ovf(fxprop_pkg::EbarOvf), .K(fxprop_pkg::EbarK)
  ) u_ebar (
    .decay_i(kappa_i), .coef_i(coef_kappa_i), .x_i(ebar_i), .u_i(e), .active_i(act_e),
    .state_i(st_ebar_i), .y_o(ebar_new), .state_o(st_ebar_o)
  );

  assign ebar_o = ebar_new;

  // ---- Gradient -------------------------------------------------------------------
  for (genvar l = 0; l < P; l++) begin : g_grad
    logic [LpW-1:0]        lp;
    logic [LW-1:0]         lsig;
    logic [EbW-1:0]        eb;
    logic signed [LpW:0]   lp_ext;
    logic signed [LW:0]    l_ext;
    logic signed [EbW:0]   eb_ext;
    logic signed [GfW-1:0] gf;
    logic signed [GxW-1:0] gx;

    assign lp     = lpsi_i[l*LpW +: LpW];
    assign lsig   = l_i[l*LW +: LW];
    assign eb     = ebar_new[l*EbW +: EbW];
    assign lp_ext = (LpS != 0) ? {lp[LpW-1], lp} : {1'b0, lp};
    assign l_ext  = (LS != 0) ? {lsig[LW-1], lsig} : {1'b0, lsig};
    assign eb_ext = (EbS != 0) ? {eb[EbW-1], eb} : {1'b0, eb};
    assign gf     = GfW'(lp_ext) * GfW'(zb_ext);
    assign gx     = GxW'(l_ext) * GxW'(eb_ext);
    assign g_o[l*GW +: GW] = exact_i ? (GW'(gx) <<< (GF - GxF)) : (GW'(gf) <<< (GF - GfF));
  end

endmodule
