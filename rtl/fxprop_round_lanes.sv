// Copyright fxprop contributors.
//
// fxprop_round_lanes: one rounding site (one variable) applied to Lanes lanes in parallel.
// Each lane requantises its exact value x (InW bits, InF fraction bits) into the site's
// format. For stochastic rounding the site's LFSR stream is shared by the lanes through a
// leap-forward chain: active lane l takes the l-th draw of the cycle (counting active lanes
// only) and state_o is the stream state after the cycle. For the other modes state_o =
// state_i and active_i only documents intent (inactive lanes' results are discarded by
// the caller).
module fxprop_round_lanes
#(
  parameter int Lanes = 4,
  parameter int InW   = 16,
  parameter int InF   = 8,
  parameter int OutW  = 8,
  parameter int OutF  = 4,
  parameter int OutS  = 1,
  parameter int Rnd   = fxprop_pkg::RndTrn,
  parameter int Ovf   = fxprop_pkg::OvfWrap,
  parameter int K     = 1
) (
  input  logic [Lanes*InW-1:0]  x_i,
  input  logic [Lanes-1:0]      active_i,
  input  logic [31:0]           state_i,
  output logic [Lanes*OutW-1:0] y_o,
  output logic [31:0]           state_o
);

  logic [Lanes*K-1:0] rnd;

  if (Rnd == fxprop_pkg::RndStoch) begin : g_stoch
    fxprop_lfsr_leap #(
      .Lanes(Lanes),
      .K    (K)
    ) u_leap (
      .state_i (state_i),
      .active_i(active_i),
      .rnd_o   (rnd),
      .state_o (state_o)
    );
  end else begin : g_det
    logic unused_active;
    assign unused_active = ^active_i;
    assign rnd           = '0;
    assign state_o       = state_i;
  end

  for (genvar l = 0; l < Lanes; l++) begin : g_lane
    fxprop_requant #(
      .InW (InW),
      .InF (InF),
      .OutW(OutW),
      .OutF(OutF),
      .OutS(OutS),
      .Rnd (Rnd),
      .Ovf (Ovf),
      .K   (K)
    ) u_requant (
      .x_i(x_i[l*InW +: InW]),
      .r_i(rnd[l*K +: K]),
      .y_o(y_o[l*OutW +: OutW])
    );
  end

endmodule
