#include "model/systemc/controller.h"

#include <stdexcept>

namespace fxprop::systemc {

Controller::Controller(const sc_core::sc_module_name& name, NeuronUnit& neuron, ReadoutUnit& readout, LearningUnit& learning)
    : sc_core::sc_module(name), neuron_(neuron), readout_(readout), learning_(learning) {
  SC_THREAD(thread);
  // The job (a whole training run) runs on this thread's stack.
  set_stack_size(64 * 1024 * 1024);
}

void Controller::attach(RunContext* ctx, StepHook hook) {
  ctx_ = ctx;
  hook_ = std::move(hook);
  stats_ = StepCycleStats{};
  command_cycles_ = {};
  // The quantum is one timestep: the controller synchronises explicitly at the end of
  // every STEP, so the global quantum only has to be larger than any timestep.
  tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_core::sc_time(1.0e6, sc_core::SC_SEC));
  qk_.reset();
}

void Controller::trace(sc_core::sc_trace_file* tf) {
  tracing_ = true;
  sc_core::sc_trace(tf, phase_sig_, "phase");
  sc_core::sc_trace(tf, timestep_sig_, "timestep");
  sc_core::sc_trace(tf, cycles_sig_, "cycles");
  sc_core::sc_trace(tf, step_cycles_sig_, "step_cycles");
  sc_core::sc_trace(tf, reads_sig_, "memory_read_words");
  sc_core::sc_trace(tf, writes_sig_, "memory_write_words");
  sc_core::sc_trace(tf, sops_sig_, "synaptic_events");
}

void Controller::run(const std::function<void()>& job) {
  job_ = job;
  error_ = nullptr;
  job_done_ = false;
  job_event_.notify(sc_core::SC_ZERO_TIME);
  sc_core::sc_start();  // returns when the thread waits for the next job (no events left)
  if (!job_done_) throw std::logic_error("SystemC model: the simulation stopped before its job finished");
  if (error_) std::rethrow_exception(error_);
}

void Controller::thread() {
  while (true) {
    // A job handed over before the first sc_start is already there when the thread
    // starts; later ones are announced by job_event_.
    while (!job_) sc_core::wait(job_event_);
    try {
      job_();
      qk_.sync();
    } catch (...) {
      error_ = std::current_exception();
    }
    job_done_ = true;
    job_ = nullptr;
  }
}

void Controller::begin_command() { ctx_->timing = {}; }

PhaseCycleArray Controller::finish_command(bool updating) {
  neuron_.flush();
  readout_.flush();
  learning_.flush();
  PhaseCycleArray cyc{};
  std::uint64_t total = 0;
  for (RtlPhase p : kAllRtlPhases) {
    const std::uint64_t c = ctx_->cycles_of(p);
    cyc[slot(p)] = c;
    if (c == 0) continue;
    command_cycles_[slot(p)] += c;
    energy::PhaseCounts& ph = ctx_->counts.phase(energy_phase(p, updating));
    ph.cycles = energy::checked_add(ph.cycles, c);
    total += c;
  }
  ctx_->counts.cycles = energy::checked_add(ctx_->counts.cycles, total);
  if (tracing_) {
    // Phase by phase on the kernel's time line, for the VCD.
    qk_.sync();
    for (RtlPhase p : kAllRtlPhases) {
      const std::uint64_t c = cyc[slot(p)];
      if (c == 0) continue;
      phase_sig_.write(static_cast<int>(p));
      sc_core::wait(ctx_->period * static_cast<double>(c));
    }
    phase_sig_.write(0);
    cycles_sig_.write(ctx_->counts.cycles);
    reads_sig_.write(ctx_->read_words);
    writes_sig_.write(ctx_->write_words);
    sops_sig_.write(ctx_->counts.events.synaptic_events);
  } else {
    qk_.inc(ctx_->period * static_cast<double>(total));
  }
  ctx_->timing = {};
  return cyc;
}

void Controller::clear_accumulators() {
  begin_command();
  learning_.clear_accumulators();
  finish_command(false);
}

void Controller::on_begin_trial(const fixed::Core& /*core*/) {
  begin_command();
  ctx_->counts.events.trials = energy::checked_add(ctx_->counts.events.trials, 1);
  neuron_.clear_neurons();
  if (ctx_->dp->exact) learning_.clear_eligibility();
  finish_command(false);
}

void Controller::on_step_begin(const fixed::Core& core, const std::uint8_t* x, bool mask, bool learn) {
  core_ = &core;
  x_ = x;
  mask_ = mask;
  learn_ = learn;
  had_events_ = false;
  begin_command();
  energy::Events& e = ctx_->counts.events;
  e.timesteps = energy::checked_add(e.timesteps, 1);
  if (mask && learn) e.learning_timesteps = energy::checked_add(e.learning_timesteps, 1);
  neuron_.trace_inputs();
  ctx_->start(RtlPhase::integ);
}

void Controller::on_integrate_row(fixed::Matrix3 m, int row) {
  had_events_ = true;
  neuron_.integrate_row(m, row);
}

void Controller::on_neurons() { neuron_.update_neurons(*core_, had_events_); }

void Controller::on_readout(int /*n_spiking*/) { readout_.readout(*core_, mask_); }

void Controller::on_learning_signal() { readout_.learning_signal(); }

void Controller::on_synapse_row(fixed::Matrix3 m, int row, bool eligibility, bool update) {
  learning_.synapse_row(m, row, eligibility, update);
}

void Controller::on_output_row(int j) { learning_.output_row(j); }

void Controller::on_step_end(const fixed::Core& core) {
  const fixed::Datapath& dp = *ctx_->dp;
  const bool updating = mask_ && learn_;
  // Phases that are enabled even when they found no rows (their 1 drain cycle).
  if (updating) ctx_->start(RtlPhase::lsig);
  if (learn_ && (dp.exact || mask_)) ctx_->start(RtlPhase::syn, updating);
  if (updating && dp.train_out) ctx_->start(RtlPhase::out, true);
  StepView v;
  v.timestep = stats_.steps;
  v.phase_cycles = finish_command(updating);
  for (std::size_t i = 0; i < kNumRtlPhases; ++i) {
    stats_.total[i] += v.phase_cycles[i];
    if (v.phase_cycles[i] > stats_.max[i]) stats_.max[i] = v.phase_cycles[i];
    v.step_cycles += v.phase_cycles[i];
  }
  ++stats_.steps;
  if (tracing_) {
    timestep_sig_.write(stats_.steps);
    step_cycles_sig_.write(v.step_cycles);
  } else {
    qk_.sync();  // end of the quantum
  }
  v.core = &core;
  v.x = x_;
  v.mask = mask_;
  v.learn = learn_;
  if (hook_) hook_(v);
}

void Controller::on_apply_row(fixed::Matrix3 m, int row) {
  if (!in_apply_) {
    begin_command();
    in_apply_ = true;
    ctx_->start(RtlPhase::apply_s);
    ctx_->start(RtlPhase::apply_o);
  }
  learning_.apply_row(m, row);
}

void Controller::on_end_batch(const fixed::Core& /*core*/) {
  if (!in_apply_) {
    begin_command();
    ctx_->start(RtlPhase::apply_s);
    ctx_->start(RtlPhase::apply_o);
  }
  in_apply_ = false;
  finish_command(false);
}

}  // namespace fxprop::systemc
