#include "model/energy/reckon_like.h"

#include <stdexcept>
#include <string>

namespace fxprop::energy {

namespace {
constexpr const char* kSource = "analytic: reckon-like (not simulated)";
constexpr std::uint64_t kPostsPerWord = 16;               // 16 x 8-bit weights per 128-bit word
constexpr std::uint64_t kNeuronWords = kReckonNeurons / 2;  // 2 neurons per 128-bit word
constexpr std::uint64_t kBlocks = kReckonNeurons / kPostsPerWord;  // 16 post blocks in a learning step
}  // namespace

MemoryMap reckon_like_memory_map() {
  MemoryMap m;
  m.synapses = kReckonInputs * kReckonNeurons + kReckonNeurons * kReckonNeurons + kReckonNeurons * kReckonOutputs;
  m.neurons = kReckonNeurons;
  m.memories.push_back(Memory{"neuron", MemoryKind::sram, kNeuronWords, 128,
                              {{"v", MemoryRole::neuron_state, kReckonNeurons * 16},
                               {"zbar_in", MemoryRole::learning_per_neuron, kReckonInputs * 12},
                               {"zbar_rec", MemoryRole::learning_per_neuron, kReckonNeurons * 12},
                               {"zbar_out", MemoryRole::learning_per_neuron, kReckonNeurons * 10}}});
  m.memories.push_back(Memory{"w_in", MemoryKind::sram, kReckonInputs * kReckonNeurons / kPostsPerWord, 128,
                              {{"w_in", MemoryRole::inference_weights, kReckonInputs * kReckonNeurons * 8}}});
  m.memories.push_back(Memory{"w_rec", MemoryKind::sram, kReckonNeurons * kReckonNeurons / kPostsPerWord, 128,
                              {{"w_rec", MemoryRole::inference_weights, kReckonNeurons * kReckonNeurons * 8}}});
  m.memories.push_back(Memory{"w_out", MemoryKind::sram, 512, 128,
                              {{"w_out", MemoryRole::inference_weights, kReckonNeurons * kReckonOutputs * 8}}});
  m.memories.push_back(Memory{"y", MemoryKind::registers, kReckonOutputs, 16,
                              {{"y", MemoryRole::neuron_state, kReckonOutputs * 16}}});
  return m;
}

ActionCounts reckon_like_counts(const ReckonLikeWorkload& w) {
  if (w.trials == 0 || w.timesteps_per_trial == 0) throw std::invalid_argument("reckon-like workload: trials and timesteps_per_trial must be >= 1");
  if (w.learning_timesteps_per_trial > w.timesteps_per_trial) {
    throw std::invalid_argument("reckon-like workload: learning_timesteps_per_trial exceeds timesteps_per_trial");
  }
  if (w.input_events_per_step > kReckonInputs || w.recurrent_spikes_per_step > kReckonNeurons ||
      w.input_events_per_step + w.recurrent_spikes_per_step > kReckonNeurons) {
    throw std::invalid_argument("reckon-like workload: more events per step than distinct source indices (256)");
  }
  ActionCounts c;
  c.source = kSource;
  c.lanes = static_cast<int>(kPostsPerWord);
  const std::uint64_t steps = w.trials * w.timesteps_per_trial;
  const std::uint64_t learn_steps = w.trials * w.learning_timesteps_per_trial;
  const std::uint64_t in_ev = w.input_events_per_step;
  const std::uint64_t rec_ev = w.recurrent_spikes_per_step;
  const std::uint64_t active = in_ev + rec_ev;  // distinct active source indices per step
  const std::uint64_t n = kReckonNeurons;
  const std::uint64_t sops_per_step = active * n;

  c.events.trials = w.trials;
  c.events.timesteps = steps;
  c.events.learning_timesteps = learn_steps;
  c.events.synaptic_events = steps * sops_per_step;
  c.events.weight_updates = learn_steps * kReckonWeights;

  // Integrate: scan of 256 event flags, then 256 cycles per active index.
  PhaseCounts& in = c.phase(Phase::integrate);
  in.cycles = steps * (n + n * active);
  in.read("neuron", steps * active * kNeuronWords);
  in.write("neuron", steps * active * kNeuronWords);
  in.read("w_in", steps * in_ev * (n / kPostsPerWord));
  in.read("w_rec", steps * rec_ev * (n / kPostsPerWord));
  in.op(OpKind::shift, 16, 3, steps * sops_per_step);    // weight << fixed-point location (0..7)
  in.op(OpKind::add, 16, 16, steps * sops_per_step);     // membrane + weight
  in.op(OpKind::requant, 17, 16, steps * sops_per_step); // saturation to 16 bits

  // Readout: output membranes integrate W_out rows of spiking neurons; leak once a step.
  PhaseCounts& ro = c.phase(Phase::readout);
  ro.read("w_out", steps * rec_ev);
  ro.op(OpKind::shift, 16, 3, steps * rec_ev * kReckonOutputs);
  ro.op(OpKind::add, 16, 16, steps * rec_ev * kReckonOutputs);
  ro.op(OpKind::requant, 17, 16, steps * rec_ev * kReckonOutputs);
  ro.write("y", steps * rec_ev * kReckonOutputs);
  ro.op(OpKind::mul, 16, 8, steps * kReckonOutputs);      // y x kappa (8-bit)
  ro.op(OpKind::rng, 7, 0, steps * kReckonOutputs);       // stochastic rounding of the leak
  ro.op(OpKind::add, 24, 7, steps * kReckonOutputs);
  ro.op(OpKind::requant, 24, 16, steps * kReckonOutputs);
  ro.write("y", steps * kReckonOutputs);

  // Neuron step: leak, threshold, reset, 2 neurons per word.
  PhaseCounts& ne = c.phase(Phase::neuron);
  ne.cycles = steps * n;
  ne.read("neuron", steps * kNeuronWords);
  ne.write("neuron", steps * kNeuronWords);
  ne.op(OpKind::mul, 16, 17, steps * n);      // v x alpha (1.15 unsigned, signed 17-bit operand)
  ne.op(OpKind::rng, 15, 0, steps * n);       // stochastic rounding of the leak
  ne.op(OpKind::add, 32, 15, steps * n);      // + random bits
  ne.op(OpKind::requant, 33, 16, steps * n);  // back to 16 bits
  ne.op(OpKind::cmp, 16, 16, steps * n);      // v > thr
  ne.op(OpKind::add, 16, 16, steps * n);      // reset by subtraction

  // Traces: leaks every step (input and recurrent traces by alpha, output traces by
  // kappa), increments on events; memory accesses are those of the neuron phase/integrate.
  PhaseCounts& tr = c.phase(Phase::traces);
  tr.op(OpKind::mul, 12, 17, steps * 2 * n);
  tr.op(OpKind::rng, 15, 0, steps * 2 * n);
  tr.op(OpKind::add, 28, 15, steps * 2 * n);
  tr.op(OpKind::requant, 29, 12, steps * 2 * n);
  tr.op(OpKind::mul, 10, 8, steps * n);
  tr.op(OpKind::rng, 7, 0, steps * n);
  tr.op(OpKind::add, 18, 7, steps * n);
  tr.op(OpKind::requant, 19, 10, steps * n);
  tr.op(OpKind::add, 12, 12, steps * (in_ev + rec_ev));  // input / recurrent trace increments
  tr.op(OpKind::requant, 13, 12, steps * (in_ev + rec_ev));
  tr.op(OpKind::add, 10, 10, steps * rec_ev);            // output trace increments
  tr.op(OpKind::requant, 11, 10, steps * rec_ev);

  // Learning signal: per recurrent neuron, L = sat(sum_k err_k x W_out[j][k] << scale);
  // output errors once per learning step. Cycles: the 16 x 32 post-block cycles.
  PhaseCounts& ls = c.phase(Phase::learning_signal);
  ls.cycles = learn_steps * kBlocks * 32;
  ls.op(OpKind::add, 16, 16, learn_steps * kReckonOutputs);       // err = y - target
  ls.op(OpKind::mul, 16, 8, learn_steps * n * kReckonOutputs);    // err x W_out
  ls.op(OpKind::add, 28, 28, learn_steps * n * (kReckonOutputs - 1));
  ls.op(OpKind::shift, 44, 4, learn_steps * n);                   // learning-signal scale
  ls.op(OpKind::requant, 44, 16, learn_steps * n);

  // Weight update. The W_out row read serves the learning signal and the W_out update;
  // it is counted once, here, as part of W_out's read-modify-write.
  PhaseCounts& wu = c.phase(Phase::weight_update);
  wu.cycles = learn_steps * kBlocks * 2 * n;
  const std::uint64_t w_words = n * n / kPostsPerWord;  // per weight matrix
  const std::uint64_t w_io = kReckonInputs * n + n * n;  // input + recurrent weights
  const std::uint64_t w_out = n * kReckonOutputs;
  wu.read("neuron", learn_steps * (kNeuronWords + kBlocks * kNeuronWords));  // posts' h/traces + pre traces per block
  wu.op(OpKind::cmp, 16, 16, learn_steps * n * 4);                           // 5-segment h(v)
  wu.read("w_in", learn_steps * w_words);
  wu.write("w_in", learn_steps * w_words);
  wu.read("w_rec", learn_steps * w_words);
  wu.write("w_rec", learn_steps * w_words);
  wu.read("w_out", learn_steps * n);
  wu.write("w_out", learn_steps * n);
  wu.op(OpKind::mul, 16, 13, learn_steps * w_io);   // L x trace
  wu.op(OpKind::mul, 29, 5, learn_steps * w_io);    // x h
  wu.op(OpKind::shift, 32, 5, learn_steps * w_io * 2);
  wu.op(OpKind::cmp, 32, 32, learn_steps * w_io);
  wu.op(OpKind::rng, 32, 0, learn_steps * w_io);
  wu.op(OpKind::mul, 16, 11, learn_steps * w_out);  // err x output trace
  wu.op(OpKind::shift, 28, 5, learn_steps * w_out * 2);
  wu.op(OpKind::cmp, 28, 28, learn_steps * w_out);
  wu.op(OpKind::rng, 28, 0, learn_steps * w_out);
  wu.op(OpKind::add, 8, 8, learn_steps * (w_io + w_out));      // +-1 LSB
  wu.op(OpKind::requant, 9, 8, learn_steps * (w_io + w_out));  // saturation

  c.cycles = c.total().cycles;  // ReckOn's phases run one after the other
  return c;
}

}  // namespace fxprop::energy
