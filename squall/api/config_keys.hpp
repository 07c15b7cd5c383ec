#pragma once
// The topology config schema: every key squall reads, declared once with its type, default,
// bounds, unit and meaning. The runtime reads through these (Config::get(key) applies the
// default), topology files are validated against them (validate_config), `squall settings`
// prints them and docs/settings.md is generated from them. Storm's key names with Storm's
// meanings (storm-client's Config.java, https://storm.apache.org/releases/2.6.0/javadocs/);
// `squall.*` for squall's own.

#include <cstdint>
#include <string_view>

namespace squall {

/// A config value's type. integer: int64; number: double (an integer is accepted); boolean;
/// string.
enum class ConfigType { integer, number, boolean, string };

/// A key of type T (std::int64_t, double, bool or std::string_view) with its default and, for
/// numbers, its inclusive range [min, max] (NaN is outside every range). Converts to the key's
/// name, so `config.set(config_keys::kWorkers, 2)` reads as Storm's `conf.put(...)`.
template <typename T>
struct ConfigKey {
  constexpr ConfigKey(std::string_view name, T fallback, double min, double max, std::string_view unit,
                      std::string_view doc, std::string_view default_doc = {}, std::string_view origin = "storm")
      : name(name), fallback(fallback), min(min), max(max), unit(unit), doc(doc), default_doc(default_doc),
        origin(origin) {}

  std::string_view name;
  T fallback;
  /// Inclusive bounds of an integer or number (0, 0 for the other types).
  double min, max;
  /// "tuples", "ms", "s", "processes", ... ("" for none).
  std::string_view unit;
  /// What the key does, for `squall settings` and docs/settings.md.
  std::string_view doc;
  /// How the default reads in docs when it is computed or means "unset" (else the value).
  std::string_view default_doc;
  /// "storm" (Storm has this key, same meaning) or "squall".
  std::string_view origin;
  constexpr operator std::string_view() const noexcept { return name; }  // NOLINT: a key is its name
};

namespace config_keys {
using IntKey = ConfigKey<std::int64_t>;
using NumberKey = ConfigKey<double>;
using BoolKey = ConfigKey<bool>;
using StringKey = ConfigKey<std::string_view>;
constexpr double kMaxInt = 9.0e18;

// ---- Topology ----
inline constexpr IntKey kWorkers{"topology.workers", 1, 1, 1024, "processes",
                                 "worker processes; executors are spread over them round-robin in declaration order "
                                 "(ackers last), as Storm's even scheduler does"};
inline constexpr IntKey kAckerExecutors{"topology.acker.executors", 1, 0, 1024, "executors",
                                        "acker executors; 0 turns tuple tracking off (spout tuples are acked as emitted)"};
inline constexpr IntKey kMessageTimeoutSecs{"topology.message.timeout.secs", 30, 1, 604800, "s",
                                            "a spout tuple whose tree is not complete by then is failed and replayed"};
inline constexpr IntKey kMaxSpoutPending{"topology.max.spout.pending", 0, 0, 100'000'000, "tuples",
                                         "un-acked tuples per spout task before next_tuple pauses; 0 = no cap",
                                         "0 (no cap)"};
inline constexpr IntKey kMaxReplays{"topology.max.replays", 10, -1, 1'000'000'000, "replays",
                                    "replays of a failing spout message before it is given up and written to "
                                    "squall.deadletter.file; -1 = replay until acked (Storm's behaviour)",
                                    "", "squall"};
inline constexpr NumberKey kTickTupleFreqSecs{"topology.tick.tuple.freq.secs", 0, 0.001, 86400, "s",
                                              "seconds between tick tuples to a bolt (topology-wide or per component)",
                                              "unset (no ticks)"};
inline constexpr IntKey kProducerBatchSize{"topology.producer.batch.size", 100, 1, 100'000, "tuples",
                                           "tuples per batch from an executor to another in the same worker; a "
                                           "started batch leaves within 1 ms"};
inline constexpr IntKey kTransferBatchSize{"topology.transfer.batch.size", 1000, 1, 1'000'000, "tuples",
                                           "tuples per frame to an executor of another worker: a frame costs a system "
                                           "call and a wake-up on both sides, so frames between processes are larger; "
                                           "a started frame leaves within 1 ms"};
inline constexpr NumberKey kStatsSampleRate{"topology.stats.sample.rate", 0.05, 0.000001, 1, "",
                                            "fraction of tuples whose execute latency is timed"};
inline constexpr BoolKey kDebug{"topology.debug", false, 0, 0, "",
                                "log every emitted tuple at INFO (\"Emitting: component stream [values]\")"};
inline constexpr BoolKey kChaining{"squall.topology.chaining", true, 0, 0, "",
                                   "a bolt subscribed one-to-one (shuffle, none or local-or-shuffle, one input besides "
                                   "checkpoints from that upstream, "
                                   "as many executors as its upstream, in the same worker, no tick tuples) runs on "
                                   "its upstream executor's thread, called instead of queued (Flink's operator "
                                   "chaining); false in a component's config keeps it on its own thread and "
                                   "chains nothing into it",
                                   "", "squall"};
inline constexpr IntKey kExecutorReceiveBatches{"squall.executor.receive.batches", 256, 1, 1'000'000, "batches",
                                                "batches a receiving executor queues from each sender before the "
                                                "sender waits (backpressure); a link from another worker holds as "
                                                "many tuples, in frames of topology.transfer.batch.size",
                                                "", "squall"};
inline constexpr NumberKey kProgressIntervalSecs{"squall.progress.interval.secs", 5, 0, 86400, "s",
                                                 "seconds between progress lines while a topology runs; 0 = none", "",
                                                 "squall"};
// ---- Multilang (shell components) ----
inline constexpr IntKey kSubprocessTimeoutSecs{"topology.subprocess.timeout.secs", 30, 1, 86400, "s",
                                               "a multilang child that answers neither a heartbeat (bolt) nor a "
                                               "command (spout) this long, or blocks its input, is killed, its "
                                               "in-flight tuples failed and the child restarted"};
inline constexpr IntKey kShellBoltMaxPending{"topology.shellbolt.max.pending", 100, 1, 1'000'000, "tuples",
                                             "tuples a shell bolt sends its child before the child acks or fails "
                                             "some: execute waits beyond it (backpressure)"};
inline constexpr StringKey kMultilangResourcesDir{"squall.multilang.resources.dir", "", 0, 0, "",
                                                  "the working directory of multilang children (Storm runs them in "
                                                  "the jar's resources/); a relative command path is looked up there",
                                                  "the topology file's resources/ folder; the working directory from "
                                                  "the C++ API", "squall"};
inline constexpr StringKey kDeadLetterFile{"squall.deadletter.file", "", 0, 0, "",
                                           "where given-up spout messages are written, one JSON line each",
                                           "<topology>.deadletter.jsonl", "squall"};

// ---- Workers and messaging ----
inline constexpr StringKey kMessagingTransport{"squall.messaging.transport", "ipc", 0, 0, "",
                                               "transport between worker processes: ipc (Unix domain sockets) or tcp",
                                               "", "squall"};
inline constexpr StringKey kMessagingIpcDir{"squall.messaging.ipc.dir", "", 0, 0, "",
                                            "the run directory: ipc sockets, control sockets, the lock and spout "
                                            "state; created 0700 and removed on a clean exit when squall picks it",
                                            "$TMPDIR/squall-<uid>/<topology>", "squall"};
inline constexpr StringKey kMessagingTcpHost{"squall.messaging.tcp.host", "127.0.0.1", 0, 0, "",
                                             "the interface the tcp transport binds and connects to", "", "squall"};
inline constexpr IntKey kMessagingTcpPortBase{"squall.messaging.tcp.port.base", 6700, 1, 65535, "port",
                                              "first tcp port; executor i listens on base + i", "", "squall"};
inline constexpr StringKey kMessagingExecutorEndpoints{"squall.messaging.executor.endpoints", "", 0, 0, "",
    "set by cluster supervisors for their workers: executor i's tcp endpoint is the i-th of these comma-separated "
    "tcp://host:port (Nimbus's assignment); replaces tcp.host and tcp.port.base",
    "unset", "squall"};
inline constexpr StringKey kCurvePublicKey{"squall.messaging.curve.public.key", "", 0, 0, "",
                                           "ZeroMQ CURVE public key (Z85, 40 characters; `squall keygen`); with the "
                                           "secret key, every link is encrypted and accepts only holders of the pair",
                                           "unset (a key pair per run)", "squall"};
inline constexpr StringKey kCurveSecretKey{"squall.messaging.curve.secret.key", "", 0, 0, "",
                                           "ZeroMQ CURVE secret key (Z85, 40 characters)", "unset", "squall"};
inline constexpr BoolKey kMessagingAuthenticate{"squall.messaging.authenticate", true, 0, 0, "",
                                                "links between workers authenticate with CURVE even without "
                                                "configured keys (a key pair per run); false = any local process "
                                                "may connect to a worker's port",
                                                "", "squall"};
inline constexpr NumberKey kWorkerHeartbeatSecs{"worker.heartbeat.frequency.secs", 0.1, 0.001, 3600, "s",
                                                "seconds between a worker's heartbeats (with its metrics)"};
inline constexpr NumberKey kWorkerTimeoutSecs{"supervisor.worker.timeout.secs", 30, 0.01, 86400, "s",
                                              "a worker silent this long is killed and restarted"};
inline constexpr NumberKey kWorkerStartTimeoutSecs{"supervisor.worker.start.timeout.secs", 120, 0.01, 86400, "s",
                                                   "a new worker gets this long to send its first heartbeat"};
inline constexpr NumberKey kWorkerOrphanTimeoutSecs{"squall.worker.orphan.timeout.secs", 0, 0, 86400, "s",
                                                    "a worker that hears nothing from its supervisor this long stops "
                                                    "itself (a frozen supervisor's workers may be running elsewhere "
                                                    "by then); 0 = never. Cluster supervisors set their ZooKeeper "
                                                    "session timeout", "0", "squall"};
inline constexpr StringKey kWorkerStateDir{"squall.worker.state.dir", "", 0, 0, "",
                                           "set by the supervisor for its workers: where spouts and sinks keep "
                                           "state that outlives a worker (CsvSpout's progress)",
                                           "set by the supervisor", "squall"};

// ---- State (Storm's State-checkpointing.md; docs/state.md) ----
inline constexpr IntKey kCheckpointIntervalMs{"topology.state.checkpoint.interval.ms", 1000, 1, kMaxInt, "ms",
                                              "how often the checkpoint spout starts a checkpoint of the stateful "
                                              "bolts' state (keep it well under topology.message.timeout.secs)"};
inline constexpr StringKey kStateProvider{"topology.state.provider", "memory", 0, 0, "",
                                          "where stateful bolts keep their state: memory (lost with the process), "
                                          "rocksdb (embedded, on local disk) or redis; Storm's class names "
                                          "(org.apache.storm.state.InMemoryKeyValueStateProvider, "
                                          "org.apache.storm.redis.state.RedisKeyValueStateProvider) are accepted",
                                          "memory (squall run: rocksdb)"};
inline constexpr StringKey kStateProviderConfig{"topology.state.provider.config", "", 0, 0, "",
                                                "the provider's settings as a JSON object: rocksdb {\"dir\"}; redis "
                                                "{\"jedisPoolConfig\": {\"host\", \"port\", \"database\", "
                                                "\"password\", \"timeout\"}} (Storm's) or the same keys at the top",
                                                "none"};

// ---- Windowed bolts (component config; Storm's BaseWindowedBolt) ----
inline constexpr IntKey kWindowLengthCount{"topology.bolts.window.length.count", 0, 1, kMaxInt, "tuples",
                                           "window length in tuples (or set the duration)", "unset"};
inline constexpr IntKey kWindowLengthDurationMs{"topology.bolts.window.length.duration.ms", 0, 1, kMaxInt, "ms",
                                                "window length in time", "unset"};
inline constexpr IntKey kSlidingIntervalCount{"topology.bolts.sliding.interval.count", 0, 1, kMaxInt, "tuples",
                                              "slide in tuples; neither slide key = a tumbling window", "unset"};
inline constexpr IntKey kSlidingIntervalDurationMs{"topology.bolts.sliding.interval.duration.ms", 0, 1, kMaxInt,
                                                   "ms", "slide in time", "unset"};
inline constexpr StringKey kTupleTimestampField{"topology.bolts.tuple.timestamp.field.name", "", 0, 0, "",
                                                "input field holding the event time (ms since the epoch); unset = "
                                                "processing time",
                                                "unset"};
inline constexpr IntKey kTupleTimestampMaxLagMs{"topology.bolts.tuple.timestamp.max.lag.ms", 0, 0, kMaxInt, "ms",
                                                "how far event time may run behind the newest timestamp seen before "
                                                "a tuple is late"};
inline constexpr IntKey kWatermarkEventIntervalMs{"topology.bolts.watermark.event.interval.ms", 1000, 1, kMaxInt,
                                                  "ms", "time between watermarks"};
inline constexpr StringKey kLateTupleStream{"topology.bolts.late.tuple.stream", "late", 0, 0, "",
                                            "the stream late tuples go to"};
inline constexpr IntKey kWindowIdleTimeoutMs{"squall.window.idle.timeout.ms", 0, 0, kMaxInt, "ms",
                                             "event time: after this long without input every open window is "
                                             "evaluated, as at the end of a finite input (Flink's idleness); 0 = never",
                                             "", "squall"};
}  // namespace config_keys

}  // namespace squall
