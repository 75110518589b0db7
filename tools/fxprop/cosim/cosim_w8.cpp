// The co-simulation against RTL configuration 'w8' (rtl/cfg/w8, verilated as Vfxprop_core_w8).
#include "Vfxprop_core_w8.h"
#include "Vfxprop_core_w8___024root.h"
#include "tools/fxprop/cosim/cosim_run.h"

namespace fxprop::cosim {

std::unique_ptr<RtlConfig> rtl_w8() { return std::make_unique<detail::RtlConfigT<Vfxprop_core_w8>>("w8"); }

}  // namespace fxprop::cosim
