#include "tools/fxprop/fixed_outputs.h"

#include <string>

#include "model/fixed/stats_report.h"
#include "model/io/npy.h"

namespace fxprop::cli {

namespace {

void write_raw(io::OutputDir& out, const std::string& name, const Matrix<std::int64_t>& m) {
  const std::string bytes = io::encode_npy(m);
  out.write_binary(name, bytes.data(), bytes.size());
}

// (trials, T, units) stack of one recorded raw field.
template <class Member>
void write_raw_stack(io::OutputDir& out, const std::string& name, const std::vector<fixed::RawRecord>& records, Member member) {
  if (records.empty() || (records.front().*member).empty()) return;
  const Matrix<std::int64_t>& first = records.front().*member;
  std::vector<std::int64_t> data;
  data.reserve(records.size() * first.size());
  for (const fixed::RawRecord& r : records) data.insert(data.end(), (r.*member).values().begin(), (r.*member).values().end());
  const std::string bytes = io::encode_npy_int64({records.size(), first.rows(), first.cols()}, data.data());
  out.write_binary(name, bytes.data(), bytes.size());
}

void write_weights(io::OutputDir& out, const std::string& prefix, const fixed::SynapseState& s) {
  write_raw(out, prefix + "w_in_raw.npy", s.w_in);
  write_raw(out, prefix + "w_rec_raw.npy", s.w_rec);
  write_raw(out, prefix + "w_out_raw.npy", s.w_out);
  if (!s.b.empty()) write_raw(out, prefix + "b_raw.npy", s.b);
}

}  // namespace

void write_fixed_outputs(io::OutputDir& out, const golden::ExportConfig& x, const fixed::Trainer& trainer,
                         const fixed::SynapseState& initial, const std::vector<fixed::RawRecord>& records, const std::string& prefix) {
  const fixed::Core& core = trainer.core();
  const nlohmann::json stats =
      fixed::stats_json(trainer.fixed_config(), trainer.constants(), core.datapath(), core.sites(), trainer.initial_quantisation());
  out.write_text(prefix + "fixed_stats.json", stats.dump(2) + "\n");
  if (x.weights) {
    write_weights(out, prefix + "initial_", initial);
    write_weights(out, prefix + "final_", core.synapses());
  }
  const fixed::SynapseState& acc = trainer.last_accumulators();
  if (x.gradients && !acc.acc_in.empty()) {
    write_raw(out, prefix + "gradient_w_in_raw.npy", acc.acc_in);
    write_raw(out, prefix + "gradient_w_rec_raw.npy", acc.acc_rec);
    write_raw(out, prefix + "gradient_w_out_raw.npy", acc.acc_out);
  }
  if (x.membranes) {
    write_raw_stack(out, prefix + "v_raw.npy", records, &fixed::RawRecord::v);
    write_raw_stack(out, prefix + "adaptation_raw.npy", records, &fixed::RawRecord::a);
    write_raw_stack(out, prefix + "psi_raw.npy", records, &fixed::RawRecord::psi);
  }
  if (x.readout) {
    write_raw_stack(out, prefix + "y_raw.npy", records, &fixed::RawRecord::y);
    write_raw_stack(out, prefix + "target_raw.npy", records, &fixed::RawRecord::ystar);
    write_raw_stack(out, prefix + "err_raw.npy", records, &fixed::RawRecord::err);
    write_raw_stack(out, prefix + "learning_signal_raw.npy", records, &fixed::RawRecord::l);
  }
}

nlohmann::json fixed_metrics(const fixed::Trainer& trainer) {
  const fixed::FixedConfig& fx = trainer.fixed_config();
  nlohmann::json formats;
  for (int s = 0; s < fixed::kSiteCount; ++s) formats[fixed::key(static_cast<fixed::Site>(s))] = fx.site_spec[static_cast<std::size_t>(s)].str();
  for (int v = 0; v < fixed::kHostValueCount; ++v) {
    formats[fixed::key(static_cast<fixed::HostValue>(v))] = fx.host_format[static_cast<std::size_t>(v)].str();
  }
  nlohmann::json j;
  j["formats"] = formats;
  j["lr_mode"] = fx.lr_mode == fixed::LrMode::kShift ? "shift" : "multiplier";
  j["exact_type"] = trainer.core().datapath().narrow ? "int64" : "int128";
  j["statistics"] = fx.stats ? "fixed_stats.json" : "off";
  return j;
}

}  // namespace fxprop::cli
