// Copyright fxprop contributors.
//
// fxprop_lfsr_draw: K steps of the 32-bit Fibonacci LFSR x^32 + x^22 + x^2 + x + 1,
// unrolled into combinational logic. One step: fb = s[31]^s[21]^s[1]^s[0];
// s = {s[30:0], fb}. Drawing K random bits is K steps; the bits are the low K bits
// of the new state (state_o[K-1:0]).
module fxprop_lfsr_draw #(
  parameter int K = 16
) (
  input  logic [31:0] state_i,
  output logic [31:0] state_o
);

  logic [32*(K+1)-1:0] st;

  assign st[31:0] = state_i;
  for (genvar i = 0; i < K; i++) begin : g_step
    logic [31:0] s;
    assign s = st[32*i +: 32];
    assign st[32*(i+1) +: 32] = {s[30:0], s[31] ^ s[21] ^ s[1] ^ s[0]};
  end
  assign state_o = st[32*K +: 32];

endmodule
