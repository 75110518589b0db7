// Runs fn(index, worker) for index in [0, count) on `threads` std::threads
// (worker in [0, threads)); indices are handed out dynamically. Callers keep
// results per index and combine them in index order, so the outcome does not
// depend on the thread count. The first exception thrown by fn is rethrown.
#pragma once

#include <cstddef>
#include <functional>

namespace fxprop::golden {

void parallel_for(std::size_t count, int threads, const std::function<void(std::size_t, int)>& fn);

// threads <= 0: std::thread::hardware_concurrency() (at least 1).
int resolve_thread_count(int threads);

}  // namespace fxprop::golden
