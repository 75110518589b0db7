// `fxprop quantize`: requantise decimal values to a fixed-point format and show,
// per value, the stored raw (decimal and W-bit hex), the represented value and
// the error as exact decimals, and what happened (inexact, rounded to zero,
// overflow kind). Values are read as exact decimals (0.1 is the real 0.1) and go
// through the same Requantizer as the models.
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixedpoint/big.h"
#include "fixedpoint/decimal.h"
#include "fixedpoint/format.h"
#include "fixedpoint/lfsr.h"
#include "fixedpoint/modes.h"
#include "fixedpoint/stats.h"
#include "tools/fxprop/cli_common.h"
#include "tools/fxprop/commands.h"

namespace fxprop::cli {

namespace {

struct QuantizeOptions {
  std::string format, rounding, overflow, seed = "1";
  bool json = false;
  std::vector<std::string> values;
  std::vector<std::string> never_filled;
};

struct Row {
  std::string input;
  int64_t raw = 0;
  fxp::i128 value_raw = 0;  // true integer
  std::string hex, value, error;
  fxp::Stats st;
};

// Rethrows the library's message as bad input naming the option.
template <class F>
auto parse_option(const char* option, const std::string& text, F parse) {
  try {
    return parse(text);
  } catch (const fxp::FormatError& e) {
    throw BadInput(std::string(option) + ": " + e.what());
  }
}

uint64_t parse_seed(const std::string& text) {
  const std::string allowed = "; allowed: a decimal integer in 0..18446744073709551615";
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    throw BadInput("--seed '" + text + "': not a decimal integer" + allowed);
  }
  std::size_t used = 0;
  try {
    const unsigned long long v = std::stoull(text, &used, 10);
    return static_cast<uint64_t>(v);
  } catch (const std::out_of_range&) {
    throw BadInput("--seed '" + text + "': out of range" + allowed);
  }
}

std::string hex_of(int64_t raw, int width) {
  const uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
  std::ostringstream s;
  s << "0x" << std::hex;
  s.width((width + 3) / 4);
  s.fill('0');
  s << (static_cast<uint64_t>(raw) & mask);
  return s.str();
}

std::string flags_of(const fxp::Stats& st) {
  std::string f;
  auto add = [&f](bool on, const char* name) {
    if (on) f += (f.empty() ? "" : ",") + std::string(name);
  };
  add(st.inexact != 0, "inexact");
  add(st.to_zero != 0, "to_zero");
  add(st.saturations != 0, "saturated");
  add(st.wraps != 0, "wrapped");
  add(st.zeroings != 0, "zeroed");
  return f.empty() ? "exact" : f;
}

const char* overflow_event(const fxp::Stats& st) {
  if (st.saturations != 0) return "saturated";
  if (st.wraps != 0) return "wrapped";
  if (st.zeroings != 0) return "zeroed";
  return "none";
}

void run_quantize(const QuantizeOptions& o) {
  // Everything is validated and computed before anything is printed.
  const fxp::Format fmt = parse_option("--format", o.format, [](const std::string& t) { return fxp::parse_format(t); });
  const fxp::Rounding rounding =
      parse_option("--rounding", o.rounding, [](const std::string& t) { return fxp::parse_rounding(t); });
  const fxp::Overflow overflow =
      parse_option("--overflow", o.overflow, [](const std::string& t) { return fxp::parse_overflow(t); });
  const uint64_t seed = parse_seed(o.seed);
  const fxp::Spec spec{fmt, fxp::Quant{rounding, overflow}};

  std::vector<fxp::Rational> inputs;
  for (const std::string& v : o.values) {
    try {
      inputs.push_back(fxp::parse_decimal(v));
    } catch (const fxp::DecimalError& e) {
      throw BadInput("VALUE '" + v + "': " + e.what() + "; allowed: " + fxp::allowed_decimals());
    }
  }

  // One stream (master seed, stream id 0), one draw per value in order.
  fxp::Lfsr32 stream = fxp::Lfsr32::for_stream(seed, 0);
  std::vector<Row> rows;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    Row r;
    r.input = o.values[i];
    r.raw = fxp::requantize(inputs[i], spec, &stream, &r.st);
    const fxp::Rational represented = fxp::to_rational(r.raw, fmt);
    r.hex = hex_of(r.raw, fmt.width);
    r.value = fxp::to_decimal_string(represented);
    r.error = fxp::to_decimal_string(represented - inputs[i]);
    r.value_raw = fmt.widen(r.raw);
    rows.push_back(std::move(r));
  }

  if (o.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const Row& r : rows) {
      nlohmann::ordered_json j;
      j["input"] = r.input;
      j["spec"] = spec.str();
      if (fmt.is_signed) {
        j["raw"] = r.raw;
      } else {
        j["raw"] = static_cast<uint64_t>(r.raw);
      }
      j["hex"] = r.hex;
      j["value"] = r.value;
      j["error"] = r.error;
      j["inexact"] = r.st.inexact != 0;
      j["rounded_to_zero"] = r.st.to_zero != 0;
      j["overflow"] = overflow_event(r.st);
      out.push_back(std::move(j));
    }
    std::cout << out.dump(2) << '\n';
    return;
  }
  std::cout << "# " << spec.str();
  if (rounding.is_stochastic()) std::cout << " seed=" << seed << " stream=0";
  std::cout << '\n';
  for (const Row& r : rows) {
    std::cout << "input=" << r.input << " raw=" << fxp::to_string(r.value_raw) << " hex=" << r.hex
              << " value=" << r.value << " error=" << r.error << " flags=" << flags_of(r.st) << '\n';
  }
}

}  // namespace

void add_quantize_command(CLI::App& root, int& exit_code) {
  auto* sub = root.add_subcommand(
      "quantize", "Requantise decimal values to a fixed-point format: raw, hex, exact value, error, flags");
  auto o = std::make_shared<QuantizeOptions>();
  sub->add_option("-f,--format", o->format, "destination format, " + fxp::allowed_formats())->required();
  sub->add_option("-r,--rounding", o->rounding, "rounding mode: " + fxp::allowed_roundings())->required();
  sub->add_option("--overflow", o->overflow, "overflow mode: " + fxp::allowed_overflows())->required();
  sub->add_option("--seed", o->seed,
                  "master seed of the LFSR stream for stoch<k> (stream id 0; one draw per value, in order)")
      ->capture_default_str();
  sub->add_flag("--json", o->json, "print a JSON array (value and error as exact decimal strings)");
  sub->add_option("values", o->values, "decimal values (negative ones also after --)")->required();
  // CLI11 2.1 hands `--` (and everything after it) back to the root app once
  // every positional has its minimum count, so `quantize 1 -- -2` would fail.
  // A hidden positional that never fills (values takes all) keeps `--` here.
  sub->add_option("separator-guard", o->never_filled)->group("");
  sub->callback([o, &exit_code] {
    run_quantize(*o);
    exit_code = 0;
  });
}

}  // namespace fxprop::cli
