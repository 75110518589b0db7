// Copyright fxprop contributors.
//
// fxprop_core_smoke_tb: self-checking SystemVerilog smoke test of fxprop_core through its
// host bus, for Icarus (iverilog -g2012), in any configuration (every expected value is
// derived from fxprop_pkg). It checks the identification and format registers, a write /
// read-back of every memory region (with sign extension), and two timesteps of a tiny
// network whose results are exact by construction (form b, alpha = kappa = 0, weights on a
// coarse grid): synaptic currents, membranes, spikes, reset by subtraction, readout, and the
// cycle counters against the formulas of docs/microarchitecture.md.
module fxprop_core_smoke_tb;

  localparam int P = fxprop_pkg::P;

  logic        clk = 1'b0;
  logic        rst_n = 1'b0;
  logic        req = 1'b0;
  logic        we = 1'b0;
  logic [31:0] addr = '0;
  logic [31:0] wdata = '0;
  logic        gnt, rvalid, busy, done;
  logic [31:0] rdata;

  int n_pass = 0;
  int n_fail = 0;

  fxprop_core u_dut (
    .clk_i        (clk),
    .rst_ni       (rst_n),
    .host_req_i   (req),
    .host_we_i    (we),
    .host_addr_i  (addr),
    .host_wdata_i (wdata),
    .host_gnt_o   (gnt),
    .host_rvalid_o(rvalid),
    .host_rdata_o (rdata),
    .busy_o       (busy),
    .done_o       (done)
  );

  always #5 clk = ~clk;

  function automatic logic [31:0] a_of(input int region, input int row, input int col);
    a_of = (region << 24) | (row << 12) | (col << 2);
  endfunction

  // Inputs change on the falling edge; the core samples on the rising edge.
  task automatic bus_write(input logic [31:0] a, input logic [31:0] d);
    @(negedge clk);
    req   = 1'b1;
    we    = 1'b1;
    addr  = a;
    wdata = d;
    #1;
    while (!gnt) begin
      @(negedge clk);
      #1;
    end
    @(negedge clk);
    req = 1'b0;
    we  = 1'b0;
  endtask

  task automatic bus_read(input logic [31:0] a, output logic [31:0] d);
    @(negedge clk);
    req  = 1'b1;
    we   = 1'b0;
    addr = a;
    #1;
    while (!gnt) begin
      @(negedge clk);
      #1;
    end
    @(negedge clk);
    req = 1'b0;
    if (!rvalid) begin
      n_fail++;
      $display("FAIL: no rvalid for read of %h", a);
    end
    d = rdata;
  endtask

  task automatic expect_eq(input string what, input logic [31:0] got, input logic [31:0] want);
    if (got === want) begin
      n_pass++;
    end else begin
      n_fail++;
      $display("FAIL: %s: got %0d (%h), expected %0d (%h)", what, $signed(got), got,
               $signed(want), want);
    end
  endtask

  task automatic check_read(input string what, input logic [31:0] a, input logic [31:0] want);
    logic [31:0] d;
    bus_read(a, d);
    expect_eq(what, d, want);
  endtask

  task automatic csr_write(input int index, input logic [31:0] d);
    bus_write(a_of(fxprop_pkg::RegCsr, 0, index), d);
  endtask

  task automatic run_cmd(input int cmd);
    csr_write(fxprop_pkg::CsrCmd, cmd);
    while (busy) @(negedge clk);
  endtask

  int nwi, nwr, nwo;

  initial begin
    logic [31:0] d;
    repeat (3) @(negedge clk);
    rst_n = 1'b1;

    // ---- Identification and format descriptors ----
    check_read("ID", a_of(fxprop_pkg::RegCsr, 0, fxprop_pkg::CsrId), fxprop_pkg::IdValue);
    check_read("lanes", a_of(fxprop_pkg::RegCsr, 0, fxprop_pkg::CsrLanes), P);
    check_read("format of v", a_of(fxprop_pkg::RegCsr, 0, fxprop_pkg::CsrFmt + fxprop_pkg::SiteV),
               fxprop_pkg::fmt_of(fxprop_pkg::SiteV));

    // ---- Every memory region: write -3 (or 3 where unsigned), read back sign-extended ----
    check_rw(fxprop_pkg::RegWIn, 1, 2, fxprop_pkg::WInS);
    check_rw(fxprop_pkg::RegWRec, 2, 1, fxprop_pkg::WRecS);
    check_rw(fxprop_pkg::RegWOut, 1, 1, fxprop_pkg::WOutS);
    check_rw(fxprop_pkg::RegB, 3, 0, fxprop_pkg::BS);
    check_rw(fxprop_pkg::RegEbar, fxprop_pkg::NInMax + 1, 3, fxprop_pkg::EbarS);
    check_rw(fxprop_pkg::RegEpsA, 0, 5, fxprop_pkg::EpsAS);
    check_rw(fxprop_pkg::RegAcc, 2, 6, fxprop_pkg::GradAccS);
    check_rw(fxprop_pkg::RegAccOut, 4, 1, fxprop_pkg::GradAccS);
    check_rw(fxprop_pkg::RegNeuron, fxprop_pkg::NfV, 5, fxprop_pkg::VS);
    check_rw(fxprop_pkg::RegNeuron, fxprop_pkg::NfPsi, 6, fxprop_pkg::PsiS);
    check_rw(fxprop_pkg::RegNeuron, fxprop_pkg::NfL, 7, fxprop_pkg::LS);
    check_rw(fxprop_pkg::RegNeuron, fxprop_pkg::NfISyn, 1, fxprop_pkg::ISynS);
    check_rw(fxprop_pkg::RegZbarIn, 0, 3, fxprop_pkg::ZbarS);
    // a neighbouring lane is untouched by an element write
    bus_write(a_of(fxprop_pkg::RegWIn, 1, 3), 32'd5);
    check_read("lane isolation", a_of(fxprop_pkg::RegWIn, 1, 2),
               (fxprop_pkg::WInS != 0) ? -32'sd3 : 32'd3);

    // ---- A tiny network: 3 inputs, 5 neurons, 2 outputs, form b, alpha = kappa = 0 ----
    csr_write(fxprop_pkg::CsrNIn, 3);
    csr_write(fxprop_pkg::CsrNRec, 5);
    csr_write(fxprop_pkg::CsrNOut, 2);
    csr_write(fxprop_pkg::CsrCtrl, 32'h1);                              // form b
    csr_write(fxprop_pkg::CsrAlpha, 0);
    csr_write(fxprop_pkg::CsrKappa, 0);
    csr_write(fxprop_pkg::CsrThr, 1 << (fxprop_pkg::ThrF - 1));         // thr = 0.5
    csr_write(fxprop_pkg::CsrNRef, 0);
    csr_write(fxprop_pkg::CsrLossMask, 0);
    for (int j = 0; j < 5; j++) begin
      bus_write(a_of(fxprop_pkg::RegWIn, 0, j), j << (fxprop_pkg::WInF - 2));   // j / 4
      for (int i = 0; i < 5; i++) bus_write(a_of(fxprop_pkg::RegWRec, i, j), 0);
      for (int k = 0; k < 2; k++) begin
        bus_write(a_of(fxprop_pkg::RegWOut, j, k), (k + 1) << (fxprop_pkg::WOutF - 2));
      end
    end
    nwi = (3 + P - 1) / P;
    nwr = (5 + P - 1) / P;
    nwo = (2 + P - 1) / P;

    run_cmd(fxprop_pkg::CmdClear);
    check_read("CLEAR cycles", a_of(fxprop_pkg::RegCsr, 0, fxprop_pkg::CsrCmdCycles),
               ((nwi > nwr) ? nwi : nwr) + 1);

    // Step 1: input 0 fires. I_j = v_j = j / 4; neurons 3 and 4 exceed 0.5 and spike;
    // y_k = (k + 1) / 4 for each of the two spikes.
    csr_write(fxprop_pkg::CsrX, 32'b001);
    run_cmd(fxprop_pkg::CmdStep);
    for (int j = 0; j < 5; j++) begin
      check_read("I after step 1", a_of(fxprop_pkg::RegNeuron, fxprop_pkg::NfISyn, j),
                 j << (fxprop_pkg::ISynF - 2));
      check_read("v after step 1", a_of(fxprop_pkg::RegNeuron, fxprop_pkg::NfV, j),
                 j << (fxprop_pkg::VF - 2));
    end
    check_read("z after step 1", a_of(fxprop_pkg::RegCsr, 0, fxprop_pkg::CsrZ), 32'b11000);
    for (int k = 0; k < 2; k++) begin
      check_read("y after step 1", a_of(fxprop_pkg::RegOutput, fxprop_pkg::OfY, k),
                 (2 * (k + 1)) << (fxprop_pkg::YF - 2));
      check_read("err without loss mask", a_of(fxprop_pkg::RegOutput, fxprop_pkg::OfErr, k), 0);
    end
    check_read("phase trace_in", a_of(fxprop_pkg::RegCsr, 0,
               fxprop_pkg::CsrPhaseCycles + fxprop_pkg::PhTraceIn), nwi + 1);
    check_read("phase integ", a_of(fxprop_pkg::RegCsr, 0,
               fxprop_pkg::CsrPhaseCycles + fxprop_pkg::PhInteg), nwr + 1);
    check_read("phase neuron", a_of(fxprop_pkg::RegCsr, 0,
               fxprop_pkg::CsrPhaseCycles + fxprop_pkg::PhNeuron), nwr + 1);
    check_read("phase ro_acc", a_of(fxprop_pkg::RegCsr, 0,
               fxprop_pkg::CsrPhaseCycles + fxprop_pkg::PhRoAcc), 2 * nwo + 1);
    check_read("phase readout", a_of(fxprop_pkg::RegCsr, 0,
               fxprop_pkg::CsrPhaseCycles + fxprop_pkg::PhReadout), nwo + 1);
    check_read("STEP cycles", a_of(fxprop_pkg::RegCsr, 0, fxprop_pkg::CsrCmdCycles),
               (nwi + 1) + (nwr + 1) + (nwr + 1) + (2 * nwo + 1) + (nwo + 1));

    // Step 2: no input; the two spikes are recurrent events over zero weights: I = 0, and
    // the spiking neurons are reset by subtracting thr: v = -0.5.
    csr_write(fxprop_pkg::CsrX, 32'b000);
    run_cmd(fxprop_pkg::CmdStep);
    check_read("v[4] after reset", a_of(fxprop_pkg::RegNeuron, fxprop_pkg::NfV, 4),
               -(32'sd1 << (fxprop_pkg::VF - 1)));
    check_read("v[1] after step 2", a_of(fxprop_pkg::RegNeuron, fxprop_pkg::NfV, 1), 0);
    check_read("z after step 2", a_of(fxprop_pkg::RegCsr, 0, fxprop_pkg::CsrZ), 0);
    check_read("phase integ, 2 events", a_of(fxprop_pkg::RegCsr, 0,
               fxprop_pkg::CsrPhaseCycles + fxprop_pkg::PhInteg), 2 * nwr + 1);
    check_read("steps", a_of(fxprop_pkg::RegCsr, 0, fxprop_pkg::CsrStepCount), 2);

    $display("fxprop_core_smoke_tb: %0d passed, %0d failed", n_pass, n_fail);
    if (n_fail != 0 || n_pass == 0) $fatal(1, "fxprop_core_smoke_tb FAILED");
    $finish;
  end

  task automatic check_rw(input int region, input int row, input int col, input int is_signed);
    logic [31:0] v;
    v = (is_signed != 0) ? -32'sd3 : 32'd3;
    bus_write(a_of(region, row, col), v);
    check_read("memory write/read-back", a_of(region, row, col), v);
  endtask

endmodule
