#include "model/sweep/results.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "model/sweep/hash.h"

namespace fxprop::sweep {

namespace {

constexpr std::string_view kPrefix = "{\"crc32\":\"";
constexpr std::string_view kMiddle = "\",\"record\":";
constexpr std::size_t kBodyStart = kPrefix.size() + 8 + kMiddle.size();

bool is_hex8(std::string_view s) {
  if (s.size() != 8) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

std::string encode_line(const nlohmann::json& record) {
  const std::string body = record.dump();
  return std::string(kPrefix) + hex32(crc32(body)) + std::string(kMiddle) + body + "}\n";
}

Results parse_results(const std::string& text, const std::string& name, const std::string& base_hash) {
  Results out;
  std::size_t pos = 0;
  std::size_t line_no = 0;
  auto fail = [&](const std::string& why) -> void {
    throw ResultsError(fmt::format("results file {}: line {}: {}; the file was left unchanged (move it away to start "
                                   "afresh, or repair the line)",
                                   name, line_no, why));
  };
  while (pos < text.size()) {
    ++line_no;
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) {
      fail(fmt::format("truncated: the last {} bytes have no end of line (a write was cut short)", text.size() - pos));
    }
    const std::string_view line(text.data() + pos, nl - pos);
    pos = nl + 1;
    if (line.size() < kBodyStart + 1 || line.substr(0, kPrefix.size()) != kPrefix ||
        !is_hex8(line.substr(kPrefix.size(), 8)) || line.substr(kPrefix.size() + 8, kMiddle.size()) != kMiddle ||
        line.back() != '}') {
      const std::string head(line.substr(0, 40));
      fail(fmt::format("not a sweep results record (expected {{\"crc32\":\"<8 hex>\",\"record\":...}}, found \"{}{}\")", head,
                       line.size() > 40 ? "..." : ""));
    }
    const std::string_view body = line.substr(kBodyStart, line.size() - kBodyStart - 1);
    const std::string stored(line.substr(kPrefix.size(), 8));
    const std::string computed = hex32(crc32(body));
    if (stored != computed) fail(fmt::format("checksum mismatch (stored {}, computed {}): the line is corrupt", stored, computed));
    nlohmann::json rec = nlohmann::json::parse(body, nullptr, false);
    if (rec.is_discarded() || !rec.is_object()) fail("the record is not a JSON object");
    if (line_no == 1) {
      if (rec.value("kind", "") != "header" || rec.value("format", "") != kResultsFormat) {
        fail(fmt::format("the first line is not a {} header", kResultsFormat));
      }
      if (rec.value("version", 0) != kResultsVersion) {
        fail(fmt::format("format version {} (this fxprop reads version {})", rec.value("version", 0), kResultsVersion));
      }
      if (rec.value("base_hash", "") != base_hash) {
        fail(fmt::format("made from another base configuration (base hash {}, this sweep's is {}): use another --out",
                         rec.value("base_hash", ""), base_hash));
      }
      continue;
    }
    if (rec.value("kind", "") != "point" || !rec.contains("key") || !rec["key"].is_string() || !rec.contains("metrics")) {
      fail("not a point record (kind \"point\" with key and metrics)");
    }
    const std::string key = rec["key"].get<std::string>();
    if (out.count(key) > 0) fail(fmt::format("duplicate record of point '{}'", key));
    out.emplace(key, std::move(rec));
  }
  return out;
}

ResultsLog::ResultsLog(const std::filesystem::path& file, const std::string& base_hash) : file_(file) {
  fd_ = ::open(file.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw ResultsError(fmt::format("results file {}: cannot open: {}", file.string(), errno_text()));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw ResultsError(fmt::format("results file {}: another fxprop sweep is writing it (locked)", file.string()));
  }
  std::string text;
  char buf[1 << 16];
  off_t off = 0;
  while (true) {
    const ssize_t n = ::pread(fd_, buf, sizeof buf, off);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string err = errno_text();
      ::close(fd_);
      fd_ = -1;
      throw ResultsError(fmt::format("results file {}: cannot read: {}", file.string(), err));
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    off += n;
  }
  try {
    records_ = parse_results(text, file.string(), base_hash);
    if (text.empty()) {
      write_line(encode_line({{"kind", "header"}, {"format", kResultsFormat}, {"version", kResultsVersion}, {"base_hash", base_hash}}));
      // Make the new directory entry durable too.
      const int dfd = ::open(file.parent_path().empty() ? "." : file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
      }
    }
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    throw;
  }
}

ResultsLog::~ResultsLog() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

void ResultsLog::write_line(const std::string& line) {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) throw ResultsError(fmt::format("results file {}: cannot stat: {}", file_.string(), errno_text()));
  ssize_t n = 0;
  do {
    n = ::write(fd_, line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(line.size())) {
    const std::string err = n < 0 ? errno_text() : "short write (disk full?)";
    if (::ftruncate(fd_, st.st_size) != 0) {
      throw ResultsError(fmt::format("results file {}: write failed ({}) and the partial line could not be removed", file_.string(), err));
    }
    throw ResultsError(fmt::format("results file {}: write failed: {}", file_.string(), err));
  }
  if (::fsync(fd_) != 0) throw ResultsError(fmt::format("results file {}: fsync failed: {}", file_.string(), errno_text()));
}

void ResultsLog::append(const nlohmann::json& record) {
  const std::string key = record.at("key").get<std::string>();
  if (records_.count(key) > 0) throw ResultsError(fmt::format("results file {}: point '{}' is already recorded", file_.string(), key));
  write_line(encode_line(record));
  records_.emplace(key, record);
}

}  // namespace fxprop::sweep
