// All-or-nothing output: a run writes its files into a hidden staging folder
// inside the target directory and moves each one into place only on commit().
// A run that fails (bad input found late, exception, Ctrl-C) leaves the target
// directory exactly as it was: no partial or corrupt files.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fxprop::io {

class OutputDir {
 public:
  // Creates `dir` if needed (parents too) and a fresh staging folder in it.
  // Throws std::runtime_error naming the path if it cannot.
  explicit OutputDir(std::filesystem::path dir);
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;
  ~OutputDir();  // removes the staging folder if not committed

  // Path to write `name` to (inside staging); sub-folders are created.
  std::filesystem::path stage(std::string_view name);
  void write_text(std::string_view name, std::string_view content);
  void write_binary(std::string_view name, const void* data, std::size_t bytes);

  // Moves every staged file into the target directory (each by an atomic rename).
  void commit();

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::filesystem::path staging_;
  std::vector<std::string> staged_;
  bool committed_ = false;
};

// Writes one file atomically (temporary sibling + rename).
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

}  // namespace fxprop::io
