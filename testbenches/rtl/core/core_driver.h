// Copyright fxprop contributors.
//
// CoreDriver<Dut>: drives a verilated fxprop_core (Dut = its generated class, one per RTL
// configuration) through its host bus, the way a SoC would: register and memory accesses,
// commands (STEP, CLEAR, CLRACC, APPLY), per-phase cycle counters, full state read-back.
// One timestep at a time, so a lock-step comparator can interleave it with a model.
// A VCD can be opened at construction; dumping can be limited to a window of cycles
// (set_dumping), which is how `fxprop cosim` writes the RTL around a mismatch.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <verilated.h>
#if VM_TRACE
#include <verilated_vcd_c.h>
#endif

#include "testbenches/rtl/common/core_model.h"

namespace fxtb {

using fxref::cpp_int;

// Host address map (rtl/fxprop_pkg.sv).
namespace map {
enum Region : uint32_t {
  kCsr = 0, kWIn = 1, kWRec = 2, kWOut = 3, kB = 4, kEbar = 5, kEpsA = 6, kAcc = 7, kAccOut = 8,
  kNeuron = 9, kZbarIn = 10, kOutput = 11
};
enum NeuronField : uint32_t { kNfV = 0, kNfA, kNfR, kNfZbar, kNfZbarOut, kNfPsi, kNfL, kNfLpsi, kNfISyn };
enum OutputField : uint32_t { kOfY = 0, kOfErr, kOfYstar, kOfSum };
enum Csr : uint32_t {
  kId = 0x000, kCfgId = 0x001, kLanes = 0x002, kNInMax = 0x003, kNRecMax = 0x004, kNOutMax = 0x005,
  kNRefMax = 0x006, kLrShiftMax = 0x007, kCmd = 0x010, kStatus = 0x011, kCtrl = 0x012,
  kLossMask = 0x013, kNIn = 0x014, kNRec = 0x015, kNOut = 0x016, kLrShift = 0x017, kNRef = 0x018,
  kAlpha = 0x020, kRho = 0x021, kKappa = 0x022, kThr = 0x023, kBeta = 0x024, kPsiPeak = 0x025,
  kInvThr = 0x026, kCmdCycles = 0x030, kStepCount = 0x031, kPhaseCycles = 0x040, kLfsr = 0x060,
  kFmt = 0x080, kX = 0x100, kZ = 0x140, kAlif = 0x180, kZbarNz = 0x1c0, kZbarOutNz = 0x200
};
enum Cmd : uint32_t { kStep = 1, kClear = 2, kClrAcc = 3, kApply = 4 };
constexpr int kNPhases = 15;
inline const char* phase_name(int p) {
  static const char* const names[kNPhases] = {"idle",  "trace_in", "integ",   "neuron",   "ro_acc",
                                              "readout", "lsig",   "syn",     "out",      "clr_n",
                                              "clr_s", "clracc_s", "clracc_o", "apply_s", "apply_o"};
  return (p >= 0 && p < kNPhases) ? names[p] : "?";
}
inline uint32_t addr(uint32_t region, uint32_t row, uint32_t col) {
  return (region << 24) | (row << 12) | (col << 2);
}
}  // namespace map

struct CmdCycles {
  uint32_t total = 0;
  std::array<uint32_t, map::kNPhases> phase{};
};

template <class Dut>
class CoreDriver {
 public:
  explicit CoreDriver(const std::string& vcd_path = "") : ctx_(std::make_unique<VerilatedContext>()) {
#if VM_TRACE
    if (!vcd_path.empty()) ctx_->traceEverOn(true);
#endif
    dut_ = std::make_unique<Dut>(ctx_.get(), "fxprop_core");
    if (!vcd_path.empty()) {
#if VM_TRACE
      vcd_ = std::make_unique<VerilatedVcdC>();
      dut_->trace(vcd_.get(), 99);
      vcd_->open(vcd_path.c_str());
#else
      throw std::runtime_error("VCD requested but this binary was built without tracing");
#endif
    }
    dut_->clk_i = 0;
    dut_->rst_ni = 0;
    dut_->host_req_i = 0;
    dut_->host_we_i = 0;
    dut_->host_addr_i = 0;
    dut_->host_wdata_i = 0;
    dut_->eval();
    tick();
    tick();
    dut_->rst_ni = 1;
    dut_->eval();
    // Formats, sizes and lanes as the hardware reports them.
    for (int i = 0; i < fxref::kNFmts; ++i)
      fmts_.f[static_cast<std::size_t>(i)] = fxref::fmt_from_desc(csr(map::kFmt + static_cast<uint32_t>(i)));
    lanes_ = static_cast<int>(csr(map::kLanes));
    n_in_max_ = static_cast<int>(csr(map::kNInMax));
    n_rec_max_ = static_cast<int>(csr(map::kNRecMax));
    n_out_max_ = static_cast<int>(csr(map::kNOutMax));
  }

  ~CoreDriver() {
    dut_->final();
#if VM_TRACE
    if (vcd_) vcd_->close();
#endif
  }

  CoreDriver(const CoreDriver&) = delete;
  CoreDriver& operator=(const CoreDriver&) = delete;

  // One clock cycle: inputs are applied before the rising edge.
  void tick() {
    dut_->clk_i = 0;
    dut_->eval();
    dump();
    ctx_->timeInc(5);
    dut_->clk_i = 1;
    dut_->eval();
    dump();
    ctx_->timeInc(5);
    ++cycles_;
  }

  // ---- Bus -----------------------------------------------------------------------------
  void write(uint32_t a, uint32_t data) {
    dut_->host_req_i = 1;
    dut_->host_we_i = 1;
    dut_->host_addr_i = a;
    dut_->host_wdata_i = data;
    dut_->eval();
    while (!dut_->host_gnt_o) {
      tick();
      dut_->eval();
    }
    tick();
    dut_->host_req_i = 0;
    dut_->host_we_i = 0;
    dut_->eval();
  }
  uint32_t read(uint32_t a) {
    dut_->host_req_i = 1;
    dut_->host_we_i = 0;
    dut_->host_addr_i = a;
    dut_->eval();
    while (!dut_->host_gnt_o) {
      tick();
      dut_->eval();
    }
    tick();
    dut_->host_req_i = 0;
    dut_->eval();
    if (!dut_->host_rvalid_o) throw std::runtime_error("host read: no rvalid one cycle after the grant");
    return dut_->host_rdata_o;
  }
  uint32_t csr(uint32_t index) { return read(map::addr(map::kCsr, 0, index)); }
  void set_csr(uint32_t index, uint32_t v) { write(map::addr(map::kCsr, 0, index), v); }
  int32_t elem(uint32_t region, uint32_t row, uint32_t col) {
    return static_cast<int32_t>(read(map::addr(region, row, col)));
  }
  void set_elem(uint32_t region, uint32_t row, uint32_t col, const cpp_int& v) {
    write(map::addr(region, row, col), static_cast<uint32_t>(static_cast<int64_t>(v) & 0xffffffff));
  }

  // ---- Commands --------------------------------------------------------------------------
  // Starts a command and waits for it to finish; returns the core's own cycle counters.
  CmdCycles run(map::Cmd cmd) {
    write(map::addr(map::kCsr, 0, map::kCmd), cmd);
    uint64_t waited = 0;
    while (dut_->busy_o) {
      tick();
      if (++waited > 1000000000ull) throw std::runtime_error("command does not finish");
    }
    CmdCycles c;
    c.total = csr(map::kCmdCycles);
    for (int p = 0; p < map::kNPhases; ++p) c.phase[static_cast<std::size_t>(p)] = csr(map::kPhaseCycles + static_cast<uint32_t>(p));
    last_busy_ = waited;
    return c;
  }
  uint64_t last_busy_cycles() const { return last_busy_; }

  // ---- Configuration and state ----------------------------------------------------------------
  void configure(const fxref::Config& c, const std::array<uint32_t, fxref::kNSites>& seeds) {
    set_csr(map::kNIn, static_cast<uint32_t>(c.n_in));
    set_csr(map::kNRec, static_cast<uint32_t>(c.n_rec));
    set_csr(map::kNOut, static_cast<uint32_t>(c.n_out));
    set_csr(map::kCtrl, (c.form_b ? 1u : 0u) | (c.spike_ge ? 2u : 0u) | (c.exact ? 4u : 0u) |
                            (c.per_trial ? 8u : 0u) | (c.fb_random ? 16u : 0u));
    set_csr(map::kLrShift, static_cast<uint32_t>(c.lr_shift));
    set_csr(map::kNRef, static_cast<uint32_t>(c.n_ref));
    set_csr(map::kAlpha, raw32(c.alpha));
    set_csr(map::kRho, raw32(c.rho));
    set_csr(map::kKappa, raw32(c.kappa));
    set_csr(map::kThr, raw32(c.thr));
    set_csr(map::kBeta, raw32(c.beta));
    set_csr(map::kPsiPeak, raw32(c.psi_peak));
    set_csr(map::kInvThr, raw32(c.inv_thr));
    set_vector(map::kAlif, c.alif);
    for (int s = 0; s < fxref::kNSites; ++s)
      if (fmts_[s].rnd == fxref::kStoch) set_csr(map::kLfsr + static_cast<uint32_t>(s), seeds[static_cast<std::size_t>(s)]);
  }

  void set_vector(uint32_t csr_base, const std::vector<int>& bits) {
    for (std::size_t w = 0; w * 32 < bits.size(); ++w) {
      uint32_t v = 0;
      for (std::size_t b = 0; b < 32 && w * 32 + b < bits.size(); ++b)
        if (bits[w * 32 + b]) v |= 1u << b;
      set_csr(csr_base + static_cast<uint32_t>(w), v);
    }
  }
  std::vector<int> get_vector(uint32_t csr_base, int n) {
    std::vector<int> out(static_cast<std::size_t>(n));
    uint32_t v = 0;
    for (int i = 0; i < n; ++i) {
      if (i % 32 == 0) v = csr(csr_base + static_cast<uint32_t>(i / 32));
      out[static_cast<std::size_t>(i)] = (v >> (i % 32)) & 1;
    }
    return out;
  }

  // Loads weights and B from a State (only the synaptic matrices).
  void load_weights(const fxref::Config& c, const fxref::State& s) {
    const int ni = c.n_in, nr = c.n_rec, no = c.n_out;
    for (int i = 0; i < ni; ++i)
      for (int j = 0; j < nr; ++j) set_elem(map::kWIn, u(i), u(j), s.w_in[ix(i, j, nr)]);
    for (int i = 0; i < nr; ++i)
      for (int j = 0; j < nr; ++j) set_elem(map::kWRec, u(i), u(j), s.w_rec[ix(i, j, nr)]);
    for (int j = 0; j < nr; ++j)
      for (int k = 0; k < no; ++k) {
        set_elem(map::kWOut, u(j), u(k), s.w_out[ix(j, k, no)]);
        set_elem(map::kB, u(j), u(k), s.b[ix(j, k, no)]);
      }
  }

  // Inputs of the next STEP.
  void set_inputs(const std::vector<int>& x, const std::vector<cpp_int>& ystar, bool mask) {
    set_vector(map::kX, x);
    for (std::size_t k = 0; k < ystar.size(); ++k) set_elem(map::kOutput, map::kOfYstar, static_cast<uint32_t>(k), ystar[k]);
    set_csr(map::kLossMask, mask ? 1u : 0u);
  }

  // Reads the whole architectural state back (what ModelCore::state presents). With
  // used_only, the memories the configured variant never touches (ebar and eps_a outside the
  // exact variant, the accumulators outside the per-trial schedule) are not read and are
  // returned as 0: a lock step of thousands of steps then spends its bus cycles on state
  // that can change.
  fxref::State read_state(const fxref::Config& c, bool synapses = true, bool used_only = false) {
    const int ni = c.n_in, nr = c.n_rec, no = c.n_out;
    fxref::State s;
    auto mat = [&](uint32_t region, int rows, int cols, int row_off, std::vector<cpp_int>& m) {
      m.assign(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols), 0);
      for (int r = 0; r < rows; ++r)
        for (int col = 0; col < cols; ++col) m[ix(r, col, cols)] = elem(region, u(r + row_off), u(col));
    };
    if (synapses) {
      mat(map::kWIn, ni, nr, 0, s.w_in);
      mat(map::kWRec, nr, nr, 0, s.w_rec);
      mat(map::kWOut, nr, no, 0, s.w_out);
      mat(map::kB, nr, no, 0, s.b);
      // ebar / eps_a / acc: input rows at 0.., recurrent rows at NInMax..
      for (auto [region, vec] : {std::pair<uint32_t, std::vector<cpp_int>*>{map::kEbar, &s.ebar},
                                 {map::kEpsA, &s.eps_a}, {map::kAcc, &s.acc}}) {
        const bool used = region == map::kAcc ? c.per_trial : c.exact;
        if (used_only && !used) {
          vec->assign(static_cast<std::size_t>(ni + nr) * static_cast<std::size_t>(nr), 0);
          continue;
        }
        std::vector<cpp_int> a, b;
        mat(region, ni, nr, 0, a);
        mat(region, nr, nr, n_in_max_, b);
        *vec = a;
        vec->insert(vec->end(), b.begin(), b.end());
      }
      if (used_only && !c.per_trial) {
        s.acc_out.assign(static_cast<std::size_t>(nr) * static_cast<std::size_t>(no), 0);
      } else {
        mat(map::kAccOut, nr, no, 0, s.acc_out);
      }
    }
    auto nvec = [&](uint32_t field, std::vector<cpp_int>& v) {
      v.assign(static_cast<std::size_t>(nr), 0);
      for (int j = 0; j < nr; ++j) v[static_cast<std::size_t>(j)] = elem(map::kNeuron, field, u(j));
    };
    nvec(map::kNfISyn, s.isyn);
    nvec(map::kNfV, s.v);
    nvec(map::kNfA, s.a);
    nvec(map::kNfPsi, s.psi);
    nvec(map::kNfL, s.l);
    nvec(map::kNfLpsi, s.lpsi);
    nvec(map::kNfZbar, s.zbar_rec);
    nvec(map::kNfZbarOut, s.zbar_out);
    s.r.assign(static_cast<std::size_t>(nr), 0);
    for (int j = 0; j < nr; ++j) s.r[static_cast<std::size_t>(j)] = elem(map::kNeuron, map::kNfR, u(j));
    s.z = get_vector(map::kZ, nr);
    s.zbar_in.assign(static_cast<std::size_t>(ni), 0);
    for (int i = 0; i < ni; ++i) s.zbar_in[static_cast<std::size_t>(i)] = elem(map::kZbarIn, 0, u(i));
    for (auto [field, vec] : {std::pair<uint32_t, std::vector<cpp_int>*>{map::kOfY, &s.y},
                              {map::kOfErr, &s.err}, {map::kOfYstar, &s.ystar}}) {
      vec->assign(static_cast<std::size_t>(no), 0);
      for (int k = 0; k < no; ++k) (*vec)[static_cast<std::size_t>(k)] = elem(map::kOutput, field, u(k));
    }
    return s;
  }

  // The synaptic memories read directly from the simulator's arrays (rtl/fxprop_cosim.vlt
  // keeps them visible; the caller includes the Dut's root header): the same values
  // read_state(c, true, used_only) returns over the host bus, without spending bus cycles.
  // Word address row * words-per-row + post / P, lane post % P (docs/microarchitecture.md
  // section 3).
  void read_synapses_direct(const fxref::Config& c, fxref::State& s, bool used_only) {
    const int ni = c.n_in, nr = c.n_rec, no = c.n_out;
    const int nwr = (n_rec_max_ + lanes_ - 1) / lanes_, nwo = (n_out_max_ + lanes_ - 1) / lanes_;
    auto* root = dut_->rootp;
    const auto mat = [&](const auto& mem, const fxref::Fmt& f, int rows, int cols, int row_off, int nw,
                         std::vector<cpp_int>& m, std::size_t at) {
      m.resize(at + static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols), 0);
      for (int r = 0; r < rows; ++r) {
        for (int col = 0; col < cols; ++col) {
          const auto& word = mem[static_cast<std::size_t>((r + row_off) * nw + col / lanes_)];
          m[at + ix(r, col, cols)] = lane_value(word, (col % lanes_) * f.w, f);
        }
      }
    };
    const fxref::Fmts& fm = fmts_;
    s.w_in.clear();
    s.w_rec.clear();
    s.w_out.clear();
    s.b.clear();
    mat(root->fxprop_core__DOT__u_mem_win__DOT__mem_q, fm[fxref::kWIn], ni, nr, 0, nwr, s.w_in, 0);
    mat(root->fxprop_core__DOT__u_mem_wrec__DOT__mem_q, fm[fxref::kWRec], nr, nr, 0, nwr, s.w_rec, 0);
    mat(root->fxprop_core__DOT__u_mem_wout__DOT__mem_q, fm[fxref::kWOut], nr, no, 0, nwo, s.w_out, 0);
    mat(root->fxprop_core__DOT__u_mem_bfb__DOT__mem_q, fm[fxref::kB], nr, no, 0, nwo, s.b, 0);
    const std::size_t rows = static_cast<std::size_t>(ni + nr) * static_cast<std::size_t>(nr);
    const auto syn = [&](const auto& mem, const fxref::Fmt& f, bool used, std::vector<cpp_int>& m) {
      m.clear();
      if (used_only && !used) {
        m.assign(rows, 0);
        return;
      }
      mat(mem, f, ni, nr, 0, nwr, m, 0);
      mat(mem, f, nr, nr, n_in_max_, nwr, m, static_cast<std::size_t>(ni) * static_cast<std::size_t>(nr));
    };
    syn(root->fxprop_core__DOT__u_mem_ebar__DOT__mem_q, fm[fxref::kEbar], c.exact, s.ebar);
    syn(root->fxprop_core__DOT__u_mem_epsa__DOT__mem_q, fm[fxref::kEpsA], c.exact, s.eps_a);
    syn(root->fxprop_core__DOT__u_mem_acc__DOT__mem_q, fm[fxref::kGradAcc], c.per_trial, s.acc);
    s.acc_out.clear();
    if (used_only && !c.per_trial) {
      s.acc_out.assign(static_cast<std::size_t>(nr) * static_cast<std::size_t>(no), 0);
    } else {
      mat(root->fxprop_core__DOT__u_mem_acco__DOT__mem_q, fm[fxref::kGradAcc], nr, no, 0, nwo, s.acc_out, 0);
    }
  }

  std::array<uint32_t, fxref::kNSites> lfsr_states() {
    std::array<uint32_t, fxref::kNSites> st{};
    for (int s = 0; s < fxref::kNSites; ++s) st[static_cast<std::size_t>(s)] = csr(map::kLfsr + static_cast<uint32_t>(s));
    return st;
  }

  const fxref::Fmts& fmts() const { return fmts_; }
  int lanes() const { return lanes_; }
  int n_in_max() const { return n_in_max_; }
  int n_rec_max() const { return n_rec_max_; }
  int n_out_max() const { return n_out_max_; }
  uint64_t cycles() const { return cycles_; }
  Dut& dut() { return *dut_; }
  // With a VCD open: dump only while `on` (the first dump after a pause is a full one).
  void set_dumping(bool on) { dumping_ = on; }

 private:
  static uint32_t u(int i) { return static_cast<uint32_t>(i); }
  static std::size_t ix(int r, int c, int n) {
    return static_cast<std::size_t>(r) * static_cast<std::size_t>(n) + static_cast<std::size_t>(c);
  }
  // Lane [lsb, lsb + f.w) of a memory word (QData or VlWide<N>), sign-extended if f.s.
  template <class Word>
  static cpp_int lane_value(const Word& word, int lsb, const fxref::Fmt& f) {
    uint64_t bits = 0;
    if constexpr (std::is_integral_v<Word>) {
      bits = static_cast<uint64_t>(word) >> lsb;
    } else {
      const uint32_t* w = word.data();
      const int i = lsb / 32, sh = lsb % 32;
      const uint64_t lo = w[i], hi = (static_cast<std::size_t>(i + 1) < sizeof(Word) / 4) ? w[i + 1] : 0u,
                     hi2 = (static_cast<std::size_t>(i + 2) < sizeof(Word) / 4) ? w[i + 2] : 0u;
      bits = ((lo | (hi << 32)) >> sh) | (sh == 0 ? 0 : (hi2 << (64 - sh)));
    }
    const uint64_t mask = f.w >= 64 ? ~0ull : ((1ull << f.w) - 1);
    bits &= mask;
    if (f.s && f.w < 64 && ((bits >> (f.w - 1)) & 1u)) return cpp_int(static_cast<int64_t>(bits | ~mask));
    return f.s ? cpp_int(static_cast<int64_t>(bits)) : cpp_int(bits);
  }
  static uint32_t raw32(const cpp_int& v) { return static_cast<uint32_t>(static_cast<int64_t>(v) & 0xffffffff); }
  void dump() {
#if VM_TRACE
    if (vcd_ && dumping_) vcd_->dump(ctx_->time());
#endif
  }

  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Dut> dut_;
#if VM_TRACE
  std::unique_ptr<VerilatedVcdC> vcd_;
#endif
  fxref::Fmts fmts_;
  int lanes_ = 0, n_in_max_ = 0, n_rec_max_ = 0, n_out_max_ = 0;
  uint64_t cycles_ = 0, last_busy_ = 0;
  bool dumping_ = true;
};

}  // namespace fxtb
