// Copyright fxprop contributors.
//
// fxprop_prio_enc: index of the lowest set bit of a vector (the next event of an
// event-driven sweep) and whether any bit is set. Combinational.
module fxprop_prio_enc #(
  parameter int Width = 16,
  parameter int IdxW  = (Width > 1) ? $clog2(Width) : 1
) (
  input  logic [Width-1:0] vec_i,
  output logic [IdxW-1:0]  idx_o,
  output logic             any_o
);

  always_comb begin
    idx_o = '0;
    for (int i = Width - 1; i >= 0; i--) begin
      if (vec_i[i]) begin
        idx_o = IdxW'(i);
      end
    end
  end

  assign any_o = |vec_i;

endmodule
