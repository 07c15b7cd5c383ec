#pragma once
// What a test topology emitted, by component and stream (Storm's completeTopology result, read
// with Testing.readTuples).

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "squall/api/fields.hpp"
#include "squall/api/stream_ids.hpp"
#include "squall/api/tuple.hpp"
#include "squall/api/value.hpp"

namespace squall::testing {

/// Tuples recorded by CapturingBolt: thread-safe to add to; read it once the run is over.
class CapturedTuples {
 public:
  CapturedTuples() = default;
  /// Moves what was recorded (no recording may run concurrently).
  CapturedTuples(CapturedTuples&& other) noexcept : streams_(std::move(other.streams_)) {}

  /// Records `tuple` under its source component and stream.
  void add(const Tuple& tuple);
  /// The values emitted by `component` on `stream`, in arrival order (Storm's readTuples). Empty
  /// when nothing was emitted there.
  std::vector<Values> read(std::string_view component, std::string_view stream = kDefaultStream) const;
  /// The fields of `component`'s `stream`, as recorded with its first tuple (empty if none).
  Fields fields(std::string_view component, std::string_view stream = kDefaultStream) const;
  /// Tuples recorded in all.
  std::size_t size() const;

 private:
  struct Stream {
    Fields fields;
    std::vector<Values> values;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Stream, std::less<>> streams_;
};

}  // namespace squall::testing
