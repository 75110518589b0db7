// Copyright fxprop contributors.
//
// fxprop_wupd_lanes: weight and gradient-accumulator update of one word (Lanes synapses)
// of one weight matrix, purely combinational (docs/learning-core.md section 2.7).
//   mode WupdOnline: W   = q_w(W - lr g)                 (site of the weight matrix)
//   mode WupdAccum:  acc = q_grad_acc(acc + g)           (site grad_acc)
//   mode WupdApply:  W   = q_w(W - lr acc), acc = 0      (end of a batch)
// lr = 2^-lr_shift is applied exactly: the difference is formed at TF = max(WF, GF +
// LrMax) fraction bits, where g is shifted left by (TF - GF - lr_shift). The gradient g
// arrives in the signed format (GW, GF), which also holds grad_acc exactly.
module fxprop_wupd_lanes #(
  parameter int Lanes  = 4,
  parameter int WW     = 16,
  parameter int WF     = 14,
  parameter int WS     = 1,
  parameter int WRnd   = fxprop_pkg::RndStoch,
  parameter int WOvf   = fxprop_pkg::OvfSat,
  parameter int WK     = 16,
  parameter int AccW   = 32,
  parameter int AccF   = 16,
  parameter int AccS   = 1,
  parameter int AccRnd = fxprop_pkg::RndRnd,
  parameter int AccOvf = fxprop_pkg::OvfSat,
  parameter int AccK   = 1,
  parameter int GW     = 40,
  parameter int GF     = 23,
  parameter int LrMax  = 20,
  parameter int LrW    = 5
) (
  input  logic [1:0]            mode_i,
  input  logic [LrW-1:0]        lr_shift_i,   // <= LrMax
  input  logic [Lanes-1:0]      active_i,
  input  logic [Lanes*WW-1:0]   w_i,
  input  logic [Lanes*AccW-1:0] acc_i,
  input  logic [Lanes*GW-1:0]   g_i,
  output logic [Lanes*WW-1:0]   w_o,
  output logic [Lanes*AccW-1:0] acc_o,
  input  logic [31:0]           st_w_i,
  input  logic [31:0]           st_acc_i,
  output logic [31:0]           st_w_o,
  output logic [31:0]           st_acc_o
);

  localparam int TF = fxprop_pkg::max2(WF, GF + LrMax);
  localparam int TW = fxprop_pkg::max2(WW + 1 + TF - WF, GW + TF - GF) + 1;
  localparam int CF = fxprop_pkg::max2(AccF, GF);
  localparam int CW = fxprop_pkg::max2(AccW + 1 + CF - AccF, GW + CF - GF) + 1;

  logic                 is_apply, is_online, is_accum;
  logic [Lanes-1:0]     act_w, act_acc;
  logic [Lanes*TW-1:0]  t;
  logic [Lanes*CW-1:0]  c;
  logic [Lanes*AccW-1:0] acc_new;
  logic [LrW-1:0]       shamt;

  if (GF < AccF || GW - GF < AccW + 1 - AccF) begin : g_check
    fxprop_error_gradient_format_does_not_hold_grad_acc u_error ();
  end

  assign is_online = mode_i == 2'(fxprop_pkg::WupdOnline);
  assign is_accum  = mode_i == 2'(fxprop_pkg::WupdAccum);
  assign is_apply  = mode_i == 2'(fxprop_pkg::WupdApply);
  assign act_w     = (is_online || is_apply) ? active_i : '0;
  assign act_acc   = is_accum ? active_i : '0;
  assign shamt     = LrW'(LrMax) - lr_shift_i;

  for (genvar l = 0; l < Lanes; l++) begin : g_lane
    logic [WW-1:0]         w;
    logic [AccW-1:0]       acc;
    logic signed [WW:0]    w_ext;
    logic signed [AccW:0]  acc_ext;
    logic signed [GW-1:0]  g, g_sel;

    assign w       = w_i[l*WW +: WW];
    assign acc     = acc_i[l*AccW +: AccW];
    assign g       = g_i[l*GW +: GW];
    assign w_ext   = (WS != 0) ? {w[WW-1], w} : {1'b0, w};
    assign acc_ext = (AccS != 0) ? {acc[AccW-1], acc} : {1'b0, acc};
    assign g_sel   = is_apply ? (GW'(acc_ext) <<< (GF - AccF)) : g;

    assign t[l*TW +: TW] = (TW'(w_ext) <<< (TF - WF)) -
                           ((TW'(g_sel) <<< (TF - GF - LrMax)) <<< shamt);
    assign c[l*CW +: CW] = (CW'(acc_ext) <<< (CF - AccF)) + (CW'(g) <<< (CF - GF));
    assign acc_o[l*AccW +: AccW] = is_apply ? '0 : acc_new[l*AccW +: AccW];
  end

  fxprop_round_lanes #(
    .Lanes(Lanes), .InW(TW), .InF(TF), .OutW(WW), .OutF(WF), .OutS(WS),
    .Rnd(WRnd), .Ovf(WOvf), .K(WK)
  ) u_round_w (
    .x_i(t), .active_i(act_w), .state_i(st_w_i), .y_o(w_o), .state_o(st_w_o)
  );

  fxprop_round_lanes #(
    .Lanes(Lanes), .InW(CW), .InF(CF), .OutW(AccW), .OutF(AccF), .OutS(AccS),
    .Rnd(AccRnd), .Ovf(AccOvf), .K(AccK)
  ) u_round_acc (
    .x_i(c), .active_i(act_acc), .state_i(st_acc_i), .y_o(acc_new), .state_o(st_acc_o)
  );

endmodule
