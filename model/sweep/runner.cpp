#include "model/sweep/runner.h"

#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace fxprop::sweep {

void ThreadExecutor::run(const std::vector<Point>& batch, const RecordSink& sink) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;  // serialises the sink and the first exception
  std::exception_ptr error;
  auto worker = [&] {
    while (!failed.load()) {
      const std::size_t i = next.fetch_add(1);
      if (i >= batch.size()) return;
      try {
        nlohmann::json record = evaluate_(batch[i]);
        const std::lock_guard<std::mutex> lock(mutex);
        if (!failed.load()) sink(batch[i], std::move(record));
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mutex);
        if (!error) error = std::current_exception();
        failed.store(true);
      }
    }
  };
  const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(jobs_), batch.size());
  if (n <= 1) {
    worker();
  } else {
    std::vector<std::thread> threads;
    threads.reserve(n);
    for (std::size_t t = 0; t < n; ++t) threads.emplace_back(worker);
    for (std::thread& t : threads) t.join();
  }
  if (error) std::rethrow_exception(error);
}

std::size_t drive(const Planner& planner, Executor& executor, Results& done, const RecordSink& sink) {
  std::size_t evaluated = 0;
  while (true) {
    const std::vector<Point> batch = planner.pending(done);
    if (batch.empty()) return evaluated;
    executor.run(batch, [&](const Point& p, nlohmann::json record) {
      const std::string key = p.key();
      if (record.value("key", "") != key) throw std::logic_error("sweep: record key differs from its point: " + key);
      if (done.count(key) > 0) throw std::logic_error("sweep: point evaluated twice: " + key);
      sink(p, record);
      done.emplace(key, std::move(record));
      ++evaluated;
    });
    for (const Point& p : batch) {
      if (done.count(p.key()) == 0) throw std::logic_error("sweep: executor returned without point " + p.key());
    }
  }
}

}  // namespace fxprop::sweep
