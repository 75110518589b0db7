#include "model/golden/golden_config.h"

#include <cmath>

#include <fmt/format.h>

namespace fxprop::golden {

Decays decays(const NetworkConfig& net) {
  return Decays{std::exp(-1.0 / net.tau_m), std::exp(-1.0 / net.tau_a), std::exp(-1.0 / net.tau_out)};
}

double input_scale(const NetworkConfig& net) { return net.form == NeuronForm::kA ? 1.0 - decays(net).alpha : 1.0; }

std::vector<double> neuron_beta(const NetworkConfig& net) {
  std::vector<double> beta(static_cast<std::size_t>(net.n_rec), 0.0);
  for (int j = net.n_lif(); j < net.n_rec; ++j) beta[static_cast<std::size_t>(j)] = net.beta;
  return beta;
}

const char* rule_name(Rule r) {
  switch (r) {
    case Rule::kEprop: return "eprop";
    case Rule::kBptt: return "bptt";
    case Rule::kRflo: return "rflo";
  }
  return "?";
}

std::filesystem::path config_directory(const config::Document& doc) {
  const std::string& src = doc.source_name();
  if (src.empty() || src.front() == '<') return std::filesystem::current_path();
  return std::filesystem::absolute(std::filesystem::path(src)).parent_path();
}

namespace {

constexpr std::int64_t kMaxUnits = 1'000'000;

NetworkConfig parse_network(const config::Section& s) {
  NetworkConfig n;
  const std::string form = s.get_choice("neuron_form", {"a", "b", "rate"});
  n.form = form == "a" ? NeuronForm::kA : form == "b" ? NeuronForm::kB : NeuronForm::kRate;
  n.n_in = static_cast<int>(s.get_int("n_in", 1, kMaxUnits));
  n.n_rec = static_cast<int>(s.get_int("n_rec", 1, kMaxUnits));
  n.n_alif = static_cast<int>(s.get_int("n_alif", 0, kMaxUnits));
  n.n_out = static_cast<int>(s.get_int("n_out", 1, kMaxUnits));
  n.spike_test = s.get_choice("spike_test", {">", ">="}) == ">" ? SpikeTest::kGreater : SpikeTest::kGreaterEqual;
  n.tau_m = s.get_double("tau_m", 0.0, 1e12, true);
  n.tau_a = s.get_double("tau_a", 0.0, 1e12, true);
  n.tau_out = s.get_double("tau_out", 0.0, 1e12, true);
  n.thr = s.get_double("thr", 0.0, 1e12, true);
  n.beta = s.get_double("beta", 0.0, 1e12);
  n.gamma = s.get_double("gamma", 0.0, 1e12);
  n.n_ref = static_cast<int>(s.get_int("n_ref", 0, 1'000'000));
  n.rate_tau = s.get_double("rate_tau", 1.0, 1e12);
  n.rate_h0 = s.get_double("rate_h0", -1.0, 1.0);
  const std::string diagonal = s.get_choice("w_rec_diagonal", {"auto", "zero", "free"});
  n.autapses = diagonal == "free" || (diagonal == "auto" && n.form == NeuronForm::kRate);
  n.tanh_derivative = s.get_choice("tanh_derivative", {"exact", "notebook"}) == "exact" ? TanhDerivative::kExact : TanhDerivative::kNotebook;
  if (n.autapses && n.form != NeuronForm::kRate) {
    s.fail("w_rec_diagonal", "\"free\"", "must be \"auto\" or \"zero\" for spiking neurons (the e-prop reference has no autapses; only neuron_form = \"rate\" keeps the diagonal)");
  }
  if (n.n_alif > n.n_rec) {
    s.fail("n_alif", std::to_string(n.n_alif), fmt::format("must be <= {} = {}", s.field("n_rec"), n.n_rec));
  }
  if (n.n_alif > 0 && n.form != NeuronForm::kB) {
    s.fail("n_alif", std::to_string(n.n_alif), "must be 0 unless neuron_form = \"b\" (only form b has adaptive neurons)");
  }
  if (n.n_ref > 0 && n.form == NeuronForm::kA) {
    s.fail("n_ref", std::to_string(n.n_ref), "must be 0 for neuron_form = \"a\" (form a has no refractory period; use form b)");
  }
  return n;
}

WeightDistribution parse_distribution(const config::Section& s, const char* key) {
  return s.get_choice(key, {"normal", "uniform"}) == "normal" ? WeightDistribution::kNormal : WeightDistribution::kUniform;
}

std::filesystem::path parse_path(const config::Section& s, const char* key, const std::filesystem::path& dir) {
  const std::string p = s.get_string(key);
  if (p.empty()) return {};
  const std::filesystem::path path(p);
  return path.is_absolute() ? path : dir / path;
}

InitConfig parse_init(const config::Section& s, const std::filesystem::path& dir) {
  InitConfig c;
  c.w_in_gain = s.get_double("w_in_gain", 0.0, 1e6);
  c.w_in_distribution = parse_distribution(s, "w_in_distribution");
  c.w_rec_gain = s.get_double("w_rec_gain", 0.0, 1e6);
  c.w_out_gain = s.get_double("w_out_gain", 0.0, 1e6);
  c.w_out_distribution = parse_distribution(s, "w_out_distribution");
  c.b_gain = s.get_double("b_gain", 0.0, 1e6);
  const std::string norm = s.get_choice("b_normalisation", {"sqrt_n_rec", "sqrt_n_out", "none"});
  c.b_normalisation = norm == "sqrt_n_rec"   ? FeedbackNormalisation::kSqrtNRec
                      : norm == "sqrt_n_out" ? FeedbackNormalisation::kSqrtNOut
                                             : FeedbackNormalisation::kNone;
  c.w_in = parse_path(s, "w_in", dir);
  c.w_rec = parse_path(s, "w_rec", dir);
  c.w_out = parse_path(s, "w_out", dir);
  c.b = parse_path(s, "b", dir);
  c.input = parse_path(s, "input", dir);
  c.target = parse_path(s, "target", dir);
  return c;
}

LearningConfig parse_learning(const config::Section& s) {
  LearningConfig c;
  const std::string rule = s.get_choice("rule", {"eprop", "bptt", "rflo"});
  c.rule = rule == "eprop" ? Rule::kEprop : rule == "bptt" ? Rule::kBptt : Rule::kRflo;
  const std::string fb = s.get_choice("feedback", {"symmetric", "random", "adaptive"});
  c.feedback = fb == "symmetric" ? Feedback::kSymmetric : fb == "random" ? Feedback::kRandom : Feedback::kAdaptive;
  c.eligibility = s.get_choice("eligibility", {"exact", "factorised"}) == "exact" ? Eligibility::kExact : Eligibility::kFactorised;
  c.bptt_gradient = s.get_choice("bptt_gradient", {"full", "stop_z"}) == "full" ? BpttGradient::kFull : BpttGradient::kStopZ;
  c.classification_loss = s.get_choice("classification_loss", {"cross_entropy", "mse"}) == "cross_entropy"
                              ? ClassificationLoss::kCrossEntropy
                              : ClassificationLoss::kMse;
  c.loss_reduction = s.get_choice("loss_reduction", {"sum", "mean"}) == "sum" ? LossReduction::kSum : LossReduction::kMean;
  c.c_reg = s.get_double("c_reg", 0.0, 1e12);
  c.f0_hz = s.get_double("f0_hz", 0.0, 1000.0);
  c.schedule = s.get_choice("schedule", {"per_batch", "online"}) == "per_batch" ? Schedule::kPerBatch : Schedule::kOnline;
  c.train_in = s.get_bool("train_in");
  c.train_rec = s.get_bool("train_rec");
  c.train_out = s.get_bool("train_out");
  return c;
}

OptimizerConfig parse_optimizer(const config::Section& s) {
  OptimizerConfig c;
  c.kind = s.get_choice("name", {"sgd", "adam"}) == "sgd" ? OptimizerKind::kSgd : OptimizerKind::kAdam;
  c.lr = s.get_double("lr", 0.0, 1e6, true);
  c.beta1 = s.get_double("beta1", 0.0, 0.999999999);
  c.beta2 = s.get_double("beta2", 0.0, 0.999999999);
  c.eps = s.get_double("eps", 0.0, 1.0, true);
  c.weight_decay = s.get_double("weight_decay", 0.0, 1e6);
  return c;
}

TrainConfig parse_train(const config::Section& s) {
  TrainConfig c;
  c.iterations = s.get_int("iterations", 0, 1'000'000'000'000);
  c.batch = static_cast<int>(s.get_int("batch", 1, 1'000'000));
  c.threads = static_cast<int>(s.get_int("threads", 0, 4096));
  c.eval_trials = static_cast<int>(s.get_int("eval_trials", 0, 10'000'000));
  c.stop_below_error = s.get_double("stop_below_error", 0.0, 1.0);
  c.stop_rule = s.get_choice("stop_rule", {"validation", "training_batch"}) == "validation" ? StopRule::kValidation : StopRule::kTrainingBatch;
  c.validate_every = static_cast<int>(s.get_int("validate_every", 1, 1'000'000));
  c.validation_trials = static_cast<int>(s.get_int("validation_trials", 1, 1'000'000));
  c.confirm_batches = static_cast<int>(s.get_int("confirm_batches", 1, 1'000'000));
  return c;
}

ExportConfig parse_export(const config::Section& s) {
  ExportConfig c;
  c.weights = s.get_bool("weights");
  c.gradients = s.get_bool("gradients");
  c.spikes = s.get_bool("spikes");
  c.membranes = s.get_bool("membranes");
  c.readout = s.get_bool("readout");
  c.record_trials = static_cast<int>(s.get_int("record_trials", 0, 100'000));
  return c;
}

}  // namespace

GoldenConfig parse_config(const config::Document& doc, const std::filesystem::path& config_dir) {
  GoldenConfig c;
  c.seed = static_cast<std::uint64_t>(doc.section("run").get_int("seed", 0, INT64_MAX));
  c.task = tasks::parse_task_config(doc);
  c.task_seed = c.task.seed < 0 ? c.seed : static_cast<std::uint64_t>(c.task.seed);
  const config::Section net = doc.section("network");
  c.network = parse_network(net);
  const config::Section init = doc.section("init");
  c.init = parse_init(init, config_dir);
  const config::Section learning = doc.section("learning");
  c.learning = parse_learning(learning);
  c.optimizer = parse_optimizer(doc.section("optimizer"));
  const config::Section train = doc.section("train");
  c.train = parse_train(train);
  const config::Section exp = doc.section("export");
  c.exports = parse_export(exp);

  // Relations between sections.
  const char* task = tasks::task_name_string(c.task.name);
  if (auto need = tasks::required_inputs(c.task); need && *need != c.network.n_in) {
    net.fail("n_in", std::to_string(c.network.n_in), fmt::format("must be {} for task \"{}\" (4 groups of task.evidence_accumulation.population = {})",
                                                                  *need, task, c.task.evidence_accumulation.population));
  }
  if (c.task.name == tasks::TaskName::kStoreRecall && c.network.n_in < 4) {
    net.fail("n_in", std::to_string(c.network.n_in), "must be >= 4 for task \"store_recall\" (4 input groups: bit 0, bit 1, store, recall)");
  }
  if (auto need = tasks::required_outputs(c.task); need && *need != c.network.n_out) {
    net.fail("n_out", std::to_string(c.network.n_out), fmt::format("must be {} for task \"{}\"", *need, task));
  }
  const Rule rule = c.learning.rule;
  if (rule == Rule::kEprop && !c.network.spiking()) {
    learning.fail("rule", "\"eprop\"", "e-prop needs spiking neurons: set network.neuron_form = \"a\" or \"b\" (or use rule = \"rflo\" for rate units)");
  }
  if (rule == Rule::kRflo && c.network.spiking()) {
    learning.fail("rule", "\"rflo\"", "RFLO needs rate units: set network.neuron_form = \"rate\" (or use rule = \"eprop\" for spiking neurons)");
  }
  if (c.learning.schedule == Schedule::kOnline) {
    if (rule == Rule::kBptt) learning.fail("schedule", "\"online\"", "BPTT needs the whole trial before it can update: use schedule = \"per_batch\"");
    if (c.train.batch != 1) {
      train.fail("batch", std::to_string(c.train.batch), "must be 1 with learning.schedule = \"online\" (weights change every step)");
    }
  }
  if (!c.learning.train_in && !c.learning.train_rec && !c.learning.train_out && c.train.iterations > 0) {
    learning.fail("train_out", "false", "at least one of train_in, train_rec, train_out must be true");
  }
  if (!c.init.b.empty() && c.learning.feedback == Feedback::kSymmetric) {
    init.fail("b", '"' + c.init.b.string() + '"', "must be empty with learning.feedback = \"symmetric\" (B = W_out)");
  }
  if ((!c.init.input.empty() || !c.init.target.empty()) && !tasks::is_frozen(c.task.name)) {
    init.fail(c.init.input.empty() ? "target" : "input", '"' + (c.init.input.empty() ? c.init.target : c.init.input).string() + '"',
              fmt::format("must be empty for task \"{}\": only the frozen tasks (pattern_generation, periodic_output) take their trial from files", task));
  }
  const bool records = c.exports.spikes || c.exports.membranes || c.exports.readout;
  if (records && c.exports.record_trials > c.train.eval_trials) {
    exp.fail("record_trials", std::to_string(c.exports.record_trials),
             fmt::format("must be <= train.eval_trials = {} (recorded trials are the first evaluation trials)", c.train.eval_trials));
  }
  if (c.exports.gradients && c.learning.schedule == Schedule::kOnline) {
    exp.fail("gradients", "true", "must be false with learning.schedule = \"online\" (there is no batch gradient)");
  }
  if (c.train.stop_below_error > 0.0 && !tasks::is_classification(c.task.name)) {
    train.fail("stop_below_error", fmt::format("{}", c.train.stop_below_error), fmt::format("must be 0 for the regression task \"{}\"", task));
  }
  return c;
}

}  // namespace fxprop::golden
