// Copyright fxprop contributors.
//
// Tool subset: Yosys 0.23 has no package import and no `return`, so every use is scoped
// (fxprop_fmt_pkg::RndStoch) and functions assign their name.
//
// fxprop_fmt_pkg: encodings of the fixed-point rounding and overflow modes and the
// helpers that derive the width of exact (full-precision) intermediate results.
//
// A format is (W, F, S): W bits of two's complement (S = 1) or unsigned (S = 0)
// raw integer, value = raw * 2^-F. Every requantisation site additionally has a
// rounding mode, an overflow mode and, for stochastic rounding, K random bits.
// The codes below are also what the core's read-only format descriptors report
// (see docs/microarchitecture.md, "Format descriptors").
package fxprop_fmt_pkg;

  // ---- Rounding modes (x = exact value, s = dropped fraction bits) -----------
  localparam int RndTrn     = 0;  // floor:               x >>> s
  localparam int RndTrnZero = 1;  // toward zero:         (x + (x<0 ? 2^s-1 : 0)) >>> s
  localparam int RndRnd     = 2;  // half up:             (x + 2^(s-1)) >>> s
  localparam int RndMinInf  = 3;  // half down:           (x + 2^(s-1) - 1) >>> s
  localparam int RndZero    = 4;  // half toward zero:    (x + 2^(s-1) - (x>=0)) >>> s
  localparam int RndInf     = 5;  // half away from zero: (x + 2^(s-1) - (x<0)) >>> s
  localparam int RndConv    = 6;  // half to even:        (x + 2^(s-1) - 1 + ((x>>>s)&1)) >>> s
  localparam int RndStoch   = 7;  // stochastic, K bits:  (x + (r << (s-K))) >>> s, or r >> (K-s)

  // ---- Overflow modes --------------------------------------------------------
  localparam int OvfWrap    = 0;  // keep the low W bits
  localparam int OvfSat     = 1;  // clamp to [min, max]
  localparam int OvfSatSym  = 2;  // clamp to [-max, max] (signed formats; = OvfSat if unsigned)
  localparam int OvfSatZero = 3;  // 0 on overflow

  // ---- Width helpers (constant functions) ------------------------------------
  function automatic int max2(input int a, input int b);
    max2 = (a > b) ? a : b;
  endfunction

  function automatic int max3(input int a, input int b, input int c);
    max3 = max2(max2(a, b), c);
  endfunction

  // Integer bits of a format including the sign bit, as a signed quantity:
  // a (W, F, S) value fits in a signed number with W + (1 - S) bits.
  function automatic int sbits(input int w, input int s);
    sbits = w + 1 - s;
  endfunction

  // Bits of ceil(log2(n + 1)): bits needed to count 0..n.
  function automatic int cbits(input int n);
    int b;
    b = 1;
    while ((1 << b) <= n) b++;
    cbits = b;
  endfunction

  // Packed format descriptor as reported by the core's read-only CSRs:
  // [7:0] W, [15:8] F, [16] signed, [19:17] 0, [23:20] rounding, [25:24] overflow, [31:26] K.
  function automatic int fmt_desc(input int w, input int f, input int s, input int rnd,
                                  input int ovf, input int k);
    fmt_desc = (w % 256) + ((f % 256) * 256) + ((s % 2) * 65536) + ((rnd % 16) * 1048576) +
           ((ovf % 4) * 16777216) + ((k % 64) * 67108864);
  endfunction

endpackage
