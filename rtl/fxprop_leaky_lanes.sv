// Copyright fxprop contributors.
//
// fxprop_leaky_lanes: first-order leaky filter on Lanes lanes,
//   y = q(d x + c u)
// with d an unsigned decay (DW bits, DF fraction bits), c an unsigned coefficient in the
// same fraction (DW+1 bits, so that c = 1 and c = 1 - d are both exact), x the state in
// the output format (XW, XF, XS) and u the input (UW, UF, US). The products and the sum
// are exact; one rounding site (Rnd, Ovf, K) rounds the result.
// Used for the presynaptic traces zbar (u = z, c = 1 - alpha or 1), zbar_out (u = z,
// c = 1 - kappa), the readout y (u = sum of weights, c = 1 - kappa) and ebar (u = e).
module fxprop_leaky_lanes #(
  parameter int Lanes = 4,
  parameter int DW    = 16,
  parameter int DF    = 16,
  parameter int XW    = 12,
  parameter int XF    = 12,
  parameter int XS    = 0,
  parameter int UW    = 1,
  parameter int UF    = 0,
  parameter int US    = 0,
  parameter int Rnd   = fxprop_pkg::RndTrn,
  parameter int Ovf   = fxprop_pkg::OvfSat,
  parameter int K     = 1
) (
  input  logic [DW-1:0]       decay_i,
  input  logic [DW:0]         coef_i,
  input  logic [Lanes*XW-1:0] x_i,
  input  logic [Lanes*UW-1:0] u_i,
  input  logic [Lanes-1:0]    active_i,
  input  logic [31:0]         state_i,
  output logic [Lanes*XW-1:0] y_o,
  output logic [31:0]         state_o
);

  // Operands live in W+1-bit signed containers (sign- or zero-extended).
  localparam int P1W = (DW + 1) + (XW + 1);
  localparam int P1F = DF + XF;
  localparam int P2W = (DW + 2) + (UW + 1);
  localparam int P2F = DF + UF;
  localparam int SF  = fxprop_pkg::max2(P1F, P2F);
  localparam int SW  = fxprop_pkg::max2(P1W + SF - P1F, P2W + SF - P2F) + 1;

  logic signed [DW:0]   d_ext;
  logic signed [DW+1:0] c_ext;
  logic [Lanes*SW-1:0]  sum;

  assign d_ext = {1'b0, decay_i};
  assign c_ext = {1'b0, coef_i};

  for (genvar l = 0; l < Lanes; l++) begin : g_lane
    logic        [XW-1:0] x;
    logic        [UW-1:0] u;
    logic signed [XW:0]   x_ext;
    logic signed [UW:0]   u_ext;
    logic signed [P1W-1:0] p1;
    logic signed [P2W-1:0] p2;
    logic signed [SW-1:0]  s;

    assign x     = x_i[l*XW +: XW];
    assign u     = u_i[l*UW +: UW];
    assign x_ext = (XS != 0) ? {x[XW-1], x} : {1'b0, x};
    assign u_ext = (US != 0) ? {u[UW-1], u} : {1'b0, u};
    assign p1    = P1W'(d_ext) * P1W'(x_ext);
    assign p2    = P2W'(c_ext) * P2W'(u_ext);
    assign s     = (SW'(p1) <<< (SF - P1F)) + (SW'(p2) <<< (SF - P2F));
    assign sum[l*SW +: SW] = s;
  end

  fxprop_round_lanes #(
    .Lanes(Lanes),
    .InW  (SW),
    .InF  (SF),
    .OutW (XW),
    .OutF (XF),
    .OutS (XS),
    .Rnd  (Rnd),
    .Ovf  (Ovf),
    .K    (K)
  ) u_round (
    .x_i     (sum),
    .active_i(active_i),
    .state_i (state_i),
    .y_o     (y_o),
    .state_o (state_o)
  );

endmodule
