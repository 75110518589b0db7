// .npy reading and writing: round trips, every supported dtype and byte order,
// Fortran order, and clear errors for everything else.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "model/io/npy.h"

using namespace fxprop;
using namespace fxprop::io;

namespace {

// A version 1.0 file with the given dictionary text and raw data bytes; `pad`
// extra spaces make the header longer (numpy pads to a multiple of 64).
std::string npy_bytes(const std::string& dict, const std::string& data, std::size_t pad = 0) {
  std::string header = dict + std::string(pad, ' ');
  const std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header + data;
}

template <class T>
std::string raw(const std::vector<T>& v, bool big_endian = false) {
  std::string s(v.size() * sizeof(T), '\0');
  std::memcpy(s.data(), v.data(), s.size());
  if (big_endian) {
    for (std::size_t k = 0; k < v.size(); ++k) std::reverse(s.begin() + static_cast<long>(k * sizeof(T)), s.begin() + static_cast<long>((k + 1) * sizeof(T)));
  }
  return s;
}

std::string error_of(const std::string& bytes) {
  try {
    (void)parse_npy(bytes, "x.npy");
  } catch (const NpyError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("npy float64 round trip keeps shape and every bit", "[io][npy]") {
  Matrix<double> m(3, 4);
  for (std::size_t k = 0; k < m.size(); ++k) m.data()[k] = 0.1 * static_cast<double>(k) - 1e-300;
  const NpyArray a = parse_npy(encode_npy(m), "m.npy");
  CHECK(a.shape == std::vector<std::size_t>{3, 4});
  CHECK(a.values == m.values());
  const std::vector<double> v{1.5, -2.0};
  const std::string one_d = encode_npy({2}, v.data());
  CHECK(one_d.find("'shape': (2,)") != std::string::npos);
  CHECK(one_d.size() % 64 == 16);  // 64-byte aligned header, then 16 bytes of data
  CHECK(parse_npy(one_d, "v.npy").values == v);
  const std::vector<std::uint8_t> bits{1, 0, 1};
  CHECK(parse_npy(encode_npy_bool({3}, bits.data()), "b.npy").values == std::vector<double>{1, 0, 1});
}

TEST_CASE("npy reads float32, integers of both byte orders, bool and Fortran order as double", "[io][npy]") {
  CHECK(parse_npy(npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", raw<float>({0.5f, -3.25f})), "f")
            .values == std::vector<double>{0.5, -3.25});
  CHECK(parse_npy(npy_bytes("{'descr': '>i2', 'fortran_order': False, 'shape': (3,), }", raw<std::int16_t>({-2, 300, 7}, true)), "i")
            .values == std::vector<double>{-2, 300, 7});
  CHECK(parse_npy(npy_bytes("{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }", raw<std::uint64_t>({42})), "u").values ==
        std::vector<double>{42});
  CHECK(parse_npy(npy_bytes("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", std::string("\x01\x00", 2)), "b").values ==
        std::vector<double>{1, 0});
  // Fortran order: the file holds the columns of [[1, 2, 3], [4, 5, 6]].
  const NpyArray f = parse_npy(npy_bytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", raw<double>({1, 4, 2, 5, 3, 6})), "F");
  CHECK(f.shape == std::vector<std::size_t>{2, 3});
  CHECK(f.values == std::vector<double>{1, 2, 3, 4, 5, 6});
  // Keys in any order, and a header longer than 127 bytes (its length byte has the top bit set).
  const NpyArray g = parse_npy(npy_bytes("{'shape': (1, 2), 'fortran_order': False, 'descr': '<f8'}", raw<double>({7, 8}), 150), "G");
  CHECK(g.values == std::vector<double>{7, 8});
}

TEST_CASE("npy rejects unsupported dtypes, truncated data and non-npy files with the file name", "[io][npy]") {
  CHECK_THAT(error_of(npy_bytes("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", std::string(16, '\0'))),
             Catch::Contains("x.npy") && Catch::Contains("'<c16' is not supported"));
  CHECK_THAT(error_of(npy_bytes("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }", std::string(2, '\0'))),
             Catch::Contains("'<f2' is not supported"));
  CHECK_THAT(error_of(npy_bytes("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", std::string(8, '\0'))),
             Catch::Contains("not supported"));
  CHECK_THAT(error_of(npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", raw<double>({1, 2, 3}))),
             Catch::Contains("truncated") && Catch::Contains("32 bytes"));
  CHECK_THAT(error_of("PK\x03\x04 this is a zip"), Catch::Contains("not a .npy file"));
  CHECK_THAT(error_of(npy_bytes("{'descr': '<f8', 'shape': (1,), }", raw<double>({1}))), Catch::Contains("'fortran_order'"));
}

TEST_CASE("read_npy_matrix names the field, the file and both shapes on a mismatch", "[io][npy]") {
  namespace fs = std::filesystem;
  const fs::path p = fs::temp_directory_path() / ("fxprop_npy_" + std::to_string(::getpid()) + ".npy");
  Matrix<double> m(2, 5, 1.0);
  {
    std::ofstream f(p, std::ios::binary);
    const std::string b = encode_npy(m);
    f.write(b.data(), static_cast<std::streamsize>(b.size()));
  }
  CHECK(read_npy_matrix(p, 2, 5, "init.w_in") == m);
  try {
    (void)read_npy_matrix(p, 5, 2, "init.w_in");
    FAIL("no error");
  } catch (const NpyError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("init.w_in") && Catch::Contains(p.string()) &&
                                          Catch::Contains("(2, 5)") && Catch::Contains("(5, 2)"));
  }
  CHECK_THROWS_WITH(check_npy_matrix(p, 5, 2, "init.b"), Catch::Contains("init.b"));
  fs::remove(p);
  CHECK_THROWS_WITH(read_npy_matrix(p, 2, 5, "init.w_in"), Catch::Contains("cannot be opened"));
}
