// NumPy .npy files (format versions 1.0, 2.0, 3.0; NEP 1 / numpy.lib.format).
//
// Reading converts any of float64, float32, int8..int64, uint8..uint64 and bool
// (either byte order) to double; Fortran-ordered arrays are transposed into C
// (row-major) order. Anything else (float16, complex, strings, objects,
// structured dtypes, pickles) is rejected with an error naming the file and the
// dtype. Writing produces version 1.0 little-endian C-order files.
//
// Why not xtensor's xt::load_npy: it reads the header length with signed chars
// (headers whose length byte is >= 128 are misread), it does not check that the
// data is complete (a truncated file yields uninitialised values), it requires
// the header keys in one order, and it converts no dtypes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/common/matrix.h"

namespace fxprop::io {

class NpyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct NpyHeader {
  char byte_order = '<';  // '<', '>' or '|'
  char kind = 'f';        // 'f' float, 'i' signed, 'u' unsigned, 'b' bool
  std::size_t item_size = 8;
  bool fortran_order = false;
  std::vector<std::size_t> shape;
  std::size_t data_offset = 0;  // bytes from the start of the file to the data
  std::size_t element_count() const;
};

struct NpyArray {
  std::vector<std::size_t> shape;
  std::vector<double> values;  // C order
};

// `name` only labels error messages.
NpyHeader parse_npy_header(std::string_view bytes, std::string_view name);
NpyArray parse_npy(std::string_view bytes, std::string_view name);

NpyHeader read_npy_header(const std::filesystem::path& path);
NpyArray read_npy(const std::filesystem::path& path);

// A 2-D array of the expected shape; errors name `what` (e.g. "init.w_in"), the
// file, and both shapes.
Matrix<double> read_npy_matrix(const std::filesystem::path& path, std::size_t rows, std::size_t cols, std::string_view what);
// Checks shape and dtype from the header only (no data read).
void check_npy_matrix(const std::filesystem::path& path, std::size_t rows, std::size_t cols, std::string_view what);

std::string encode_npy(const std::vector<std::size_t>& shape, const double* data);
std::string encode_npy_bool(const std::vector<std::size_t>& shape, const std::uint8_t* data);
std::string encode_npy(const Matrix<double>& m);
// int64 arrays (raw fixed-point integers): dtype '<i8'.
std::string encode_npy_int64(const std::vector<std::size_t>& shape, const std::int64_t* data);
std::string encode_npy(const Matrix<std::int64_t>& m);

std::string shape_string(const std::vector<std::size_t>& shape);

}  // namespace fxprop::io
