// The parsed, validated configuration of the float golden model: [network],
// [init], [learning], [optimizer], [train], [export] (and [task] via
// tasks::parse_task_config). The fixed-point model reads the same structs.
//
// Units: one time step = 1 ms; time constants in ms (= steps); rates in Hz.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "model/config/config_reader.h"
#include "model/tasks/task_config.h"

namespace fxprop::golden {

// (a) pattern-generation LIF: (1 - alpha) input scaling, no refractoriness, no adaptation.
// (b) Bellec et al. Eq. 25 LIF/ALIF: no input scaling, refractoriness, adaptive threshold,
//     reset by the baseline threshold.
// rate: leaky tanh rate units (Murray 2019).
enum class NeuronForm { kA, kB, kRate };
enum class SpikeTest { kGreater, kGreaterEqual };  // z = H(v - A): '>' (TensorFlow) or '>=' (NEST)
// Derivative of tanh in the rate network's gradients (RFLO and BPTT):
//   kExact     1 - tanh(u)^2
//   kNotebook  1 / cosh(10 tanh(u / 10))^2, the overflow-safe variant of Murray's notebook
//              (within 0.51 % of 1 - tanh(u)^2 for |u| <= 1, 19 % for |u| <= 3)
enum class TanhDerivative { kExact, kNotebook };

struct NetworkConfig {
  int n_in = 100;
  int n_rec = 100;
  int n_alif = 0;  // the last n_alif recurrent neurons are ALIF (form b only)
  int n_out = 1;
  NeuronForm form = NeuronForm::kA;
  SpikeTest spike_test = SpikeTest::kGreater;
  double tau_m = 30.0;     // membrane time constant, ms
  double tau_a = 2000.0;   // threshold-adaptation time constant, ms
  double tau_out = 30.0;   // readout time constant, ms
  double thr = 0.03;       // baseline threshold
  double beta = 0.0;       // threshold adaptation strength of ALIF neurons
  double gamma = 0.3;      // pseudo-derivative amplitude (dampening factor)
  int n_ref = 0;           // refractory counter value after a spike (form b)
  double rate_tau = 10.0;  // rate network time constant, steps
  double rate_h0 = 0.1;    // rate network initial state of every unit
  // W_rec diagonal: false = zero (no autapses; the e-prop reference, every spiking form),
  // true = drawn and trained like every other weight (Murray's notebook; rate form only).
  bool autapses = false;
  TanhDerivative tanh_derivative = TanhDerivative::kExact;

  int n_lif() const { return n_rec - n_alif; }
  bool spiking() const { return form != NeuronForm::kRate; }
};

// Per-step decay factors derived from the time constants (dt = 1 ms).
struct Decays {
  double alpha;  // exp(-1/tau_m)
  double rho;    // exp(-1/tau_a)
  double kappa;  // exp(-1/tau_out)
};
Decays decays(const NetworkConfig& net);
// Factor on the synaptic current and on the presynaptic traces: 1 - alpha (form a), 1 (form b).
double input_scale(const NetworkConfig& net);
// Per-neuron adaptation strength: 0 for the n_lif LIF neurons, beta for the ALIF ones.
std::vector<double> neuron_beta(const NetworkConfig& net);

enum class WeightDistribution { kNormal, kUniform };        // N(0,1) or U(-1,1), times the scale
enum class FeedbackNormalisation { kSqrtNRec, kSqrtNOut, kNone };

struct InitConfig {
  // W_in ~ D * w_in_gain / sqrt(n_in), W_rec ~ N(0,1) * w_rec_gain / sqrt(n_rec) (zero diagonal
  // unless network.autapses),
  // W_out ~ D * w_out_gain / sqrt(n_rec), B ~ N(0,1) * b_gain / sqrt(n_rec | n_out | 1).
  double w_in_gain = 1.0;
  WeightDistribution w_in_distribution = WeightDistribution::kNormal;
  double w_rec_gain = 1.0;
  double w_out_gain = 1.0;
  WeightDistribution w_out_distribution = WeightDistribution::kNormal;
  double b_gain = 1.0;
  FeedbackNormalisation b_normalisation = FeedbackNormalisation::kSqrtNRec;
  // .npy files that replace the random values (empty: generate). Relative paths
  // are resolved against the directory of the configuration file.
  std::filesystem::path w_in, w_rec, w_out, b, input, target;
};

enum class Rule { kEprop, kBptt, kRflo };
enum class Feedback { kSymmetric, kRandom, kAdaptive };
enum class Eligibility { kExact, kFactorised };
enum class BpttGradient { kFull, kStopZ };
enum class ClassificationLoss { kCrossEntropy, kMse };
enum class LossReduction { kSum, kMean };
enum class Schedule { kPerBatch, kOnline };

struct LearningConfig {
  Rule rule = Rule::kEprop;
  Feedback feedback = Feedback::kRandom;
  Eligibility eligibility = Eligibility::kExact;
  BpttGradient bptt_gradient = BpttGradient::kFull;
  ClassificationLoss classification_loss = ClassificationLoss::kCrossEntropy;
  LossReduction loss_reduction = LossReduction::kSum;
  double c_reg = 300.0;
  double f0_hz = 10.0;
  Schedule schedule = Schedule::kPerBatch;
  bool train_in = true;
  bool train_rec = true;
  bool train_out = true;
};

enum class OptimizerKind { kSgd, kAdam };

struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::kSgd;
  double lr = 1e-4;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;  // decoupled, on W_out (and B with adaptive feedback)
};

enum class StopRule { kValidation, kTrainingBatch };

struct TrainConfig {
  std::int64_t iterations = 2000;
  int batch = 1;
  int threads = 0;  // 0: all hardware threads
  int eval_trials = 1;
  double stop_below_error = 0.0;  // classification: stop once the error rate is below this (0: never)
  // How the error below stop_below_error is detected and confirmed:
  //   kValidation (the authors' TensorFlow tutorial): before training step k, if k % validate_every == 0,
  //     measure a fresh validation batch of validation_trials; while the latest such error is below the
  //     threshold (k > 0), measure confirm_batches further fresh batches of validation_trials and stop
  //     (after k training steps) if their mean error is below it too.
  //   kTrainingBatch: after each training step whose batch (measured before the update) is below the
  //     threshold, confirm on confirm_batches x batch fresh validation trials.
  StopRule stop_rule = StopRule::kValidation;
  int validate_every = 10;
  int validation_trials = 64;
  int confirm_batches = 8;
};

struct ExportConfig {
  bool weights = true;
  bool gradients = false;
  bool spikes = false;
  bool membranes = false;
  bool readout = true;
  int record_trials = 1;
};

struct GoldenConfig {
  std::uint64_t seed = 1;       // run.seed: weight initialisation
  std::uint64_t task_seed = 1;  // task.seed, or run.seed when task.seed = -1
  tasks::TaskConfig task;
  NetworkConfig network;
  InitConfig init;
  LearningConfig learning;
  OptimizerConfig optimizer;
  TrainConfig train;
  ExportConfig exports;
};

// Parses and cross-checks every section above. `config_dir` resolves relative
// .npy paths (the directory of the configuration file). Throws ConfigError.
GoldenConfig parse_config(const config::Document& doc, const std::filesystem::path& config_dir);

// The directory relative .npy paths of `doc` refer to.
std::filesystem::path config_directory(const config::Document& doc);

const char* rule_name(Rule r);

}  // namespace fxprop::golden
