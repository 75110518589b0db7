#include "model/systemc/phases.h"

namespace fxprop::systemc {

std::string_view rtl_phase_name(RtlPhase p) {
  switch (p) {
    case RtlPhase::trace_in: return "TRACE_IN";
    case RtlPhase::integ: return "INTEG";
    case RtlPhase::neuron: return "NEURON";
    case RtlPhase::ro_acc: return "RO_ACC";
    case RtlPhase::readout: return "READOUT";
    case RtlPhase::lsig: return "LSIG";
    case RtlPhase::syn: return "SYN";
    case RtlPhase::out: return "OUT";
    case RtlPhase::clr_n: return "CLR_N";
    case RtlPhase::clr_s: return "CLR_S";
    case RtlPhase::clracc_s: return "CLRACC_S";
    case RtlPhase::clracc_o: return "CLRACC_O";
    case RtlPhase::apply_s: return "APPLY_S";
    case RtlPhase::apply_o: return "APPLY_O";
  }
  return "?";
}

energy::Phase energy_phase(RtlPhase p, bool updating) {
  switch (p) {
    case RtlPhase::trace_in: return energy::Phase::traces;
    case RtlPhase::integ: return energy::Phase::integrate;
    case RtlPhase::neuron: return energy::Phase::neuron;
    case RtlPhase::ro_acc:
    case RtlPhase::readout: return energy::Phase::readout;
    case RtlPhase::lsig: return energy::Phase::learning_signal;
    case RtlPhase::syn: return updating ? energy::Phase::weight_update : energy::Phase::eligibility;
    case RtlPhase::out: return energy::Phase::weight_update;
    case RtlPhase::clr_n: return energy::Phase::neuron;
    case RtlPhase::clr_s: return energy::Phase::eligibility;
    case RtlPhase::clracc_s:
    case RtlPhase::clracc_o:
    case RtlPhase::apply_s:
    case RtlPhase::apply_o: return energy::Phase::apply;
  }
  return energy::Phase::neuron;
}

}  // namespace fxprop::systemc
