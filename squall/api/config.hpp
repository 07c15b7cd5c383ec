#pragma once
// Topology and component configuration: Storm's config map, with Storm's key names.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "squall/api/value.hpp"

namespace squall {

/// Config keys. Storm's where Storm has one; `squall.*` for what is squall's own.
namespace config_keys {
/// Worker processes for the topology (int, default 1). Executors are spread over the workers
/// round-robin in declaration order (ackers last), as Storm's even scheduler does.
inline constexpr std::string_view kWorkers = "topology.workers";
/// Tuples per batch to an executor of another worker (int, default 1000): a frame costs a
/// system call and a wake-up of ZeroMQ's I/O thread on both sides, so frames between processes
/// are larger than batches inside one (Storm batches its netty transfers the same way). A
/// started batch still leaves within 1 ms.
inline constexpr std::string_view kMessagingTransferBatchSize = "squall.messaging.transfer.batch.size";
/// Transport between worker processes: "ipc" (default, Unix domain sockets) or "tcp".
inline constexpr std::string_view kMessagingTransport = "squall.messaging.transport";
/// Directory of the ipc sockets and of spout state that must outlive a worker (string; default
/// /tmp/squall-TOPOLOGY-PID, created and removed by the supervisor).
inline constexpr std::string_view kMessagingIpcDir = "squall.messaging.ipc.dir";
/// Interface the tcp transport binds and connects to (string, default "127.0.0.1": loopback only).
inline constexpr std::string_view kMessagingTcpHost = "squall.messaging.tcp.host";
/// First tcp port; executor i listens on port base + i (int, default 6700, as Storm's slots).
inline constexpr std::string_view kMessagingTcpPortBase = "squall.messaging.tcp.port.base";
/// ZeroMQ CURVE key pair (Z85, 40 characters each; `squall keygen` prints one). When both are set
/// the tcp transport encrypts every link and accepts only peers that hold this key pair.
inline constexpr std::string_view kCurvePublicKey = "squall.messaging.curve.public.key";
inline constexpr std::string_view kCurveSecretKey = "squall.messaging.curve.secret.key";
/// Links between worker processes authenticate with CURVE even without configured keys (bool,
/// default true): the supervisor makes a key pair per run. false: no authentication (any local
/// process can connect to a worker's port).
inline constexpr std::string_view kMessagingAuthenticate = "squall.messaging.authenticate";
/// Seconds between a worker's heartbeats (with its metrics) to the supervisor (double, default 0.1).
inline constexpr std::string_view kWorkerHeartbeatSecs = "worker.heartbeat.frequency.secs";
/// A worker silent this long is killed and restarted (double, default 30; Storm's key).
inline constexpr std::string_view kWorkerTimeoutSecs = "supervisor.worker.timeout.secs";
/// A new worker gets this long to send its first heartbeat (double, default 120; Storm's key).
inline constexpr std::string_view kWorkerStartTimeoutSecs = "supervisor.worker.start.timeout.secs";
/// Set by the supervisor for its workers: where spouts keep state that must survive a worker
/// restart (CsvSpout's progress). Unset in a one-process run.
inline constexpr std::string_view kWorkerStateDir = "squall.worker.state.dir";
/// Acker executors (int, default 1). 0 turns tracking off: spout tuples are acked as emitted.
inline constexpr std::string_view kAckerExecutors = "topology.acker.executors";
/// Seconds a spout tuple's tree may take before the spout fails it (int, default 30).
inline constexpr std::string_view kMessageTimeoutSecs = "topology.message.timeout.secs";
/// Replays a spout message gets before it is given up (int, default 10; -1 = replay until acked,
/// Storm's behaviour): its failure number 1 + N writes it to the dead-letter file and counts it
/// as done (the spout's ack is called). See docs/reliability.md.
inline constexpr std::string_view kMaxReplays = "topology.max.replays";
/// Where given-up spout messages are written, one JSON line each (string; default
/// "<topology>.deadletter.jsonl" in the working directory).
inline constexpr std::string_view kDeadLetterFile = "squall.deadletter.file";
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
