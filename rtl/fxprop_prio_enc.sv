// Copyright fxprop contributors.
//
// fxprop_prio_enc: index of the lowest set bit of a vector (the next event of an
// event-driven sweep) and whether any bit is set. Combinational.
//
// Written as a function in a continuous assignment: its loop variable is local to the call.
// (Icarus 11 re-evaluates an always_comb holding this loop endlessly inside fxprop_core; the
// function form has no such process.)
module fxprop_prio_enc #(
  parameter int Width = 16,
  parameter int IdxW  = (Width > 1) ? $clog2(Width) : 1
) (
  input  logic [Width-1:0] vec_i,
  output logic [IdxW-1:0]  idx_o,
  output logic             any_o
);

  function automatic logic [IdxW-1:0] lowest_set(input logic [Width-1:0] v);
    lowest_set = '0;
    for (int i = Width - 1; i >= 0; i--) begin
      if (v[i]) begin
        lowest_set = IdxW'(i);
      end
    end
  endfunction

  assign idx_o = lowest_set(vec_i);
  assign any_o = |vec_i;

endmodule
