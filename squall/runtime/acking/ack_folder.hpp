#pragma once
// The acker messages of one executor thread, folded per root before they are sent.

#include <cstdint>
#include <optional>
#include <vector>

#include "squall/runtime/acking/root_map.hpp"

namespace squall::runtime {

/// XORs the inits and acks one thread reports for a root into one entry, so that a batch sends
/// the acker one message per root rather than one per tuple (the XOR ledger is order-free, so a
/// folded value means to the acker what its parts meant, Storm's docs "Acking framework
/// implementation").
///
/// An entry holding a root's init whose folded value is 0 is a complete tree: every edge was
/// created and consumed by this thread (an edge created here and acked elsewhere, or created
/// elsewhere, leaves a non-zero value, since the tree's edges all descend from the init's).
/// The spout executor then completes it without the acker; a chain of bolts on the spout's
/// thread (chaining) thus costs the acker nothing. Not thread-safe: one per executor thread.
class AckFolder {
 public:
  /// One root's folded messages. `spout_task` is -1 when no init was folded.
  struct Folded {
    std::uint64_t root = 0;
    std::uint64_t value = 0;
    std::int32_t spout_task = -1;
  };

  /// What one folded entry tells, as the emitter acts on it.
  enum class Outcome {
    completed_here,  ///< init folded and the value is 0: the tree is complete, no acker needed
    send_init,       ///< send the acker an init of the folded value
    send_ack,        ///< send the acker an ack of the folded value
    nothing,         ///< acks that cancel out: nothing to tell
  };
  static Outcome outcome(const Folded& f) noexcept {
    if (f.spout_task >= 0) return f.value == 0 ? Outcome::completed_here : Outcome::send_init;
    return f.value == 0 ? Outcome::nothing : Outcome::send_ack;
  }

  /// A spout's init of `root` (Storm's __ack_init): the XOR of its first edges.
  void init(std::uint64_t root, std::uint64_t edges_xor, std::int32_t spout_task) {
    Slot& s = slot(root);
    s.value ^= edges_xor;
    s.spout_task = spout_task;
  }
  /// A bolt's ack of a tuple of `root` (Storm's __ack_ack): its edge ^ its children's.
  void ack(std::uint64_t root, std::uint64_t value) { slot(root).value ^= value; }
  /// Removes and returns what is folded for `root` (sent before a fail or a timeout reset, so
  /// that the acker sees the tree's init and never a local completion after a fail).
  std::optional<Folded> take(std::uint64_t root) {
    Slot* s = slots_.find(root);
    if (!s) return std::nullopt;
    Folded f{root, s->value, s->spout_task};
    slots_.erase(root);
    return f;
  }
  /// Roots folded since the last drain (taken ones included until then).
  std::size_t size() const noexcept { return order_.size(); }
  /// Calls `f(const Folded&)` for each root still folded, in the order first seen, and empties.
  template <typename F>
  void drain(F&& f) {
    for (std::uint64_t root : order_)
      if (Slot* s = slots_.find(root)) {
        f(Folded{root, s->value, s->spout_task});
        slots_.erase(root);
      }
    order_.clear();
  }

 private:
  struct Slot {
    std::uint64_t value = 0;
    std::int32_t spout_task = -1;
    bool used = false;
  };
  Slot& slot(std::uint64_t root) {
    Slot& s = slots_[root];
    if (!s.used) {
      s.used = true;
      order_.push_back(root);
    }
    return s;
  }
  RootMap<Slot> slots_;
  std::vector<std::uint64_t> order_;
};

}  // namespace squall::runtime
