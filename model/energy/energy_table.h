// An Accelergy-style energy table: component class x action -> energy (pJ) at
// a reference technology node, plus a scaling rule per class (operand width,
// memory capacity and port width, technology node). The built-in table is the
// data file model/energy/data/horowitz45.toml (embedded at build time), whose
// entries cite their sources; users may supply their own file with the same
// layout (`fxprop energy --table FILE`), validated strictly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/energy/action_counts.h"
#include "model/energy/memory_map.h"

namespace fxprop::energy {

struct Anchor {
  double x = 0;   // width, width product or capacity (KiB), depending on the curve
  double pj = 0;  // energy at x, reference node
  std::string source;
};

// Energy as a function of one size: anchors reproduced exactly, log-log
// interpolation between neighbouring anchors, power-law extrapolation with
// `exponent` outside them. Monotone non-decreasing when the anchors are
// (checked when a table is read) and exponent > 0.
class AnchorCurve {
 public:
  AnchorCurve() = default;
  AnchorCurve(std::vector<Anchor> anchors, double exponent);  // std::invalid_argument if not increasing in x
  double at(double x) const;                                   // x > 0
  const std::vector<Anchor>& anchors() const { return anchors_; }
  double exponent() const { return exponent_; }

 private:
  std::vector<Anchor> anchors_;
  double exponent_ = 1.0;
};

struct NodeFactor {
  int nm = 0;
  double factor = 1.0;  // energy multiplier relative to the reference node
  std::string source;
};

struct TechNode {
  int nm = 45;
};

class EnergyTable {
 public:
  static EnergyTable builtin();
  // Parses a table file's text; errors (InputError) name `source` and the key path.
  static EnergyTable parse(std::string_view toml_text, const std::string& source);
  static EnergyTable load(const std::string& path);  // "" = built-in

  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  const std::string& source() const { return source_; }  // file it came from, or "<built-in>"
  int reference_nm() const { return reference_nm_; }
  double voltage_v() const { return voltage_v_; }

  // Technology nodes and their factors.
  const std::vector<NodeFactor>& nodes() const { return nodes_; }
  bool has_node(int nm) const;
  double node_factor(TechNode node) const;  // std::invalid_argument if the table lacks the node
  std::string node_list() const;            // "45, 32, 28, 22" for messages

  // Energy per action at the reference node, pJ. Widths follow action_counts.h.
  double add_pj(int width_a, int width_b) const;
  double mul_pj(int width_a, int width_b) const;
  double cmp_pj(int width_a, int width_b) const;
  double mux_pj(int width, int inputs) const;
  double shift_pj(int width, int amount_bits) const;
  double requant_pj(int width_in, int width_out) const;
  double rng_pj(int bits) const;
  double op_pj(const OpKey& key) const;  // dispatch on key.kind

  double memory_read_pj(const Memory& m) const;
  double memory_write_pj(const Memory& m) const;
  double sram_read_pj(std::uint64_t words, int word_bits) const;
  double sram_write_pj(std::uint64_t words, int word_bits) const;
  double registers_read_pj(std::uint64_t words, int word_bits) const;
  double registers_write_pj(int word_bits) const;

  // The parameters, for reports and tests.
  const AnchorCurve& add_curve() const { return add_; }
  const AnchorCurve& mul_curve() const { return mul_; }
  const AnchorCurve& sram_read_curve() const { return sram_read_; }
  const AnchorCurve& sram_write_curve() const { return sram_write_; }
  double cmp_fraction() const { return cmp_fraction_; }
  double mux_fraction() const { return mux_fraction_; }
  double requant_fraction() const { return requant_fraction_; }
  double flipflop_pj_per_bit() const { return flipflop_pj_per_bit_; }
  double xor_pj() const { return xor_pj_; }
  double rng_toggle_probability() const { return rng_toggle_probability_; }
  double rng_xors_per_bit() const { return rng_xors_per_bit_; }
  int sram_anchor_nm() const { return sram_anchor_nm_; }
  int sram_anchor_port_bits() const { return sram_anchor_port_bits_; }
  double sram_port_width_exponent() const { return sram_port_width_exponent_; }

 private:
  EnergyTable() = default;
  double sram_pj(const AnchorCurve& curve, std::uint64_t words, int word_bits) const;

  std::string name_, description_, source_;
  int reference_nm_ = 45;
  double voltage_v_ = 0.9;
  std::vector<NodeFactor> nodes_;
  AnchorCurve add_, mul_, sram_read_, sram_write_;
  double cmp_fraction_ = 0, mux_fraction_ = 0, requant_fraction_ = 0;
  double flipflop_pj_per_bit_ = 0, xor_pj_ = 0;
  double rng_toggle_probability_ = 0, rng_xors_per_bit_ = 0;
  int sram_anchor_nm_ = 0, sram_anchor_port_bits_ = 0;
  double sram_port_width_exponent_ = 0;
};

// The text of the built-in table file (for `fxprop energy --print-table`).
std::string_view builtin_table_toml();

}  // namespace fxprop::energy
