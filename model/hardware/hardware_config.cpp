#include "model/hardware/hardware_config.h"

#include <limits>
#include <string>

namespace fxprop::hardware {

namespace {

bool is_power_of_two(std::int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

}  // namespace

HardwareConfig parse_hardware_config(const config::Section& s) {
  HardwareConfig h;
  const std::int64_t lanes = s.get_int("lanes", 1, 1024);
  if (!is_power_of_two(lanes)) {
    s.fail("lanes", std::to_string(lanes), "a power of two in [1, 1024] (lane l of a word is post w * lanes + l)");
  }
  h.lanes = static_cast<int>(lanes);
  // Sizes up to 2^16: the RTL's address map has 12 row bits per region (4096 rows), a
  // model may explore beyond it; the bound only rejects absurd values.
  h.n_in_max = static_cast<int>(s.get_int("n_in_max", 1, 65536));
  h.n_rec_max = static_cast<int>(s.get_int("n_rec_max", 1, 65536));
  h.n_out_max = static_cast<int>(s.get_int("n_out_max", 1, 65536));
  h.n_ref_max = static_cast<int>(s.get_int("n_ref_max", 0, 65535));
  h.lr_shift_max = static_cast<int>(s.get_int("lr_shift_max", 0, 62));
  h.memory_read_latency = static_cast<int>(s.get_int("memory_read_latency", 1, 16));
  h.execute_stages = static_cast<int>(s.get_int("execute_stages", 1, 16));
  h.min_sram_words = static_cast<std::uint64_t>(s.get_int("min_sram_words", 0, std::int64_t{1} << 40));
  h.clock_mhz = s.get_double("clock_mhz", 0.0, 1e5, /*min_exclusive=*/true);
  return h;
}

HardwareConfig parse_hardware_config(const config::Document& doc) {
  return parse_hardware_config(doc.section("hardware"));
}

void check_network_fits(const config::Document& doc, const HardwareConfig& hw) {
  const config::Section net = doc.section("network");
  struct Size {
    const char* key;
    int max;
    const char* hw_key;
  };
  const Size sizes[] = {{"n_in", hw.n_in_max, "n_in_max"}, {"n_rec", hw.n_rec_max, "n_rec_max"},
                        {"n_out", hw.n_out_max, "n_out_max"}, {"n_ref", hw.n_ref_max, "n_ref_max"}};
  for (const Size& sz : sizes) {
    const std::int64_t v = net.get_int(sz.key, 0, std::numeric_limits<std::int64_t>::max());
    if (v > sz.max) {
      net.fail(sz.key, std::to_string(v),
               "at most hardware." + std::string(sz.hw_key) + " = " + std::to_string(sz.max) +
                   " (the core's memories are sized for it; raise hardware." + sz.hw_key + ")");
    }
  }
}

}  // namespace fxprop::hardware
