#include "model/io/npy.h"

#include <cstring>
#include <fstream>
#include <sstream>

namespace fxprop::io {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicLength = 6;

[[noreturn]] void fail(std::string_view name, const std::string& what) {
  throw NpyError(std::string(name) + ": " + what);
}

std::size_t checked_product(const std::vector<std::size_t>& shape, std::string_view name) {
  std::size_t n = 1;
  for (std::size_t d : shape) {
    if (d != 0 && n > SIZE_MAX / d) fail(name, "array shape " + shape_string(shape) + " is too large");
    n *= d;
  }
  return n;
}

// Value of `key` in the header dictionary: the text after "'key':" up to the
// matching end (a quoted string, a parenthesised tuple, or a bare word).
std::string dict_value(const std::string& dict, const std::string& key, std::string_view name) {
  const std::string quoted1 = "'" + key + "'";
  const std::string quoted2 = "\"" + key + "\"";
  std::size_t pos = dict.find(quoted1);
  std::size_t len = quoted1.size();
  if (pos == std::string::npos) {
    pos = dict.find(quoted2);
    len = quoted2.size();
  }
  if (pos == std::string::npos) fail(name, "header has no '" + key + "' entry");
  pos = dict.find(':', pos + len);
  if (pos == std::string::npos) fail(name, "malformed header entry '" + key + "'");
  ++pos;
  while (pos < dict.size() && dict[pos] == ' ') ++pos;
  if (pos >= dict.size()) fail(name, "malformed header entry '" + key + "'");
  const char open = dict[pos];
  std::size_t end = std::string::npos;
  if (open == '\'' || open == '"') {
    end = dict.find(open, pos + 1);
    if (end == std::string::npos) fail(name, "malformed header entry '" + key + "'");
    return dict.substr(pos + 1, end - pos - 1);
  }
  if (open == '(') {
    end = dict.find(')', pos);
    if (end == std::string::npos) fail(name, "malformed header entry '" + key + "'");
    return dict.substr(pos, end - pos + 1);
  }
  end = dict.find_first_of(",}", pos);
  std::string v = dict.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
  while (!v.empty() && v.back() == ' ') v.pop_back();
  return v;
}

std::vector<std::size_t> parse_shape(const std::string& tuple, std::string_view name) {
  std::vector<std::size_t> shape;
  std::size_t i = 1;  // after '('
  while (i < tuple.size()) {
    while (i < tuple.size() && (tuple[i] == ' ' || tuple[i] == ',')) ++i;
    if (i >= tuple.size() || tuple[i] == ')') break;
    std::size_t v = 0;
    bool digits = false;
    while (i < tuple.size() && tuple[i] >= '0' && tuple[i] <= '9') {
      const std::size_t d = static_cast<std::size_t>(tuple[i] - '0');
      if (v > (SIZE_MAX - d) / 10) fail(name, "shape " + tuple + " is too large");
      v = v * 10 + d;
      digits = true;
      ++i;
    }
    if (!digits) fail(name, "cannot read the shape " + tuple);
    shape.push_back(v);
  }
  return shape;
}

bool host_is_little_endian() {
  const std::uint16_t one = 1;
  unsigned char b = 0;
  std::memcpy(&b, &one, 1);
  return b == 1;
}

template <class T>
T load_as(const unsigned char* p, bool swap) {
  unsigned char buf[sizeof(T)];
  std::memcpy(buf, p, sizeof(T));
  if (swap) {
    for (std::size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(buf[i], buf[sizeof(T) - 1 - i]);
  }
  T v;
  std::memcpy(&v, buf, sizeof(T));
  return v;
}

double element(const NpyHeader& h, const unsigned char* p, bool swap) {
  switch (h.kind) {
    case 'f': return h.item_size == 8 ? load_as<double>(p, swap) : static_cast<double>(load_as<float>(p, swap));
    case 'b': return *p != 0 ? 1.0 : 0.0;
    case 'i':
      switch (h.item_size) {
        case 1: return static_cast<double>(load_as<std::int8_t>(p, false));
        case 2: return static_cast<double>(load_as<std::int16_t>(p, swap));
        case 4: return static_cast<double>(load_as<std::int32_t>(p, swap));
        default: return static_cast<double>(load_as<std::int64_t>(p, swap));
      }
    default:
      switch (h.item_size) {
        case 1: return static_cast<double>(load_as<std::uint8_t>(p, false));
        case 2: return static_cast<double>(load_as<std::uint16_t>(p, swap));
        case 4: return static_cast<double>(load_as<std::uint32_t>(p, swap));
        default: return static_cast<double>(load_as<std::uint64_t>(p, swap));
      }
  }
}

std::string read_file_bytes(const std::filesystem::path& path, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NpyError(path.string() + ": cannot be opened (missing or unreadable)");
  std::string bytes;
  if (limit == 0) {
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  } else {
    bytes.resize(limit);
    in.read(bytes.data(), static_cast<std::streamsize>(limit));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
  }
  return bytes;
}

std::string header_text(const std::vector<std::size_t>& shape, const char* descr) {
  std::string s = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    s += std::to_string(shape[i]);
    if (shape.size() == 1 || i + 1 < shape.size()) s += shape.size() == 1 ? "," : ", ";
  }
  s += "), }";
  // Pad with spaces and end with '\n' so that magic + version + length + header is a multiple of 64.
  const std::size_t total = kMagicLength + 2 + 2 + s.size() + 1;
  s.append((64 - total % 64) % 64, ' ');
  s += '\n';
  return s;
}

std::string encode(const std::vector<std::size_t>& shape, const char* descr, const void* data, std::size_t item_size) {
  const std::string header = header_text(shape, descr);
  if (header.size() > 65535) throw NpyError("array has too many dimensions for a version 1.0 .npy header");
  std::size_t n = 1;
  for (std::size_t d : shape) n *= d;
  std::string out(kMagic, kMagicLength);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>((header.size() >> 8) & 0xff);
  out += header;
  const std::size_t offset = out.size();
  out.resize(offset + n * item_size);
  if (n > 0) std::memcpy(out.data() + offset, data, n * item_size);
  return out;
}

}  // namespace

std::size_t NpyHeader::element_count() const {
  std::size_t n = 1;
  for (std::size_t d : shape) n *= d;
  return n;
}

std::string shape_string(const std::vector<std::size_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

NpyHeader parse_npy_header(std::string_view bytes, std::string_view name) {
  if (bytes.size() < kMagicLength + 2 || std::memcmp(bytes.data(), kMagic, kMagicLength) != 0) {
    fail(name, "not a .npy file (missing the \\x93NUMPY magic string)");
  }
  const auto u8 = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(bytes[i])); };
  const std::size_t major = u8(kMagicLength);
  std::size_t header_len = 0;
  std::size_t offset = 0;
  if (major == 1) {
    if (bytes.size() < 10) fail(name, "truncated .npy header");
    header_len = u8(8) | (u8(9) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) fail(name, "truncated .npy header");
    header_len = u8(8) | (u8(9) << 8) | (u8(10) << 16) | (u8(11) << 24);
    offset = 12;
  } else {
    fail(name, "unsupported .npy format version " + std::to_string(major) + "." + std::to_string(u8(kMagicLength + 1)));
  }
  if (bytes.size() < offset + header_len) fail(name, "truncated .npy header");
  const std::string dict(bytes.substr(offset, header_len));

  NpyHeader h;
  h.data_offset = offset + header_len;
  const std::string descr = dict_value(dict, "descr", name);
  const std::string supported = "supported: float64, float32, int8/16/32/64, uint8/16/32/64, bool";
  if (descr.size() < 3 || (descr[0] != '<' && descr[0] != '>' && descr[0] != '|' && descr[0] != '=')) {
    fail(name, "dtype '" + descr + "' is not supported (" + supported + ")");
  }
  h.byte_order = descr[0] == '=' ? (host_is_little_endian() ? '<' : '>') : descr[0];
  h.kind = descr[1];
  const std::string size_text = descr.substr(2);
  const bool size_ok = size_text == "1" || size_text == "2" || size_text == "4" || size_text == "8";
  h.item_size = size_ok ? static_cast<std::size_t>(size_text[0] - '0') : 0;
  const bool ok = size_ok && ((h.kind == 'f' && (h.item_size == 4 || h.item_size == 8)) ||
                              ((h.kind == 'i' || h.kind == 'u')) || (h.kind == 'b' && h.item_size == 1));
  if (!ok) fail(name, "dtype '" + descr + "' is not supported (" + supported + ")");

  const std::string fortran = dict_value(dict, "fortran_order", name);
  if (fortran == "True") {
    h.fortran_order = true;
  } else if (fortran == "False") {
    h.fortran_order = false;
  } else {
    fail(name, "header entry 'fortran_order' is '" + fortran + "', expected True or False");
  }
  const std::string shape = dict_value(dict, "shape", name);
  if (shape.empty() || shape.front() != '(') fail(name, "header entry 'shape' is '" + shape + "', expected a tuple");
  h.shape = parse_shape(shape, name);
  (void)checked_product(h.shape, name);
  return h;
}

NpyArray parse_npy(std::string_view bytes, std::string_view name) {
  const NpyHeader h = parse_npy_header(bytes, name);
  const std::size_t n = checked_product(h.shape, name);
  if (n > SIZE_MAX / h.item_size) fail(name, "array is too large");
  const std::size_t need = n * h.item_size;
  const std::size_t have = bytes.size() - h.data_offset;
  if (have < need) {
    fail(name, "truncated: the header promises " + std::to_string(need) + " bytes of data for shape " +
                   shape_string(h.shape) + ", the file has " + std::to_string(have));
  }
  const bool file_little = h.byte_order != '>';
  const bool swap = h.item_size > 1 && h.byte_order != '|' && file_little != host_is_little_endian();
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data() + h.data_offset);

  NpyArray a;
  a.shape = h.shape;
  a.values.resize(n);
  if (!h.fortran_order || h.shape.size() < 2) {
    for (std::size_t k = 0; k < n; ++k) a.values[k] = element(h, data + k * h.item_size, swap);
    return a;
  }
  // Fortran order: the first index varies fastest in the file. Walk the file in
  // its order, keeping the multi-index, and place each value at its C offset.
  const std::size_t d = h.shape.size();
  std::vector<std::size_t> c_stride(d, 1);
  for (std::size_t k = d - 1; k > 0; --k) c_stride[k - 1] = c_stride[k] * h.shape[k];
  std::vector<std::size_t> idx(d, 0);
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t c_offset = 0;
    for (std::size_t q = 0; q < d; ++q) c_offset += idx[q] * c_stride[q];
    a.values[c_offset] = element(h, data + k * h.item_size, swap);
    for (std::size_t q = 0; q < d; ++q) {
      if (++idx[q] < h.shape[q]) break;
      idx[q] = 0;
    }
  }
  return a;
}

NpyHeader read_npy_header(const std::filesystem::path& path) {
  // A version 1/2 header is at most 12 + 4 GiB in theory; real headers are small.
  std::string bytes = read_file_bytes(path, 1 << 16);
  const auto u8 = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(bytes[i])); };
  if (bytes.size() >= 12 && (u8(6) == 2 || u8(6) == 3)) {
    const std::size_t len = u8(8) | (u8(9) << 8) | (u8(10) << 16) | (u8(11) << 24);
    if (len + 12 > bytes.size()) bytes = read_file_bytes(path, len + 12);
  }
  return parse_npy_header(bytes, path.string());
}

NpyArray read_npy(const std::filesystem::path& path) { return parse_npy(read_file_bytes(path, 0), path.string()); }

namespace {
void check_2d(const std::vector<std::size_t>& shape, std::size_t rows, std::size_t cols, std::string_view what,
              const std::filesystem::path& path) {
  if (shape.size() != 2 || shape[0] != rows || shape[1] != cols) {
    throw NpyError(std::string(what) + " = \"" + path.string() + "\": array has shape " + shape_string(shape) +
                   ", the configuration needs " + shape_string({rows, cols}));
  }
}
}  // namespace

Matrix<double> read_npy_matrix(const std::filesystem::path& path, std::size_t rows, std::size_t cols, std::string_view what) {
  NpyArray a;
  try {
    a = read_npy(path);
  } catch (const NpyError& e) {
    throw NpyError(std::string(what) + ": " + e.what());
  }
  check_2d(a.shape, rows, cols, what, path);
  Matrix<double> m(rows, cols);
  std::copy(a.values.begin(), a.values.end(), m.data());
  return m;
}

void check_npy_matrix(const std::filesystem::path& path, std::size_t rows, std::size_t cols, std::string_view what) {
  NpyHeader h;
  try {
    h = read_npy_header(path);
  } catch (const NpyError& e) {
    throw NpyError(std::string(what) + ": " + e.what());
  }
  check_2d(h.shape, rows, cols, what, path);
}

std::string encode_npy(const std::vector<std::size_t>& shape, const double* data) {
  static_assert(sizeof(double) == 8, "IEEE double expected");
  if (!host_is_little_endian()) throw NpyError("writing .npy on a big-endian host is not supported");
  return encode(shape, "<f8", data, 8);
}

std::string encode_npy_bool(const std::vector<std::size_t>& shape, const std::uint8_t* data) {
  return encode(shape, "|b1", data, 1);
}

std::string encode_npy(const Matrix<double>& m) { return encode_npy({m.rows(), m.cols()}, m.data()); }

std::string encode_npy_int64(const std::vector<std::size_t>& shape, const std::int64_t* data) {
  if (!host_is_little_endian()) throw NpyError("writing .npy on a big-endian host is not supported");
  return encode(shape, "<i8", data, 8);
}

std::string encode_npy(const Matrix<std::int64_t>& m) { return encode_npy_int64({m.rows(), m.cols()}, m.data()); }

}  // namespace fxprop::io
