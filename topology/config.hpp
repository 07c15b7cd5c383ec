#pragma once
// Topology and component configuration: Storm's config map, with Storm's key names.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "topology/value.hpp"

namespace squall {

/// Config keys. Storm's where Storm has one; `squall.*` for what is squall's own.
namespace config_keys {
/// Worker processes for the topology (int, default 1).
inline constexpr std::string_view kWorkers = "topology.workers";
/// Acker executors (int, default 1). 0 turns tracking off: spout tuples are acked as emitted.
inline constexpr std::string_view kAckerExecutors = "topology.acker.executors";
/// Seconds a spout tuple's tree may take before the spout fails it (int, default 30).
inline constexpr std::string_view kMessageTimeoutSecs = "topology.message.timeout.secs";
/// Cap on un-acked tuples per spout task (int; unset or 0 = no cap).
inline constexpr std::string_view kMaxSpoutPending = "topology.max.spout.pending";
/// Seconds between tick tuples to a bolt (int or double; component config; unset = no ticks).
inline constexpr std::string_view kTickTupleFreqSecs = "topology.tick.tuple.freq.secs";
/// Tuples per transfer batch between executors (int, default 100).
inline constexpr std::string_view kTransferBatchSize = "topology.transfer.batch.size";
/// Batches a receiving executor queues from each sender before the sender waits (int, default 16).
/// With the batch size this bounds the tuples in flight on each link: backpressure.
inline constexpr std::string_view kExecutorReceiveBatches = "squall.executor.receive.batches";
/// Seconds between progress lines while a topology runs (double, default 5; 0 = none).
inline constexpr std::string_view kProgressIntervalSecs = "squall.progress.interval.secs";
/// Fraction of tuples whose execute latency is timed (double, default 0.05; Storm's
/// topology.stats.sample.rate).
inline constexpr std::string_view kStatsSampleRate = "topology.stats.sample.rate";
}  // namespace config_keys

/// A string-keyed map of values. Component config overrides topology config for that component.
class Config {
 public:
  Config() = default;

  Config& set(std::string_view key, Value value);
  bool contains(std::string_view key) const { return entries_.find(key) != entries_.end(); }
  /// The value of `key`, or nullptr.
  const Value* find(std::string_view key) const;

  /// Typed reads with a default for a missing key. A present key of another type throws
  /// TypeMismatchError naming the key.
  std::int64_t get_int(std::string_view key, std::int64_t fallback) const;
  double get_double(std::string_view key, double fallback) const;
  bool get_bool(std::string_view key, bool fallback) const;
  std::string get_string(std::string_view key, std::string_view fallback) const;

  /// A copy of this config with every entry of `overrides` put over it.
  Config merged_with(const Config& overrides) const;

  const std::map<std::string, Value, std::less<>>& entries() const noexcept { return entries_; }

 private:
  std::map<std::string, Value, std::less<>> entries_;
};

}  // namespace squall
