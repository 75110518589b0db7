// Copyright fxprop contributors.
//
// tb_requant: Verilator wrapper instantiating fxprop_requant for a table of formats
// (NCfg entries) x every rounding mode (8) x every overflow mode (4). Config c has its
// own input x (InW bits) and random bits r (K bits); all outputs are concatenated.
// cfg_o reports the table (6 bytes per config: InW, InF, OutW, OutF, OutS, K) so the C++
// harness reads it from the model instead of restating it.
module tb_requant
#(
  parameter int NCfg = 15
) (
  input  logic [XTot(NCfg)-1:0]      x_i,
  input  logic [KTot(NCfg)-1:0]      r_i,
  output logic [32*YTot(NCfg)-1:0]   y_o,
  output logic [48*NCfg-1:0]         cfg_o
);

  // Field f of config c: 0 InW, 1 InF, 2 OutW, 3 OutF, 4 OutS, 5 K.
  function automatic int cfg(input int c, input int f);
    int t[6];
    unique case (c)
      // small formats: driven exhaustively (InW + K <= 16)
      0:  t = '{10, 6, 6, 2, 1, 3};    // s = 4 >= K
      1:  t = '{9, 5, 6, 3, 1, 4};     // 0 < s = 2 < K
      2:  t = '{8, 4, 5, 2, 0, 2};     // signed -> unsigned, s = K
      3:  t = '{8, 3, 6, 3, 1, 2};     // s = 0: overflow only
      4:  t = '{7, 2, 10, 4, 1, 2};    // s < 0: exact widening
      5:  t = '{8, 1, 4, 3, 1, 2};     // s < 0 with overflow
      6:  t = '{6, 8, 4, 0, 1, 3};     // s = 8 > InW: the odd bit is the sign bit
      7:  t = '{8, 7, 2, 1, 1, 8};     // s = 6 < K = 8, 2-bit output
      8:  t = '{5, 1, 3, 0, 0, 1};     // s = 1, unsigned 3-bit output
      // wide formats: driven with random values
      9:  t = '{64, 40, 16, 12, 1, 16};
      10: t = '{57, 38, 16, 14, 1, 16}; // shape of a weight update
      11: t = '{48, 30, 12, 8, 0, 8};
      12: t = '{41, 30, 32, 16, 1, 32};
      13: t = '{40, 10, 24, 14, 1, 4};  // s < 0
      14: t = '{70, 50, 16, 14, 1, 16}; // wider than 64 bits
      default: t = '{8, 0, 8, 0, 1, 1};
    endcase
    return t[f % 6];
  endfunction

  function automatic int XTot(input int n);
    int s;
    s = 0;
    for (int c = 0; c < n; c++) s += cfg(c, 0);
    return s;
  endfunction

  function automatic int KTot(input int n);
    int s;
    s = 0;
    for (int c = 0; c < n; c++) s += cfg(c, 5);
    return s;
  endfunction

  // Output slots: every instance's output occupies a 32-bit slot.
  function automatic int YTot(input int n);
    return n * 32;
  endfunction

  for (genvar c = 0; c < NCfg; c++) begin : g_cfg
    localparam int InW  = cfg(c, 0);
    localparam int InF  = cfg(c, 1);
    localparam int OutW = cfg(c, 2);
    localparam int OutF = cfg(c, 3);
    localparam int OutS = cfg(c, 4);
    localparam int K    = cfg(c, 5);
    localparam int XOff = XTot(c);
    localparam int KOff = KTot(c);

    assign cfg_o[48*c +: 48] = {8'(K), 8'(OutS), 8'(OutF), 8'(OutW), 8'(InF), 8'(InW)};

    for (genvar rnd = 0; rnd < 8; rnd++) begin : g_rnd
      for (genvar ovf = 0; ovf < 4; ovf++) begin : g_ovf
        localparam int Slot = (c * 32) + (rnd * 4) + ovf;
        logic [OutW-1:0] y;
        fxprop_requant #(
          .InW (InW),
          .InF (InF),
          .OutW(OutW),
          .OutF(OutF),
          .OutS(OutS),
          .Rnd (rnd),
          .Ovf (ovf),
          .K   (K)
        ) u_dut (
          .x_i(x_i[XOff +: InW]),
          .r_i(r_i[KOff +: K]),
          .y_o(y)
        );
        if (OutW < 32) begin : g_pad
          assign y_o[32*Slot +: 32] = {{(32 - OutW){1'b0}}, y};
        end else begin : g_full
          assign y_o[32*Slot +: 32] = y;
        end
      end
    end
  end

endmodule
