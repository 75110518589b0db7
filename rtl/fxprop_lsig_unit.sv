// Copyright fxprop contributors.
//
// fxprop_lsig_unit: learning signal of one neuron j, one word of its feedback row per
// call, purely combinational (docs/learning-core.md sections 2.5 and 2.7):
//   acc  = sum over the words of row j of sum_k B[j][k] err_k   (exact; B = W_out if symmetric)
//   L_j  = q_l(acc)                   on the row's last word
//   lpsi = q_lpsi(L_j psi_j)          on the row's last word, factorised variant only
// The running sum is held by the caller (acc_i -> acc_o); first_i starts it at 0.
module fxprop_lsig_unit (
  input  logic                                          fb_random_i,
  input  logic                                          factorised_i,
  input  logic                                          first_i,
  input  logic                                          last_i,
  input  logic [fxprop_pkg::P-1:0]                      active_i,   // outputs k < N_out
  input  logic [fxprop_pkg::P*fxprop_pkg::BW-1:0]   b_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::WOutW-1:0] w_out_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::ErrW-1:0] err_i,
  input  logic [fxprop_pkg::PsiW-1:0]               psi_i,
  input  logic [fxprop_pkg::LsAccW-1:0]                 acc_i,
  output logic [fxprop_pkg::LsAccW-1:0]                 acc_o,
  output logic [fxprop_pkg::LW-1:0]                 l_o,
  output logic [fxprop_pkg::LpsiW-1:0]              lpsi_o,
  input  logic [31:0]                                   st_l_i,
  input  logic [31:0]                                   st_lpsi_i,
  output logic [31:0]                                   st_l_o,
  output logic [31:0]                                   st_lpsi_o
);

  localparam int P    = fxprop_pkg::P;
  localparam int BW   = fxprop_pkg::BW, BF = fxprop_pkg::BF, BS = fxprop_pkg::BS;
  localparam int WoW  = fxprop_pkg::WOutW, WoF = fxprop_pkg::WOutF;
  localparam int WoS  = fxprop_pkg::WOutS;
  localparam int ErrW = fxprop_pkg::ErrW, ErrS = fxprop_pkg::ErrS;
  localparam int LW   = fxprop_pkg::LW, LF = fxprop_pkg::LF, LS = fxprop_pkg::LS;
  localparam int PsiW = fxprop_pkg::PsiW, PsiF = fxprop_pkg::PsiF;
  localparam int PsiS = fxprop_pkg::PsiS;
  localparam int FbW  = fxprop_pkg::FbW, FbF = fxprop_pkg::FbF;
  localparam int PW   = fxprop_pkg::LsProdW;
  localparam int AccW = fxprop_pkg::LsAccW, AccF = fxprop_pkg::LsAccF;
  localparam int LpW  = (LW + 1) + (PsiW + 1);

  logic signed [AccW-1:0] word_sum, acc;
  logic signed [LW:0]     l_ext;
  logic signed [PsiW:0]   psi_ext;
  logic signed [LpW-1:0]  lp;
  logic [LW-1:0]          l_new;

  // Products of the word's lanes, exact, in the accumulator's format.
  logic [P*AccW-1:0] prods;
  for (genvar l = 0; l < P; l++) begin : g_prod
    logic [BW-1:0]         b;
    logic [WoW-1:0]        wo;
    logic [ErrW-1:0]       e;
    logic signed [BW:0]    b_ext;
    logic signed [WoW:0]   wo_ext;
    logic signed [FbW-1:0] fb;
    logic signed [ErrW:0]  e_ext;
    logic signed [PW-1:0]  prod;
    assign b      = b_i[l*BW +: BW];
    assign wo     = w_out_i[l*WoW +: WoW];
    assign e      = err_i[l*ErrW +: ErrW];
    assign b_ext  = (BS != 0) ? {b[BW-1], b} : {1'b0, b};
    assign wo_ext = (WoS != 0) ? {wo[WoW-1], wo} : {1'b0, wo};
    assign e_ext  = (ErrS != 0) ? {e[ErrW-1], e} : {1'b0, e};
    assign fb     = fb_random_i ? (FbW'(b_ext) <<< (FbF - BF)) : (FbW'(wo_ext) <<< (FbF - WoF));
    assign prod   = PW'(fb) * PW'(e_ext);
    assign prods[l*AccW +: AccW] = active_i[l] ? AccW'(prod) : '0;
  end

  // Sum of the active lanes' products (a function: its accumulator is not a signal).
  function automatic logic signed [AccW-1:0] lane_sum(input logic [P*AccW-1:0] v);
    lane_sum = '0;
    for (int l = 0; l < P; l++) begin
      lane_sum = lane_sum + $signed(v[l*AccW +: AccW]);
    end
  endfunction

  assign word_sum = lane_sum(prods);

  assign acc   = (first_i ? '0 : $signed(acc_i)) + word_sum;
  assign acc_o = acc;

  fxprop_round_lanes #(
    .Lanes(1), .InW(AccW), .InF(AccF), .OutW(LW), .OutF(LF), .OutS(LS),
    .Rnd(fxprop_pkg::LRnd), .Ovf(fxprop_pkg::LOvf), .K(fxprop_pkg::LK)
  ) u_round_l (
    .x_i(acc), .active_i(last_i), .state_i(st_l_i), .y_o(l_new), .state_o(st_l_o)
  );

  assign l_o     = l_new;
  assign l_ext   = (LS != 0) ? {l_new[LW-1], l_new} : {1'b0, l_new};
  assign psi_ext = (PsiS != 0) ? {psi_i[PsiW-1], psi_i} : {1'b0, psi_i};
  assign lp      = LpW'(l_ext) * LpW'(psi_ext);

  fxprop_round_lanes #(
    .Lanes(1), .InW(LpW), .InF(LF + PsiF), .OutW(fxprop_pkg::LpsiW),
    .OutF(fxprop_pkg::LpsiF), .OutS(fxprop_pkg::LpsiS), .Rnd(fxprop_pkg::LpsiRnd),
    .Ovf(fxprop_pkg::LpsiOvf), .K(fxprop_pkg::LpsiK)
  ) u_round_lpsi (
    .x_i(lp), .active_i(last_i && factorised_i), .state_i(st_lpsi_i), .y_o(lpsi_o),
    .state_o(st_lpsi_o)
  );

endmodule
