// The results log of a sweep: DIR/results.jsonl, append-only, crash-safe.
//
// Every line is one JSON object of exactly this shape
//     {"crc32":"<8 hex>","record":<record>}\n
// where the CRC-32 covers the bytes of <record> as they appear in the line. A line
// is written by ONE write(2) on an O_APPEND descriptor followed by fsync(2), by the
// only writer (the process holds an exclusive flock on the file), so after a crash
// (Ctrl-C, kill -9) the file holds every completed record and no partial one: a
// point is either fully recorded or absent, and an absent point is simply computed
// again on resume. Anything else found on resume (a truncated last line after a
// power loss, a flipped byte, someone else's file) is reported with its line number
// and reason and the file is left untouched.
//
// The first line is the header record {"kind":"header","format":"fxprop-sweep-results",
// "version":1,"base_hash":...}; a log whose base hash differs from the sweep's was made
// from another base configuration, and is refused.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "model/sweep/plan.h"

namespace fxprop::sweep {

struct ResultsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline constexpr const char* kResultsFormat = "fxprop-sweep-results";
inline constexpr int kResultsVersion = 1;

// One complete line (with its '\n') for `record`.
std::string encode_line(const nlohmann::json& record);

// Parses and verifies the full text of a results log; records by key. Throws
// ResultsError naming `name`, the 1-based line and why.
Results parse_results(const std::string& text, const std::string& name, const std::string& base_hash);

class ResultsLog {
 public:
  // Opens or creates `file`, takes the lock, verifies every line (throws ResultsError)
  // and, for a new or empty file, writes the header.
  ResultsLog(const std::filesystem::path& file, const std::string& base_hash);
  ResultsLog(const ResultsLog&) = delete;
  ResultsLog& operator=(const ResultsLog&) = delete;
  ~ResultsLog();

  const Results& records() const { return records_; }
  // Appends one record (one write + fsync) and indexes it. Throws ResultsError on I/O failure
  // (the file is cut back to its previous length) or for a key already recorded.
  void append(const nlohmann::json& record);

 private:
  void write_line(const std::string& line);

  std::filesystem::path file_;
  int fd_ = -1;
  Results records_;
};

}  // namespace fxprop::sweep
