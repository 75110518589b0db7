// Copyright fxprop contributors.
//
// fxprop_requant: one requantisation of an exact signed value x (InW bits, InF fraction
// bits) into the format (OutW, OutF, OutS) with rounding mode Rnd and overflow mode Ovf
// (codes of fxprop_pkg). Purely combinational.
//
// With s = InF - OutF dropped fraction bits:
//   s > 0 : q = (x + inc) >>> s, inc in [0, 2^s) chosen by Rnd (see fxprop_pkg);
//           the sum carries one guard bit so the rounding carry never wraps.
//   s <= 0: q = x <<< -s (exact); r_i is ignored.
// Stochastic rounding (Rnd = RndStoch) adds the K random bits r_i aligned below the
// kept LSB: r << (s-K) if s >= K, r >> (K-s) if s < K; the result is floor(x*2^-s + r*2^-K).
// Overflow of q against the output range: wrap (low OutW bits), sat, sat_sym (signed:
// [-max, max]; unsigned: as sat), sat_zero (0 on overflow).
module fxprop_requant
#(
  parameter int InW  = 16,
  parameter int InF  = 8,
  parameter int OutW = 8,
  parameter int OutF = 4,
  parameter int OutS = 1,
  parameter int Rnd  = fxprop_pkg::RndTrn,
  parameter int Ovf  = fxprop_pkg::OvfWrap,
  parameter int K    = 1
) (
  input  logic signed [InW-1:0]  x_i,
  input  logic        [K-1:0]    r_i,
  output logic        [OutW-1:0] y_o
);

  localparam int S    = InF - OutF;
  localparam int Sp   = (S > 0) ? S : 1;               // width of the rounding increment
  localparam int SumW = fxprop_pkg::max2(InW, Sp + 1) + 1; // x + inc, guard bit
  localparam int QW   = (S > 0) ? (SumW - S) : (InW - S);
  localparam int CW   = fxprop_pkg::max2(QW, OutW + 1) + 1; // compare width

  logic signed [QW-1:0] q;

  // ---- Rounding ---------------------------------------------------------------
  if (S > 0) begin : g_round
    localparam logic [Sp-1:0] Half = Sp'(1) << (S - 1);

    logic        [Sp-1:0]   inc;
    logic signed [SumW-1:0] x_ext, inc_ext, sum, sum_sh;
    logic                   unused_sum_sh;

    if (Rnd == fxprop_pkg::RndTrn) begin : g_trn
      assign inc = '0;
    end else if (Rnd == fxprop_pkg::RndTrnZero) begin : g_trn_zero
      assign inc = x_i[InW-1] ? {Sp{1'b1}} : '0;
    end else if (Rnd == fxprop_pkg::RndRnd) begin : g_rnd
      assign inc = Half;
    end else if (Rnd == fxprop_pkg::RndMinInf) begin : g_rnd_min_inf
      assign inc = Half - Sp'(1);
    end else if (Rnd == fxprop_pkg::RndZero) begin : g_rnd_zero
      assign inc = Half - Sp'(!x_i[InW-1]);
    end else if (Rnd == fxprop_pkg::RndInf) begin : g_rnd_inf
      assign inc = Half - Sp'(x_i[InW-1]);
    end else if (Rnd == fxprop_pkg::RndConv) begin : g_rnd_conv
      // (x >>> s) & 1 is bit s of x (the sign bit once s reaches the width).
      localparam int OddBit = (S < InW) ? S : (InW - 1);
      assign inc = Half - Sp'(1) + Sp'(x_i[OddBit]);
    end else if (Rnd == fxprop_pkg::RndStoch) begin : g_stoch
      if (S >= K) begin : g_shl
        assign inc = Sp'(r_i) << (S - K);
      end else begin : g_shr
        assign inc = Sp'(r_i >> (K - S));
      end
    end else begin : g_bad_rnd
      fxprop_error_unknown_rounding_mode u_error ();
    end

    if (Rnd != fxprop_pkg::RndStoch) begin : g_unused_r
      logic unused_r;
      assign unused_r = ^r_i;
    end

    assign x_ext   = SumW'(x_i);                            // sign extension
    assign inc_ext = {{(SumW - Sp){1'b0}}, inc};            // zero extension
    assign sum     = x_ext + inc_ext;
    assign sum_sh  = sum >>> S;                              // arithmetic: sum is signed
    assign q       = sum_sh[QW-1:0];
    assign unused_sum_sh = ^sum_sh[SumW-1:QW];               // copies of the sign bit
  end else begin : g_exact
    logic signed [QW-1:0] x_ext;
    logic                 unused_r;
    assign x_ext    = QW'(x_i);
    assign q        = x_ext <<< (-S);
    assign unused_r = ^r_i;
  end

  // ---- Overflow ---------------------------------------------------------------
  logic signed [CW-1:0] q_ext, max_v, min_v;
  logic                 over, under;

  assign q_ext = CW'(q);
  assign max_v = {{(CW - OutW + OutS){1'b0}}, {(OutW - OutS){1'b1}}};
  if (OutS != 0) begin : g_min_signed
    if (Ovf == fxprop_pkg::OvfSatSym) begin : g_sym
      assign min_v = -max_v;
    end else begin : g_full
      assign min_v = {{(CW - OutW + 1){1'b1}}, {(OutW - 1){1'b0}}};
    end
  end else begin : g_min_unsigned
    assign min_v = '0;
  end
  assign over  = q_ext > max_v;
  assign under = q_ext < min_v;

  if (Ovf == fxprop_pkg::OvfWrap) begin : g_wrap
    logic unused_range;
    assign unused_range = over ^ under;
    assign y_o = q_ext[OutW-1:0];
  end else if (Ovf == fxprop_pkg::OvfSat || Ovf == fxprop_pkg::OvfSatSym) begin : g_sat
    assign y_o = over ? max_v[OutW-1:0] : (under ? min_v[OutW-1:0] : q_ext[OutW-1:0]);
  end else if (Ovf == fxprop_pkg::OvfSatZero) begin : g_sat_zero
    assign y_o = (over || under) ? '0 : q_ext[OutW-1:0];
  end else begin : g_bad_ovf
    fxprop_error_unknown_overflow_mode u_error ();
  end

endmodule
