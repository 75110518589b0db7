// Renderings of an energy Report: JSON for machines (`fxprop energy --json`,
// energy.json) and a plain-text table for people.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "model/energy/estimate.h"

namespace fxprop::energy {

inline constexpr std::string_view kReportFormat = "fxprop-energy-report";
inline constexpr int kReportVersion = 1;

// `clock_mhz` (> 0) adds the average dynamic power at that clock.
nlohmann::json report_to_json(const Report& r, std::optional<double> clock_mhz);
std::string report_to_text(const Report& r, std::optional<double> clock_mhz);

}  // namespace fxprop::energy
