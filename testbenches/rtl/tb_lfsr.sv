// Copyright fxprop contributors.
//
// tb_lfsr: Verilator wrapper of the random-number path. Four leap-forward chains
// (fxprop_lfsr_leap) with different lane counts and draw widths, and one stochastic
// rounding site (fxprop_round_lanes, 4 lanes, s20.12 -> s10.4 with K = 6 random bits)
// that checks which lane gets which draw through the requantiser.
module tb_lfsr (
  input  logic [4*32-1:0] state_i,     // one state per chain
  input  logic [4*8-1:0]  active_i,    // one 8-bit lane mask per chain
  output logic [4*32-1:0] state_o,
  output logic [4*8*32-1:0] rnd_o,     // 8 lanes x 32-bit slot per chain
  input  logic [31:0]     rl_state_i,
  input  logic [3:0]      rl_active_i,
  input  logic [4*20-1:0] rl_x_i,
  output logic [4*10-1:0] rl_y_o,
  output logic [31:0]     rl_state_o
);

  // Chain c: lanes and K.
  localparam int NChains = 4;
  function automatic int chain_lanes(input int c);
    unique case (c)
      0: return 4;
      1: return 8;
      2: return 1;
      default: return 3;
    endcase
  endfunction
  function automatic int chain_k(input int c);
    unique case (c)
      0: return 16;
      1: return 5;
      2: return 32;
      default: return 1;
    endcase
  endfunction

  for (genvar c = 0; c < NChains; c++) begin : g_chain
    localparam int Lanes = chain_lanes(c);
    localparam int K     = chain_k(c);
    logic [Lanes*K-1:0] rnd;
    fxprop_lfsr_leap #(
      .Lanes(Lanes),
      .K    (K)
    ) u_leap (
      .state_i (state_i[32*c +: 32]),
      .active_i(active_i[8*c +: Lanes]),
      .rnd_o   (rnd),
      .state_o (state_o[32*c +: 32])
    );
    for (genvar l = 0; l < 8; l++) begin : g_slot
      if (l < Lanes) begin : g_used
        if (K < 32) begin : g_pad
          assign rnd_o[256*c + 32*l +: 32] = {{(32 - K){1'b0}}, rnd[l*K +: K]};
        end else begin : g_full
          assign rnd_o[256*c + 32*l +: 32] = rnd[l*K +: K];
        end
      end else begin : g_unused
        assign rnd_o[256*c + 32*l +: 32] = '0;
      end
    end
    if (Lanes < 8) begin : g_unused_active
      logic unused_active;
      assign unused_active = ^active_i[8*c + Lanes +: (8 - Lanes)];
    end
  end

  fxprop_round_lanes #(
    .Lanes(4),
    .InW  (20),
    .InF  (12),
    .OutW (10),
    .OutF (4),
    .OutS (1),
    .Rnd  (fxprop_pkg::RndStoch),
    .Ovf  (fxprop_pkg::OvfSat),
    .K    (6)
  ) u_round (
    .x_i     (rl_x_i),
    .active_i(rl_active_i),
    .state_i (rl_state_i),
    .y_o     (rl_y_o),
    .state_o (rl_state_o)
  );

endmodule
