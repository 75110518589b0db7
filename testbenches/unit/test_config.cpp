// Properties of the configuration reader: defaults come from one document,
// user values overlay them, and every kind of bad value is reported with the
// field, the value and what is allowed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

#include <fstream>

#include "model/config/config_reader.h"
#include "model/io/output_dir.h"

using fxprop::config::ConfigError;
using fxprop::config::Document;

namespace {
constexpr const char* kDefaults = R"(
[net]
n = 10
tau = 20.0
name = "lif"
flags = [1.0, 2.0]
on = true
[net.sub]
k = 3
)";

std::string error_of(const char* user) {
  try {
    const Document d = Document::from_strings(kDefaults, user, "user.toml");
    const auto s = d.section("net");
    (void)s.get_int("n", 1, 100);
    (void)s.get_double("tau", 0.0, 1e6, true);
    (void)s.get_choice("name", {"lif", "alif"});
    (void)s.get_double_array("flags", -10, 10);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("defaults apply where the user file is silent", "[config]") {
  const Document d = Document::from_strings(kDefaults, "[net]\nn = 42\n");
  CHECK(d.section("net").get_int("n", 1, 100) == 42);
  CHECK(d.section("net").get_double("tau", 0, 100) == 20.0);
  CHECK(d.section("net.sub").get_int("k", 0, 9) == 3);
}

TEST_CASE("an integer may stand for a float field", "[config]") {
  const Document d = Document::from_strings(kDefaults, "[net]\ntau = 30\n");
  CHECK(d.section("net").get_double("tau", 0, 100) == 30.0);
}

TEST_CASE("bad values name field, value and the allowed range", "[config]") {
  CHECK_THAT(error_of("[net]\nn = 0\n"), Catch::Contains("'net.n' = 0") && Catch::Contains("[1, 100]"));
  CHECK_THAT(error_of("[net]\ntau = 0.0\n"), Catch::Contains("'net.tau' = 0") && Catch::Contains("(0,"));
  CHECK_THAT(error_of("[net]\ntau = -1.5\n"), Catch::Contains("'net.tau' = -1.5"));
  CHECK_THAT(error_of("[net]\ntau = nan\n"), Catch::Contains("'net.tau' = nan") && Catch::Contains("finite"));
  CHECK_THAT(error_of("[net]\ntau = inf\n"), Catch::Contains("'net.tau' = inf"));
  CHECK_THAT(error_of("[net]\nname = \"izh\"\n"), Catch::Contains("'net.name' = \"izh\"") && Catch::Contains("lif, alif"));
  CHECK_THAT(error_of("[net]\nflags = [1.0, 99.0]\n"), Catch::Contains("'net.flags[1]' = 99"));
  CHECK_THAT(error_of("[net]\nn = \"ten\"\n"), Catch::Contains("'net.n'") && Catch::Contains("type integer"));
  CHECK_THAT(error_of("[net]\nnn = 1\n"), Catch::Contains("'net.nn'") && Catch::Contains("unknown field"));
  CHECK_THAT(error_of("[net]\nsub = 1\n"), Catch::Contains("'net.sub'") && Catch::Contains("must be a table"));
  CHECK_THAT(error_of("[net\n"), Catch::Contains("user.toml") && Catch::Contains("line 1"));
  CHECK(error_of("[net]\nn = 5\n").empty());
}

TEST_CASE("OutputDir writes nothing visible until commit", "[io]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("fxprop_test_outdir_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    fxprop::io::OutputDir out(dir);
    out.write_text("a.txt", "hello");
    out.write_text("sub/b.txt", "world");
    // Only the hidden staging folder exists before commit.
    for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename().string().rfind(".staging-", 0) == 0);
  }
  CHECK(fs::is_empty(dir));  // abandoned: staging removed, nothing left
  {
    fxprop::io::OutputDir out(dir);
    out.write_text("a.txt", "hello");
    out.write_text("sub/b.txt", "world");
    out.commit();
  }
  std::ifstream a(dir / "a.txt");
  std::string s;
  a >> s;
  CHECK(s == "hello");
  CHECK(fs::exists(dir / "sub" / "b.txt"));
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string().rfind(".staging-", 0) == 0;
  CHECK(n == 0);
  fs::remove_all(dir);
}
