// Small TOML helpers of the sweep driver (toml++): rendering values for messages and
// point keys, and building overlays (tables merge, other values replace, exactly as
// config::Document overlays a user file on the defaults).
#pragma once

#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "model/sweep/spec.h"

namespace fxprop::sweep {

// A value as TOML text ("(a table)" for tables): for messages.
std::string render(const toml::node& n);
const char* type_name(const toml::node& n);
// A TOML basic string literal with escapes.
std::string toml_quote(std::string_view s);
// Overlay `src` on `dst`: tables merge recursively, everything else replaces.
void merge_tables(toml::table& dst, const toml::table& src);
// Sets dotted `field` (creating tables) to the value written as TOML literal `literal`.
void set_field(toml::table& t, std::string_view field, const std::string& literal);
// A double as the shortest TOML float literal that reads back exactly.
std::string float_literal(double x);
std::string to_toml_text(const toml::table& t);
// A field value for an axis; integers become floats when the field is a float.
AxisValue field_value(const toml::node& n, bool float_field, double index);

}  // namespace fxprop::sweep
