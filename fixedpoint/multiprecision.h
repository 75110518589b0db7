// Boost.Multiprecision's cpp_int / cpp_rational. GCC 12 at -O2/-O3 reports a
// false -Wmaybe-uninitialized inside boost::rational::normalize (a local
// `IntType zero(0)` that is initialised); diagnostic pragmas are matched by
// source location, so silencing it for the Boost headers only keeps the
// warning active for the project's own code.
#pragma once

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/multiprecision/cpp_int.hpp>
#pragma GCC diagnostic pop
