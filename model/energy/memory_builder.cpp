#include "model/energy/memory_builder.h"

#include <stdexcept>
#include <string>

namespace fxprop::energy {

namespace {

constexpr int kMaxNeurons = 1 << 20;

void check_range(const char* field, long long v, long long lo, long long hi) {
  if (v < lo || v > hi) {
    throw std::invalid_argument(std::string("core.") + field + " = " + std::to_string(v) + ": must be in [" +
                                std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
}

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) { return (a + b - 1) / b; }

class Builder {
 public:
  explicit Builder(const CoreDescription& c) : core_(c) {}

  // A [rows][cols] memory of `bits`-bit entries, P entries per word.
  void add(const std::string& name, MemoryRole role, std::uint64_t rows, std::uint64_t cols, int bits) {
    if (rows == 0 || cols == 0) return;
    const auto p = static_cast<std::uint64_t>(core_.lanes);
    Memory m;
    m.name = name;
    m.words = rows * ceil_div(cols, p);
    m.word_bits = static_cast<int>(p) * bits;
    m.kind = m.words < core_.min_sram_words ? MemoryKind::registers : MemoryKind::sram;
    m.fields.push_back(MemoryField{name, role, rows * cols * static_cast<std::uint64_t>(bits)});
    map_.memories.push_back(std::move(m));
  }
  // A per-neuron (or per-source) memory of n entries.
  void add(const std::string& name, MemoryRole role, std::uint64_t n, int bits) { add(name, role, 1, n, bits); }

  MemoryMap take() { return std::move(map_); }

 private:
  const CoreDescription& core_;
  MemoryMap map_;
};

}  // namespace

int refractory_counter_bits(int n_ref) {
  int bits = 0;
  while ((1LL << bits) <= n_ref) ++bits;  // counts n_ref down to 0: needs values 0..n_ref
  return bits;
}

MemoryMap build_memory_map(const CoreDescription& c) {
  check_range("n_in", c.n_in, 1, kMaxNeurons);
  check_range("n_rec", c.n_rec, 1, kMaxNeurons);
  check_range("n_out", c.n_out, 1, kMaxNeurons);
  check_range("n_alif", c.n_alif, 0, c.n_rec);
  check_range("n_ref", c.n_ref, 0, kMaxNeurons);
  check_range("lanes", c.lanes, 1, 1024);
  const VariableBits& b = c.bits;
  const std::pair<const char*, int> widths[] = {
      {"bits.w_in", b.w_in}, {"bits.w_rec", b.w_rec}, {"bits.w_out", b.w_out}, {"bits.b", b.b},
      {"bits.i_syn", b.i_syn}, {"bits.v", b.v}, {"bits.a", b.a}, {"bits.y", b.y},
      {"bits.zbar", b.zbar}, {"bits.zbar_out", b.zbar_out}, {"bits.psi", b.psi}, {"bits.l", b.l},
      {"bits.err", b.err}, {"bits.ebar", b.ebar}, {"bits.eps_a", b.eps_a}, {"bits.grad_acc", b.grad_acc},
  };
  for (const auto& [field, w] : widths) check_range(field, w, 1, 64);

  const auto n_in = static_cast<std::uint64_t>(c.n_in);
  const auto n_rec = static_cast<std::uint64_t>(c.n_rec);
  const auto n_out = static_cast<std::uint64_t>(c.n_out);
  const auto n_alif = static_cast<std::uint64_t>(c.n_alif);

  Builder m(c);
  m.add("w_in", MemoryRole::inference_weights, n_in, n_rec, b.w_in);
  m.add("w_rec", MemoryRole::inference_weights, n_rec, n_rec, b.w_rec);
  m.add("w_out", MemoryRole::inference_weights, n_rec, n_out, b.w_out);

  m.add("i_syn", MemoryRole::neuron_state, n_rec, b.i_syn);
  m.add("v", MemoryRole::neuron_state, n_rec, b.v);
  m.add("a", MemoryRole::neuron_state, n_alif, b.a);
  m.add("r", MemoryRole::neuron_state, c.n_ref > 0 ? n_rec : 0, refractory_counter_bits(c.n_ref));
  m.add("y", MemoryRole::neuron_state, n_out, b.y);

  m.add("zbar_in", MemoryRole::learning_per_neuron, n_in, b.zbar);
  m.add("zbar_rec", MemoryRole::learning_per_neuron, n_rec, b.zbar);
  m.add("zbar_out", MemoryRole::learning_per_neuron, n_rec, b.zbar_out);
  m.add("psi", MemoryRole::learning_per_neuron, n_rec, b.psi);
  m.add("l", MemoryRole::learning_per_neuron, n_rec, b.l);
  m.add("err", MemoryRole::learning_per_neuron, n_out, b.err);

  if (c.feedback == FeedbackKind::random) m.add("b", MemoryRole::learning_other, n_rec, n_out, b.b);

  if (c.variant == LearningVariant::exact) {
    m.add("ebar_in", MemoryRole::learning_per_synapse, n_in, n_rec, b.ebar);
    m.add("ebar_rec", MemoryRole::learning_per_synapse, n_rec, n_rec, b.ebar);
    m.add("eps_a_in", MemoryRole::learning_per_synapse, n_in, n_alif, b.eps_a);
    m.add("eps_a_rec", MemoryRole::learning_per_synapse, n_rec, n_alif, b.eps_a);
  }
  if (c.schedule == UpdateSchedule::per_trial) {
    m.add("grad_acc_in", MemoryRole::learning_per_synapse, n_in, n_rec, b.grad_acc);
    m.add("grad_acc_rec", MemoryRole::learning_per_synapse, n_rec, n_rec, b.grad_acc);
    m.add("grad_acc_out", MemoryRole::learning_per_synapse, n_rec, n_out, b.grad_acc);
  }

  MemoryMap map = m.take();
  map.synapses = n_in * n_rec + n_rec * n_rec + n_rec * n_out;
  map.neurons = n_rec;
  map.validate("<memory builder>");
  return map;
}

}  // namespace fxprop::energy
