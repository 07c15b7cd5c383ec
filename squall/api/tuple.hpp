#pragma once
// A tuple received by a bolt: values plus where they came from (Storm's Tuple).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "squall/api/tuple_state.hpp"
#include "squall/api/fields.hpp"
#include "squall/api/value.hpp"

namespace squall {
namespace detail {
struct TupleAccess;
}

/// A received tuple: its values, their field names, and the component, task and stream that
/// emitted it. A Tuple is a cheap shared handle (one pointer): copies refer to the same tuple, so a
/// bolt may keep copies (for a window, a join or a late ack) and ack any of them.
///
/// Typed getters take a position or a field name. A field the stream does not declare throws
/// UnknownFieldError; a value of another type throws TypeMismatchError naming the field, the
/// expected and the actual type.
class Tuple {
 public:
  Tuple() = default;
  explicit Tuple(std::shared_ptr<detail::TupleState> state) noexcept : s_(std::move(state)) {}

  const Values& values() const noexcept { return s_->values; }
  std::size_t size() const noexcept { return s_->values.size(); }
  const Fields& fields() const noexcept { return s_->schema->fields; }
  bool contains(std::string_view field) const noexcept { return fields().contains(field); }

  /// The value at `index` (throws std::out_of_range) or of `field` (throws UnknownFieldError).
  const Value& get(std::size_t index) const { return s_->values.at(index); }
  const Value& get(std::string_view field) const;

  bool get_bool(std::size_t index) const;
  bool get_bool(std::string_view field) const;
  std::int64_t get_int(std::size_t index) const;
  std::int64_t get_int(std::string_view field) const;
  double get_double(std::size_t index) const;
  double get_double(std::string_view field) const;
  const std::string& get_string(std::size_t index) const;
  const std::string& get_string(std::string_view field) const;
  const Bytes& get_bytes(std::size_t index) const;
  const Bytes& get_bytes(std::string_view field) const;

  /// The values of `selector`, in selector order. Throws UnknownFieldError.
  Values select(const Fields& selector) const { return fields().select(selector, values()); }

  const std::string& source_component() const noexcept { return s_->schema->component; }
  const std::string& source_stream() const noexcept { return s_->schema->stream; }
  /// Task id of the emitter; -1 for tick tuples.
  int source_task() const noexcept { return s_->source_task; }
  /// A tick tuple: stream "__tick" from component "__system" (see topology.tick.tuple.freq.secs).
  bool is_tick() const noexcept { return s_->schema->tick; }

  /// "split:3 default [the, 1]": for logs.
  std::string to_string() const;

  bool valid() const noexcept { return s_ != nullptr; }
  /// Part of a tuple tree that the acker tracks (anchored, directly or through its parents, to a
  /// spout tuple emitted with a message id): failing or timing it out replays the spout tuple.
  bool tracked() const noexcept { return !s_->anchors.empty(); }
  /// Identifies the tuple's stream declaration (component, stream, fields) for the life of the
  /// process: equal for every tuple of one stream, so a bolt may cache per-stream work by it.
  const void* stream_identity() const noexcept { return s_->schema; }

 private:
  friend struct detail::TupleAccess;  // the runtime's acking and codec (squall/api/detail/tuple_access.hpp)
  std::size_t index_of(std::string_view field) const { return fields().index_of(field); }
  std::shared_ptr<detail::TupleState> s_;
};

}  // namespace squall
