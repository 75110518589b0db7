// Copyright fxprop contributors.
//
// fxprop_cfg.svh (configuration "default"): every compile-time choice of the core, included
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
// Default: the pattern-generation task (thr = 0.03, tau_m = tau_out = 30 ms, LIF form a,
// factorised e-prop with online stochastic updates) at 16-bit weights.

  // ==== BEGIN GENERATED CONFIGURATION =========================================
  localparam logic [31:0] CfgId          = 32'h6466_6c74;  // "dflt": reported by CSR CFG_ID

  // ---- Sizes ----
  localparam int Lanes          = 4;    // P: posts per memory word (power of two)
  localparam int NInMax         = 128;  // inputs
  localparam int NRecMax        = 128;  // recurrent neurons
  localparam int NOutMax        = 8;    // outputs
  localparam int NRefMax        = 15;   // largest refractory period (steps)
  localparam int LrShiftMax     = 20;   // lr = 2^-lr_shift, lr_shift in [0, LrShiftMax]

  // ---- Formats: <Key>W width, <Key>F fraction bits, <Key>S signed, <Key>Rnd rounding,
  //      <Key>Ovf overflow, <Key>K random bits of stochastic rounding (unused otherwise) ----
  // Weights: s16.14 (|w| < 2), stochastic updates (ReckOn-style +-LSB when |lr g| < LSB).
  localparam int WInW           = 16;
  localparam int WInF           = 14;
  localparam int WInS           = 1;
  localparam int WInRnd         = RndStoch;
  localparam int WInOvf         = OvfSat;
  localparam int WInK           = 16;
  localparam int WRecW          = 16;
  localparam int WRecF          = 14;
  localparam int WRecS          = 1;
  localparam int WRecRnd        = RndStoch;
  localparam int WRecOvf        = OvfSat;
  localparam int WRecK          = 16;
  localparam int WOutW          = 16;
  localparam int WOutF          = 14;
  localparam int WOutS          = 1;
  localparam int WOutRnd        = RndStoch;
  localparam int WOutOvf        = OvfSat;
  localparam int WOutK          = 16;
  // Random feedback (never requantised on chip).
  localparam int BW             = 16;
  localparam int BF             = 14;
  localparam int BS             = 1;
  // Synaptic current: wide accumulator at the weight's resolution (sum of up to 2^8 weights).
  localparam int ISynW          = 24;
  localparam int ISynF          = 14;
  localparam int ISynS          = 1;
  localparam int ISynRnd        = RndTrn;
  localparam int ISynOvf        = OvfSat;
  localparam int ISynK          = 1;
  // Membrane: s16.14 covers +-2 = +-66 thr at thr = 0.03.
  localparam int VW             = 16;
  localparam int VF             = 14;
  localparam int VS             = 1;
  localparam int VRnd           = RndRnd;
  localparam int VOvf           = OvfSat;
  localparam int VK             = 1;
  // Adaptation (ALIF): u16.10, up to 64 filtered spikes.
  localparam int AW             = 16;
  localparam int AF             = 10;
  localparam int AS             = 0;
  localparam int ARnd           = RndRnd;
  localparam int AOvf           = OvfSat;
  localparam int AK             = 1;
  // Adaptive threshold thr + beta a: s20.14 (up to +-32).
  localparam int ThrAdaptiveW   = 20;
  localparam int ThrAdaptiveF   = 14;
  localparam int ThrAdaptiveS   = 1;
  localparam int ThrAdaptiveRnd = RndRnd;
  localparam int ThrAdaptiveOvf = OvfSat;
  localparam int ThrAdaptiveK   = 1;
  // Pseudo-derivative: u12.8, peak gamma/thr = 10 < 16.
  localparam int PsiW           = 12;
  localparam int PsiF           = 8;
  localparam int PsiS           = 0;
  localparam int PsiRnd         = RndRnd;
  localparam int PsiOvf         = OvfSat;
  localparam int PsiK           = 1;
  // Presynaptic traces, form a (<= 1): u12.12.
  localparam int ZbarW          = 12;
  localparam int ZbarF          = 12;
  localparam int ZbarS          = 0;
  localparam int ZbarRnd        = RndRnd;
  localparam int ZbarOvf        = OvfSat;
  localparam int ZbarK          = 1;
  localparam int ZbarOutW       = 12;
  localparam int ZbarOutF       = 12;
  localparam int ZbarOutS       = 0;
  localparam int ZbarOutRnd     = RndRnd;
  localparam int ZbarOutOvf     = OvfSat;
  localparam int ZbarOutK       = 1;
  // Readout, error, learning signal: s16.12 (+-8).
  localparam int YW             = 16;
  localparam int YF             = 12;
  localparam int YS             = 1;
  localparam int YRnd           = RndRnd;
  localparam int YOvf           = OvfSat;
  localparam int YK             = 1;
  localparam int ErrW           = 16;
  localparam int ErrF           = 12;
  localparam int ErrS           = 1;
  localparam int ErrRnd         = RndRnd;
  localparam int ErrOvf         = OvfSat;
  localparam int ErrK           = 1;
  localparam int LW             = 16;
  localparam int LF             = 12;
  localparam int LS             = 1;
  localparam int LRnd           = RndRnd;
  localparam int LOvf           = OvfSat;
  localparam int LK             = 1;
  // Post factor L psi of the factorised rule: s16.10 (+-32).
  localparam int LpsiW          = 16;
  localparam int LpsiF          = 10;
  localparam int LpsiS          = 1;
  localparam int LpsiRnd        = RndRnd;
  localparam int LpsiOvf        = OvfSat;
  localparam int LpsiK          = 1;
  // Exact variant: eligibility psi (zbar - beta eps_a) <= 16: s16.11.
  localparam int EW             = 16;
  localparam int EF             = 11;
  localparam int ES             = 1;
  localparam int ERnd           = RndRnd;
  localparam int EOvf           = OvfSat;
  localparam int EK             = 1;
  localparam int EbarW          = 16;
  localparam int EbarF          = 11;
  localparam int EbarS          = 1;
  localparam int EbarRnd        = RndRnd;
  localparam int EbarOvf        = OvfSat;
  localparam int EbarK          = 1;
  localparam int EpsAW          = 16;
  localparam int EpsAF          = 11;
  localparam int EpsAS          = 1;
  localparam int EpsARnd        = RndRnd;
  localparam int EpsAOvf        = OvfSat;
  localparam int EpsAK          = 1;
  // Gradient accumulator (per-trial schedule): s32.16 (+-32768).
  localparam int GradAccW       = 32;
  localparam int GradAccF       = 16;
  localparam int GradAccS       = 1;
  localparam int GradAccRnd     = RndRnd;
  localparam int GradAccOvf     = OvfSat;
  localparam int GradAccK       = 1;

  // ---- Constants (quantised by the host with round-to-nearest) ----
  localparam int AlphaW         = 16;
  localparam int AlphaF         = 16;
  localparam int AlphaS         = 0;
  localparam int RhoW           = 16;
  localparam int RhoF           = 16;
  localparam int RhoS           = 0;
  localparam int KappaW         = 16;
  localparam int KappaF         = 16;
  localparam int KappaS         = 0;
  localparam int ThrW           = 16;
  localparam int ThrF           = 14;
  localparam int ThrS           = 1;
  localparam int BetaW          = 16;
  localparam int BetaF          = 14;
  localparam int BetaS          = 0;
  localparam int PsiPeakW       = 16;
  localparam int PsiPeakF       = 10;
  localparam int PsiPeakS       = 0;
  localparam int InvThrW        = 16;
  localparam int InvThrF        = 10;
  localparam int InvThrS        = 0;
  // ==== END GENERATED CONFIGURATION ===========================================
