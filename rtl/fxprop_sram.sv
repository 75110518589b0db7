// Copyright fxprop contributors.
//
// fxprop_sram: behavioural simple dual-port RAM of Depth words of Lanes lanes x LaneW bits:
// one read port with registered data (a read issued in cycle c returns its word in cycle
// c+1 and holds it until the next read), one write port with a lane write mask. A read and
// a write of the same address in the same cycle return the old word. Yosys infers one
// $mem_v2 with one registered read port and one write port; in a real flow an SRAM macro
// with a lane (byte-style) write mask takes its place. No reset: contents are undefined
// until written (the core's CLEAR commands and the host initialise every word a run reads).
module fxprop_sram #(
  parameter int Depth = 16,
  parameter int Lanes = 4,
  parameter int LaneW = 8,
  parameter int AddrW = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic                   clk_i,
  input  logic                   re_i,
  input  logic [AddrW-1:0]       raddr_i,
  output logic [Lanes*LaneW-1:0] rdata_o,
  input  logic                   we_i,
  input  logic [AddrW-1:0]       waddr_i,
  input  logic [Lanes*LaneW-1:0] wdata_i,
  input  logic [Lanes-1:0]       wmask_i
);

  logic [Lanes*LaneW-1:0] mem_q [Depth];
  logic [Lanes*LaneW-1:0] rdata_q;

`ifdef VERILATOR
  // Simulation with Verilator: 5.006 rejects non-blocking writes to an unpacked array in a
  // loop (BLKLOOPINIT), so the masked word is merged instead. Same behaviour; not used for
  // synthesis, where the merge would infer a second (asynchronous) read port.
  logic [Lanes*LaneW-1:0] bit_mask;
  for (genvar l = 0; l < Lanes; l++) begin : g_mask
    assign bit_mask[l*LaneW +: LaneW] = {LaneW{wmask_i[l]}};
  end
  always_ff @(posedge clk_i) begin
    if (we_i) begin
      mem_q[waddr_i] <= (mem_q[waddr_i] & ~bit_mask) | (wdata_i & bit_mask);
    end
    if (re_i) begin
      rdata_q <= mem_q[raddr_i];
    end
  end
`else
  always_ff @(posedge clk_i) begin
    if (we_i) begin
      for (int l = 0; l < Lanes; l++) begin
        if (wmask_i[l]) begin
          mem_q[waddr_i][l*LaneW +: LaneW] <= wdata_i[l*LaneW +: LaneW];
        end
      end
    end
    if (re_i) begin
      rdata_q <= mem_q[raddr_i];
    end
  end
`endif

  assign rdata_o = rdata_q;

endmodule
