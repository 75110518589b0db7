// ANALYTIC, NOT SIMULATED. Action counts of a ReckOn-like core (Frenkel &
// Indiveri, ISSCC 2022: 256 inputs, 256 recurrent LIF, 16 outputs, 8-bit
// weights, factorised eligibility, stochastic +-1 LSB online updates) built by
// arithmetic from the cycle and access structure of its published RTL
// (srnn.v, as summarised in the project's hardware anchors), so that the
// estimator can be compared with ReckOn's measured 5.3 pJ/SOP and 0.8 %
// learning memory overhead before the SystemC model exists. Every count below
// is a formula of the workload; nothing here runs a network. Reports made
// from these counts carry the source "analytic: reckon-like (not simulated)".
//
// Structure assumed (derived from the RTL, not measured):
//   memories   neuron SRAM 128 x 128 bit (2 neurons per word: membrane 16 + traces
//              12 + 12 + 10 each), W_in and W_rec SRAMs 4096 x 128 bit (16 weights per
//              word), W_out SRAM 512 x 128 bit (8 KiB, half used), 16 output membranes
//              in flip-flops.
//   integrate  per active source index: 256 cycles, each neuron word read then written
//              (128 + 128 accesses), one weight word read every 16 posts (16 reads);
//              per SOP a run-time shift of the weight by the fixed-point location,
//              a 16-bit add and a saturation. Plus a 256-cycle scan of the event flags.
//              Inputs and recurrent spikes are assumed to fall on distinct indices.
//   readout    per recurrent spike: one W_out word read and 16 output-membrane adds;
//              per step: 16 output leaks (16x8 multiply, 7 random bits, rounding).
//   neuron     per step: 256 cycles, 128 + 128 neuron-word accesses; per neuron a
//              16x17 leak multiply with 15 random bits, threshold compare, reset.
//   traces     the trace leaks and increments share the neuron-word accesses above
//              (no extra memory access); their arithmetic is counted here.
//   learning   per learning step (target present), 8,704 cycles: 16 blocks of 16
//              posts; per block 32 cycles read the posts' neuron words and W_out rows
//              (learning signals L = sum err x W_out, pseudo-derivatives h, W_out
//              update) and 512 cycles read-modify-write one W_in and one W_rec word
//              per pre-synaptic row in parallel (re-reading that row's traces from the
//              neuron SRAM every other row). Per input/recurrent weight: L x trace x h
//              (16x13 then 29x5 multiplies), two learning-rate shifts, a 32-bit
//              compare with 32 random bits, a +-1 add with saturation. No row is
//              skipped (worst case; ReckOn can skip rows whose trace is zero).
//   Regularisation and the membrane noise LFSR are off.
#pragma once

#include <cstdint>

#include "model/energy/action_counts.h"
#include "model/energy/memory_map.h"

namespace fxprop::energy {

struct ReckonLikeWorkload {
  std::uint64_t trials = 1;
  std::uint64_t timesteps_per_trial = 100;
  std::uint64_t learning_timesteps_per_trial = 10;  // steps with a target present
  std::uint64_t input_events_per_step = 16;         // active input channels per step
  std::uint64_t recurrent_spikes_per_step = 16;     // recurrent spikes per step
};

// The published per-step cycle figures the counts must reproduce.
inline constexpr std::uint64_t kReckonNeurons = 256;
inline constexpr std::uint64_t kReckonInputs = 256;
inline constexpr std::uint64_t kReckonOutputs = 16;
inline constexpr std::uint64_t kReckonLearningStepCycles = 8704;
inline constexpr std::uint64_t kReckonWeights = 135168;

MemoryMap reckon_like_memory_map();
// std::invalid_argument if the workload is impossible (more events than
// channels, more learning steps than steps, zero trials or steps).
ActionCounts reckon_like_counts(const ReckonLikeWorkload& w);

}  // namespace fxprop::energy
