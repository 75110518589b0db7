// Copyright fxprop contributors.
//
// fxprop_cfg.svh (configuration "w8"): every compile-time choice of the core, included
// by rtl/fxprop_pkg.sv. Sizes, lanes and the fixed-point format of every variable. One
// verilated or synthesised build serves every run configuration with these formats;
// everything else (network sizes up to the maxima, neuron form, spike test, ALIF mask,
// learning variant, schedule, learning-rate shift, the quantised constants) is a runtime
// register of the core.
//
// A configuration is a directory rtl/cfg/<name>/ holding this file; the build selects it
// with the include path. A generator may replace the file: it must define exactly the
// parameters between the BEGIN/END markers, with the same names. Rounding (Rnd*) and
// overflow (Ovf*) codes are those defined in fxprop_pkg before the include.
//
// w8: a ReckOn-like 8-bit weight set (s8.6, stochastic updates), 8 lanes, and a mix of the
// other rounding and overflow modes (round-half-even, stochastic traces and learning signal,
// symmetric saturation, wrap) so that CI runs every kind of rounding site in the whole core.

  // ==== BEGIN GENERATED CONFIGURATION =========================================
  localparam logic [31:0] CfgId          = 32'h7738_0000;  // "w8": reported by CSR CFG_ID

  // ---- Sizes ----
  localparam int Lanes          = 8;
  localparam int NInMax         = 64;
  localparam int NRecMax        = 64;
  localparam int NOutMax        = 4;
  localparam int NRefMax        = 7;
  localparam int LrShiftMax     = 12;

  // ---- Formats (see the default configuration for the naming) ----
  localparam int WInW           = 8;
  localparam int WInF           = 6;
  localparam int WInS           = 1;
  localparam int WInRnd         = RndStoch;
  localparam int WInOvf         = OvfSat;
  localparam int WInK           = 16;
  localparam int WRecW          = 8;
  localparam int WRecF          = 6;
  localparam int WRecS          = 1;
  localparam int WRecRnd        = RndStoch;
  localparam int WRecOvf        = OvfSat;
  localparam int WRecK          = 16;
  localparam int WOutW          = 8;
  localparam int WOutF          = 6;
  localparam int WOutS          = 1;
  localparam int WOutRnd        = RndStoch;
  localparam int WOutOvf        = OvfSat;
  localparam int WOutK          = 16;
  localparam int BW             = 8;
  localparam int BF             = 6;
  localparam int BS             = 1;
  localparam int ISynW          = 16;
  localparam int ISynF          = 6;
  localparam int ISynS          = 1;
  localparam int ISynRnd        = RndTrn;
  localparam int ISynOvf        = OvfSat;
  localparam int ISynK          = 1;
  localparam int VW             = 16;
  localparam int VF             = 12;
  localparam int VS             = 1;
  localparam int VRnd           = RndConv;
  localparam int VOvf           = OvfSatSym;
  localparam int VK             = 1;
  localparam int AW             = 12;
  localparam int AF             = 8;
  localparam int AS             = 0;
  localparam int ARnd           = RndStoch;
  localparam int AOvf           = OvfSat;
  localparam int AK             = 8;
  localparam int ThrAdaptiveW   = 16;
  localparam int ThrAdaptiveF   = 12;
  localparam int ThrAdaptiveS   = 1;
  localparam int ThrAdaptiveRnd = RndInf;
  localparam int ThrAdaptiveOvf = OvfSat;
  localparam int ThrAdaptiveK   = 1;
  localparam int PsiW           = 8;
  localparam int PsiF           = 4;
  localparam int PsiS           = 0;
  localparam int PsiRnd         = RndStoch;
  localparam int PsiOvf         = OvfSat;
  localparam int PsiK           = 8;
  localparam int ZbarW          = 8;
  localparam int ZbarF          = 8;
  localparam int ZbarS          = 0;
  localparam int ZbarRnd        = RndZero;
  localparam int ZbarOvf        = OvfSat;
  localparam int ZbarK          = 1;
  localparam int ZbarOutW       = 10;
  localparam int ZbarOutF       = 10;
  localparam int ZbarOutS       = 0;
  localparam int ZbarOutRnd     = RndTrn;
  localparam int ZbarOutOvf     = OvfSat;
  localparam int ZbarOutK       = 1;
  localparam int YW             = 16;
  localparam int YF             = 12;
  localparam int YS             = 1;
  localparam int YRnd           = RndMinInf;
  localparam int YOvf           = OvfWrap;
  localparam int YK             = 1;
  localparam int ErrW           = 16;
  localparam int ErrF           = 12;
  localparam int ErrS           = 1;
  localparam int ErrRnd         = RndTrnZero;
  localparam int ErrOvf         = OvfSatSym;
  localparam int ErrK           = 1;
  localparam int LW             = 16;
  localparam int LF             = 12;
  localparam int LS             = 1;
  localparam int LRnd           = RndStoch;
  localparam int LOvf           = OvfSat;
  localparam int LK             = 12;
  localparam int LpsiW          = 16;
  localparam int LpsiF          = 10;
  localparam int LpsiS          = 1;
  localparam int LpsiRnd        = RndRnd;
  localparam int LpsiOvf        = OvfSatZero;
  localparam int LpsiK          = 1;
  localparam int EW             = 12;
  localparam int EF             = 8;
  localparam int ES             = 1;
  localparam int ERnd           = RndRnd;
  localparam int EOvf           = OvfSat;
  localparam int EK             = 1;
  localparam int EbarW          = 12;
  localparam int EbarF          = 8;
  localparam int EbarS          = 1;
  localparam int EbarRnd        = RndStoch;
  localparam int EbarOvf        = OvfSat;
  localparam int EbarK          = 8;
  localparam int EpsAW          = 12;
  localparam int EpsAF          = 8;
  localparam int EpsAS          = 1;
  localparam int EpsARnd        = RndTrn;
  localparam int EpsAOvf        = OvfSat;
  localparam int EpsAK          = 1;
  localparam int GradAccW       = 24;
  localparam int GradAccF       = 12;
  localparam int GradAccS       = 1;
  localparam int GradAccRnd     = RndStoch;
  localparam int GradAccOvf     = OvfSat;
  localparam int GradAccK       = 16;

  // ---- Constants ----
  localparam int AlphaW         = 16;
  localparam int AlphaF         = 15;
  localparam int AlphaS         = 0;
  localparam int RhoW           = 16;
  localparam int RhoF           = 16;
  localparam int RhoS           = 0;
  localparam int KappaW         = 8;
  localparam int KappaF         = 7;
  localparam int KappaS         = 0;
  localparam int ThrW           = 16;
  localparam int ThrF           = 12;
  localparam int ThrS           = 1;
  localparam int BetaW          = 16;
  localparam int BetaF          = 14;
  localparam int BetaS          = 0;
  localparam int PsiPeakW       = 8;
  localparam int PsiPeakF       = 3;
  localparam int PsiPeakS       = 0;
  localparam int InvThrW        = 16;
  localparam int InvThrF        = 10;
  localparam int InvThrS        = 0;
  // ==== END GENERATED CONFIGURATION ===========================================
