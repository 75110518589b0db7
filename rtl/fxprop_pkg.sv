// Copyright fxprop contributors.
//
// fxprop_pkg: the one package of the core.
//  1. encodings of the fixed-point rounding and overflow modes, width helpers;
//  2. the configuration (sizes and formats), included from fxprop_cfg.svh, which the build
//     picks from rtl/cfg/<name>/ through the include path;
//  3. quantities derived from the configuration and the fixed encodings of the core: rounding
//     sites, phases, commands, the host address map and the word layout of every memory.
//
// Tool subset: Yosys 0.23 has no `import`, no `return` and no reference from one package to
// another, hence one package, scoped references (fxprop_pkg::RndStoch) and functions that
// assign their name.
//
// A format is (W, F, S): W bits of two's complement (S = 1) or unsigned (S = 0) raw integer,
// value = raw * 2^-F. Every requantisation site additionally has a rounding mode, an overflow
// mode and, for stochastic rounding, K random bits.
package fxprop_pkg;

  // ==== 1. Modes and helpers =====================================================

  // ---- Rounding modes (x = exact value, s = dropped fraction bits) -----------
  // Codes in the order of fxp::Round (fixedpoint/modes.h), formulas of docs/fixedpoint.md.
  localparam int RndTrn     = 0;  // floor:               x >>> s
  localparam int RndTrnZero = 1;  // toward zero:         (x + (x<0 ? 2^s-1 : 0)) >>> s
  localparam int RndRnd     = 2;  // half up:             (x + 2^(s-1)) >>> s
  localparam int RndZero    = 3;  // half toward zero:    (x + 2^(s-1) - (x>=0)) >>> s
  localparam int RndInf     = 4;  // half away from zero: (x + 2^(s-1) - (x<0)) >>> s
  localparam int RndMinInf  = 5;  // half down:           (x + 2^(s-1) - 1) >>> s
  localparam int RndConv    = 6;  // half to even:        (x + 2^(s-1) - 1 + ((x>>>s)&1)) >>> s
  localparam int RndStoch   = 7;  // stochastic, K bits:  (x + (r << (s-K))) >>> s, or r >> (K-s)

  // ---- Overflow modes (order of fxp::Overflow) -------------------------------
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

  // ==== 2. Configuration ========================================================
`include "fxprop_cfg.svh"

  // ==== 3. Derived quantities and encodings =======================================

  // ---- Sizes --------------------------------------------------------------------
  localparam int P         = Lanes;
  localparam int LogP      = cbits(P) - 1;
  localparam int NWInMax   = (NInMax + P - 1) / P;    // words of a post-vector over inputs
  localparam int NWRecMax  = (NRecMax + P - 1) / P;   // words of a W_in / W_rec row
  localparam int NWOutMax  = (NOutMax + P - 1) / P;   // words of a W_out / B row
  localparam int NRows     = NInMax + NRecMax;         // row space: inputs, then recurrent
  localparam int RowW      = cbits(NRows - 1);
  localparam int NInW      = cbits(NInMax);
  localparam int NRecW     = cbits(NRecMax);
  localparam int NOutW     = cbits(NOutMax);
  localparam int WordCntW  = cbits(max3(NWInMax, NWRecMax, NWOutMax));
  localparam int RefW      = cbits(NRefMax);
  localparam int LrW       = cbits(LrShiftMax);

  // ---- Derived formats ------------------------------------------------------------
  // Exact readout sum S_k = sum_j W_out[j][k] z_j: W_out resolution, NRecMax terms.
  localparam int SumW = WOutW + NRecW;
  localparam int SumF = WOutF;

  // Learning signal: feedback weight (B, or W_out when symmetric) in one exact format,
  // times err, summed over NOutMax outputs.
  localparam int FbF     = max2(BF, WOutF);
  localparam int FbW     = max2(BW + 1 + FbF - BF, WOutW + 1 + FbF - WOutF);
  localparam int LsProdW = FbW + ErrW + 1;
  localparam int LsAccW  = LsProdW + NOutW;
  localparam int LsAccF  = FbF + ErrF;

  // Gradients, exact, in one common format per weight family (operands are held in
  // W+1-bit signed containers, so a product of (Wa, Fa) and (Wb, Fb) has Wa+Wb+2 bits):
  //   input/recurrent rows: lpsi*zbar (factorised), L*ebar (exact), and grad_acc (apply);
  //   output rows:          err*zbar_out, and grad_acc (apply).
  localparam int GInF = max3(LpsiF + ZbarF, LF + EbarF, GradAccF);
  localparam int GInI = max3(
      LpsiW + ZbarW + 2 - LpsiF - ZbarF,
      LW + EbarW + 2 - LF - EbarF,
      GradAccW + 1 - GradAccF);
  localparam int GInW = GInI + GInF;
  localparam int GOutF = max2(ErrF + ZbarOutF, GradAccF);
  localparam int GOutI = max2(
      ErrW + ZbarOutW + 2 - ErrF - ZbarOutF,
      GradAccW + 1 - GradAccF);
  localparam int GOutW = GOutI + GOutF;

  // ---- Rounding sites (one LFSR stream each when the site's rounding is stochastic) ----
  localparam int SiteISyn        = 0;
  localparam int SiteV           = 1;
  localparam int SiteA           = 2;
  localparam int SiteThrAdaptive = 3;
  localparam int SitePsi         = 4;
  localparam int SiteZbar        = 5;
  localparam int SiteZbarOut     = 6;
  localparam int SiteY           = 7;
  localparam int SiteErr         = 8;
  localparam int SiteL           = 9;
  localparam int SiteLpsi        = 10;
  localparam int SiteE           = 11;
  localparam int SiteEpsA        = 12;
  localparam int SiteEbar        = 13;
  localparam int SiteGradAcc     = 14;
  localparam int SiteWIn         = 15;
  localparam int SiteWRec        = 16;
  localparam int SiteWOut        = 17;
  localparam int NSites          = 18;
  // Formats without a rounding site (descriptor indices continue after the sites).
  localparam int FmtB            = 18;
  localparam int FmtAlpha        = 19;
  localparam int FmtRho          = 20;
  localparam int FmtKappa        = 21;
  localparam int FmtThr          = 22;
  localparam int FmtBeta         = 23;
  localparam int FmtPsiPeak      = 24;
  localparam int FmtInvThr       = 25;
  localparam int NFmts           = 26;

  // Format descriptor of entry i (see fmt_desc).
  function automatic int fmt_of(input int i);
    unique case (i)
      SiteISyn:
        fmt_of = fmt_desc(ISynW, ISynF, ISynS, ISynRnd, ISynOvf, ISynK);
      SiteV:
        fmt_of = fmt_desc(VW, VF, VS, VRnd, VOvf, VK);
      SiteA:
        fmt_of = fmt_desc(AW, AF, AS, ARnd, AOvf, AK);
      SiteThrAdaptive:
        fmt_of = fmt_desc(ThrAdaptiveW, ThrAdaptiveF, ThrAdaptiveS, ThrAdaptiveRnd, ThrAdaptiveOvf,
                          ThrAdaptiveK);
      SitePsi:
        fmt_of = fmt_desc(PsiW, PsiF, PsiS, PsiRnd, PsiOvf, PsiK);
      SiteZbar:
        fmt_of = fmt_desc(ZbarW, ZbarF, ZbarS, ZbarRnd, ZbarOvf, ZbarK);
      SiteZbarOut:
        fmt_of = fmt_desc(ZbarOutW, ZbarOutF, ZbarOutS, ZbarOutRnd, ZbarOutOvf, ZbarOutK);
      SiteY:
        fmt_of = fmt_desc(YW, YF, YS, YRnd, YOvf, YK);
      SiteErr:
        fmt_of = fmt_desc(ErrW, ErrF, ErrS, ErrRnd, ErrOvf, ErrK);
      SiteL:
        fmt_of = fmt_desc(LW, LF, LS, LRnd, LOvf, LK);
      SiteLpsi:
        fmt_of = fmt_desc(LpsiW, LpsiF, LpsiS, LpsiRnd, LpsiOvf, LpsiK);
      SiteE:
        fmt_of = fmt_desc(EW, EF, ES, ERnd, EOvf, EK);
      SiteEpsA:
        fmt_of = fmt_desc(EpsAW, EpsAF, EpsAS, EpsARnd, EpsAOvf, EpsAK);
      SiteEbar:
        fmt_of = fmt_desc(EbarW, EbarF, EbarS, EbarRnd, EbarOvf, EbarK);
      SiteGradAcc:
        fmt_of = fmt_desc(GradAccW, GradAccF, GradAccS, GradAccRnd, GradAccOvf, GradAccK);
      SiteWIn:
        fmt_of = fmt_desc(WInW, WInF, WInS, WInRnd, WInOvf, WInK);
      SiteWRec:
        fmt_of = fmt_desc(WRecW, WRecF, WRecS, WRecRnd, WRecOvf, WRecK);
      SiteWOut:
        fmt_of = fmt_desc(WOutW, WOutF, WOutS, WOutRnd, WOutOvf, WOutK);
      FmtB:
        fmt_of = fmt_desc(BW, BF, BS, 0, 0, 0);
      FmtAlpha:
        fmt_of = fmt_desc(AlphaW, AlphaF, AlphaS, 0, 0, 0);
      FmtRho:
        fmt_of = fmt_desc(RhoW, RhoF, RhoS, 0, 0, 0);
      FmtKappa:
        fmt_of = fmt_desc(KappaW, KappaF, KappaS, 0, 0, 0);
      FmtThr:
        fmt_of = fmt_desc(ThrW, ThrF, ThrS, 0, 0, 0);
      FmtBeta:
        fmt_of = fmt_desc(BetaW, BetaF, BetaS, 0, 0, 0);
      FmtPsiPeak:
        fmt_of = fmt_desc(PsiPeakW, PsiPeakF, PsiPeakS, 0, 0, 0);
      FmtInvThr:
        fmt_of = fmt_desc(InvThrW, InvThrF, InvThrS, 0, 0, 0);
      default: fmt_of = 0;
    endcase
  endfunction

  // Rounding mode of site i (a site whose mode is stochastic owns an LFSR register).
  function automatic int site_rnd(input int i);
    site_rnd = (fmt_of(i) / 1048576) % 16;
  endfunction

  // ---- Phases -------------------------------------------------------------------
  // A command runs its enabled phases in this order; see docs/microarchitecture.md.
  localparam int PhW       = 4;
  localparam int PhIdle    = 0;
  localparam int PhTraceIn = 1;   // STEP
  localparam int PhInteg   = 2;
  localparam int PhNeuron  = 3;
  localparam int PhRoAcc   = 4;
  localparam int PhReadout = 5;
  localparam int PhLsig    = 6;
  localparam int PhSyn     = 7;
  localparam int PhOut     = 8;
  localparam int PhClrN    = 9;   // CLEAR_STATE
  localparam int PhClrS    = 10;
  localparam int PhClrAccS = 11;  // CLEAR_ACC
  localparam int PhClrAccO = 12;
  localparam int PhApplyS  = 13;  // APPLY
  localparam int PhApplyO  = 14;
  localparam int NPhases   = 15;

  // ---- Commands (written to CSR CMD) ----------------------------------------------
  localparam int CmdW       = 3;
  localparam int CmdNone    = 0;
  localparam int CmdStep    = 1;
  localparam int CmdClear   = 2;  // start of a trial: zero the state
  localparam int CmdClrAcc  = 3;  // zero the gradient accumulators
  localparam int CmdApply   = 4;  // end of a batch: W -= lr acc, acc = 0

  // ---- Weight-update unit modes ---------------------------------------------------
  localparam int WupdOnline = 0;  // W   = q_w(W - lr g)
  localparam int WupdAccum  = 1;  // acc = q_acc(acc + g)
  localparam int WupdApply  = 2;  // W   = q_w(W - lr acc), acc = 0
  localparam int WupdNone   = 3;

  // ---- Host address map -------------------------------------------------------------
  // Byte address: [27:24] region, [23:12] row, [11:2] column; bits [31:28] and [1:0] ignored.
  localparam int RegCsr    = 0;
  localparam int RegWIn    = 1;   // row i,  col j
  localparam int RegWRec   = 2;   // row i,  col j
  localparam int RegWOut   = 3;   // row j,  col k
  localparam int RegB      = 4;   // row j,  col k
  localparam int RegEbar   = 5;   // row = source (i < NInMax: input i; NInMax + j: neuron j), col j
  localparam int RegEpsA   = 6;   // same rows
  localparam int RegAcc    = 7;   // same rows (grad_acc of W_in and W_rec)
  localparam int RegAccOut = 8;   // row j,  col k (grad_acc of W_out)
  localparam int RegNeuron = 9;   // row = field (NfV..NfISyn), col j
  localparam int RegZbarIn = 10;  // row 0,  col i
  localparam int RegOutput = 11;  // row = field (OfY..OfSum), col k

  localparam int NfV       = 0;
  localparam int NfA       = 1;
  localparam int NfR       = 2;
  localparam int NfZbar    = 3;
  localparam int NfZbarOut = 4;
  localparam int NfPsi     = 5;
  localparam int NfL       = 6;
  localparam int NfLpsi    = 7;
  localparam int NfISyn    = 8;

  localparam int OfY       = 0;
  localparam int OfErr     = 1;
  localparam int OfYstar   = 2;
  localparam int OfSum     = 3;

  // CSR word indices (byte address = 4 * index).
  localparam int CsrId          = 'h000;  // RO "FXPR"
  localparam int CsrCfgId       = 'h001;  // RO CfgId
  localparam int CsrLanes       = 'h002;  // RO
  localparam int CsrNInMax      = 'h003;  // RO
  localparam int CsrNRecMax     = 'h004;  // RO
  localparam int CsrNOutMax     = 'h005;  // RO
  localparam int CsrNRefMax     = 'h006;  // RO
  localparam int CsrLrShiftMax  = 'h007;  // RO
  localparam int CsrCmd         = 'h010;  // W: start a command; R: last command
  localparam int CsrStatus      = 'h011;  // RO [0] busy, [7:4] phase
  // CTRL: [0] form_b, [1] spike_ge, [2] exact, [3] per_trial, [4] fb_random
  localparam int CsrCtrl        = 'h012;
  localparam int CsrLossMask    = 'h013;  // [0] loss mask of the next STEP
  localparam int CsrNIn         = 'h014;
  localparam int CsrNRec        = 'h015;
  localparam int CsrNOut        = 'h016;
  localparam int CsrLrShift     = 'h017;
  localparam int CsrNRef        = 'h018;
  localparam int CsrAlpha       = 'h020;
  localparam int CsrRho         = 'h021;
  localparam int CsrKappa       = 'h022;
  localparam int CsrThr         = 'h023;
  localparam int CsrBeta        = 'h024;
  localparam int CsrPsiPeak     = 'h025;
  localparam int CsrInvThr      = 'h026;
  localparam int CsrCmdCycles   = 'h030;  // RO busy cycles of the last command
  localparam int CsrStepCount   = 'h031;  // RO STEP commands completed since reset
  localparam int CsrPhaseCycles = 'h040;  // RO +phase: cycles of each phase in the last command
  localparam int CsrLfsr        = 'h060;  // +site: W seed, R state (stochastic sites only)
  localparam int CsrFmt         = 'h080;  // +entry: RO format descriptor (fmt_of)
  localparam int CsrX           = 'h100;  // +word: input spikes x[t], 32 per word
  localparam int CsrZ           = 'h140;  // +word: spikes z (z[t-1] before a STEP, z[t] after)
  localparam int CsrAlif        = 'h180;  // +word: ALIF mask of the recurrent neurons
  localparam int CsrZbarNz      = 'h1c0;  // +word: RO nonzero flags of the row traces (row space)
  localparam int CsrZbarOutNz   = 'h200;  // +word: RO nonzero flags of zbar_out

  localparam logic [31:0] IdValue = 32'h4658_5052;  // "FXPR"

endpackage
