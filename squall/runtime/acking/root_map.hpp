#pragma once
// An open-addressing hash map from a non-zero 64-bit root id to a small value.

#include <cstdint>
#include <vector>

namespace squall::runtime {

/// Linear probing with backward-shift deletion (no tombstones), power-of-two capacity, load ≤ 1/2.
/// The acker does a lookup per message, so it must not allocate per entry as std::unordered_map
/// does. Key 0 marks an empty slot; root ids are never 0.
template <typename V>
class RootMap {
 public:
  RootMap() { slots_.resize(16); }

  V* find(std::uint64_t key) noexcept {
    for (std::size_t i = home(key);; i = (i + 1) & mask()) {
      if (slots_[i].key == key) return &slots_[i].value;
      if (slots_[i].key == 0) return nullptr;
    }
  }
  /// The value of `key`, default-constructed and inserted if absent.
  V& operator[](std::uint64_t key) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    std::size_t i = home(key);
    for (; slots_[i].key != 0; i = (i + 1) & mask())
      if (slots_[i].key == key) return slots_[i].value;
    slots_[i].key = key;
    slots_[i].value = V{};
    ++size_;
    return slots_[i].value;
  }
  bool erase(std::uint64_t key) noexcept {
    std::size_t i = home(key);
    for (; slots_[i].key != key; i = (i + 1) & mask())
      if (slots_[i].key == 0) return false;
    // Backward shift: pull later entries of the probe run into the hole.
    for (std::size_t j = (i + 1) & mask(); slots_[j].key != 0; j = (j + 1) & mask()) {
      std::size_t h = home(slots_[j].key);
      bool movable = (j > i) ? (h <= i || h > j) : (h <= i && h > j);
      if (movable) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i].key = 0;
    --size_;
    return true;
  }
  std::size_t size() const noexcept { return size_; }
  void clear() noexcept {
    for (auto& s : slots_) s.key = 0;
    size_ = 0;
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    V value{};
  };
  std::size_t mask() const noexcept { return slots_.size() - 1; }
  std::size_t home(std::uint64_t key) const noexcept {
    return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ULL) >> 20) & mask();
  }
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    size_ = 0;
    for (const auto& s : old)
      if (s.key != 0) (*this)[s.key] = s.value;
  }
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace squall::runtime
