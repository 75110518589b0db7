// Checksums and identity hashes of the sweep driver.
//   crc32   CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib's crc32): per-line
//           checksum of the results log, catches truncation and bit rot.
//   fnv1a64 FNV-1a, 64 bits: identity of a configuration or point (not cryptographic; a
//           collision needs ~2^32 distinct configurations).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fxprop::sweep {

std::uint32_t crc32(std::string_view data);
std::uint64_t fnv1a64(std::string_view data);
// Fixed-width lower-case hex: 8 digits for 32 bits, 16 for 64.
std::string hex32(std::uint32_t v);
std::string hex64(std::uint64_t v);

}  // namespace fxprop::sweep
