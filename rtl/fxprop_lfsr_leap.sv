// Copyright fxprop contributors.
//
// fxprop_lfsr_leap: leap-forward chain giving each of Lanes lanes its own K-bit draw of
// one LFSR stream in a single cycle. Lane l takes the n-th draw of the cycle where n is
// the number of active lanes below l; inactive lanes draw nothing. The stream advances
// by (active lanes) x K steps: state_o is the state after the last draw.
module fxprop_lfsr_leap #(
  parameter int Lanes = 4,
  parameter int K     = 16
) (
  input  logic [31:0]        state_i,
  input  logic [Lanes-1:0]   active_i,
  output logic [Lanes*K-1:0] rnd_o,
  output logic [31:0]        state_o
);

  logic [32*(Lanes+1)-1:0] chain;

  assign chain[31:0] = state_i;
  for (genvar l = 0; l < Lanes; l++) begin : g_lane
    logic [31:0] cur, drawn;
    assign cur = chain[32*l +: 32];
    fxprop_lfsr_draw #(.K(K)) u_draw (
      .state_i(cur),
      .state_o(drawn)
    );
    assign chain[32*(l+1) +: 32] = active_i[l] ? drawn : cur;
    assign rnd_o[l*K +: K]       = drawn[K-1:0];
  end
  assign state_o = chain[32*Lanes +: 32];

endmodule
