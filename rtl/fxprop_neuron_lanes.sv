// Copyright fxprop contributors.
//
// fxprop_neuron_lanes: the neuron update of docs/learning-core.md section 2 on P lanes
// (one neuron per lane), purely combinational. Per lane, in this order:
//   r  = max(r - 1, 0)                                   (form b only)
//   a  = q_a(rho a + z[t-1])                             (ALIF; LIF: a = 0)
//   A  = q_thr_adaptive(thr + beta a)                    (ALIF; LIF: A = thr exactly)
//   v  = q_v(alpha v + c I - thr z[t-1]),  c = 1 - alpha (form a) or 1 (form b)
//   z  = (v > A) or (v >= A), forced to 0 while r > 0; a spike sets r = n_ref
//   psi = 0 while r > 0, else q_psi(psi_peak * max(0, 1 - |v - A| * inv_thr))
// Every expression is exact until its one rounding. Four rounding sites (a, thr_adaptive,
// v, psi) each take their own LFSR stream; a lane draws only when its requantisation is
// performed: a and thr_adaptive on active ALIF lanes, v on active lanes, psi on active
// lanes that are not refractory.
module fxprop_neuron_lanes (
  input  logic                                          form_b_i,
  input  logic                                          spike_ge_i,
  input  logic [fxprop_pkg::AlphaW-1:0]             alpha_i,
  input  logic [fxprop_pkg::AlphaW:0]               coef_i,    // 1 - alpha or 1 (AlphaF)
  input  logic [fxprop_pkg::RhoW-1:0]               rho_i,
  input  logic [fxprop_pkg::ThrW-1:0]               thr_i,
  input  logic [fxprop_pkg::BetaW-1:0]              beta_i,
  input  logic [fxprop_pkg::PsiPeakW-1:0]           psi_peak_i,
  input  logic [fxprop_pkg::InvThrW-1:0]            inv_thr_i,
  input  logic [fxprop_pkg::RefW-1:0]                   n_ref_i,

  input  logic [fxprop_pkg::P-1:0]                      active_i,
  input  logic [fxprop_pkg::P-1:0]                      alif_i,
  input  logic [fxprop_pkg::P-1:0]                      z_prev_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::ISynW-1:0] isyn_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::VW-1:0]   v_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::AW-1:0]   a_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::RefW-1:0]     r_i,

  output logic [fxprop_pkg::P*fxprop_pkg::VW-1:0]   v_o,
  output logic [fxprop_pkg::P*fxprop_pkg::AW-1:0]   a_o,
  output logic [fxprop_pkg::P*fxprop_pkg::RefW-1:0]     r_o,
  output logic [fxprop_pkg::P-1:0]                      z_o,
  output logic [fxprop_pkg::P*fxprop_pkg::PsiW-1:0] psi_o,

  input  logic [31:0]                                   st_a_i,
  input  logic [31:0]                                   st_thra_i,
  input  logic [31:0]                                   st_v_i,
  input  logic [31:0]                                   st_psi_i,
  output logic [31:0]                                   st_a_o,
  output logic [31:0]                                   st_thra_o,
  output logic [31:0]                                   st_v_o,
  output logic [31:0]                                   st_psi_o
);

  localparam int P = fxprop_pkg::P;
  localparam int RefW = fxprop_pkg::RefW;
  localparam int ISynW = fxprop_pkg::ISynW, ISynF = fxprop_pkg::ISynF;
  localparam int ISynS = fxprop_pkg::ISynS;
  localparam int VW = fxprop_pkg::VW, VF = fxprop_pkg::VF, VS = fxprop_pkg::VS;
  localparam int AW = fxprop_pkg::AW, AF = fxprop_pkg::AF, AS = fxprop_pkg::AS;
  localparam int TaW = fxprop_pkg::ThrAdaptiveW, TaF = fxprop_pkg::ThrAdaptiveF;
  localparam int TaS = fxprop_pkg::ThrAdaptiveS;
  localparam int PsiW = fxprop_pkg::PsiW, PsiF = fxprop_pkg::PsiF;
  localparam int PsiS = fxprop_pkg::PsiS;
  localparam int AlphaW = fxprop_pkg::AlphaW, AlphaF = fxprop_pkg::AlphaF;
  localparam int RhoW = fxprop_pkg::RhoW, RhoF = fxprop_pkg::RhoF;
  localparam int ThrW = fxprop_pkg::ThrW, ThrF = fxprop_pkg::ThrF;
  localparam int ThrS = fxprop_pkg::ThrS;
  localparam int BetaW = fxprop_pkg::BetaW, BetaF = fxprop_pkg::BetaF;
  localparam int PkW = fxprop_pkg::PsiPeakW, PkF = fxprop_pkg::PsiPeakF;
  localparam int InvW = fxprop_pkg::InvThrW, InvF = fxprop_pkg::InvThrF;

  // a: rho a + z
  localparam int PaW  = (RhoW + 1) + (AW + 1);
  localparam int PaF  = RhoF + AF;
  localparam int SaW  = fxprop_pkg::max2(PaW, PaF + 2) + 1;
  // thr_adaptive: thr + beta a
  localparam int PtW  = (BetaW + 1) + (AW + 1);
  localparam int PtF  = BetaF + AF;
  localparam int StF  = fxprop_pkg::max2(ThrF, PtF);
  localparam int StW  = fxprop_pkg::max2(ThrW + 1 + StF - ThrF, PtW + StF - PtF) + 1;
  // exact threshold A (thr for LIF, q_thr_adaptive for ALIF) in one format
  localparam int AcF  = fxprop_pkg::max2(ThrF, TaF);
  localparam int AcW  = fxprop_pkg::max2(ThrW + 1 + AcF - ThrF, TaW + 1 + AcF - TaF);
  // v: alpha v + c I - thr z
  localparam int PvW  = (AlphaW + 1) + (VW + 1);
  localparam int PvF  = AlphaF + VF;
  localparam int PiW  = (AlphaW + 2) + (ISynW + 1);
  localparam int PiF  = AlphaF + ISynF;
  localparam int SvF  = fxprop_pkg::max3(PvF, PiF, ThrF);
  localparam int SvW  = fxprop_pkg::max3(PvW + SvF - PvF, PiW + SvF - PiF,
                                             ThrW + 1 + SvF - ThrF) + 2;
  // comparison and surrogate: d = v - A, m = |d| inv_thr, h = max(0, 1 - m), psi_peak h
  localparam int CF   = fxprop_pkg::max2(VF, AcF);
  localparam int CW   = fxprop_pkg::max2(VW + 1 + CF - VF, AcW + CF - AcF) + 1;
  localparam int MF   = CF + InvF;
  localparam int MW   = fxprop_pkg::max2(CW + InvW + 1, MF + 2) + 1;
  localparam int HW   = MF + 2;               // 0 <= h <= 1: MF + 1 bits and a sign bit
  localparam int PpW  = (PkW + 1) + HW;
  localparam int PpF  = PkF + MF;

  logic [P*SaW-1:0]  a_sum;
  logic [P*AW-1:0]   a_new;
  logic [P*StW-1:0]  ta_sum;
  logic [P*TaW-1:0]  ta_new;
  logic [P*SvW-1:0]  v_sum;
  logic [P*VW-1:0]   v_new;
  logic [P*PpW-1:0]  pp;
  logic [P*PsiW-1:0] psi_new;
  logic [P-1:0]      refr;
  logic [P-1:0]      act_alif, act_psi;

  logic signed [RhoW:0]   rho_ext;
  logic signed [BetaW:0]  beta_ext;
  logic signed [ThrW:0]   thr_ext;
  logic signed [AlphaW:0] alpha_ext;
  logic signed [AlphaW+1:0] coef_ext;
  logic signed [PkW:0]    pk_ext;
  logic signed [InvW:0]   inv_ext;

  assign rho_ext   = {1'b0, rho_i};
  assign beta_ext  = {1'b0, beta_i};
  assign thr_ext   = (ThrS != 0) ? {thr_i[ThrW-1], thr_i} : {1'b0, thr_i};
  assign alpha_ext = {1'b0, alpha_i};
  assign coef_ext  = {1'b0, coef_i};
  assign pk_ext    = {1'b0, psi_peak_i};
  assign inv_ext   = {1'b0, inv_thr_i};

  assign act_alif = active_i & alif_i;
  assign act_psi  = active_i & ~refr;

  // ---- Stage 1: refractory counter, adaptation, membrane (exact sums) ----------------
  for (genvar l = 0; l < P; l++) begin : g_pre
    logic [RefW-1:0]       r;
    logic [AW-1:0]         a;
    logic [VW-1:0]         v;
    logic [ISynW-1:0]      isyn;
    logic signed [AW:0]    a_ext;
    logic signed [VW:0]    v_ext;
    logic signed [ISynW:0] i_ext;
    logic signed [PaW-1:0] pa;
    logic signed [PvW-1:0] pv;
    logic signed [PiW-1:0] pi;
    logic [RefW-1:0]       r_dec;

    assign r    = r_i[l*RefW +: RefW];
    assign a    = a_i[l*AW +: AW];
    assign v    = v_i[l*VW +: VW];
    assign isyn = isyn_i[l*ISynW +: ISynW];

    assign r_dec   = (r != '0) ? (r - RefW'(1)) : '0;
    assign refr[l] = form_b_i ? (r_dec != '0) : (r != '0);

    assign a_ext = (AS != 0) ? {a[AW-1], a} : {1'b0, a};
    assign v_ext = (VS != 0) ? {v[VW-1], v} : {1'b0, v};
    assign i_ext = (ISynS != 0) ? {isyn[ISynW-1], isyn} : {1'b0, isyn};

    assign pa = PaW'(rho_ext) * PaW'(a_ext);
    assign a_sum[l*SaW +: SaW] = SaW'(pa) + (z_prev_i[l] ? (SaW'(1) <<< PaF) : '0);

    assign pv = PvW'(alpha_ext) * PvW'(v_ext);
    assign pi = PiW'(coef_ext) * PiW'(i_ext);
    assign v_sum[l*SvW +: SvW] = (SvW'(pv) <<< (SvF - PvF)) + (SvW'(pi) <<< (SvF - PiF)) -
                                 (z_prev_i[l] ? (SvW'(thr_ext) <<< (SvF - ThrF)) : '0);

    assign r_o[l*RefW +: RefW] = z_o[l] ? n_ref_i : (form_b_i ? r_dec : r);
  end

  fxprop_round_lanes #(
    .Lanes(P), .InW(SaW), .InF(PaF), .OutW(AW), .OutF(AF), .OutS(AS),
    .Rnd(fxprop_pkg::ARnd), .Ovf(fxprop_pkg::AOvf), .K(fxprop_pkg::AK)
  ) u_round_a (
    .x_i(a_sum), .active_i(act_alif), .state_i(st_a_i), .y_o(a_new), .state_o(st_a_o)
  );

  fxprop_round_lanes #(
    .Lanes(P), .InW(SvW), .InF(SvF), .OutW(VW), .OutF(VF), .OutS(VS),
    .Rnd(fxprop_pkg::VRnd), .Ovf(fxprop_pkg::VOvf), .K(fxprop_pkg::VK)
  ) u_round_v (
    .x_i(v_sum), .active_i(active_i), .state_i(st_v_i), .y_o(v_new), .state_o(st_v_o)
  );

  // ---- Stage 2: adaptive threshold from the new a -------------------------------------
  for (genvar l = 0; l < P; l++) begin : g_thr
    logic [AW-1:0]         a1;
    logic signed [AW:0]    a1_ext;
    logic signed [PtW-1:0] pt;

    assign a1     = a_new[l*AW +: AW];
    assign a1_ext = (AS != 0) ? {a1[AW-1], a1} : {1'b0, a1};
    assign pt     = PtW'(beta_ext) * PtW'(a1_ext);
    assign ta_sum[l*StW +: StW] = (StW'(thr_ext) <<< (StF - ThrF)) + (StW'(pt) <<< (StF - PtF));
    assign a_o[l*AW +: AW] = alif_i[l] ? a1 : '0;
  end

  fxprop_round_lanes #(
    .Lanes(P), .InW(StW), .InF(StF), .OutW(TaW), .OutF(TaF), .OutS(TaS),
    .Rnd(fxprop_pkg::ThrAdaptiveRnd), .Ovf(fxprop_pkg::ThrAdaptiveOvf),
    .K(fxprop_pkg::ThrAdaptiveK)
  ) u_round_thra (
    .x_i(ta_sum), .active_i(act_alif), .state_i(st_thra_i), .y_o(ta_new), .state_o(st_thra_o)
  );

  // ---- Stage 3: spike test and surrogate ----------------------------------------------
  for (genvar l = 0; l < P; l++) begin : g_spk
    logic [TaW-1:0]        ta;
    logic [VW-1:0]         v1;
    logic signed [TaW:0]   ta_ext;
    logic signed [VW:0]    v1_ext;
    logic signed [AcW-1:0] thr_a;
    logic signed [CW-1:0]  d, absd;
    logic signed [MW-1:0]  m, h;
    logic signed [HW-1:0]  h_clamp;
    logic signed [PpW-1:0] p;
    logic                  fire;

    assign ta     = ta_new[l*TaW +: TaW];
    assign v1     = v_new[l*VW +: VW];
    assign ta_ext = (TaS != 0) ? {ta[TaW-1], ta} : {1'b0, ta};
    assign v1_ext = (VS != 0) ? {v1[VW-1], v1} : {1'b0, v1};
    assign thr_a  = alif_i[l] ? (AcW'(ta_ext) <<< (AcF - TaF)) : (AcW'(thr_ext) <<< (AcF - ThrF));

    assign d    = (CW'(v1_ext) <<< (CF - VF)) - (CW'(thr_a) <<< (CF - AcF));
    assign fire = spike_ge_i ? !d[CW-1] : (!d[CW-1] && (d != '0));
    assign z_o[l] = fire && !refr[l];

    assign absd    = d[CW-1] ? -d : d;
    assign m       = MW'(absd) * MW'(inv_ext);
    assign h       = (MW'(1) <<< MF) - m;
    assign h_clamp = h[MW-1] ? '0 : HW'(h);
    assign p       = PpW'(pk_ext) * PpW'(h_clamp);
    assign pp[l*PpW +: PpW] = p;

    assign psi_o[l*PsiW +: PsiW] = refr[l] ? '0 : psi_new[l*PsiW +: PsiW];
  end

  assign v_o = v_new;

  fxprop_round_lanes #(
    .Lanes(P), .InW(PpW), .InF(PpF), .OutW(PsiW), .OutF(PsiF), .OutS(PsiS),
    .Rnd(fxprop_pkg::PsiRnd), .Ovf(fxprop_pkg::PsiOvf), .K(fxprop_pkg::PsiK)
  ) u_round_psi (
    .x_i(pp), .active_i(act_psi), .state_i(st_psi_i), .y_o(psi_new), .state_o(st_psi_o)
  );

endmodule
