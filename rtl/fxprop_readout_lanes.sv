// Copyright fxprop contributors.
//
// fxprop_readout_lanes: readout and error of one word (P outputs), purely combinational
// (docs/learning-core.md section 2.4):
//   y'  = q_y(kappa y + (1 - kappa) S),   S = sum_j W_out[j][k] z_j[t] (exact)
//   err = q_err(y' - ystar) where the loss mask is 1, else 0 (no draw)
module fxprop_readout_lanes (
  input  logic                                         mask_i,
  input  logic [fxprop_pkg::KappaW-1:0]            kappa_i,
  input  logic [fxprop_pkg::KappaW:0]              coef_kappa_i,  // 1 - kappa
  input  logic [fxprop_pkg::P-1:0]                     active_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::YW-1:0]  y_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::SumW-1:0]    sum_i,
  input  logic [fxprop_pkg::P*fxprop_pkg::YW-1:0]  ystar_i,
  output logic [fxprop_pkg::P*fxprop_pkg::YW-1:0]  y_o,
  output logic [fxprop_pkg::P*fxprop_pkg::ErrW-1:0] err_o,
  input  logic [31:0]                                  st_y_i,
  input  logic [31:0]                                  st_err_i,
  output logic [31:0]                                  st_y_o,
  output logic [31:0]                                  st_err_o
);

  localparam int P  = fxprop_pkg::P;
  localparam int YW = fxprop_pkg::YW, YF = fxprop_pkg::YF, YS = fxprop_pkg::YS;
  localparam int ErrW = fxprop_pkg::ErrW;
  localparam int DiffW = YW + 2;

  logic [P*YW-1:0]    y_new;
  logic [P*DiffW-1:0] diff;
  logic [P*ErrW-1:0]  err_new;
  logic [P-1:0]       act_err;

  fxprop_leaky_lanes #(
    .Lanes(P), .DW(fxprop_pkg::KappaW), .DF(fxprop_pkg::KappaF),
    .XW(YW), .XF(YF), .XS(YS), .UW(fxprop_pkg::SumW), .UF(fxprop_pkg::SumF), .US(1),
    .Rnd(fxprop_pkg::YRnd), .Ovf(fxprop_pkg::YOvf), .K(fxprop_pkg::YK)
  ) u_y (
    .decay_i(kappa_i), .coef_i(coef_kappa_i), .x_i(y_i), .u_i(sum_i), .active_i(active_i),
    .state_i(st_y_i), .y_o(y_new), .state_o(st_y_o)
  );

  for (genvar l = 0; l < P; l++) begin : g_diff
    logic [YW-1:0] yn, ys;
    logic signed [YW:0] yn_ext, ys_ext;
    assign yn     = y_new[l*YW +: YW];
    assign ys     = ystar_i[l*YW +: YW];
    assign yn_ext = (YS != 0) ? {yn[YW-1], yn} : {1'b0, yn};
    assign ys_ext = (YS != 0) ? {ys[YW-1], ys} : {1'b0, ys};
    assign diff[l*DiffW +: DiffW] = DiffW'(yn_ext) - DiffW'(ys_ext);
    assign err_o[l*ErrW +: ErrW] = mask_i ? err_new[l*ErrW +: ErrW] : '0;
  end

  assign act_err = mask_i ? active_i : '0;
  assign y_o     = y_new;

  fxprop_round_lanes #(
    .Lanes(P), .InW(DiffW), .InF(YF), .OutW(ErrW), .OutF(fxprop_pkg::ErrF),
    .OutS(fxprop_pkg::ErrS), .Rnd(fxprop_pkg::ErrRnd), .Ovf(fxprop_pkg::ErrOvf),
    .K(fxprop_pkg::ErrK)
  ) u_round_err (
    .x_i(diff), .active_i(act_err), .state_i(st_err_i), .y_o(err_new), .state_o(st_err_o)
  );

endmodule
