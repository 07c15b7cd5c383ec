#pragma once
// The (root, edge) pairs a tuple carries (TupleState::anchors): almost always one, for the one
// spout tuple whose tree it belongs to. Kept inline up to one pair, so that a tracked tuple costs
// no allocation of its own for them on each hop; more spill to the heap. Not part of the API
// users program against.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>

namespace squall::detail {

/// One (root id, edge id) pair of Storm's acking: the tuple belongs to the tree `root`, and
/// `edge` is the XOR of the edge ids this tuple carries in that tree (Storm's "Acking framework
/// implementation", https://storm.apache.org/releases/2.6.0/Acking-framework-implementation.html;
/// squall's runtime does the arithmetic in its acking unit).
struct AnchorEdge {
  std::uint64_t root;
  std::uint64_t edge;
};

/// A vector of AnchorEdge with room for one inline: contiguous, random access, 24 bytes.
class AnchorEdges {
 public:
  AnchorEdges() noexcept {}
  AnchorEdges(std::initializer_list<AnchorEdge> edges) { append(edges.begin(), edges.size()); }
  AnchorEdges(const AnchorEdges& other) { append(other.begin(), other.size()); }
  AnchorEdges(AnchorEdges&& other) noexcept { take_from(other); }
  AnchorEdges& operator=(const AnchorEdges& other) {
    if (this != &other) {
      size_ = 0;
      append(other.begin(), other.size());
    }
    return *this;
  }
  AnchorEdges& operator=(AnchorEdges&& other) noexcept {
    if (this != &other) {
      release();
      take_from(other);
    }
    return *this;
  }
  ~AnchorEdges() { release(); }

  void push_back(const AnchorEdge& edge) {
    if (size_ == capacity_) grow(capacity_ * 2);
    data()[size_++] = edge;
  }
  /// Shrinks to `n` pairs; n must not exceed size().
  void resize(std::size_t n) noexcept { size_ = static_cast<std::uint32_t>(std::min<std::size_t>(n, size_)); }
  void clear() noexcept { size_ = 0; }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  AnchorEdge* data() noexcept { return capacity_ == kInline ? inline_ : heap_; }
  const AnchorEdge* data() const noexcept { return capacity_ == kInline ? inline_ : heap_; }
  AnchorEdge* begin() noexcept { return data(); }
  AnchorEdge* end() noexcept { return data() + size_; }
  const AnchorEdge* begin() const noexcept { return data(); }
  const AnchorEdge* end() const noexcept { return data() + size_; }
  AnchorEdge& operator[](std::size_t i) noexcept { return data()[i]; }
  const AnchorEdge& operator[](std::size_t i) const noexcept { return data()[i]; }

 private:
  static constexpr std::uint32_t kInline = 1;

  void append(const AnchorEdge* from, std::size_t n) {
    if (n > capacity_) grow(static_cast<std::uint32_t>(n));
    std::copy(from, from + n, data());
    size_ = static_cast<std::uint32_t>(n);
  }
  void grow(std::uint32_t capacity) {
    auto* bigger = new AnchorEdge[capacity];
    std::copy(begin(), end(), bigger);
    release();
    heap_ = bigger;
    capacity_ = capacity;
  }
  void release() noexcept {
    if (capacity_ != kInline) delete[] heap_;
    capacity_ = kInline;
  }
  void take_from(AnchorEdges& other) noexcept {
    size_ = other.size_;
    capacity_ = other.capacity_;
    if (capacity_ == kInline) std::copy(other.inline_, other.inline_ + size_, inline_);
    else heap_ = other.heap_;
    other.capacity_ = kInline;
    other.size_ = 0;
  }

  union {
    AnchorEdge inline_[kInline];
    AnchorEdge* heap_;
  };
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = kInline;
};

}  // namespace squall::detail
