// A dense row-major matrix: the one array type of the golden model.
//
// Orientation convention used everywhere in fxprop: a weight matrix is
// [pre][post] (row = presynaptic index), as in the TensorFlow reference where
// the current is x @ W. A time series is [time][unit].
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace fxprop {

template <class T>
class Matrix {
 public:
  Matrix() = default;
  Matrix(std::size_t rows, std::size_t cols, T fill = T{}) : rows_(rows), cols_(cols), data_(rows * cols, fill) {}

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  bool same_shape(const Matrix& o) const { return rows_ == o.rows_ && cols_ == o.cols_; }

  T& operator()(std::size_t r, std::size_t c) { return data_[r * cols_ + c]; }
  const T& operator()(std::size_t r, std::size_t c) const { return data_[r * cols_ + c]; }
  T* row(std::size_t r) { return data_.data() + r * cols_; }
  const T* row(std::size_t r) const { return data_.data() + r * cols_; }
  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  const std::vector<T>& values() const { return data_; }

  void fill(T v) { std::fill(data_.begin(), data_.end(), v); }
  // Reshapes and zero-fills (keeps the allocation when the size is unchanged).
  void assign(std::size_t rows, std::size_t cols, T v = T{}) {
    rows_ = rows;
    cols_ = cols;
    data_.assign(rows * cols, v);
  }

  friend bool operator==(const Matrix& a, const Matrix& b) {
    return a.rows_ == b.rows_ && a.cols_ == b.cols_ && a.data_ == b.data_;
  }
  friend bool operator!=(const Matrix& a, const Matrix& b) { return !(a == b); }

 private:
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::vector<T> data_;
};

}  // namespace fxprop
