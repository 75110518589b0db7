#include "model/io/output_dir.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace fxprop::io {
namespace fs = std::filesystem;

namespace {

std::string unique_suffix() {
  static std::atomic<unsigned> counter{0};
  return std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
}

void write_stream(const fs::path& path, const void* data, std::size_t bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write file '" + path.string() + "'");
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
  out.flush();
  if (!out) throw std::runtime_error("write failed for '" + path.string() + "' (disk full?)");
}

}  // namespace

OutputDir::OutputDir(fs::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec || !fs::is_directory(dir_)) {
    throw std::runtime_error("--out: cannot create directory '" + dir_.string() + "': " + ec.message());
  }
  staging_ = dir_ / (".staging-" + unique_suffix());
  fs::create_directory(staging_, ec);
  if (ec) throw std::runtime_error("--out: cannot write into '" + dir_.string() + "': " + ec.message());
}

OutputDir::~OutputDir() {
  std::error_code ec;
  fs::remove_all(staging_, ec);  // best effort; never throw from a destructor
}

fs::path OutputDir::stage(std::string_view name) {
  const fs::path rel(name);
  if (rel.is_absolute() || rel.empty()) throw std::logic_error("OutputDir::stage: relative file name required");
  const fs::path p = staging_ / rel;
  fs::create_directories(p.parent_path());
  if (std::find(staged_.begin(), staged_.end(), rel.string()) == staged_.end()) staged_.push_back(rel.string());
  return p;
}

void OutputDir::write_text(std::string_view name, std::string_view content) {
  write_stream(stage(name), content.data(), content.size());
}

void OutputDir::write_binary(std::string_view name, const void* data, std::size_t bytes) {
  write_stream(stage(name), data, bytes);
}

void OutputDir::commit() {
  for (const auto& rel : staged_) {
    const fs::path from = staging_ / rel;
    if (!fs::exists(from)) continue;  // staged path that was never written
    const fs::path to = dir_ / rel;
    fs::create_directories(to.parent_path());
    fs::rename(from, to);
  }
  committed_ = true;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void write_file_atomic(const fs::path& path, std::string_view content) {
  const fs::path tmp = path.parent_path() / ("." + path.filename().string() + ".tmp-" + unique_suffix());
  try {
    write_stream(tmp, content.data(), content.size());
    fs::rename(tmp, path);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
}

}  // namespace fxprop::io
