// The co-simulation against RTL configuration 'default' (rtl/cfg/default, verilated as Vfxprop_core).
#include "Vfxprop_core.h"
#include "Vfxprop_core___024root.h"
#include "tools/fxprop/cosim/cosim_run.h"

namespace fxprop::cosim {

std::unique_ptr<RtlConfig> rtl_default() { return std::make_unique<detail::RtlConfigT<Vfxprop_core>>("default"); }

}  // namespace fxprop::cosim
