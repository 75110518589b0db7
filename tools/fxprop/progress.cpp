#include "tools/fxprop/progress.h"

#include <algorithm>

namespace fxprop::cli {

Progress::Progress(std::ostream& out, std::int64_t total, bool terminal, std::string label)
    : out_(out), total_(std::max<std::int64_t>(total, 1)), terminal_(terminal), label_(std::move(label)) {}

void Progress::draw(std::int64_t done, const std::string& status) {
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(kWidth * std::min(done, total_) / total_);
  out_ << '\r' << label_ << " [" << std::string(static_cast<std::size_t>(filled), '#')
       << std::string(static_cast<std::size_t>(kWidth - filled), ' ') << "] " << done << '/' << total_ << "  " << status
       << "\x1b[K" << std::flush;
}

void Progress::update(std::int64_t done, const std::string& status) {
  if (terminal_) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(100) && done < total_) return;
    last_draw_ = now;
    draw(done, status);
    return;
  }
  if (done < next_line_ && done < total_) return;
  next_line_ = done + std::max<std::int64_t>(total_ / 10, 1);
  out_ << label_ << ' ' << done << '/' << total_ << "  " << status << '\n' << std::flush;  // logs show progress live
}

void Progress::finish(const std::string& status) {
  if (terminal_) {
    draw(total_, status);
    out_ << '\n';
  } else {
    out_ << label_ << " done  " << status << '\n';
  }
  out_.flush();
}

}  // namespace fxprop::cli
