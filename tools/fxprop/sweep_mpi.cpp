#include "tools/fxprop/sweep_mpi.h"

#include <cstdlib>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>

#ifdef FXPROP_HAVE_MPI
#include <mpi.h>
#endif

namespace fxprop::cli::mpi {

int launched_size() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    if (const char* v = std::getenv(var)) {
      const int n = std::atoi(v);
      if (n >= 1) return n;
    }
  }
  return 1;
}

#ifndef FXPROP_HAVE_MPI

bool built_with_mpi() { return false; }
Session::Session() { throw std::runtime_error("this fxprop was built without MPI (FXPROP_WITH_MPI=OFF)"); }
Session::~Session() = default;
int Session::broadcast(int value) { return value; }
int Session::max_over_ranks(int value) { return value; }
std::unique_ptr<sweep::Executor> Session::coordinator() { throw std::logic_error("MPI not built"); }
void Session::stop_workers() {}
void Session::serve(const sweep::Evaluator&) {}
void Session::abort(int code) { std::exit(code); }

#else

bool built_with_mpi() { return true; }

namespace {

// Worker -> rank 0: the record of the previous point ("" on the first request).
constexpr int kTagResult = 1;
// Worker -> rank 0: an evaluation failed; the payload is the message.
constexpr int kTagError = 2;
// Rank 0 -> worker: a point (JSON) to evaluate.
constexpr int kTagWork = 3;
// Rank 0 -> worker: no more work.
constexpr int kTagStop = 4;

void send(const std::string& s, int dest, int tag) {
  MPI_Send(s.data(), static_cast<int>(s.size()), MPI_CHAR, dest, tag, MPI_COMM_WORLD);
}

std::string receive(int source, int tag, MPI_Status* status) {
  MPI_Status probe;
  MPI_Probe(source, tag, MPI_COMM_WORLD, &probe);
  int count = 0;
  MPI_Get_count(&probe, MPI_CHAR, &count);
  std::string s(static_cast<std::size_t>(count), '\0');
  MPI_Recv(s.data(), count, MPI_CHAR, probe.MPI_SOURCE, probe.MPI_TAG, MPI_COMM_WORLD, status);
  return s;
}

class Coordinator : public sweep::Executor {
 public:
  explicit Coordinator(std::vector<int>& idle) : idle_(idle) {}

  void run(const std::vector<sweep::Point>& batch, const sweep::RecordSink& sink) override {
    std::size_t next = 0;
    std::map<int, std::size_t> busy;  // worker rank -> index in batch
    auto give = [&](int worker) {
      if (next < batch.size()) {
        send(batch[next].to_json().dump(), worker, kTagWork);
        busy[worker] = next++;
      } else {
        idle_.push_back(worker);
      }
    };
    std::vector<int> waiting;
    waiting.swap(idle_);
    for (int w : waiting) give(w);
    while (next < batch.size() || !busy.empty()) {
      MPI_Status st;
      const std::string payload = receive(MPI_ANY_SOURCE, MPI_ANY_TAG, &st);
      const int worker = st.MPI_SOURCE;
      if (st.MPI_TAG == kTagError) {
        throw std::runtime_error("rank " + std::to_string(worker) + ": " + payload);
      }
      if (!payload.empty()) {
        const auto it = busy.find(worker);
        if (it == busy.end()) throw std::logic_error("MPI sweep: unexpected record from rank " + std::to_string(worker));
        const sweep::Point& p = batch[it->second];
        busy.erase(it);
        sink(p, nlohmann::json::parse(payload));
      }
      give(worker);
    }
  }

 private:
  std::vector<int>& idle_;
};

}  // namespace

Session::Session() {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised == 0) MPI_Init(nullptr, nullptr);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Session::~Session() {
  int finalised = 0;
  MPI_Finalized(&finalised);
  if (finalised == 0) MPI_Finalize();
}

int Session::broadcast(int value) {
  MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return value;
}

int Session::max_over_ranks(int value) {
  int out = value;
  MPI_Allreduce(&value, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return out;
}

std::unique_ptr<sweep::Executor> Session::coordinator() { return std::make_unique<Coordinator>(idle_); }

void Session::stop_workers() {
  // Idle workers get their stop now; the others once they ask for work.
  for (int w : idle_) send("", w, kTagStop);
  stopped_ += static_cast<int>(idle_.size());
  idle_.clear();
  while (stopped_ < size_ - 1) {
    MPI_Status st;
    (void)receive(MPI_ANY_SOURCE, MPI_ANY_TAG, &st);
    send("", st.MPI_SOURCE, kTagStop);
    ++stopped_;
  }
}

void Session::serve(const sweep::Evaluator& evaluate) {
  std::string result;  // empty: the first request
  while (true) {
    send(result, 0, kTagResult);
    MPI_Status st;
    const std::string payload = receive(0, MPI_ANY_TAG, &st);
    if (st.MPI_TAG == kTagStop) return;
    try {
      result = evaluate(sweep::Point::from_json(nlohmann::json::parse(payload))).dump();
    } catch (const std::exception& e) {
      send(e.what(), 0, kTagError);
      (void)receive(0, kTagStop, &st);  // rank 0 aborts every rank first
      return;
    }
  }
}

void Session::abort(int code) {
  std::cout.flush();
  std::cerr.flush();
  MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

#endif

}  // namespace fxprop::cli::mpi
