// Progress of a long loop: a redrawn bar on a terminal, plain lines otherwise
// (one every tenth of the work, so logs stay short and deterministic).
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace fxprop::cli {

class Progress {
 public:
  Progress(std::ostream& out, std::int64_t total, bool terminal, std::string label);
  // `done` units finished; `status` is shown after the counter (e.g. "loss 1.2e-3").
  void update(std::int64_t done, const std::string& status);
  // Final line (terminal: completes the bar and moves to the next line).
  void finish(const std::string& status);

 private:
  void draw(std::int64_t done, const std::string& status);

  std::ostream& out_;
  std::int64_t total_;
  bool terminal_;
  std::string label_;
  std::int64_t next_line_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace fxprop::cli
