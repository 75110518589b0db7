// CSV tables (comma-separated, header line, numbers in shortest round-trip form).
#pragma once

#include <string>
#include <vector>

namespace fxprop::io {

// columns[c][r] is row r of column c; all columns have the same length.
std::string csv_table(const std::vector<std::string>& header, const std::vector<std::vector<double>>& columns);

}  // namespace fxprop::io
