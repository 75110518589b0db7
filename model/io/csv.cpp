#include "model/io/csv.h"

#include <stdexcept>

#include <fmt/format.h>

namespace fxprop::io {

std::string csv_table(const std::vector<std::string>& header, const std::vector<std::vector<double>>& columns) {
  if (header.size() != columns.size()) throw std::invalid_argument("csv_table: header and columns differ in count");
  const std::size_t rows = columns.empty() ? 0 : columns.front().size();
  for (const auto& c : columns) {
    if (c.size() != rows) throw std::invalid_argument("csv_table: columns differ in length");
  }
  std::string out = fmt::format("{}\n", fmt::join(header, ","));
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      out += fmt::format(c == 0 ? "{}" : ",{}", columns[c][r]);
    }
    out += '\n';
  }
  return out;
}

}  // namespace fxprop::io
