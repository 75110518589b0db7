// Copyright fxprop contributors.
//
// fxprop_core: time-multiplexed e-prop learning core (docs/microarchitecture.md).
//
// A host starts one command at a time through a memory-mapped register interface: STEP (one
// timestep of the network and of learning), CLEAR (start of a trial: zero the state), CLRACC
// (zero the gradient accumulators) and APPLY (end of a batch: W -= lr acc). A command runs a
// fixed sequence of phases; a phase sweeps rows (event-driven where the rows are spike or
// nonzero-trace events) and, within a row, the P-lane words of the row. Every phase is a
// two-stage pipeline: stage A issues the reads of one word per cycle, stage B (one cycle
// later, when the registered SRAM data arrive) computes and writes back. A phase of n items
// takes n + 1 cycles; phases never overlap.
//
// The arithmetic is that of docs/learning-core.md, bit for bit, with one LFSR stream per
// stochastic rounding site consumed in the order of its section 3.
module fxprop_core (
  input  logic        clk_i,
  input  logic        rst_ni,

  // Host bus: request/grant, one-cycle read latency (rvalid the cycle after the grant).
  input  logic        host_req_i,
  input  logic        host_we_i,
  input  logic [31:0] host_addr_i,   // byte address, see fxprop_pkg "Host address map"
  input  logic [31:0] host_wdata_i,
  output logic        host_gnt_o,
  output logic        host_rvalid_o,
  output logic [31:0] host_rdata_o,

  output logic        busy_o,        // a command is running
  output logic        done_o         // one-cycle pulse: the command finished
);

  // ---- Configuration aliases -----------------------------------------------------------
  localparam int P        = fxprop_pkg::P;
  localparam int LogP     = fxprop_pkg::LogP;
  localparam int NInMax   = fxprop_pkg::NInMax;
  localparam int NRecMax  = fxprop_pkg::NRecMax;
  localparam int NOutMax  = fxprop_pkg::NOutMax;
  localparam int NWInMax  = fxprop_pkg::NWInMax;
  localparam int NWRecMax = fxprop_pkg::NWRecMax;
  localparam int NWOutMax = fxprop_pkg::NWOutMax;
  localparam int NRows    = fxprop_pkg::NRows;
  localparam int RowW     = fxprop_pkg::RowW;
  localparam int NInW     = fxprop_pkg::NInW;
  localparam int NRecW    = fxprop_pkg::NRecW;
  localparam int NOutW    = fxprop_pkg::NOutW;
  localparam int WcW      = fxprop_pkg::WordCntW;
  localparam int RefW     = fxprop_pkg::RefW;
  localparam int LrW      = fxprop_pkg::LrW;
  localparam int NSites   = fxprop_pkg::NSites;
  localparam int PhW      = fxprop_pkg::PhW;
  localparam int NPh      = fxprop_pkg::NPhases;
  localparam int CmdW     = fxprop_pkg::CmdW;
  localparam int PostW    = fxprop_pkg::cbits(fxprop_pkg::max3(NInMax, NRecMax, NOutMax) + P);
  localparam int InIdxW   = fxprop_pkg::cbits(NInMax - 1);   // index widths of the vectors
  localparam int RecIdxW  = fxprop_pkg::cbits(NRecMax - 1);
  localparam int OutIdxW  = fxprop_pkg::cbits(NOutMax - 1);

  localparam int WInW   = fxprop_pkg::WInW;
  localparam int WRecW  = fxprop_pkg::WRecW;
  localparam int WOutW  = fxprop_pkg::WOutW;
  localparam int BW     = fxprop_pkg::BW;
  localparam int ISynW  = fxprop_pkg::ISynW;
  localparam int VW     = fxprop_pkg::VW;
  localparam int AW     = fxprop_pkg::AW;
  localparam int PsiW   = fxprop_pkg::PsiW;
  localparam int ZbW    = fxprop_pkg::ZbarW;
  localparam int ZboW   = fxprop_pkg::ZbarOutW;
  localparam int YW     = fxprop_pkg::YW;
  localparam int ErrW   = fxprop_pkg::ErrW;
  localparam int LW     = fxprop_pkg::LW;
  localparam int LpW    = fxprop_pkg::LpsiW;
  localparam int EaW    = fxprop_pkg::EpsAW;
  localparam int EbW    = fxprop_pkg::EbarW;
  localparam int GaW    = fxprop_pkg::GradAccW;
  localparam int SumW   = fxprop_pkg::SumW;
  localparam int GInW   = fxprop_pkg::GInW;
  localparam int GInF   = fxprop_pkg::GInF;
  localparam int GOutW  = fxprop_pkg::GOutW;
  localparam int GOutF  = fxprop_pkg::GOutF;
  localparam int AlphaW = fxprop_pkg::AlphaW;
  localparam int RhoW   = fxprop_pkg::RhoW;
  localparam int KappaW = fxprop_pkg::KappaW;
  localparam int ThrW   = fxprop_pkg::ThrW;
  localparam int BetaW  = fxprop_pkg::BetaW;
  localparam int PkW    = fxprop_pkg::PsiPeakW;
  localparam int InvW   = fxprop_pkg::InvThrW;
  localparam int LsAccW = fxprop_pkg::LsAccW;


  // Memories: depth and address width.
  localparam int DWIn  = NInMax * NWRecMax;
  localparam int DWRec = NRecMax * NWRecMax;
  localparam int DWOut = NRecMax * NWOutMax;
  localparam int DSyn  = NRows * NWRecMax;
  localparam int AWIn  = fxprop_pkg::cbits(DWIn - 1);
  localparam int AWRec = fxprop_pkg::cbits(DWRec - 1);
  localparam int AWOut = fxprop_pkg::cbits(DWOut - 1);
  localparam int ASyn  = fxprop_pkg::cbits(DSyn - 1);
  localparam int ANrn  = fxprop_pkg::cbits(NWRecMax - 1);
  localparam int AZin  = fxprop_pkg::cbits(NWInMax - 1);

  // Integrate: I + W exact in one format (W_in and W_rec may differ).
  localparam int IntF = fxprop_pkg::max3(fxprop_pkg::ISynF, fxprop_pkg::WInF, fxprop_pkg::WRecF);
  localparam int IntW = fxprop_pkg::max3(ISynW + 1 + IntF - fxprop_pkg::ISynF,
                                         WInW + 1 + IntF - fxprop_pkg::WInF,
                                         WRecW + 1 + IntF - fxprop_pkg::WRecF) + 1;
  // Output-weight gradient err_k zbar_out_j.
  localparam int GoPW = (ErrW + 1) + (ZboW + 1);
  localparam int GoPF = fxprop_pkg::ErrF + fxprop_pkg::ZbarOutF;

  // ---- Configuration checks --------------------------------------------------------------
  if (P < 2 || (1 << LogP) != P) begin : g_check_lanes
    fxprop_error_lanes_must_be_a_power_of_two_at_least_2 u_error ();
  end
  if (ISynW > 32 || VW > 32 || AW > 32 || PsiW > 32 || ZbW > 32 || ZboW > 32 || YW > 32 ||
      ErrW > 32 || LW > 32 || LpW > 32 || EaW > 32 || EbW > 32 || GaW > 32 || WInW > 32 ||
      WRecW > 32 || WOutW > 32 || BW > 32 || SumW > 32 || AlphaW > 32 || RhoW > 32 ||
      KappaW > 32 || ThrW > 32 || BetaW > 32 || PkW > 32 || InvW > 32) begin : g_check_widths
    fxprop_error_host_visible_values_must_fit_32_bits u_error ();
  end
  if (NRows > 4096 || fxprop_pkg::max3(NRecMax, NInMax, NOutMax) > 1024) begin : g_check_map
    fxprop_error_sizes_exceed_the_host_address_map u_error ();
  end

  // ======================================================================================
  // Registers
  // ======================================================================================
  // Runtime configuration.
  logic              form_b_q, spike_ge_q, exact_q, per_trial_q, fb_random_q, loss_mask_q;
  logic [NInW-1:0]   n_in_q;
  logic [NRecW-1:0]  n_rec_q;
  logic [NOutW-1:0]  n_out_q;
  logic [LrW-1:0]    lr_shift_q;
  logic [RefW-1:0]   n_ref_q;
  logic [AlphaW-1:0] alpha_q;
  logic [RhoW-1:0]   rho_q;
  logic [KappaW-1:0] kappa_q;
  logic [ThrW-1:0]   thr_q;
  logic [BetaW-1:0]  beta_q;
  logic [PkW-1:0]    psi_peak_q;
  logic [InvW-1:0]   inv_thr_q;

  // Vectors.
  logic [NInMax-1:0]  x_q;                  // input spikes of the next/current step
  logic [NRecMax-1:0] z_q, z_d;              // spikes (z[t-1] before a STEP, z[t] after)
  logic [NRecMax-1:0] alif_q;                // ALIF mask
  logic [NRows-1:0]   zbnz_q, zbnz_d;        // row trace != 0 (row space)
  logic [NRecMax-1:0] zbonz_q, zbonz_d;      // zbar_out != 0

  // Outputs.
  logic [NOutMax*YW-1:0]   y_q, y_d, ystar_q;
  logic [NOutMax*ErrW-1:0] err_q, err_d;
  logic [NOutMax*SumW-1:0] sum_q, sum_d;

  // LFSR streams (stochastic sites only; the others read as 0).
  logic [NSites*32-1:0] lfsr_q;

  // Sequencer.
  logic [CmdW-1:0]  cmd_q, cmd_d;
  logic [PhW-1:0]   phase_q, phase_d;
  logic [NRows-1:0] pend_q, pend_d;
  logic [WcW-1:0]   word_q, word_d, nw_q, nw_d;
  logic             int_first_q, int_first_d, ev_seen_q, ev_seen_d;

  // Stage B.
  logic             b_vld_q;
  logic [RowW-1:0]  b_row_q;
  logic [WcW-1:0]   b_word_q;
  logic             b_last_q, b_first_q;

  // ISYN write forwarding (integrate phase, one-word rows).
  logic             fwd_vld_q, fwd_vld_d;
  logic [ANrn-1:0]  fwd_addr_q, fwd_addr_d;
  logic [P*ISynW-1:0] fwd_data_q, fwd_data_d;

  // Learning-signal running sum.
  logic [LsAccW-1:0] ls_acc_q, ls_acc_d;

  // Counters.
  logic [NPh*32-1:0] ph_cnt_q;
  logic [31:0]       cmd_cycles_q, step_count_q;

  // Host read pipeline.
  logic              rd_vld_q, rd_mem_q;
  logic [31:0]       rd_data_q;
  logic [4:0]        rd_mem_sel_q;
  logic [LogP-1:0]   rd_lane_q;
  logic [5:0]        rd_fw_q;
  logic              rd_signed_q;

  // ======================================================================================
  // Host bus decode
  // ======================================================================================
  logic [3:0]  h_region;
  logic [11:0] h_row;
  logic [9:0]  h_col;
  logic        busy, h_acc, h_wr, h_rd, cmd_start;
  logic [CmdW-1:0] cmd_new;

  logic unused_addr;
  assign unused_addr = ^{host_addr_i[31:28], host_addr_i[1:0]};
  assign h_region = host_addr_i[27:24];
  assign h_row    = host_addr_i[23:12];
  assign h_col    = host_addr_i[11:2];
  assign busy     = phase_q != PhW'(fxprop_pkg::PhIdle);

  assign host_gnt_o = host_req_i &&
                      (!busy || (h_region == 4'(fxprop_pkg::RegCsr) && !host_we_i));
  assign h_acc      = host_req_i && host_gnt_o;
  assign h_wr       = h_acc && host_we_i;
  assign h_rd       = h_acc && !host_we_i;

  assign cmd_new   = host_wdata_i[CmdW-1:0];
  assign cmd_start = h_wr && h_region == 4'(fxprop_pkg::RegCsr) &&
                     h_col == 10'(fxprop_pkg::CsrCmd) &&
                     (cmd_new == CmdW'(fxprop_pkg::CmdStep) ||
                      cmd_new == CmdW'(fxprop_pkg::CmdClear) ||
                      cmd_new == CmdW'(fxprop_pkg::CmdClrAcc) ||
                      cmd_new == CmdW'(fxprop_pkg::CmdApply));

  // ======================================================================================
  // Sequencer
  // ======================================================================================
  logic [WcW-1:0]   nwi, nwr, nwo, nw_clr;
  logic [NInMax-1:0]  in_mask;
  logic [NRecMax-1:0] rec_mask;
  logic [RowW-1:0]  a_row;
  logic             a_any, issue, a_last;
  logic [PhW-1:0]   ph_next;
  logic [CmdW-1:0]  seq_cmd;
  logic [PhW-1:0]   seq_from, seq_last;

  assign nwi    = WcW'((32'(n_in_q) + P - 1) >> LogP);
  assign nwr    = WcW'((32'(n_rec_q) + P - 1) >> LogP);
  assign nwo    = WcW'((32'(n_out_q) + P - 1) >> LogP);
  assign nw_clr = (nwi > nwr) ? nwi : nwr;

  for (genvar i = 0; i < NInMax; i++) begin : g_in_mask
    assign in_mask[i] = NInW'(i) < n_in_q;
  end
  for (genvar j = 0; j < NRecMax; j++) begin : g_rec_mask
    assign rec_mask[j] = NRecW'(j) < n_rec_q;
  end

  fxprop_prio_enc #(
    .Width(NRows),
    .IdxW (RowW)
  ) u_prio (
    .vec_i(pend_q),
    .idx_o(a_row),
    .any_o(a_any)
  );

  // Phase order of the running (or starting) command: the phase to start from (exclusive)
  // and the command's last phase; then the next enabled phase, or idle.
  function automatic logic [PhW-1:0] cmd_first(input logic [CmdW-1:0] cmd);
    unique case (cmd)
      CmdW'(fxprop_pkg::CmdStep):   cmd_first = PhW'(fxprop_pkg::PhTraceIn);
      CmdW'(fxprop_pkg::CmdClear):  cmd_first = PhW'(fxprop_pkg::PhClrN);
      CmdW'(fxprop_pkg::CmdClrAcc): cmd_first = PhW'(fxprop_pkg::PhClrAccS);
      CmdW'(fxprop_pkg::CmdApply):  cmd_first = PhW'(fxprop_pkg::PhApplyS);
      default:                      cmd_first = PhW'(fxprop_pkg::PhIdle);
    endcase
  endfunction

  function automatic logic [PhW-1:0] cmd_last(input logic [CmdW-1:0] cmd);
    unique case (cmd)
      CmdW'(fxprop_pkg::CmdStep):   cmd_last = PhW'(fxprop_pkg::PhOut);
      CmdW'(fxprop_pkg::CmdClear):  cmd_last = PhW'(fxprop_pkg::PhClrS);
      CmdW'(fxprop_pkg::CmdClrAcc): cmd_last = PhW'(fxprop_pkg::PhClrAccO);
      CmdW'(fxprop_pkg::CmdApply):  cmd_last = PhW'(fxprop_pkg::PhApplyO);
      default:                      cmd_last = PhW'(fxprop_pkg::PhIdle);
    endcase
  endfunction

  // Phases that run only under a condition: LSIG and OUT on loss-mask steps, SYN on
  // loss-mask steps or every step of the exact variant, CLR_S for the exact variant.
  function automatic logic ph_enabled(input int p, input logic mask, input logic exact);
    unique case (p)
      fxprop_pkg::PhLsig: ph_enabled = mask;
      fxprop_pkg::PhSyn:  ph_enabled = exact || mask;
      fxprop_pkg::PhOut:  ph_enabled = mask;
      fxprop_pkg::PhClrS: ph_enabled = exact;
      default:            ph_enabled = 1'b1;
    endcase
  endfunction

  function automatic logic [PhW-1:0] next_phase(input logic [PhW-1:0] from,
                                                input logic [PhW-1:0] last,
                                                input logic mask, input logic exact);
    next_phase = PhW'(fxprop_pkg::PhIdle);
    for (int p = NPh - 1; p >= 1; p--) begin
      if (ph_enabled(p, mask, exact) && PhW'(p) > from && PhW'(p) <= last) begin
        next_phase = PhW'(p);
      end
    end
  endfunction

  assign seq_cmd  = cmd_start ? cmd_new : cmd_q;
  assign seq_from = cmd_start ? (cmd_first(cmd_new) - PhW'(1)) : phase_q;
  assign seq_last = cmd_last(seq_cmd);
  assign ph_next  = next_phase(seq_from, seq_last, loss_mask_q, exact_q);

  // Rows and words per row of a phase (pend_init, nw_init): computed from the next-state
  // values of the vectors, so a phase sees the writes of the last cycle of its predecessor.
  logic [NRows-1:0] pend_init;
  logic [WcW-1:0]   nw_init;
  logic [NRows-1:0] rows_all, rows_rec;

  assign rows_all = {rec_mask, in_mask};
  assign rows_rec = {rec_mask, {NInMax{1'b0}}};

  logic [NRows-1:0] pend_sel;
  always_comb begin
    nw_init  = '0;
    pend_sel = '0;
    unique case (ph_next)
      PhW'(fxprop_pkg::PhTraceIn): begin nw_init = nwi; pend_sel = NRows'(1); end
      PhW'(fxprop_pkg::PhInteg):   begin nw_init = nwr; pend_sel = {z_d, x_q} & rows_all; end
      PhW'(fxprop_pkg::PhNeuron):  begin nw_init = nwr; pend_sel = NRows'(1); end
      PhW'(fxprop_pkg::PhRoAcc):   begin
        nw_init  = nwo;
        pend_sel = {z_d, {NInMax{1'b0}}} & rows_rec;
      end
      PhW'(fxprop_pkg::PhReadout): begin nw_init = nwo; pend_sel = NRows'(1); end
      PhW'(fxprop_pkg::PhLsig):    begin nw_init = nwo; pend_sel = rows_rec; end
      PhW'(fxprop_pkg::PhSyn):     begin
        nw_init  = nwr;
        pend_sel = exact_q ? rows_all : (zbnz_d & rows_all);
      end
      PhW'(fxprop_pkg::PhOut):     begin
        nw_init  = nwo;
        pend_sel = {zbonz_d, {NInMax{1'b0}}} & rows_rec;
      end
      PhW'(fxprop_pkg::PhClrN):    begin nw_init = nw_clr; pend_sel = NRows'(1); end
      PhW'(fxprop_pkg::PhClrS),
      PhW'(fxprop_pkg::PhClrAccS),
      PhW'(fxprop_pkg::PhApplyS):  begin nw_init = nwr; pend_sel = rows_all; end
      PhW'(fxprop_pkg::PhClrAccO),
      PhW'(fxprop_pkg::PhApplyO):  begin nw_init = nwo; pend_sel = rows_rec; end
      default: ;
    endcase
  end
  // A phase with no words (e.g. no inputs) has no rows.
  assign pend_init = (nw_init == '0) ? '0 : pend_sel;

  assign a_last = word_q == nw_q - WcW'(1);

  // Whole-vector updates only in combinational processes (no bit-select targets): an
  // event-driven simulator then sees one change per evaluation.
  logic [NRows-1:0] a_row_onehot;
  assign a_row_onehot = NRows'(1) << a_row;

  always_comb begin
    phase_d     = phase_q;
    cmd_d       = cmd_q;
    pend_d      = pend_q;
    word_d      = word_q;
    nw_d        = nw_q;
    issue       = 1'b0;
    int_first_d = int_first_q;
    ev_seen_d   = ev_seen_q;
    if (!busy) begin
      if (cmd_start) begin
        cmd_d       = cmd_new;
        phase_d     = ph_next;
        pend_d      = pend_init;
        nw_d        = nw_init;
        word_d      = '0;
        int_first_d = 1'b1;
        ev_seen_d   = 1'b0;
      end
    end else if (a_any) begin
      issue = 1'b1;
      if (a_last) begin
        word_d        = '0;
        pend_d        = pend_q & ~a_row_onehot;
      end else begin
        word_d = word_q + WcW'(1);
      end
      if (phase_q == PhW'(fxprop_pkg::PhInteg)) begin
        ev_seen_d = 1'b1;
        if (a_last) int_first_d = 1'b0;
      end
    end else begin
      phase_d = ph_next;
      pend_d  = pend_init;
      nw_d    = nw_init;
      word_d  = '0;
    end
  end

  assign busy_o = busy;
  assign done_o = busy && (phase_d == PhW'(fxprop_pkg::PhIdle));

  // ======================================================================================
  // Memories: one variable per memory, P lanes per word, lane write mask
  // ======================================================================================
  // Port signals <m>_{re,raddr,rdata,we,waddr,wdata,wmask}; the datapath (d_<m>_*) drives
  // them while busy, the host while idle.
  logic             win_re, win_we, d_win_re, d_win_we;
  logic [AWIn-1:0]  win_raddr, win_waddr, d_win_raddr, d_win_waddr;
  logic [P*WInW-1:0] win_rdata, win_wdata, d_win_wdata;
  logic [P-1:0]     win_wmask, d_win_wmask;
  logic             wrec_re, wrec_we, d_wrec_re, d_wrec_we;
  logic [AWRec-1:0]  wrec_raddr, wrec_waddr, d_wrec_raddr, d_wrec_waddr;
  logic [P*WRecW-1:0] wrec_rdata, wrec_wdata, d_wrec_wdata;
  logic [P-1:0]     wrec_wmask, d_wrec_wmask;
  logic             wout_re, wout_we, d_wout_re, d_wout_we;
  logic [AWOut-1:0]  wout_raddr, wout_waddr, d_wout_raddr, d_wout_waddr;
  logic [P*WOutW-1:0] wout_rdata, wout_wdata, d_wout_wdata;
  logic [P-1:0]     wout_wmask, d_wout_wmask;
  logic             bfb_re, bfb_we, d_bfb_re, d_bfb_we;
  logic [AWOut-1:0]  bfb_raddr, bfb_waddr, d_bfb_raddr, d_bfb_waddr;
  logic [P*BW-1:0] bfb_rdata, bfb_wdata, d_bfb_wdata;
  logic [P-1:0]     bfb_wmask, d_bfb_wmask;
  logic             ebar_re, ebar_we, d_ebar_re, d_ebar_we;
  logic [ASyn-1:0]  ebar_raddr, ebar_waddr, d_ebar_raddr, d_ebar_waddr;
  logic [P*EbW-1:0] ebar_rdata, ebar_wdata, d_ebar_wdata;
  logic [P-1:0]     ebar_wmask, d_ebar_wmask;
  logic             epsa_re, epsa_we, d_epsa_re, d_epsa_we;
  logic [ASyn-1:0]  epsa_raddr, epsa_waddr, d_epsa_raddr, d_epsa_waddr;
  logic [P*EaW-1:0] epsa_rdata, epsa_wdata, d_epsa_wdata;
  logic [P-1:0]     epsa_wmask, d_epsa_wmask;
  logic             acc_re, acc_we, d_acc_re, d_acc_we;
  logic [ASyn-1:0]  acc_raddr, acc_waddr, d_acc_raddr, d_acc_waddr;
  logic [P*GaW-1:0] acc_rdata, acc_wdata, d_acc_wdata;
  logic [P-1:0]     acc_wmask, d_acc_wmask;
  logic             acco_re, acco_we, d_acco_re, d_acco_we;
  logic [AWOut-1:0]  acco_raddr, acco_waddr, d_acco_raddr, d_acco_waddr;
  logic [P*GaW-1:0] acco_rdata, acco_wdata, d_acco_wdata;
  logic [P-1:0]     acco_wmask, d_acco_wmask;
  logic             isyn_re, isyn_we, d_isyn_re, d_isyn_we;
  logic [ANrn-1:0]  isyn_raddr, isyn_waddr, d_isyn_raddr, d_isyn_waddr;
  logic [P*ISynW-1:0] isyn_rdata, isyn_wdata, d_isyn_wdata;
  logic [P-1:0]     isyn_wmask, d_isyn_wmask;
  logic             v_re, v_we, d_v_re, d_v_we;
  logic [ANrn-1:0]  v_raddr, v_waddr, d_v_raddr, d_v_waddr;
  logic [P*VW-1:0] v_rdata, v_wdata, d_v_wdata;
  logic [P-1:0]     v_wmask, d_v_wmask;
  logic             a_re, a_we, d_a_re, d_a_we;
  logic [ANrn-1:0]  a_raddr, a_waddr, d_a_raddr, d_a_waddr;
  logic [P*AW-1:0] a_rdata, a_wdata, d_a_wdata;
  logic [P-1:0]     a_wmask, d_a_wmask;
  logic             ref_re, ref_we, d_ref_re, d_ref_we;
  logic [ANrn-1:0]  ref_raddr, ref_waddr, d_ref_raddr, d_ref_waddr;
  logic [P*RefW-1:0] ref_rdata, ref_wdata, d_ref_wdata;
  logic [P-1:0]     ref_wmask, d_ref_wmask;
  logic             zbr_re, zbr_we, d_zbr_re, d_zbr_we;
  logic [ANrn-1:0]  zbr_raddr, zbr_waddr, d_zbr_raddr, d_zbr_waddr;
  logic [P*ZbW-1:0] zbr_rdata, zbr_wdata, d_zbr_wdata;
  logic [P-1:0]     zbr_wmask, d_zbr_wmask;
  logic             zbo_re, zbo_we, d_zbo_re, d_zbo_we;
  logic [ANrn-1:0]  zbo_raddr, zbo_waddr, d_zbo_raddr, d_zbo_waddr;
  logic [P*ZboW-1:0] zbo_rdata, zbo_wdata, d_zbo_wdata;
  logic [P-1:0]     zbo_wmask, d_zbo_wmask;
  logic             psi_re, psi_we, d_psi_re, d_psi_we;
  logic [ANrn-1:0]  psi_raddr, psi_waddr, d_psi_raddr, d_psi_waddr;
  logic [P*PsiW-1:0] psi_rdata, psi_wdata, d_psi_wdata;
  logic [P-1:0]     psi_wmask, d_psi_wmask;
  logic             lsg_re, lsg_we, d_lsg_re, d_lsg_we;
  logic [ANrn-1:0]  lsg_raddr, lsg_waddr, d_lsg_raddr, d_lsg_waddr;
  logic [P*LW-1:0] lsg_rdata, lsg_wdata, d_lsg_wdata;
  logic [P-1:0]     lsg_wmask, d_lsg_wmask;
  logic             lpsi_re, lpsi_we, d_lpsi_re, d_lpsi_we;
  logic [ANrn-1:0]  lpsi_raddr, lpsi_waddr, d_lpsi_raddr, d_lpsi_waddr;
  logic [P*LpW-1:0] lpsi_rdata, lpsi_wdata, d_lpsi_wdata;
  logic [P-1:0]     lpsi_wmask, d_lpsi_wmask;
  logic             zin_re, zin_we, d_zin_re, d_zin_we;
  logic [AZin-1:0]  zin_raddr, zin_waddr, d_zin_raddr, d_zin_waddr;
  logic [P*ZbW-1:0] zin_rdata, zin_wdata, d_zin_wdata;
  logic [P-1:0]     zin_wmask, d_zin_wmask;

  // W_in [i][j]
  fxprop_sram #(.Depth(DWIn), .Lanes(P), .LaneW(WInW), .AddrW(AWIn)) u_mem_win (
    .clk_i, .re_i(win_re), .raddr_i(win_raddr), .rdata_o(win_rdata),
    .we_i(win_we), .waddr_i(win_waddr), .wdata_i(win_wdata), .wmask_i(win_wmask));
  // W_rec [i][j]
  fxprop_sram #(.Depth(DWRec), .Lanes(P), .LaneW(WRecW), .AddrW(AWRec)) u_mem_wrec (
    .clk_i, .re_i(wrec_re), .raddr_i(wrec_raddr), .rdata_o(wrec_rdata),
    .we_i(wrec_we), .waddr_i(wrec_waddr), .wdata_i(wrec_wdata), .wmask_i(wrec_wmask));
  // W_out [j][k]
  fxprop_sram #(.Depth(DWOut), .Lanes(P), .LaneW(WOutW), .AddrW(AWOut)) u_mem_wout (
    .clk_i, .re_i(wout_re), .raddr_i(wout_raddr), .rdata_o(wout_rdata),
    .we_i(wout_we), .waddr_i(wout_waddr), .wdata_i(wout_wdata), .wmask_i(wout_wmask));
  // B [j][k]
  fxprop_sram #(.Depth(DWOut), .Lanes(P), .LaneW(BW), .AddrW(AWOut)) u_mem_bfb (
    .clk_i, .re_i(bfb_re), .raddr_i(bfb_raddr), .rdata_o(bfb_rdata),
    .we_i(bfb_we), .waddr_i(bfb_waddr), .wdata_i(bfb_wdata), .wmask_i(bfb_wmask));
  // ebar [source][j]
  fxprop_sram #(.Depth(DSyn), .Lanes(P), .LaneW(EbW), .AddrW(ASyn)) u_mem_ebar (
    .clk_i, .re_i(ebar_re), .raddr_i(ebar_raddr), .rdata_o(ebar_rdata),
    .we_i(ebar_we), .waddr_i(ebar_waddr), .wdata_i(ebar_wdata), .wmask_i(ebar_wmask));
  // eps_a [source][j]
  fxprop_sram #(.Depth(DSyn), .Lanes(P), .LaneW(EaW), .AddrW(ASyn)) u_mem_epsa (
    .clk_i, .re_i(epsa_re), .raddr_i(epsa_raddr), .rdata_o(epsa_rdata),
    .we_i(epsa_we), .waddr_i(epsa_waddr), .wdata_i(epsa_wdata), .wmask_i(epsa_wmask));
  // grad_acc of W_in, W_rec [source][j]
  fxprop_sram #(.Depth(DSyn), .Lanes(P), .LaneW(GaW), .AddrW(ASyn)) u_mem_acc (
    .clk_i, .re_i(acc_re), .raddr_i(acc_raddr), .rdata_o(acc_rdata),
    .we_i(acc_we), .waddr_i(acc_waddr), .wdata_i(acc_wdata), .wmask_i(acc_wmask));
  // grad_acc of W_out [j][k]
  fxprop_sram #(.Depth(DWOut), .Lanes(P), .LaneW(GaW), .AddrW(AWOut)) u_mem_acco (
    .clk_i, .re_i(acco_re), .raddr_i(acco_raddr), .rdata_o(acco_rdata),
    .we_i(acco_we), .waddr_i(acco_waddr), .wdata_i(acco_wdata), .wmask_i(acco_wmask));
  // i_syn [j]
  fxprop_sram #(.Depth(NWRecMax), .Lanes(P), .LaneW(ISynW), .AddrW(ANrn)) u_mem_isyn (
    .clk_i, .re_i(isyn_re), .raddr_i(isyn_raddr), .rdata_o(isyn_rdata),
    .we_i(isyn_we), .waddr_i(isyn_waddr), .wdata_i(isyn_wdata), .wmask_i(isyn_wmask));
  // v [j]
  fxprop_sram #(.Depth(NWRecMax), .Lanes(P), .LaneW(VW), .AddrW(ANrn)) u_mem_v (
    .clk_i, .re_i(v_re), .raddr_i(v_raddr), .rdata_o(v_rdata),
    .we_i(v_we), .waddr_i(v_waddr), .wdata_i(v_wdata), .wmask_i(v_wmask));
  // a [j]
  fxprop_sram #(.Depth(NWRecMax), .Lanes(P), .LaneW(AW), .AddrW(ANrn)) u_mem_a (
    .clk_i, .re_i(a_re), .raddr_i(a_raddr), .rdata_o(a_rdata),
    .we_i(a_we), .waddr_i(a_waddr), .wdata_i(a_wdata), .wmask_i(a_wmask));
  // refractory counter [j]
  fxprop_sram #(.Depth(NWRecMax), .Lanes(P), .LaneW(RefW), .AddrW(ANrn)) u_mem_ref (
    .clk_i, .re_i(ref_re), .raddr_i(ref_raddr), .rdata_o(ref_rdata),
    .we_i(ref_we), .waddr_i(ref_waddr), .wdata_i(ref_wdata), .wmask_i(ref_wmask));
  // zbar of the recurrent sources [j]
  fxprop_sram #(.Depth(NWRecMax), .Lanes(P), .LaneW(ZbW), .AddrW(ANrn)) u_mem_zbr (
    .clk_i, .re_i(zbr_re), .raddr_i(zbr_raddr), .rdata_o(zbr_rdata),
    .we_i(zbr_we), .waddr_i(zbr_waddr), .wdata_i(zbr_wdata), .wmask_i(zbr_wmask));
  // zbar_out [j]
  fxprop_sram #(.Depth(NWRecMax), .Lanes(P), .LaneW(ZboW), .AddrW(ANrn)) u_mem_zbo (
    .clk_i, .re_i(zbo_re), .raddr_i(zbo_raddr), .rdata_o(zbo_rdata),
    .we_i(zbo_we), .waddr_i(zbo_waddr), .wdata_i(zbo_wdata), .wmask_i(zbo_wmask));
  // psi [j]
  fxprop_sram #(.Depth(NWRecMax), .Lanes(P), .LaneW(PsiW), .AddrW(ANrn)) u_mem_psi (
    .clk_i, .re_i(psi_re), .raddr_i(psi_raddr), .rdata_o(psi_rdata),
    .we_i(psi_we), .waddr_i(psi_waddr), .wdata_i(psi_wdata), .wmask_i(psi_wmask));
  // L [j]
  fxprop_sram #(.Depth(NWRecMax), .Lanes(P), .LaneW(LW), .AddrW(ANrn)) u_mem_lsg (
    .clk_i, .re_i(lsg_re), .raddr_i(lsg_raddr), .rdata_o(lsg_rdata),
    .we_i(lsg_we), .waddr_i(lsg_waddr), .wdata_i(lsg_wdata), .wmask_i(lsg_wmask));
  // lpsi [j]
  fxprop_sram #(.Depth(NWRecMax), .Lanes(P), .LaneW(LpW), .AddrW(ANrn)) u_mem_lpsi (
    .clk_i, .re_i(lpsi_re), .raddr_i(lpsi_raddr), .rdata_o(lpsi_rdata),
    .we_i(lpsi_we), .waddr_i(lpsi_waddr), .wdata_i(lpsi_wdata), .wmask_i(lpsi_wmask));
  // zbar of the inputs [i]
  fxprop_sram #(.Depth(NWInMax), .Lanes(P), .LaneW(ZbW), .AddrW(AZin)) u_mem_zin (
    .clk_i, .re_i(zin_re), .raddr_i(zin_raddr), .rdata_o(zin_rdata),
    .we_i(zin_we), .waddr_i(zin_waddr), .wdata_i(zin_wdata), .wmask_i(zin_wmask));

  // ======================================================================================
  // Stage A: address generation and reads
  // ======================================================================================
  logic             a_is_rec;
  logic [RowW-1:0]  a_j;          // recurrent index of a recurrent row
  logic [ASyn-1:0]  a_syn_addr;   // row * NWRecMax + word (input and recurrent rows)
  logic [AWIn-1:0]  a_win_addr;
  logic [AWRec-1:0] a_wrec_addr;
  logic [AWOut-1:0] a_wout_addr;

  assign a_is_rec    = a_row >= RowW'(NInMax);
  assign a_j         = a_row - RowW'(NInMax);
  assign a_syn_addr  = ASyn'(a_row) * ASyn'(NWRecMax) + ASyn'(word_q);
  assign a_win_addr  = AWIn'(a_row) * AWIn'(NWRecMax) + AWIn'(word_q);
  assign a_wrec_addr = AWRec'(a_j) * AWRec'(NWRecMax) + AWRec'(word_q);
  assign a_wout_addr = AWOut'(a_j) * AWOut'(NWOutMax) + AWOut'(word_q);

  // Datapath reads. Default addresses: the word of the current row; per-neuron memories are
  // read at word_q (post vector) or at the row's own word j / P (row-constant operands).
  logic [ANrn-1:0] a_nrn_word, a_j_word;
  logic [AZin-1:0] a_zin_word, a_row_word;
  assign a_nrn_word = ANrn'(word_q);
  assign a_j_word   = ANrn'(a_j >> LogP);
  assign a_zin_word = AZin'(word_q);
  assign a_row_word = AZin'(a_row >> LogP);

  logic ph_a_trace_in, ph_a_integ, ph_a_neuron, ph_a_ro_acc, ph_a_lsig, ph_a_syn, ph_a_out;
  logic ph_a_apply_s, ph_a_apply_o;
  assign ph_a_trace_in = issue && phase_q == PhW'(fxprop_pkg::PhTraceIn);
  assign ph_a_integ    = issue && phase_q == PhW'(fxprop_pkg::PhInteg);
  assign ph_a_neuron   = issue && phase_q == PhW'(fxprop_pkg::PhNeuron);
  assign ph_a_ro_acc   = issue && phase_q == PhW'(fxprop_pkg::PhRoAcc);
  assign ph_a_lsig     = issue && phase_q == PhW'(fxprop_pkg::PhLsig);
  assign ph_a_syn      = issue && phase_q == PhW'(fxprop_pkg::PhSyn);
  assign ph_a_out      = issue && phase_q == PhW'(fxprop_pkg::PhOut);
  assign ph_a_apply_s  = issue && phase_q == PhW'(fxprop_pkg::PhApplyS);
  assign ph_a_apply_o  = issue && phase_q == PhW'(fxprop_pkg::PhApplyO);

  // Weights: integrate (the event's row), synapse sweep (online updates), apply.
  assign d_win_re    = (ph_a_integ || ph_a_apply_s ||
                        (ph_a_syn && loss_mask_q && !per_trial_q)) && !a_is_rec;
  assign d_win_raddr = a_win_addr;
  assign d_wrec_re    = (ph_a_integ || ph_a_apply_s ||
                         (ph_a_syn && loss_mask_q && !per_trial_q)) && a_is_rec;
  assign d_wrec_raddr = a_wrec_addr;
  assign d_wout_re    = ph_a_ro_acc || (ph_a_lsig && !fb_random_q) ||
                        (ph_a_out && !per_trial_q) || ph_a_apply_o;
  assign d_wout_raddr = a_wout_addr;
  assign d_bfb_re     = ph_a_lsig && fb_random_q;
  assign d_bfb_raddr  = a_wout_addr;
  // Per-synapse learning state.
  assign d_ebar_re    = ph_a_syn && exact_q;
  assign d_ebar_raddr = a_syn_addr;
  assign d_epsa_re    = ph_a_syn && exact_q;
  assign d_epsa_raddr = a_syn_addr;
  assign d_acc_re     = (ph_a_syn && loss_mask_q && per_trial_q) || ph_a_apply_s;
  assign d_acc_raddr  = a_syn_addr;
  assign d_acco_re    = (ph_a_out && per_trial_q) || ph_a_apply_o;
  assign d_acco_raddr = a_wout_addr;
  // Neuron state (post vector of the word).
  assign d_isyn_re    = ph_a_integ || ph_a_neuron;
  assign d_isyn_raddr = a_nrn_word;
  assign d_v_re       = ph_a_neuron;
  assign d_v_raddr    = a_nrn_word;
  assign d_a_re       = ph_a_neuron;
  assign d_a_raddr    = a_nrn_word;
  assign d_ref_re     = ph_a_neuron;
  assign d_ref_raddr  = a_nrn_word;
  // Traces: post vector in NEURON, the row's own trace in the synapse/output sweeps.
  assign d_zbr_re     = ph_a_neuron || (ph_a_syn && a_is_rec);
  assign d_zbr_raddr  = ph_a_neuron ? a_nrn_word : a_j_word;
  assign d_zbo_re     = ph_a_neuron || ph_a_out;
  assign d_zbo_raddr  = ph_a_neuron ? a_nrn_word : a_j_word;
  assign d_zin_re     = ph_a_trace_in || (ph_a_syn && !a_is_rec);
  assign d_zin_raddr  = ph_a_trace_in ? a_zin_word : a_row_word;
  // Post factors: psi of neuron j in LSIG, the post vector in the synapse sweep.
  assign d_psi_re     = ph_a_lsig || (ph_a_syn && exact_q);
  assign d_psi_raddr  = ph_a_lsig ? a_j_word : a_nrn_word;
  assign d_lsg_re     = ph_a_syn && exact_q && loss_mask_q;
  assign d_lsg_raddr  = a_nrn_word;
  assign d_lpsi_re    = ph_a_syn && !exact_q;
  assign d_lpsi_raddr = a_nrn_word;

  // Stage A -> B.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      b_vld_q   <= 1'b0;
      b_row_q   <= '0;
      b_word_q  <= '0;
      b_last_q  <= 1'b0;
      b_first_q <= 1'b0;
    end else begin
      b_vld_q   <= issue;
      b_row_q   <= a_row;
      b_word_q  <= word_q;
      b_last_q  <= a_last;
      b_first_q <= int_first_q;
    end
  end

  // ======================================================================================
  // Stage B: lanes, unpacked memory data
  // ======================================================================================
  logic             b_is_rec;
  logic [RowW-1:0]  b_j;
  logic [ASyn-1:0]  b_syn_addr;
  logic [AWIn-1:0]  b_win_addr;
  logic [AWRec-1:0] b_wrec_addr;
  logic [AWOut-1:0] b_wout_addr;
  logic [P-1:0]     lane_in, lane_rec, lane_out, lane_diag;
  logic [P*PostW-1:0] b_post;     // post index of each lane: word * P + l

  assign b_is_rec    = b_row_q >= RowW'(NInMax);
  assign b_j         = b_row_q - RowW'(NInMax);
  assign b_syn_addr  = ASyn'(b_row_q) * ASyn'(NWRecMax) + ASyn'(b_word_q);
  assign b_win_addr  = AWIn'(b_row_q) * AWIn'(NWRecMax) + AWIn'(b_word_q);
  assign b_wrec_addr = AWRec'(b_j) * AWRec'(NWRecMax) + AWRec'(b_word_q);
  assign b_wout_addr = AWOut'(b_j) * AWOut'(NWOutMax) + AWOut'(b_word_q);

  for (genvar l = 0; l < P; l++) begin : g_lanes
    logic [PostW-1:0] post;
    assign post                  = (PostW'(b_word_q) << LogP) + PostW'(l);
    assign b_post[l*PostW +: PostW] = post;
    assign lane_in[l]   = b_vld_q && post < PostW'(n_in_q);
    assign lane_rec[l]  = b_vld_q && post < PostW'(n_rec_q);
    assign lane_out[l]  = b_vld_q && post < PostW'(n_out_q);
    assign lane_diag[l] = b_is_rec && post == PostW'(b_j);
  end

  // Lane selects of per-neuron / per-output flop vectors for the word in stage B.
  logic [P-1:0]      w_z_prev, w_alif, w_x;
  logic [P*YW-1:0]   w_y, w_ystar;
  logic [P*ErrW-1:0] w_err;
  logic [P*SumW-1:0] w_sum;
  for (genvar l = 0; l < P; l++) begin : g_wsel
    logic [PostW-1:0] post;
    assign post = b_post[l*PostW +: PostW];
    assign w_z_prev[l] = (post < PostW'(NRecMax)) ? z_q[RecIdxW'(post)] : 1'b0;
    assign w_alif[l]   = (post < PostW'(NRecMax)) ? alif_q[RecIdxW'(post)] : 1'b0;
    assign w_x[l]      = (post < PostW'(NInMax)) ? x_q[InIdxW'(post)] : 1'b0;
    if (NOutMax % P == 0) begin : g_out_full
      assign w_y[l*YW +: YW]       = y_q[OutIdxW'(post)*YW +: YW];
      assign w_ystar[l*YW +: YW]   = ystar_q[OutIdxW'(post)*YW +: YW];
      assign w_err[l*ErrW +: ErrW] = err_q[OutIdxW'(post)*ErrW +: ErrW];
      assign w_sum[l*SumW +: SumW] = sum_q[OutIdxW'(post)*SumW +: SumW];
    end else begin : g_out_part
      logic in_range;
      assign in_range = post < PostW'(NOutMax);
      assign w_y[l*YW +: YW]       = in_range ? y_q[OutIdxW'(post)*YW +: YW] : '0;
      assign w_ystar[l*YW +: YW]   = in_range ? ystar_q[OutIdxW'(post)*YW +: YW] : '0;
      assign w_err[l*ErrW +: ErrW] = in_range ? err_q[OutIdxW'(post)*ErrW +: ErrW] : '0;
      assign w_sum[l*SumW +: SumW] = in_range ? sum_q[OutIdxW'(post)*SumW +: SumW] : '0;
    end
  end

  // Row-constant operands: the source trace of an input/recurrent row, zbar_out of a
  // recurrent row, psi of neuron j (learning signal).
  logic [LogP-1:0]  b_row_lane, b_j_lane;
  logic [ZbW-1:0]   row_zbar;
  logic [ZboW-1:0]  row_zbo;
  logic [PsiW-1:0]  row_psi;

  assign b_row_lane = b_row_q[LogP-1:0];
  assign b_j_lane   = b_j[LogP-1:0];
  assign row_zbar   = b_is_rec ? zbr_rdata[b_j_lane*ZbW +: ZbW] : zin_rdata[b_row_lane*ZbW +: ZbW];
  assign row_zbo    = zbo_rdata[b_j_lane*ZboW +: ZboW];
  assign row_psi    = psi_rdata[b_j_lane*PsiW +: PsiW];

  // ======================================================================================
  // Stage B: arithmetic units
  // ======================================================================================
  logic [AlphaW:0] coef_alpha;   // 1 - alpha (form a) or 1 (form b), AlphaF fraction bits
  logic [KappaW:0] coef_kappa;   // 1 - kappa
  assign coef_alpha = form_b_q ? ((AlphaW + 1)'(1) << fxprop_pkg::AlphaF)
                               : (((AlphaW + 1)'(1) << fxprop_pkg::AlphaF) -
                                  (AlphaW + 1)'(alpha_q));
  assign coef_kappa = ((KappaW + 1)'(1) << fxprop_pkg::KappaF) - (KappaW + 1)'(kappa_q);

  logic ph_trace_in, ph_integ, ph_neuron, ph_ro_acc, ph_readout, ph_lsig, ph_syn, ph_out;
  logic ph_clr_n, ph_clr_s, ph_clr_acc_s, ph_clr_acc_o, ph_apply_s, ph_apply_o;
  assign ph_trace_in  = b_vld_q && phase_q == PhW'(fxprop_pkg::PhTraceIn);
  assign ph_integ     = b_vld_q && phase_q == PhW'(fxprop_pkg::PhInteg);
  assign ph_neuron    = b_vld_q && phase_q == PhW'(fxprop_pkg::PhNeuron);
  assign ph_ro_acc    = b_vld_q && phase_q == PhW'(fxprop_pkg::PhRoAcc);
  assign ph_readout   = b_vld_q && phase_q == PhW'(fxprop_pkg::PhReadout);
  assign ph_lsig      = b_vld_q && phase_q == PhW'(fxprop_pkg::PhLsig);
  assign ph_syn       = b_vld_q && phase_q == PhW'(fxprop_pkg::PhSyn);
  assign ph_out       = b_vld_q && phase_q == PhW'(fxprop_pkg::PhOut);
  assign ph_clr_n     = b_vld_q && phase_q == PhW'(fxprop_pkg::PhClrN);
  assign ph_clr_s     = b_vld_q && phase_q == PhW'(fxprop_pkg::PhClrS);
  assign ph_clr_acc_s = b_vld_q && phase_q == PhW'(fxprop_pkg::PhClrAccS);
  assign ph_clr_acc_o = b_vld_q && phase_q == PhW'(fxprop_pkg::PhClrAccO);
  assign ph_apply_s   = b_vld_q && phase_q == PhW'(fxprop_pkg::PhApplyS);
  assign ph_apply_o   = b_vld_q && phase_q == PhW'(fxprop_pkg::PhApplyO);

  // LFSR stream of site s.
  function automatic logic [31:0] st(input logic [NSites*32-1:0] v, input int s);
    st = v[s*32 +: 32];
  endfunction

  // ---- Integrate: I = q_i_syn(I + W) ----------------------------------------------------
  logic [P*ISynW-1:0] int_i_op, int_i_new;
  logic [P*IntW-1:0]  int_sum;
  logic [31:0]        st_isyn_o;
  logic [P-1:0]       act_integ;

  assign act_integ = ph_integ ? lane_rec : '0;

  for (genvar l = 0; l < P; l++) begin : g_integ
    logic [ISynW-1:0] i_raw, i_op;
    logic [WInW-1:0]  w_in;
    logic [WRecW-1:0] w_rec;
    logic signed [ISynW:0] i_ext;
    logic signed [WInW:0]  wi_ext;
    logic signed [WRecW:0] wr_ext;
    logic signed [IntW-1:0] w_al;

    assign i_raw  = (fwd_vld_q && fwd_addr_q == ANrn'(b_word_q)) ? fwd_data_q[l*ISynW +: ISynW]
                                                                 : isyn_rdata[l*ISynW +: ISynW];
    assign i_op   = b_first_q ? '0 : i_raw;
    assign w_in   = win_rdata[l*WInW +: WInW];
    assign w_rec  = wrec_rdata[l*WRecW +: WRecW];
    assign i_ext  = (fxprop_pkg::ISynS != 0) ? {i_op[ISynW-1], i_op} : {1'b0, i_op};
    assign wi_ext = (fxprop_pkg::WInS != 0) ? {w_in[WInW-1], w_in} : {1'b0, w_in};
    assign wr_ext = (fxprop_pkg::WRecS != 0) ? {w_rec[WRecW-1], w_rec} : {1'b0, w_rec};
    assign w_al   = b_is_rec ? (IntW'(wr_ext) <<< (IntF - fxprop_pkg::WRecF))
                             : (IntW'(wi_ext) <<< (IntF - fxprop_pkg::WInF));
    assign int_sum[l*IntW +: IntW] = (IntW'(i_ext) <<< (IntF - fxprop_pkg::ISynF)) + w_al;
    assign int_i_op[l*ISynW +: ISynW] = i_op;
  end

  fxprop_round_lanes #(
    .Lanes(P), .InW(IntW), .InF(IntF), .OutW(ISynW), .OutF(fxprop_pkg::ISynF),
    .OutS(fxprop_pkg::ISynS), .Rnd(fxprop_pkg::ISynRnd), .Ovf(fxprop_pkg::ISynOvf),
    .K(fxprop_pkg::ISynK)
  ) u_integ (
    .x_i(int_sum), .active_i(act_integ), .state_i(st(lfsr_q, fxprop_pkg::SiteISyn)),
    .y_o(int_i_new), .state_o(st_isyn_o)
  );

  // ---- Neuron update ----------------------------------------------------------------------
  logic [P*ISynW-1:0] nu_isyn;
  logic [P*VW-1:0]    nu_v;
  logic [P*AW-1:0]    nu_a;
  logic [P*RefW-1:0]  nu_r;
  logic [P-1:0]       nu_z;
  logic [P*PsiW-1:0]  nu_psi;
  logic [P-1:0]       act_neuron;
  logic [31:0]        st_a_o, st_thra_o, st_v_o, st_psi_o;

  assign act_neuron = ph_neuron ? lane_rec : '0;
  assign nu_isyn    = ev_seen_q ? isyn_rdata : '0;

  fxprop_neuron_lanes u_neuron (
    .form_b_i  (form_b_q),
    .spike_ge_i(spike_ge_q),
    .alpha_i   (alpha_q),
    .coef_i    (coef_alpha),
    .rho_i     (rho_q),
    .thr_i     (thr_q),
    .beta_i    (beta_q),
    .psi_peak_i(psi_peak_q),
    .inv_thr_i (inv_thr_q),
    .n_ref_i   (n_ref_q),
    .active_i  (act_neuron),
    .alif_i    (w_alif),
    .z_prev_i  (w_z_prev),
    .isyn_i    (nu_isyn),
    .v_i       (v_rdata),
    .a_i       (a_rdata),
    .r_i       (ref_rdata),
    .v_o       (nu_v),
    .a_o       (nu_a),
    .r_o       (nu_r),
    .z_o       (nu_z),
    .psi_o     (nu_psi),
    .st_a_i    (st(lfsr_q, fxprop_pkg::SiteA)),
    .st_thra_i (st(lfsr_q, fxprop_pkg::SiteThrAdaptive)),
    .st_v_i    (st(lfsr_q, fxprop_pkg::SiteV)),
    .st_psi_i  (st(lfsr_q, fxprop_pkg::SitePsi)),
    .st_a_o    (st_a_o),
    .st_thra_o (st_thra_o),
    .st_v_o    (st_v_o),
    .st_psi_o  (st_psi_o)
  );

  // ---- Presynaptic traces zbar (inputs in TRACE_IN, recurrent in NEURON), zbar_out ---------
  logic [P*ZbW-1:0]  zb_x, zb_new;
  logic [P-1:0]      zb_u, act_zb;
  logic [P*ZboW-1:0] zbo_new;
  logic [P-1:0]      act_zbo;
  logic [31:0]       st_zb_o, st_zbo_o;

  assign zb_x    = ph_trace_in ? zin_rdata : zbr_rdata;
  // A recurrent source's trace takes z[t-1], the spike that entered this step's I
  // (docs/learning-core.md phase 3); z_q still holds it for the word in stage B.
  assign zb_u    = ph_trace_in ? w_x : w_z_prev;
  assign act_zb  = ph_trace_in ? lane_in : act_neuron;
  assign act_zbo = act_neuron;

  fxprop_leaky_lanes #(
    .Lanes(P), .DW(AlphaW), .DF(fxprop_pkg::AlphaF), .XW(ZbW), .XF(fxprop_pkg::ZbarF),
    .XS(fxprop_pkg::ZbarS), .UW(1), .UF(0), .US(0), .Rnd(fxprop_pkg::ZbarRnd),
    .Ovf(fxprop_pkg::ZbarOvf), .K(fxprop_pkg::ZbarK)
  ) u_zbar (
    .decay_i(alpha_q), .coef_i(coef_alpha), .x_i(zb_x), .u_i(zb_u), .active_i(act_zb),
    .state_i(st(lfsr_q, fxprop_pkg::SiteZbar)), .y_o(zb_new), .state_o(st_zb_o)
  );

  fxprop_leaky_lanes #(
    .Lanes(P), .DW(KappaW), .DF(fxprop_pkg::KappaF), .XW(ZboW), .XF(fxprop_pkg::ZbarOutF),
    .XS(fxprop_pkg::ZbarOutS), .UW(1), .UF(0), .US(0), .Rnd(fxprop_pkg::ZbarOutRnd),
    .Ovf(fxprop_pkg::ZbarOutOvf), .K(fxprop_pkg::ZbarOutK)
  ) u_zbar_out (
    .decay_i(kappa_q), .coef_i(coef_kappa), .x_i(zbo_rdata), .u_i(nu_z), .active_i(act_zbo),
    .state_i(st(lfsr_q, fxprop_pkg::SiteZbarOut)), .y_o(zbo_new), .state_o(st_zbo_o)
  );

  // ---- Readout and error ----------------------------------------------------------------
  logic [P*YW-1:0]   ro_y;
  logic [P*ErrW-1:0] ro_err;
  logic [P-1:0]      act_ro;
  logic [31:0]       st_y_o, st_err_o;

  assign act_ro = ph_readout ? lane_out : '0;

  fxprop_readout_lanes u_readout (
    .mask_i      (loss_mask_q),
    .kappa_i     (kappa_q),
    .coef_kappa_i(coef_kappa),
    .active_i    (act_ro),
    .y_i         (w_y),
    .sum_i       (w_sum),
    .ystar_i     (w_ystar),
    .y_o         (ro_y),
    .err_o       (ro_err),
    .st_y_i      (st(lfsr_q, fxprop_pkg::SiteY)),
    .st_err_i    (st(lfsr_q, fxprop_pkg::SiteErr)),
    .st_y_o      (st_y_o),
    .st_err_o    (st_err_o)
  );

  // ---- Learning signal ------------------------------------------------------------------
  logic [LW-1:0]  ls_l;
  logic [LpW-1:0] ls_lpsi;
  logic [31:0]    st_l_o, st_lpsi_o;

  fxprop_lsig_unit u_lsig (
    .fb_random_i (fb_random_q),
    .factorised_i(!exact_q),
    .first_i     (b_word_q == '0),
    .last_i      (ph_lsig && b_last_q),
    .active_i    (ph_lsig ? lane_out : '0),
    .b_i         (bfb_rdata),
    .w_out_i     (wout_rdata),
    .err_i       (w_err),
    .psi_i       (row_psi),
    .acc_i       (ls_acc_q),
    .acc_o       (ls_acc_d),
    .l_o         (ls_l),
    .lpsi_o      (ls_lpsi),
    .st_l_i      (st(lfsr_q, fxprop_pkg::SiteL)),
    .st_lpsi_i   (st(lfsr_q, fxprop_pkg::SiteLpsi)),
    .st_l_o      (st_l_o),
    .st_lpsi_o   (st_lpsi_o)
  );

  // ---- Synapse sweep: eligibility and gradient of input/recurrent rows -------------------
  logic [P-1:0]       act_syn;
  logic [P*EaW-1:0]   sy_eps_a;
  logic [P*EbW-1:0]   sy_ebar;
  logic [P*GInW-1:0]  sy_g;
  logic [31:0]        st_e_o, st_epsa_o, st_ebar_o;

  assign act_syn = (ph_syn || ph_apply_s) ? (lane_rec & ~lane_diag) : '0;

  fxprop_trace_lanes u_trace (
    .exact_i     (exact_q),
    .beta_i      (beta_q),
    .rho_i       (rho_q),
    .kappa_i     (kappa_q),
    .coef_kappa_i(coef_kappa),
    .zbar_i      (row_zbar),
    .active_i    (ph_syn ? act_syn : '0),
    .alif_i      (w_alif),
    .psi_i       (psi_rdata),
    .l_i         (lsg_rdata),
    .lpsi_i      (lpsi_rdata),
    .eps_a_i     (epsa_rdata),
    .ebar_i      (ebar_rdata),
    .eps_a_o     (sy_eps_a),
    .ebar_o      (sy_ebar),
    .g_o         (sy_g),
    .st_e_i      (st(lfsr_q, fxprop_pkg::SiteE)),
    .st_eps_a_i  (st(lfsr_q, fxprop_pkg::SiteEpsA)),
    .st_ebar_i   (st(lfsr_q, fxprop_pkg::SiteEbar)),
    .st_e_o      (st_e_o),
    .st_eps_a_o  (st_epsa_o),
    .st_ebar_o   (st_ebar_o)
  );

  // ---- Weight updates -------------------------------------------------------------------
  logic [1:0]         wu_mode_s, wu_mode_o;
  logic [P*WInW-1:0]  wu_win;
  logic [P*WRecW-1:0] wu_wrec;
  logic [P*WOutW-1:0] wu_wout;
  logic [P*GaW-1:0]   wu_acc_in, wu_acc_rec, wu_acco;
  logic [P*GOutW-1:0] go_g;
  logic [P-1:0]       act_wout;
  logic [31:0]        st_win_o, st_wrec_o, st_wout_o, st_acc_in_o, st_acc_rec_o, st_acc_out_o;

  always_comb begin
    wu_mode_s = 2'(fxprop_pkg::WupdNone);
    wu_mode_o = 2'(fxprop_pkg::WupdNone);
    if (ph_syn && loss_mask_q) begin
      wu_mode_s = per_trial_q ? 2'(fxprop_pkg::WupdAccum) : 2'(fxprop_pkg::WupdOnline);
    end else if (ph_apply_s) begin
      wu_mode_s = 2'(fxprop_pkg::WupdApply);
    end
    if (ph_out) begin
      wu_mode_o = per_trial_q ? 2'(fxprop_pkg::WupdAccum) : 2'(fxprop_pkg::WupdOnline);
    end else if (ph_apply_o) begin
      wu_mode_o = 2'(fxprop_pkg::WupdApply);
    end
  end

  fxprop_wupd_lanes #(
    .Lanes(P), .WW(WInW), .WF(fxprop_pkg::WInF), .WS(fxprop_pkg::WInS),
    .WRnd(fxprop_pkg::WInRnd), .WOvf(fxprop_pkg::WInOvf), .WK(fxprop_pkg::WInK),
    .AccW(GaW), .AccF(fxprop_pkg::GradAccF), .AccS(fxprop_pkg::GradAccS),
    .AccRnd(fxprop_pkg::GradAccRnd), .AccOvf(fxprop_pkg::GradAccOvf), .AccK(fxprop_pkg::GradAccK),
    .GW(GInW), .GF(GInF), .LrMax(fxprop_pkg::LrShiftMax), .LrW(LrW)
  ) u_wupd_in (
    .mode_i(wu_mode_s), .lr_shift_i(lr_shift_q), .active_i(b_is_rec ? '0 : act_syn),
    .w_i(win_rdata), .acc_i(acc_rdata), .g_i(sy_g), .w_o(wu_win), .acc_o(wu_acc_in),
    .st_w_i(st(lfsr_q, fxprop_pkg::SiteWIn)), .st_acc_i(st(lfsr_q, fxprop_pkg::SiteGradAcc)),
    .st_w_o(st_win_o), .st_acc_o(st_acc_in_o)
  );

  fxprop_wupd_lanes #(
    .Lanes(P), .WW(WRecW), .WF(fxprop_pkg::WRecF), .WS(fxprop_pkg::WRecS),
    .WRnd(fxprop_pkg::WRecRnd), .WOvf(fxprop_pkg::WRecOvf), .WK(fxprop_pkg::WRecK),
    .AccW(GaW), .AccF(fxprop_pkg::GradAccF), .AccS(fxprop_pkg::GradAccS),
    .AccRnd(fxprop_pkg::GradAccRnd), .AccOvf(fxprop_pkg::GradAccOvf), .AccK(fxprop_pkg::GradAccK),
    .GW(GInW), .GF(GInF), .LrMax(fxprop_pkg::LrShiftMax), .LrW(LrW)
  ) u_wupd_rec (
    .mode_i(wu_mode_s), .lr_shift_i(lr_shift_q), .active_i(b_is_rec ? act_syn : '0),
    .w_i(wrec_rdata), .acc_i(acc_rdata), .g_i(sy_g), .w_o(wu_wrec), .acc_o(wu_acc_rec),
    .st_w_i(st(lfsr_q, fxprop_pkg::SiteWRec)), .st_acc_i(st(lfsr_q, fxprop_pkg::SiteGradAcc)),
    .st_w_o(st_wrec_o), .st_acc_o(st_acc_rec_o)
  );

  // Output-weight gradient g_jk = err_k zbar_out_j.
  for (genvar l = 0; l < P; l++) begin : g_gout
    logic [ErrW-1:0]        e;
    logic signed [ErrW:0]   e_ext;
    logic signed [ZboW:0]   zbo_ext;
    logic signed [GoPW-1:0] prod;
    assign e       = w_err[l*ErrW +: ErrW];
    assign e_ext   = (fxprop_pkg::ErrS != 0) ? {e[ErrW-1], e} : {1'b0, e};
    assign zbo_ext = (fxprop_pkg::ZbarOutS != 0) ? {row_zbo[ZboW-1], row_zbo} : {1'b0, row_zbo};
    assign prod    = GoPW'(e_ext) * GoPW'(zbo_ext);
    assign go_g[l*GOutW +: GOutW] = GOutW'(prod) <<< (GOutF - GoPF);
  end

  assign act_wout = (ph_out || ph_apply_o) ? lane_out : '0;

  fxprop_wupd_lanes #(
    .Lanes(P), .WW(WOutW), .WF(fxprop_pkg::WOutF), .WS(fxprop_pkg::WOutS),
    .WRnd(fxprop_pkg::WOutRnd), .WOvf(fxprop_pkg::WOutOvf), .WK(fxprop_pkg::WOutK),
    .AccW(GaW), .AccF(fxprop_pkg::GradAccF), .AccS(fxprop_pkg::GradAccS),
    .AccRnd(fxprop_pkg::GradAccRnd), .AccOvf(fxprop_pkg::GradAccOvf), .AccK(fxprop_pkg::GradAccK),
    .GW(GOutW), .GF(GOutF), .LrMax(fxprop_pkg::LrShiftMax), .LrW(LrW)
  ) u_wupd_out (
    .mode_i(wu_mode_o), .lr_shift_i(lr_shift_q), .active_i(act_wout),
    .w_i(wout_rdata), .acc_i(acco_rdata), .g_i(go_g), .w_o(wu_wout), .acc_o(wu_acco),
    .st_w_i(st(lfsr_q, fxprop_pkg::SiteWOut)), .st_acc_i(st(lfsr_q, fxprop_pkg::SiteGradAcc)),
    .st_w_o(st_wout_o), .st_acc_o(st_acc_out_o)
  );

  // ======================================================================================
  // Stage B: write-back
  // ======================================================================================
  logic [ANrn-1:0] b_nrn_word, b_j_word;
  logic [P-1:0]    b_j_onehot;
  assign b_nrn_word = ANrn'(b_word_q);
  assign b_j_word   = ANrn'(b_j >> LogP);
  for (genvar l = 0; l < P; l++) begin : g_j_onehot
    assign b_j_onehot[l] = b_j_lane == LogP'(l);
  end

  logic [P*ISynW-1:0] int_i_wr;   // integrate: new I on active lanes, the operand elsewhere
  for (genvar l = 0; l < P; l++) begin : g_int_wr
    assign int_i_wr[l*ISynW +: ISynW] = lane_rec[l] ? int_i_new[l*ISynW +: ISynW]
                                                    : int_i_op[l*ISynW +: ISynW];
  end

  logic [P*EbW-1:0] syn_ebar_wr;  // eligibility: 0 on the diagonal of W_rec
  logic [P*EaW-1:0] syn_epsa_wr;
  for (genvar l = 0; l < P; l++) begin : g_syn_wr
    assign syn_ebar_wr[l*EbW +: EbW] = lane_diag[l] ? '0 : sy_ebar[l*EbW +: EbW];
    assign syn_epsa_wr[l*EaW +: EaW] = lane_diag[l] ? '0 : sy_eps_a[l*EaW +: EaW];
  end

  logic upd_online, upd_accum;    // weight updates of this synapse sweep
  assign upd_online = ph_syn && loss_mask_q && !per_trial_q;
  assign upd_accum  = ph_syn && loss_mask_q && per_trial_q;

  // Weights.
  assign d_win_we     = ((upd_online || ph_apply_s) && !b_is_rec);
  assign d_win_waddr  = b_win_addr;
  assign d_win_wdata  = wu_win;
  assign d_win_wmask  = act_syn;
  assign d_wrec_we    = ((upd_online || ph_apply_s) && b_is_rec);
  assign d_wrec_waddr = b_wrec_addr;
  assign d_wrec_wdata = wu_wrec;
  assign d_wrec_wmask = act_syn;
  assign d_wout_we    = (ph_out && !per_trial_q) || ph_apply_o;
  assign d_wout_waddr = b_wout_addr;
  assign d_wout_wdata = wu_wout;
  assign d_wout_wmask = lane_out;
  assign d_bfb_we     = 1'b0;     // B is written by the host only
  assign d_bfb_waddr  = b_wout_addr;
  assign d_bfb_wdata  = '0;
  assign d_bfb_wmask  = '0;
  // Eligibility (exact variant, every step), cleared by CLEAR.
  assign d_ebar_we    = (ph_syn && exact_q) || ph_clr_s;
  assign d_ebar_waddr = b_syn_addr;
  assign d_ebar_wdata = ph_clr_s ? '0 : syn_ebar_wr;
  assign d_ebar_wmask = ph_clr_s ? '1 : lane_rec;
  assign d_epsa_we    = (ph_syn && exact_q) || ph_clr_s;
  assign d_epsa_waddr = b_syn_addr;
  assign d_epsa_wdata = ph_clr_s ? '0 : syn_epsa_wr;
  assign d_epsa_wmask = ph_clr_s ? '1 : (lane_rec & (w_alif | lane_diag));
  // Gradient accumulators: accumulate, zero on APPLY and CLRACC.
  assign d_acc_we     = upd_accum || ph_apply_s || ph_clr_acc_s;
  assign d_acc_waddr  = b_syn_addr;
  assign d_acc_wdata  = upd_accum ? (b_is_rec ? wu_acc_rec : wu_acc_in) : '0;
  assign d_acc_wmask  = ph_clr_acc_s ? '1 : act_syn;
  assign d_acco_we    = (ph_out && per_trial_q) || ph_apply_o || ph_clr_acc_o;
  assign d_acco_waddr = b_wout_addr;
  assign d_acco_wdata = ph_out ? wu_acco : '0;
  assign d_acco_wmask = ph_clr_acc_o ? '1 : lane_out;
  // I: integrate; NEURON rewrites the value it used (0 on a step without events).
  assign d_isyn_we    = ph_integ || (ph_neuron && !ev_seen_q) || (ph_clr_n && b_word_q < nwr);
  assign d_isyn_waddr = b_nrn_word;
  assign d_isyn_wdata = ph_integ ? int_i_wr : '0;
  assign d_isyn_wmask = ph_neuron ? lane_rec : '1;
  // Neuron state, recurrent traces, psi.
  logic clr_nrn;
  assign clr_nrn = ph_clr_n && b_word_q < nwr;
  assign d_v_we      = ph_neuron || clr_nrn;
  assign d_v_waddr   = b_nrn_word;
  assign d_v_wdata   = ph_neuron ? nu_v : '0;
  assign d_v_wmask   = ph_neuron ? lane_rec : '1;
  assign d_a_we      = ph_neuron || clr_nrn;
  assign d_a_waddr   = b_nrn_word;
  assign d_a_wdata   = ph_neuron ? nu_a : '0;
  assign d_a_wmask   = ph_neuron ? lane_rec : '1;
  assign d_ref_we    = ph_neuron || clr_nrn;
  assign d_ref_waddr = b_nrn_word;
  assign d_ref_wdata = ph_neuron ? nu_r : '0;
  assign d_ref_wmask = ph_neuron ? lane_rec : '1;
  assign d_zbr_we    = ph_neuron || clr_nrn;
  assign d_zbr_waddr = b_nrn_word;
  assign d_zbr_wdata = ph_neuron ? zb_new : '0;
  assign d_zbr_wmask = ph_neuron ? lane_rec : '1;
  assign d_zbo_we    = ph_neuron || clr_nrn;
  assign d_zbo_waddr = b_nrn_word;
  assign d_zbo_wdata = ph_neuron ? zbo_new : '0;
  assign d_zbo_wmask = ph_neuron ? lane_rec : '1;
  assign d_psi_we    = ph_neuron || clr_nrn;
  assign d_psi_waddr = b_nrn_word;
  assign d_psi_wdata = ph_neuron ? nu_psi : '0;
  assign d_psi_wmask = ph_neuron ? lane_rec : '1;
  // Learning signal: lane j of word j / P on the last word of row j.
  assign d_lsg_we     = (ph_lsig && b_last_q) || clr_nrn;
  assign d_lsg_waddr  = ph_lsig ? b_j_word : b_nrn_word;
  assign d_lsg_wdata  = ph_lsig ? {P{ls_l}} : '0;
  assign d_lsg_wmask  = ph_lsig ? b_j_onehot : '1;
  assign d_lpsi_we    = (ph_lsig && b_last_q && !exact_q) || clr_nrn;
  assign d_lpsi_waddr = ph_lsig ? b_j_word : b_nrn_word;
  assign d_lpsi_wdata = ph_lsig ? {P{ls_lpsi}} : '0;
  assign d_lpsi_wmask = ph_lsig ? b_j_onehot : '1;
  // Input traces.
  assign d_zin_we    = ph_trace_in || (ph_clr_n && b_word_q < nwi);
  assign d_zin_waddr = AZin'(b_word_q);
  assign d_zin_wdata = ph_trace_in ? zb_new : '0;
  assign d_zin_wmask = ph_trace_in ? lane_in : '1;

  // ---- Flops written by stage B, command starts and the host -------------------------------
  logic clr_start, step_start;
  assign step_start = cmd_start && cmd_new == CmdW'(fxprop_pkg::CmdStep);
  assign clr_start  = cmd_start && cmd_new == CmdW'(fxprop_pkg::CmdClear);

  logic h_csr_wr, h_neur_wr, h_out_wr;
  assign h_csr_wr  = h_wr && h_region == 4'(fxprop_pkg::RegCsr);
  assign h_neur_wr = h_wr && h_region == 4'(fxprop_pkg::RegNeuron);
  assign h_out_wr  = h_wr && h_region == 4'(fxprop_pkg::RegOutput);

  // Bit vectors over neurons / inputs, updated a word at a time: the word's P lanes are
  // shifted to bit word * P of a padded vector (whole-vector operations: one event per update
  // in an event-driven simulator, shifters in synthesis).
  localparam int RecPadW = NWRecMax * P;
  localparam int InPadW  = NWInMax * P;
  localparam int RecWdW  = ((NRecMax + 31) / 32) * 32;   // 32-bit CSR words of the z vector

  logic [RecPadW-1:0] nrn_upd, nrn_z, nrn_zb_nz, nrn_zbo_nz;
  logic [InPadW-1:0]  in_upd, in_zb_nz;
  logic [P-1:0]       lane_zb_nz, lane_zbo_nz, nrn_lanes, in_lanes;
  logic [RecWdW-1:0]  z_host_mask, z_host_val;
  logic [NRecMax-1:0] z_upd, zb_rec_host, zbo_host, zb_rec_upd, zbo_upd;
  logic [NInMax-1:0]  zb_in_host, zb_in_upd;
  logic               z_host_wr, zb_rec_host_wr, zbo_host_wr, zb_in_host_wr, h_zb_nz, h_zbo_nz;

  for (genvar l = 0; l < P; l++) begin : g_lane_nz
    assign lane_zb_nz[l]  = zb_new[l*ZbW +: ZbW] != '0;
    assign lane_zbo_nz[l] = zbo_new[l*ZboW +: ZboW] != '0;
  end

  assign nrn_lanes  = lane_rec & {P{ph_neuron}};
  assign in_lanes   = lane_in & {P{ph_trace_in}};
  assign nrn_upd    = RecPadW'(nrn_lanes) << (32'(b_word_q) * P);
  assign nrn_z      = RecPadW'(nu_z) << (32'(b_word_q) * P);
  assign nrn_zb_nz  = RecPadW'(lane_zb_nz) << (32'(b_word_q) * P);
  assign nrn_zbo_nz = RecPadW'(lane_zbo_nz) << (32'(b_word_q) * P);
  assign in_upd     = InPadW'(in_lanes) << (32'(b_word_q) * P);
  assign in_zb_nz   = InPadW'(lane_zb_nz) << (32'(b_word_q) * P);
  assign z_upd      = NRecMax'(nrn_upd);
  assign zb_rec_upd = NRecMax'(nrn_upd);
  assign zbo_upd    = NRecMax'(nrn_upd);
  assign zb_in_upd  = NInMax'(in_upd);

  // Host writes: a 32-bit word of z, or one trace (its nonzero flag follows the value).
  assign z_host_wr   = h_csr_wr && h_col >= 10'(fxprop_pkg::CsrZ) &&
                       h_col < 10'(fxprop_pkg::CsrZ + RecWdW / 32);
  logic [9:0] z_host_word;
  assign z_host_word = h_col - 10'(fxprop_pkg::CsrZ);
  assign z_host_mask = RecWdW'(32'hffff_ffff) << (32'(z_host_word) * 32);
  assign z_host_val  = RecWdW'(host_wdata_i) << (32'(z_host_word) * 32);
  assign zb_rec_host_wr = h_neur_wr && h_row == 12'(fxprop_pkg::NfZbar) && h_col < 10'(NRecMax);
  assign zbo_host_wr    = h_neur_wr && h_row == 12'(fxprop_pkg::NfZbarOut) && h_col < 10'(NRecMax);
  assign zb_in_host_wr  = h_wr && h_region == 4'(fxprop_pkg::RegZbarIn) && h_row == '0 &&
                          h_col < 10'(NInMax);
  assign h_zb_nz     = host_wdata_i[ZbW-1:0] != '0;
  assign h_zbo_nz    = host_wdata_i[ZboW-1:0] != '0;
  assign zb_rec_host = NRecMax'(1) << h_col;
  assign zbo_host    = NRecMax'(1) << h_col;
  assign zb_in_host  = NInMax'(1) << h_col;

  logic [NInMax-1:0]  zbnz_in_d;
  logic [NRecMax-1:0] zbnz_rec_d;
  always_comb begin
    z_d        = (z_q & ~z_upd) | (NRecMax'(nrn_z) & z_upd);
    zbonz_d    = (zbonz_q & ~zbo_upd) | (NRecMax'(nrn_zbo_nz) & zbo_upd);
    zbnz_in_d  = (zbnz_q[NInMax-1:0] & ~zb_in_upd) | (NInMax'(in_zb_nz) & zb_in_upd);
    zbnz_rec_d = (zbnz_q[NRows-1:NInMax] & ~zb_rec_upd) | (NRecMax'(nrn_zb_nz) & zb_rec_upd);
    if (clr_start) begin
      z_d        = '0;
      zbonz_d    = '0;
      zbnz_in_d  = '0;
      zbnz_rec_d = '0;
    end
    if (z_host_wr) begin
      z_d = (z_q & ~(NRecMax'(z_host_mask))) | (NRecMax'(z_host_val) & NRecMax'(z_host_mask));
    end
    if (zb_rec_host_wr) begin
      zbnz_rec_d = (zbnz_q[NRows-1:NInMax] & ~zb_rec_host) | (h_zb_nz ? zb_rec_host : '0);
    end
    if (zbo_host_wr) begin
      zbonz_d = (zbonz_q & ~zbo_host) | (h_zbo_nz ? zbo_host : '0);
    end
    if (zb_in_host_wr) begin
      zbnz_in_d = (zbnz_q[NInMax-1:0] & ~zb_in_host) | (h_zb_nz ? zb_in_host : '0);
    end
  end
  assign zbnz_d = {zbnz_rec_d, zbnz_in_d};

  for (genvar k = 0; k < NOutMax; k++) begin : g_out_vec
    localparam int Ln = k % P;
    logic hit_acc, hit_ro;
    logic [SumW-1:0] w;
    assign hit_acc = ph_ro_acc && lane_out[Ln] && b_word_q == WcW'(k / P);
    assign hit_ro  = ph_readout && lane_out[Ln] && b_word_q == WcW'(k / P);
    assign w       = SumW'($signed(wout_rdata[Ln*WOutW +: WOutW]));
    assign sum_d[k*SumW +: SumW] =
        (h_out_wr && h_row == 12'(fxprop_pkg::OfSum) && h_col == 10'(k)) ? host_wdata_i[SumW-1:0] :
        (clr_start || step_start) ? '0 :
        hit_acc ? (sum_q[k*SumW +: SumW] + w) : sum_q[k*SumW +: SumW];
    assign y_d[k*YW +: YW] =
        (h_out_wr && h_row == 12'(fxprop_pkg::OfY) && h_col == 10'(k)) ? host_wdata_i[YW-1:0] :
        clr_start ? '0 :
        hit_ro ? ro_y[Ln*YW +: YW] : y_q[k*YW +: YW];
    assign err_d[k*ErrW +: ErrW] =
        (h_out_wr && h_row == 12'(fxprop_pkg::OfErr) && h_col == 10'(k)) ? host_wdata_i[ErrW-1:0] :
        clr_start ? '0 :
        hit_ro ? ro_err[Ln*ErrW +: ErrW] : err_q[k*ErrW +: ErrW];
  end

  if (NOutMax < P) begin : g_out_unused
    logic unused_out_lanes;
    assign unused_out_lanes = ^{ro_y[P*YW-1:NOutMax*YW], ro_err[P*ErrW-1:NOutMax*ErrW]};
  end

  assign fwd_vld_d  = ph_integ;
  assign fwd_addr_d = ANrn'(b_word_q);
  assign fwd_data_d = int_i_wr;

  // LFSR streams: each stochastic site advances by its unit's draws; the host loads seeds.
  logic [NSites*32-1:0] lfsr_unit;
  assign lfsr_unit[fxprop_pkg::SiteISyn*32 +: 32]        = st_isyn_o;
  assign lfsr_unit[fxprop_pkg::SiteV*32 +: 32]           = st_v_o;
  assign lfsr_unit[fxprop_pkg::SiteA*32 +: 32]           = st_a_o;
  assign lfsr_unit[fxprop_pkg::SiteThrAdaptive*32 +: 32] = st_thra_o;
  assign lfsr_unit[fxprop_pkg::SitePsi*32 +: 32]         = st_psi_o;
  assign lfsr_unit[fxprop_pkg::SiteZbar*32 +: 32]        = st_zb_o;
  assign lfsr_unit[fxprop_pkg::SiteZbarOut*32 +: 32]     = st_zbo_o;
  assign lfsr_unit[fxprop_pkg::SiteY*32 +: 32]           = st_y_o;
  assign lfsr_unit[fxprop_pkg::SiteErr*32 +: 32]         = st_err_o;
  assign lfsr_unit[fxprop_pkg::SiteL*32 +: 32]           = st_l_o;
  assign lfsr_unit[fxprop_pkg::SiteLpsi*32 +: 32]        = st_lpsi_o;
  assign lfsr_unit[fxprop_pkg::SiteE*32 +: 32]           = st_e_o;
  assign lfsr_unit[fxprop_pkg::SiteEpsA*32 +: 32]        = st_epsa_o;
  assign lfsr_unit[fxprop_pkg::SiteEbar*32 +: 32]        = st_ebar_o;
  assign lfsr_unit[fxprop_pkg::SiteWIn*32 +: 32]         = st_win_o;
  assign lfsr_unit[fxprop_pkg::SiteWRec*32 +: 32]        = st_wrec_o;
  assign lfsr_unit[fxprop_pkg::SiteWOut*32 +: 32]        = st_wout_o;
  // grad_acc: one stream shared by the three weight families, used by one at a time.
  assign lfsr_unit[fxprop_pkg::SiteGradAcc*32 +: 32] =
      (ph_out || ph_apply_o) ? st_acc_out_o : (b_is_rec ? st_acc_rec_o : st_acc_in_o);

  for (genvar s = 0; s < NSites; s++) begin : g_lfsr
    if (fxprop_pkg::site_rnd(s) == fxprop_pkg::RndStoch) begin : g_stoch
      logic [31:0] st_d, st_q;
      always_comb begin
        st_d = lfsr_unit[s*32 +: 32];
        if (h_wr && h_region == 4'(fxprop_pkg::RegCsr) &&
            h_col == 10'(fxprop_pkg::CsrLfsr + s)) begin
          st_d = host_wdata_i;
        end
      end
      always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          st_q <= 32'h1;
        end else begin
          st_q <= st_d;
        end
      end
      assign lfsr_q[s*32 +: 32] = st_q;
    end else begin : g_det
      logic [31:0] unused_lfsr;
      assign unused_lfsr        = lfsr_unit[s*32 +: 32];
      assign lfsr_q[s*32 +: 32] = '0;
    end
  end

  // ======================================================================================
  // Host side of the memories
  // ======================================================================================
  // Element (region, row, col) -> memory, word address, lane, width, signedness.
  localparam int HAddrW = fxprop_pkg::max3(ASyn, AWIn, AWRec);
  localparam int MemNone = 0, MemWIn = 1, MemWRec = 2, MemWOut = 3, MemB = 4, MemEbar = 5;
  localparam int MemEpsA = 6, MemAcc = 7, MemAccO = 8, MemISyn = 9, MemV = 10, MemA = 11;
  localparam int MemRef = 12, MemZbr = 13, MemZbo = 14, MemPsi = 15, MemL = 16, MemLpsi = 17;
  localparam int MemZin = 18;

  logic [4:0]        hm_sel;
  logic [HAddrW-1:0] hm_addr, h_addr_rowcol_in, h_addr_rowcol_out;
  logic [5:0]        hm_fw;
  logic              hm_signed;
  logic [LogP-1:0]   h_lane;
  logic [9:0]        h_word;
  logic              h_in_row_ok, h_rec_row_ok, h_src_row_ok, h_rec_col_ok, h_out_col_ok;

  assign h_lane            = h_col[LogP-1:0];
  assign h_word            = h_col >> LogP;
  assign h_addr_rowcol_in  = HAddrW'(h_row) * HAddrW'(NWRecMax) + HAddrW'(h_word);
  assign h_addr_rowcol_out = HAddrW'(h_row) * HAddrW'(NWOutMax) + HAddrW'(h_word);
  assign h_in_row_ok       = h_row < 12'(NInMax);
  assign h_rec_row_ok      = h_row < 12'(NRecMax);
  assign h_src_row_ok      = h_row < 12'(NRows);
  assign h_rec_col_ok      = h_col < 10'(NRecMax);
  assign h_out_col_ok      = h_col < 10'(NOutMax);

  always_comb begin
    hm_sel    = 5'(MemNone);
    hm_addr   = h_addr_rowcol_in;
    hm_fw     = '0;
    hm_signed = 1'b0;
    unique case (h_region)
      4'(fxprop_pkg::RegWIn): if (h_in_row_ok && h_rec_col_ok) begin
        hm_sel = 5'(MemWIn);  hm_fw = 6'(WInW);  hm_signed = fxprop_pkg::WInS != 0;
      end
      4'(fxprop_pkg::RegWRec): if (h_rec_row_ok && h_rec_col_ok) begin
        hm_sel = 5'(MemWRec); hm_fw = 6'(WRecW); hm_signed = fxprop_pkg::WRecS != 0;
      end
      4'(fxprop_pkg::RegWOut): if (h_rec_row_ok && h_out_col_ok) begin
        hm_sel = 5'(MemWOut); hm_fw = 6'(WOutW); hm_signed = fxprop_pkg::WOutS != 0;
        hm_addr = h_addr_rowcol_out;
      end
      4'(fxprop_pkg::RegB): if (h_rec_row_ok && h_out_col_ok) begin
        hm_sel = 5'(MemB);    hm_fw = 6'(BW);    hm_signed = fxprop_pkg::BS != 0;
        hm_addr = h_addr_rowcol_out;
      end
      4'(fxprop_pkg::RegEbar): if (h_src_row_ok && h_rec_col_ok) begin
        hm_sel = 5'(MemEbar); hm_fw = 6'(EbW);   hm_signed = fxprop_pkg::EbarS != 0;
      end
      4'(fxprop_pkg::RegEpsA): if (h_src_row_ok && h_rec_col_ok) begin
        hm_sel = 5'(MemEpsA); hm_fw = 6'(EaW);   hm_signed = fxprop_pkg::EpsAS != 0;
      end
      4'(fxprop_pkg::RegAcc): if (h_src_row_ok && h_rec_col_ok) begin
        hm_sel = 5'(MemAcc);  hm_fw = 6'(GaW);   hm_signed = fxprop_pkg::GradAccS != 0;
      end
      4'(fxprop_pkg::RegAccOut): if (h_rec_row_ok && h_out_col_ok) begin
        hm_sel = 5'(MemAccO); hm_fw = 6'(GaW);   hm_signed = fxprop_pkg::GradAccS != 0;
        hm_addr = h_addr_rowcol_out;
      end
      4'(fxprop_pkg::RegNeuron): if (h_rec_col_ok) begin
        hm_addr = HAddrW'(h_word);
        unique case (h_row)
          12'(fxprop_pkg::NfV): begin
            hm_sel = 5'(MemV);    hm_fw = 6'(VW);    hm_signed = fxprop_pkg::VS != 0;
          end
          12'(fxprop_pkg::NfA): begin
            hm_sel = 5'(MemA);    hm_fw = 6'(AW);    hm_signed = fxprop_pkg::AS != 0;
          end
          12'(fxprop_pkg::NfR): begin
            hm_sel = 5'(MemRef);  hm_fw = 6'(RefW);
          end
          12'(fxprop_pkg::NfZbar): begin
            hm_sel = 5'(MemZbr);  hm_fw = 6'(ZbW);   hm_signed = fxprop_pkg::ZbarS != 0;
          end
          12'(fxprop_pkg::NfZbarOut): begin
            hm_sel = 5'(MemZbo);  hm_fw = 6'(ZboW);  hm_signed = fxprop_pkg::ZbarOutS != 0;
          end
          12'(fxprop_pkg::NfPsi): begin
            hm_sel = 5'(MemPsi);  hm_fw = 6'(PsiW);  hm_signed = fxprop_pkg::PsiS != 0;
          end
          12'(fxprop_pkg::NfL): begin
            hm_sel = 5'(MemL);    hm_fw = 6'(LW);    hm_signed = fxprop_pkg::LS != 0;
          end
          12'(fxprop_pkg::NfLpsi): begin
            hm_sel = 5'(MemLpsi); hm_fw = 6'(LpW);   hm_signed = fxprop_pkg::LpsiS != 0;
          end
          12'(fxprop_pkg::NfISyn): begin
            hm_sel = 5'(MemISyn); hm_fw = 6'(ISynW); hm_signed = fxprop_pkg::ISynS != 0;
          end
          default: ;
        endcase
      end
      4'(fxprop_pkg::RegZbarIn): if (h_row == '0 && h_col < 10'(NInMax)) begin
        hm_sel = 5'(MemZin);  hm_fw = 6'(ZbW);   hm_signed = fxprop_pkg::ZbarS != 0;
        hm_addr = HAddrW'(h_word);
      end
      default: ;
    endcase
  end

  logic [31:0]  h_wval;
  logic         unused_wval;
  logic [P-1:0] h_lane_mask;
  logic         h_mem_wr, h_mem_rd;
  assign h_wval   = host_wdata_i;   // an element's low bits; the upper bits are ignored
  assign h_mem_wr = h_wr && !busy;
  assign h_mem_rd = h_rd && !busy;
  assign unused_wval = ^h_wval[31:16];
  for (genvar l = 0; l < P; l++) begin : g_h_lane
    assign h_lane_mask[l] = h_lane == LogP'(l);
  end

  // Port muxes: datapath while busy, host while idle. The host writes one lane: its
  // element is replicated into every lane and the lane mask selects it.
  always_comb begin
    win_re    = busy ? d_win_re : (h_mem_rd && hm_sel == 5'(1));
    win_raddr = busy ? d_win_raddr : AWIn'(hm_addr);
    win_we    = busy ? d_win_we : (h_mem_wr && hm_sel == 5'(1));
    win_waddr = busy ? d_win_waddr : AWIn'(hm_addr);
    win_wdata = busy ? d_win_wdata : {P{h_wval[WInW-1:0]}};
    win_wmask = busy ? d_win_wmask : h_lane_mask;
    wrec_re    = busy ? d_wrec_re : (h_mem_rd && hm_sel == 5'(2));
    wrec_raddr = busy ? d_wrec_raddr : AWRec'(hm_addr);
    wrec_we    = busy ? d_wrec_we : (h_mem_wr && hm_sel == 5'(2));
    wrec_waddr = busy ? d_wrec_waddr : AWRec'(hm_addr);
    wrec_wdata = busy ? d_wrec_wdata : {P{h_wval[WRecW-1:0]}};
    wrec_wmask = busy ? d_wrec_wmask : h_lane_mask;
    wout_re    = busy ? d_wout_re : (h_mem_rd && hm_sel == 5'(3));
    wout_raddr = busy ? d_wout_raddr : AWOut'(hm_addr);
    wout_we    = busy ? d_wout_we : (h_mem_wr && hm_sel == 5'(3));
    wout_waddr = busy ? d_wout_waddr : AWOut'(hm_addr);
    wout_wdata = busy ? d_wout_wdata : {P{h_wval[WOutW-1:0]}};
    wout_wmask = busy ? d_wout_wmask : h_lane_mask;
    bfb_re    = busy ? d_bfb_re : (h_mem_rd && hm_sel == 5'(4));
    bfb_raddr = busy ? d_bfb_raddr : AWOut'(hm_addr);
    bfb_we    = busy ? d_bfb_we : (h_mem_wr && hm_sel == 5'(4));
    bfb_waddr = busy ? d_bfb_waddr : AWOut'(hm_addr);
    bfb_wdata = busy ? d_bfb_wdata : {P{h_wval[BW-1:0]}};
    bfb_wmask = busy ? d_bfb_wmask : h_lane_mask;
    ebar_re    = busy ? d_ebar_re : (h_mem_rd && hm_sel == 5'(5));
    ebar_raddr = busy ? d_ebar_raddr : ASyn'(hm_addr);
    ebar_we    = busy ? d_ebar_we : (h_mem_wr && hm_sel == 5'(5));
    ebar_waddr = busy ? d_ebar_waddr : ASyn'(hm_addr);
    ebar_wdata = busy ? d_ebar_wdata : {P{h_wval[EbW-1:0]}};
    ebar_wmask = busy ? d_ebar_wmask : h_lane_mask;
    epsa_re    = busy ? d_epsa_re : (h_mem_rd && hm_sel == 5'(6));
    epsa_raddr = busy ? d_epsa_raddr : ASyn'(hm_addr);
    epsa_we    = busy ? d_epsa_we : (h_mem_wr && hm_sel == 5'(6));
    epsa_waddr = busy ? d_epsa_waddr : ASyn'(hm_addr);
    epsa_wdata = busy ? d_epsa_wdata : {P{h_wval[EaW-1:0]}};
    epsa_wmask = busy ? d_epsa_wmask : h_lane_mask;
    acc_re    = busy ? d_acc_re : (h_mem_rd && hm_sel == 5'(7));
    acc_raddr = busy ? d_acc_raddr : ASyn'(hm_addr);
    acc_we    = busy ? d_acc_we : (h_mem_wr && hm_sel == 5'(7));
    acc_waddr = busy ? d_acc_waddr : ASyn'(hm_addr);
    acc_wdata = busy ? d_acc_wdata : {P{h_wval[GaW-1:0]}};
    acc_wmask = busy ? d_acc_wmask : h_lane_mask;
    acco_re    = busy ? d_acco_re : (h_mem_rd && hm_sel == 5'(8));
    acco_raddr = busy ? d_acco_raddr : AWOut'(hm_addr);
    acco_we    = busy ? d_acco_we : (h_mem_wr && hm_sel == 5'(8));
    acco_waddr = busy ? d_acco_waddr : AWOut'(hm_addr);
    acco_wdata = busy ? d_acco_wdata : {P{h_wval[GaW-1:0]}};
    acco_wmask = busy ? d_acco_wmask : h_lane_mask;
    isyn_re    = busy ? d_isyn_re : (h_mem_rd && hm_sel == 5'(9));
    isyn_raddr = busy ? d_isyn_raddr : ANrn'(hm_addr);
    isyn_we    = busy ? d_isyn_we : (h_mem_wr && hm_sel == 5'(9));
    isyn_waddr = busy ? d_isyn_waddr : ANrn'(hm_addr);
    isyn_wdata = busy ? d_isyn_wdata : {P{h_wval[ISynW-1:0]}};
    isyn_wmask = busy ? d_isyn_wmask : h_lane_mask;
    v_re    = busy ? d_v_re : (h_mem_rd && hm_sel == 5'(10));
    v_raddr = busy ? d_v_raddr : ANrn'(hm_addr);
    v_we    = busy ? d_v_we : (h_mem_wr && hm_sel == 5'(10));
    v_waddr = busy ? d_v_waddr : ANrn'(hm_addr);
    v_wdata = busy ? d_v_wdata : {P{h_wval[VW-1:0]}};
    v_wmask = busy ? d_v_wmask : h_lane_mask;
    a_re    = busy ? d_a_re : (h_mem_rd && hm_sel == 5'(11));
    a_raddr = busy ? d_a_raddr : ANrn'(hm_addr);
    a_we    = busy ? d_a_we : (h_mem_wr && hm_sel == 5'(11));
    a_waddr = busy ? d_a_waddr : ANrn'(hm_addr);
    a_wdata = busy ? d_a_wdata : {P{h_wval[AW-1:0]}};
    a_wmask = busy ? d_a_wmask : h_lane_mask;
    ref_re    = busy ? d_ref_re : (h_mem_rd && hm_sel == 5'(12));
    ref_raddr = busy ? d_ref_raddr : ANrn'(hm_addr);
    ref_we    = busy ? d_ref_we : (h_mem_wr && hm_sel == 5'(12));
    ref_waddr = busy ? d_ref_waddr : ANrn'(hm_addr);
    ref_wdata = busy ? d_ref_wdata : {P{h_wval[RefW-1:0]}};
    ref_wmask = busy ? d_ref_wmask : h_lane_mask;
    zbr_re    = busy ? d_zbr_re : (h_mem_rd && hm_sel == 5'(13));
    zbr_raddr = busy ? d_zbr_raddr : ANrn'(hm_addr);
    zbr_we    = busy ? d_zbr_we : (h_mem_wr && hm_sel == 5'(13));
    zbr_waddr = busy ? d_zbr_waddr : ANrn'(hm_addr);
    zbr_wdata = busy ? d_zbr_wdata : {P{h_wval[ZbW-1:0]}};
    zbr_wmask = busy ? d_zbr_wmask : h_lane_mask;
    zbo_re    = busy ? d_zbo_re : (h_mem_rd && hm_sel == 5'(14));
    zbo_raddr = busy ? d_zbo_raddr : ANrn'(hm_addr);
    zbo_we    = busy ? d_zbo_we : (h_mem_wr && hm_sel == 5'(14));
    zbo_waddr = busy ? d_zbo_waddr : ANrn'(hm_addr);
    zbo_wdata = busy ? d_zbo_wdata : {P{h_wval[ZboW-1:0]}};
    zbo_wmask = busy ? d_zbo_wmask : h_lane_mask;
    psi_re    = busy ? d_psi_re : (h_mem_rd && hm_sel == 5'(15));
    psi_raddr = busy ? d_psi_raddr : ANrn'(hm_addr);
    psi_we    = busy ? d_psi_we : (h_mem_wr && hm_sel == 5'(15));
    psi_waddr = busy ? d_psi_waddr : ANrn'(hm_addr);
    psi_wdata = busy ? d_psi_wdata : {P{h_wval[PsiW-1:0]}};
    psi_wmask = busy ? d_psi_wmask : h_lane_mask;
    lsg_re    = busy ? d_lsg_re : (h_mem_rd && hm_sel == 5'(16));
    lsg_raddr = busy ? d_lsg_raddr : ANrn'(hm_addr);
    lsg_we    = busy ? d_lsg_we : (h_mem_wr && hm_sel == 5'(16));
    lsg_waddr = busy ? d_lsg_waddr : ANrn'(hm_addr);
    lsg_wdata = busy ? d_lsg_wdata : {P{h_wval[LW-1:0]}};
    lsg_wmask = busy ? d_lsg_wmask : h_lane_mask;
    lpsi_re    = busy ? d_lpsi_re : (h_mem_rd && hm_sel == 5'(17));
    lpsi_raddr = busy ? d_lpsi_raddr : ANrn'(hm_addr);
    lpsi_we    = busy ? d_lpsi_we : (h_mem_wr && hm_sel == 5'(17));
    lpsi_waddr = busy ? d_lpsi_waddr : ANrn'(hm_addr);
    lpsi_wdata = busy ? d_lpsi_wdata : {P{h_wval[LpW-1:0]}};
    lpsi_wmask = busy ? d_lpsi_wmask : h_lane_mask;
    zin_re    = busy ? d_zin_re : (h_mem_rd && hm_sel == 5'(18));
    zin_raddr = busy ? d_zin_raddr : AZin'(hm_addr);
    zin_we    = busy ? d_zin_we : (h_mem_wr && hm_sel == 5'(18));
    zin_waddr = busy ? d_zin_waddr : AZin'(hm_addr);
    zin_wdata = busy ? d_zin_wdata : {P{h_wval[ZbW-1:0]}};
    zin_wmask = busy ? d_zin_wmask : h_lane_mask;
  end

  // ======================================================================================
  // CSRs
  // ======================================================================================
  logic [31:0] csr_rdata;
  localparam int NWordsIn   = (NInMax + 31) / 32;
  localparam int NWordsRec  = (NRecMax + 31) / 32;
  localparam int NWordsRows = (NRows + 31) / 32;
  logic [NWordsIn*32-1:0]   x_pad;
  logic [NWordsRec*32-1:0]  z_pad, alif_pad, zbonz_pad;
  logic [NWordsRows*32-1:0] zbnz_pad;
  assign x_pad     = (NWordsIn*32)'(x_q);
  assign z_pad     = (NWordsRec*32)'(z_q);
  assign alif_pad  = (NWordsRec*32)'(alif_q);
  assign zbonz_pad = (NWordsRec*32)'(zbonz_q);
  assign zbnz_pad  = (NWordsRows*32)'(zbnz_q);

  always_comb begin
    csr_rdata = '0;
    unique case (h_col)
      10'(fxprop_pkg::CsrId):         csr_rdata = fxprop_pkg::IdValue;
      10'(fxprop_pkg::CsrCfgId):      csr_rdata = fxprop_pkg::CfgId;
      10'(fxprop_pkg::CsrLanes):      csr_rdata = 32'(P);
      10'(fxprop_pkg::CsrNInMax):     csr_rdata = 32'(NInMax);
      10'(fxprop_pkg::CsrNRecMax):    csr_rdata = 32'(NRecMax);
      10'(fxprop_pkg::CsrNOutMax):    csr_rdata = 32'(NOutMax);
      10'(fxprop_pkg::CsrNRefMax):    csr_rdata = 32'(fxprop_pkg::NRefMax);
      10'(fxprop_pkg::CsrLrShiftMax): csr_rdata = 32'(fxprop_pkg::LrShiftMax);
      10'(fxprop_pkg::CsrCmd):        csr_rdata = 32'(cmd_q);
      10'(fxprop_pkg::CsrStatus):     csr_rdata = {24'h0, phase_q, 3'h0, busy};
      10'(fxprop_pkg::CsrCtrl):       csr_rdata = {27'h0, fb_random_q, per_trial_q, exact_q,
                                                   spike_ge_q, form_b_q};
      10'(fxprop_pkg::CsrLossMask):   csr_rdata = {31'h0, loss_mask_q};
      10'(fxprop_pkg::CsrNIn):        csr_rdata = 32'(n_in_q);
      10'(fxprop_pkg::CsrNRec):       csr_rdata = 32'(n_rec_q);
      10'(fxprop_pkg::CsrNOut):       csr_rdata = 32'(n_out_q);
      10'(fxprop_pkg::CsrLrShift):    csr_rdata = 32'(lr_shift_q);
      10'(fxprop_pkg::CsrNRef):       csr_rdata = 32'(n_ref_q);
      10'(fxprop_pkg::CsrAlpha):      csr_rdata = 32'(alpha_q);
      10'(fxprop_pkg::CsrRho):        csr_rdata = 32'(rho_q);
      10'(fxprop_pkg::CsrKappa):      csr_rdata = 32'(kappa_q);
      10'(fxprop_pkg::CsrThr):        csr_rdata = (fxprop_pkg::ThrS != 0) ? 32'($signed(thr_q))
                                                                         : 32'(thr_q);
      10'(fxprop_pkg::CsrBeta):       csr_rdata = 32'(beta_q);
      10'(fxprop_pkg::CsrPsiPeak):    csr_rdata = 32'(psi_peak_q);
      10'(fxprop_pkg::CsrInvThr):     csr_rdata = 32'(inv_thr_q);
      10'(fxprop_pkg::CsrCmdCycles):  csr_rdata = cmd_cycles_q;
      10'(fxprop_pkg::CsrStepCount):  csr_rdata = step_count_q;
      default: begin
        if (h_col >= 10'(fxprop_pkg::CsrPhaseCycles) &&
            h_col < 10'(fxprop_pkg::CsrPhaseCycles + NPh)) begin
          csr_rdata = ph_cnt_q[(h_col - 10'(fxprop_pkg::CsrPhaseCycles)) * 32 +: 32];
        end
        if (h_col >= 10'(fxprop_pkg::CsrLfsr) && h_col < 10'(fxprop_pkg::CsrLfsr + NSites)) begin
          csr_rdata = lfsr_q[(h_col - 10'(fxprop_pkg::CsrLfsr)) * 32 +: 32];
        end
        for (int i = 0; i < fxprop_pkg::NFmts; i++) begin
          if (h_col == 10'(fxprop_pkg::CsrFmt + i)) csr_rdata = fxprop_pkg::fmt_of(i);
        end
        if (h_col >= 10'(fxprop_pkg::CsrX) && h_col < 10'(fxprop_pkg::CsrX + NWordsIn)) begin
          csr_rdata = x_pad[(h_col - 10'(fxprop_pkg::CsrX)) * 32 +: 32];
        end
        if (h_col >= 10'(fxprop_pkg::CsrZ) && h_col < 10'(fxprop_pkg::CsrZ + NWordsRec)) begin
          csr_rdata = z_pad[(h_col - 10'(fxprop_pkg::CsrZ)) * 32 +: 32];
        end
        if (h_col >= 10'(fxprop_pkg::CsrAlif) && h_col < 10'(fxprop_pkg::CsrAlif + NWordsRec)) begin
          csr_rdata = alif_pad[(h_col - 10'(fxprop_pkg::CsrAlif)) * 32 +: 32];
        end
        if (h_col >= 10'(fxprop_pkg::CsrZbarOutNz) &&
            h_col < 10'(fxprop_pkg::CsrZbarOutNz + NWordsRec)) begin
          csr_rdata = zbonz_pad[(h_col - 10'(fxprop_pkg::CsrZbarOutNz)) * 32 +: 32];
        end
        if (h_col >= 10'(fxprop_pkg::CsrZbarNz) &&
            h_col < 10'(fxprop_pkg::CsrZbarNz + NWordsRows)) begin
          csr_rdata = zbnz_pad[(h_col - 10'(fxprop_pkg::CsrZbarNz)) * 32 +: 32];
        end
      end
    endcase
  end

  // Values of the OUTPUT region (flops), sign-extended.
  logic [31:0] out_rdata;
  always_comb begin
    out_rdata = '0;
    if (h_col < 10'(NOutMax)) begin
      unique case (h_row)
        12'(fxprop_pkg::OfY):     out_rdata = 32'($signed(y_q[OutIdxW'(h_col)*YW +: YW]));
        12'(fxprop_pkg::OfErr):   out_rdata = 32'($signed(err_q[OutIdxW'(h_col)*ErrW +: ErrW]));
        12'(fxprop_pkg::OfYstar): out_rdata = 32'($signed(ystar_q[OutIdxW'(h_col)*YW +: YW]));
        12'(fxprop_pkg::OfSum):   out_rdata = 32'($signed(sum_q[OutIdxW'(h_col)*SumW +: SumW]));
        default: ;
      endcase
    end
  end

  // Host read data of a memory element, one cycle after the request: the lane of the word,
  // sign- or zero-extended to 32 bits.
  localparam int MaxWordW = P * 32;
  logic [MaxWordW-1:0] rd_word;
  logic [31:0]         rd_raw, rd_fmask, rd_elem;
  always_comb begin
    rd_word = '0;
    unique case (rd_mem_sel_q)
      5'(1): rd_word = MaxWordW'(win_rdata);
      5'(2): rd_word = MaxWordW'(wrec_rdata);
      5'(3): rd_word = MaxWordW'(wout_rdata);
      5'(4): rd_word = MaxWordW'(bfb_rdata);
      5'(5): rd_word = MaxWordW'(ebar_rdata);
      5'(6): rd_word = MaxWordW'(epsa_rdata);
      5'(7): rd_word = MaxWordW'(acc_rdata);
      5'(8): rd_word = MaxWordW'(acco_rdata);
      5'(9): rd_word = MaxWordW'(isyn_rdata);
      5'(10): rd_word = MaxWordW'(v_rdata);
      5'(11): rd_word = MaxWordW'(a_rdata);
      5'(12): rd_word = MaxWordW'(ref_rdata);
      5'(13): rd_word = MaxWordW'(zbr_rdata);
      5'(14): rd_word = MaxWordW'(zbo_rdata);
      5'(15): rd_word = MaxWordW'(psi_rdata);
      5'(16): rd_word = MaxWordW'(lsg_rdata);
      5'(17): rd_word = MaxWordW'(lpsi_rdata);
      5'(18): rd_word = MaxWordW'(zin_rdata);
      default: ;
    endcase
    rd_raw   = 32'(rd_word >> (32'(rd_lane_q) * 32'(rd_fw_q)));
    rd_fmask = (rd_fw_q >= 6'd32) ? 32'hffff_ffff : ((32'h1 << rd_fw_q) - 32'h1);
    rd_elem  = rd_raw & rd_fmask;
    if (rd_signed_q && rd_fw_q != '0 && rd_fw_q < 6'd32 && rd_elem[5'(rd_fw_q - 6'd1)]) begin
      rd_elem = rd_elem | ~rd_fmask;
    end
  end

  assign host_rvalid_o = rd_vld_q;
  assign host_rdata_o  = (rd_mem_q && rd_mem_sel_q != 5'(MemNone)) ? rd_elem : rd_data_q;

  // ======================================================================================
  // Flops
  // ======================================================================================
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      form_b_q     <= 1'b0;
      spike_ge_q   <= 1'b0;
      exact_q      <= 1'b0;
      per_trial_q  <= 1'b0;
      fb_random_q  <= 1'b0;
      loss_mask_q  <= 1'b0;
      n_in_q       <= '0;
      n_rec_q      <= '0;
      n_out_q      <= '0;
      lr_shift_q   <= '0;
      n_ref_q      <= '0;
      alpha_q      <= '0;
      rho_q        <= '0;
      kappa_q      <= '0;
      thr_q        <= '0;
      beta_q       <= '0;
      psi_peak_q   <= '0;
      inv_thr_q    <= '0;
      x_q          <= '0;
      alif_q       <= '0;
      ystar_q      <= '0;
    end else if (h_wr && !busy && h_region == 4'(fxprop_pkg::RegCsr)) begin
      unique case (h_col)
        10'(fxprop_pkg::CsrCtrl): begin
          form_b_q    <= host_wdata_i[0];
          spike_ge_q  <= host_wdata_i[1];
          exact_q     <= host_wdata_i[2];
          per_trial_q <= host_wdata_i[3];
          fb_random_q <= host_wdata_i[4];
        end
        10'(fxprop_pkg::CsrLossMask): loss_mask_q <= host_wdata_i[0];
        10'(fxprop_pkg::CsrNIn):   n_in_q  <= (host_wdata_i > 32'(NInMax)) ? NInW'(NInMax)
                                                                            : NInW'(host_wdata_i);
        10'(fxprop_pkg::CsrNRec):  n_rec_q <= (host_wdata_i > 32'(NRecMax)) ? NRecW'(NRecMax)
                                                                             : NRecW'(host_wdata_i);
        10'(fxprop_pkg::CsrNOut):  n_out_q <= (host_wdata_i > 32'(NOutMax)) ? NOutW'(NOutMax)
                                                                             : NOutW'(host_wdata_i);
        10'(fxprop_pkg::CsrLrShift):
          lr_shift_q <= (host_wdata_i > 32'(fxprop_pkg::LrShiftMax)) ? LrW'(fxprop_pkg::LrShiftMax)
                                                                     : LrW'(host_wdata_i);
        10'(fxprop_pkg::CsrNRef):
          n_ref_q <= (host_wdata_i > 32'(fxprop_pkg::NRefMax)) ? RefW'(fxprop_pkg::NRefMax)
                                                               : RefW'(host_wdata_i);
        10'(fxprop_pkg::CsrAlpha):   alpha_q    <= host_wdata_i[AlphaW-1:0];
        10'(fxprop_pkg::CsrRho):     rho_q      <= host_wdata_i[RhoW-1:0];
        10'(fxprop_pkg::CsrKappa):   kappa_q    <= host_wdata_i[KappaW-1:0];
        10'(fxprop_pkg::CsrThr):     thr_q      <= host_wdata_i[ThrW-1:0];
        10'(fxprop_pkg::CsrBeta):    beta_q     <= host_wdata_i[BetaW-1:0];
        10'(fxprop_pkg::CsrPsiPeak): psi_peak_q <= host_wdata_i[PkW-1:0];
        10'(fxprop_pkg::CsrInvThr):  inv_thr_q  <= host_wdata_i[InvW-1:0];
        default: begin
          for (int i = 0; i < NInMax; i++) begin
            if (h_col == 10'(fxprop_pkg::CsrX + i / 32)) x_q[i] <= host_wdata_i[i % 32];
          end
          for (int j = 0; j < NRecMax; j++) begin
            if (h_col == 10'(fxprop_pkg::CsrAlif + j / 32)) alif_q[j] <= host_wdata_i[j % 32];
          end
        end
      endcase
    end else if (h_wr && !busy && h_region == 4'(fxprop_pkg::RegOutput) &&
                 h_row == 12'(fxprop_pkg::OfYstar) && h_col < 10'(NOutMax)) begin
      ystar_q[OutIdxW'(h_col)*YW +: YW] <= host_wdata_i[YW-1:0];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      z_q          <= '0;
      zbnz_q       <= '0;
      zbonz_q      <= '0;
      y_q          <= '0;
      err_q        <= '0;
      sum_q        <= '0;
      cmd_q        <= CmdW'(fxprop_pkg::CmdNone);
      phase_q      <= '0;
      pend_q       <= '0;
      word_q       <= '0;
      nw_q         <= '0;
      int_first_q  <= 1'b0;
      ev_seen_q    <= 1'b0;
      fwd_vld_q    <= 1'b0;
      fwd_addr_q   <= '0;
      fwd_data_q   <= '0;
      ls_acc_q     <= '0;
    end else begin
      z_q          <= z_d;
      zbnz_q       <= zbnz_d;
      zbonz_q      <= zbonz_d;
      y_q          <= y_d;
      err_q        <= err_d;
      sum_q        <= sum_d;
      cmd_q        <= cmd_d;
      phase_q      <= phase_d;
      pend_q       <= pend_d;
      word_q       <= word_d;
      nw_q         <= nw_d;
      int_first_q  <= int_first_d;
      ev_seen_q    <= ev_seen_d;
      fwd_vld_q    <= fwd_vld_d;
      fwd_addr_q   <= fwd_addr_d;
      fwd_data_q   <= fwd_data_d;
      if (ph_lsig) ls_acc_q <= ls_acc_d;
    end
  end

  // Cycle counters: per phase and per command, cleared when a command starts.
  for (genvar p = 0; p < NPh; p++) begin : g_ph_cnt
    logic [31:0] cnt_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        cnt_q <= '0;
      end else if (cmd_start) begin
        cnt_q <= '0;
      end else if (busy && phase_q == PhW'(p)) begin
        cnt_q <= cnt_q + 32'd1;
      end
    end
    assign ph_cnt_q[p*32 +: 32] = cnt_q;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cmd_cycles_q <= '0;
      step_count_q <= '0;
    end else begin
      if (cmd_start) begin
        cmd_cycles_q <= '0;
      end else if (busy) begin
        cmd_cycles_q <= cmd_cycles_q + 32'd1;
      end
      if (done_o && cmd_q == CmdW'(fxprop_pkg::CmdStep)) begin
        step_count_q <= step_count_q + 32'd1;
      end
    end
  end

  // Host read pipeline.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_vld_q     <= 1'b0;
      rd_mem_q     <= 1'b0;
      rd_data_q    <= '0;
      rd_mem_sel_q <= '0;
      rd_lane_q    <= '0;
      rd_fw_q      <= '0;
      rd_signed_q  <= 1'b0;
    end else begin
      rd_vld_q <= h_rd;
      if (h_rd) begin
        rd_mem_q     <= h_region != 4'(fxprop_pkg::RegCsr) && h_region != 4'(fxprop_pkg::RegOutput);
        rd_data_q    <= (h_region == 4'(fxprop_pkg::RegOutput)) ? out_rdata :
                        (h_region == 4'(fxprop_pkg::RegCsr)) ? csr_rdata : '0;
        rd_mem_sel_q <= hm_sel;
        rd_lane_q    <= h_lane;
        rd_fw_q      <= hm_fw;
        rd_signed_q  <= hm_signed;
      end
    end
  end

endmodule
