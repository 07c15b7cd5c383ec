// Topologies in several worker processes: a worker killed with kill -9 or stopped with SIGSTOP
// is replaced and nothing is lost; garbage on a worker's socket is counted and ignored; with
// CURVE on, a peer without the topology's key cannot inject tuples.
//
// The pipeline: CsvSpout "rows" → "parse" → "enrich" → "record". With 2 workers the executors
// alternate (rows, enrich, acker in worker 0; parse, record in worker 1), so every stage crosses
// a process boundary. "record" appends each id to a file with one write(2), so what it recorded
// survives its worker being killed; the test reads the files afterwards.

#include <filesystem>
#include <map>
#include <random>
#include <zmq.hpp>

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "squall/connectors/files/csv_spout.hpp"
#include "squall/connectors/files/file_sink.hpp"
#include "squall/connectors/files/row_progress.hpp"
#include "squall/runtime/plan/execution_plan.hpp"
#include "squall/runtime/serialization/tuple_codec.hpp"
#include "support/files.hpp"
#include "support/test_components.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

/// Appends each tuple's id to DIR/record-TASK.txt and acks it.
class RecordBolt : public squall::BasicBolt {
 public:
  explicit RecordBolt(fs::path dir) : dir_(std::move(dir)) {}
  void prepare(const squall::TopologyContext& context) override {
    auto file = dir_ / ("record-" + std::to_string(context.task_id()) + ".txt");
    fd_ = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error("cannot open " + file.string());
  }
  void execute(const squall::Tuple& in, squall::BasicOutputCollector&) override {
    auto line = std::to_string(in.get_int("id")) + "\n";
    if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
      throw squall::FailedException("short write");
  }
  void cleanup() override { ::close(fd_); }

 private:
  fs::path dir_;
  int fd_ = -1;
};

/// How many times each id was recorded.
std::map<std::int64_t, int> recorded(const fs::path& dir) {
  std::map<std::int64_t, int> counts;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().rfind("record-", 0) == 0) {
      std::istringstream in(test::read_text(entry.path()));
      for (std::int64_t id; in >> id;) ++counts[id];
    }
  return counts;
}

std::size_t recorded_lines(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& [id, count] : recorded(dir)) n += static_cast<std::size_t>(count);
  return n;
}

fs::path write_rows(const test::TempDir& dir, int rows) {
  std::string text = "id,payload\n";
  for (int i = 0; i < rows; ++i) text += std::to_string(i) + ",row-" + std::to_string(i) + "\n";
  return dir.write("rows.csv", text);
}

squall::TopologyBuilder pipeline(const fs::path& csv, const fs::path& out, nlohmann::json extra = nlohmann::json::object()) {
  nlohmann::json settings = {{"path", csv.string()}, {"types", {{"id", "int"}}}};
  settings.update(extra);
  squall::TopologyBuilder b;
  b.set_spout("rows", [settings] { return std::make_unique<squall::spouts::CsvSpout>(squall::ComponentSettings(settings)); });
  b.set_bolt("parse", [] { return std::make_unique<test::PassBolt>(); }).shuffle_grouping("rows");
  b.set_bolt("enrich", [] { return std::make_unique<test::PassBolt>(); }).shuffle_grouping("parse");
  b.set_bolt("record", [out] { return std::make_unique<RecordBolt>(out); }).shuffle_grouping("enrich");
  return b;
}

squall::Config two_workers(const test::TempDir& dir) {
  namespace k = squall::config_keys;
  squall::Config c;
  c.set(k::kWorkers, 2);
  c.set(k::kMessagingIpcDir, (dir.path() / "run").string());
  c.set(k::kMessageTimeoutSecs, 3);
  c.set(k::kMaxSpoutPending, 1000);
  c.set(k::kProgressIntervalSecs, 0);
  return c;
}

/// Waits until worker `index` runs in a process other than `old_pid`.
bool replaced(squall::LocalCluster& cluster, int index, int old_pid) {
  return test::eventually([&] {
    int pid = cluster.worker_pids("w")[static_cast<std::size_t>(index)];
    return pid != 0 && pid != old_pid;
  }, 60s, 10ms);
}

/// Kills (kill -9) worker `victim` once `record` has written `after` lines, and runs the
/// topology to completion. Returns the final metrics.
squall::MetricsSnapshot run_killing(const test::TempDir& dir, squall::TopologyBuilder& b, int victim, std::size_t after) {
  squall::LocalCluster cluster;
  cluster.submit_topology("w", two_workers(dir), b.create_topology());
  REQUIRE(test::eventually([&] { return recorded_lines(dir.path() / "out") >= after; }, 60s, 5ms));
  int pid = cluster.worker_pids("w")[static_cast<std::size_t>(victim)];
  REQUIRE(::kill(pid, SIGKILL) == 0);
  CHECK(replaced(cluster, victim, pid));
  CHECK(cluster.wait_until_complete("w", 180s));
  return cluster.kill_topology("w");
}

}  // namespace

TEST_CASE("a worker killed with kill -9 is restarted and every row is acked exactly once") {
  test::TempDir dir;
  fs::create_directories(dir.path() / "out");
  auto b = pipeline(write_rows(dir, 100000), dir.path() / "out");
  auto m = run_killing(dir, b, 1, 30000);  // worker 1: parse and record

  CHECK(m.workers == 2);
  CHECK(m.worker_restarts == 1);
  // The spout (in worker 0, never killed) completes each row exactly once: 100,000 acks for
  // 100,000 rows, and exhaustion required that none is pending.
  CHECK(m.component("rows")->acked == 100000);
  CHECK(m.component("rows")->timed_out >= 1);  // the tuples worker 1 held were replayed
  auto counts = recorded(dir.path() / "out");
  CHECK(counts.size() == 100000);
  CHECK(counts.begin()->first == 0);
  CHECK(counts.rbegin()->first == 99999);
  std::size_t duplicates = recorded_lines(dir.path() / "out") - counts.size();
  MESSAGE("duplicates at the recording bolt: " << duplicates << " (max spout pending 1000)");
  CHECK(duplicates <= 1000);  // at most what was in flight: the pending tuples of the one spout task
}

TEST_CASE("the spout's worker killed with kill -9: the CsvSpout resumes from its progress, nothing lost") {
  test::TempDir dir;
  fs::create_directories(dir.path() / "out");
  auto b = pipeline(write_rows(dir, 40000), dir.path() / "out");
  auto m = run_killing(dir, b, 0, 15000);  // worker 0: rows, enrich and the acker

  CHECK(m.worker_restarts == 1);
  auto counts = recorded(dir.path() / "out");
  CHECK(counts.size() == 40000);
  std::size_t duplicates = recorded_lines(dir.path() / "out") - counts.size();
  MESSAGE("duplicates at the recording bolt: " << duplicates);
  // In flight when killed: up to 1000 pending tuples, plus up to 64 acks not yet in the progress file.
  CHECK(duplicates <= 1000 + 64);
  // A clean exit removes the run's state; the user's ipc folder stays.
  CHECK(!fs::exists(dir.path() / "run" / "w-state"));
  CHECK(fs::exists(dir.path() / "run"));
}

TEST_CASE("a worker stopped with SIGSTOP misses its heartbeats, is replaced, and its tuples are replayed") {
  test::TempDir dir;
  fs::create_directories(dir.path() / "out");
  auto b = pipeline(write_rows(dir, 20000), dir.path() / "out");
  auto config = two_workers(dir);
  config.set(squall::config_keys::kWorkerTimeoutSecs, 3);  // well above a busy CI machine's scheduling delays
  squall::LocalCluster cluster;
  cluster.submit_topology("w", config, b.create_topology());
  REQUIRE(test::eventually([&] { return recorded_lines(dir.path() / "out") >= 5000; }, 60s, 5ms));
  int stopped = cluster.worker_pids("w")[1];
  REQUIRE(::kill(stopped, SIGSTOP) == 0);
  CHECK(replaced(cluster, 1, stopped));
  CHECK(test::eventually([&] { return ::kill(stopped, 0) != 0 && errno == ESRCH; }, 10s, 10ms));  // killed, reaped
  CHECK(cluster.wait_until_complete("w", 180s));
  auto m = cluster.kill_topology("w");
  CHECK(m.worker_restarts == 1);
  CHECK(m.component("rows")->acked == 20000);
  CHECK(m.component("rows")->timed_out >= 1);
  CHECK(recorded(dir.path() / "out").size() == 20000);
}

TEST_CASE("garbage sent to a worker's socket is counted and ignored") {
  test::TempDir dir;
  fs::create_directories(dir.path() / "out");
  auto b = pipeline(write_rows(dir, 20000), dir.path() / "out", {{"rows.per.second", 20000}});
  squall::LocalCluster cluster;
  auto config = two_workers(dir);
  config.set(squall::config_keys::kMessagingAuthenticate, false);  // garbage must reach the decoder
  squall::runtime::ExecutionPlan plan("w", config, b.create_topology());
  int record_executor = plan.executor_of(plan.tasks_of("record").front());
  cluster.submit_topology("w", config, b.create_topology());
  REQUIRE(test::eventually([&] { return recorded_lines(dir.path() / "out") >= 100; }, 60s, 5ms));

  zmq::context_t context;
  zmq::socket_t garbage(context, zmq::socket_type::push);
  garbage.set(zmq::sockopt::linger, 5000);
  garbage.connect("ipc://" + (dir.path() / "run").string() + "/executor-" + std::to_string(record_executor));
  std::mt19937 random(7);
  for (int i = 0; i < 20; ++i) {
    std::string noise(1 + random() % 300, '\0');
    for (auto& ch : noise) ch = static_cast<char>(random());
    garbage.send(zmq::buffer(noise));
  }
  std::string frame;
  squall::runtime::Batch acks{{9999, squall::runtime::AckAck{42, 42}}};
  squall::runtime::encode_batch(acks, frame);
  garbage.send(zmq::buffer(frame));                      // well formed, but for a task the executor does not run
  garbage.send(zmq::buffer(frame.substr(0, frame.size() / 2)));  // truncated
  REQUIRE(test::eventually([&] { return cluster.metrics("w").malformed_frames >= 22; }, 30s, 10ms));

  CHECK(cluster.wait_until_complete("w", 120s));
  auto m = cluster.kill_topology("w");
  CHECK(m.malformed_frames == 22);
  CHECK(m.worker_restarts == 0);
  CHECK(m.component("rows")->acked == 20000);
  CHECK(recorded(dir.path() / "out").size() == 20000);
}

namespace {

struct KeyPair {
  std::string public_key, secret_key;
  KeyPair() {
    char pub[41], sec[41];
    REQUIRE(zmq_curve_keypair(pub, sec) == 0);
    public_key = pub;
    secret_key = sec;
  }
};

/// A well-formed batch with one tuple (id -1) for the task of "record", as "enrich" would send it.
std::string injected_frame(const squall::runtime::ExecutionPlan& plan) {
  auto state = std::make_shared<squall::detail::TupleState>();
  state->values = {std::int64_t{-1}, std::string("injected")};
  state->schema = plan.find_schema("enrich", "default");
  state->source_task = plan.tasks_of("enrich").front();
  squall::runtime::Batch batch{{plan.tasks_of("record").front(), squall::runtime::TupleMessage{squall::Tuple(state)}}};
  std::string frame;
  squall::runtime::encode_batch(batch, frame);
  return frame;
}

/// Puts `config` on tcp with a random loopback port base; returns the base. Below Linux's
/// ephemeral range (32768-60999), where the ports other tests bind to port 0 and every outgoing
/// connection get theirs: a base up to 40000 once met one held there ("Address already in use").
int use_tcp(squall::Config& config) {
  int base = 20000 + static_cast<int>(std::random_device{}() % 12000);
  config.set(squall::config_keys::kMessagingTransport, "tcp");
  config.set(squall::config_keys::kMessagingTcpPortBase, base);
  return base;
}

/// The tcp endpoint of the executor that runs "record".
std::string record_endpoint(const squall::runtime::ExecutionPlan& plan, int base) {
  return "tcp://127.0.0.1:" + std::to_string(base + plan.executor_of(plan.tasks_of("record").front()));
}

/// Submits the pipeline as "w" and waits until "record" has recorded 100 rows; returns its plan.
squall::runtime::ExecutionPlan submit_and_wait(squall::LocalCluster& cluster, const squall::Config& config,
                                               squall::TopologyBuilder& b, const fs::path& out) {
  squall::runtime::ExecutionPlan plan("w", config, b.create_topology());
  cluster.submit_topology("w", config, b.create_topology());
  REQUIRE(test::eventually([&] { return recorded_lines(out) >= 100; }, 60s, 5ms));
  return plan;
}

/// Runs an endless, throttled pipeline over tcp; `inject` gets the record executor's endpoint.
/// Returns how often id -1 was recorded, once `record` has recorded 200 more rows after the
/// injection (so the injected tuple had its chance to arrive), and the final metrics.
template <typename Inject>
std::pair<int, squall::MetricsSnapshot> run_with_injection(bool curve, const KeyPair& keys, Inject inject,
                                                           bool authenticate = true) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "out");
  auto b = pipeline(write_rows(dir, 1000), dir.path() / "out", {{"rows.per.second", 500}, {"loop", true}});
  auto config = two_workers(dir);
  int base = use_tcp(config);
  config.set(squall::config_keys::kMessagingAuthenticate, authenticate);
  if (curve) {
    config.set(squall::config_keys::kCurvePublicKey, keys.public_key);
    config.set(squall::config_keys::kCurveSecretKey, keys.secret_key);
  }
  squall::LocalCluster cluster;
  auto plan = submit_and_wait(cluster, config, b, dir.path() / "out");
  std::string endpoint = record_endpoint(plan, base);
  zmq::context_t context;
  auto intruders = inject(context, endpoint, injected_frame(plan), cluster);  // open until the end
  auto before = recorded_lines(dir.path() / "out");
  CHECK(test::eventually([&] { return recorded_lines(dir.path() / "out") >= before + 200; }, 60s, 5ms));
  int injected = recorded(dir.path() / "out")[-1];
  return {injected, cluster.kill_topology("w", 5s)};
}

/// A PUSH socket that connects to `endpoint` and sends `frame`; with `own_keys`, as a CURVE client.
zmq::socket_t push(zmq::context_t& context, const std::string& endpoint, const std::string& frame,
                   const KeyPair* own_keys, const std::string& server_key) {
  zmq::socket_t socket(context, zmq::socket_type::push);
  socket.set(zmq::sockopt::linger, 0);
  if (own_keys) {
    socket.set(zmq::sockopt::curve_serverkey, server_key);
    socket.set(zmq::sockopt::curve_publickey, own_keys->public_key);
    socket.set(zmq::sockopt::curve_secretkey, own_keys->secret_key);
  }
  socket.connect(endpoint);
  socket.send(zmq::buffer(frame), zmq::send_flags::dontwait);
  return socket;
}

}  // namespace

TEST_CASE("with authentication turned off, a peer that can reach the tcp port can inject a tuple (the control case)") {
  KeyPair keys;
  auto [injected, m] = run_with_injection(false, keys, [](zmq::context_t& c, const std::string& endpoint,
                                                           const std::string& frame, squall::LocalCluster&) {
    std::vector<zmq::socket_t> sockets;
    sockets.push_back(push(c, endpoint, frame, nullptr, ""));
    return sockets;
  }, /*authenticate=*/false);
  CHECK(injected == 1);
}

TEST_CASE("by default (no keys configured) worker links authenticate: a forged frame is refused and a finite run ends on time") {
  test::TempDir dir;
  fs::create_directories(dir.path() / "out");
  auto b = pipeline(write_rows(dir, 3000), dir.path() / "out", {{"rows.per.second", 1500}});
  auto config = two_workers(dir);
  int base = use_tcp(config);
  squall::LocalCluster cluster;
  auto plan = submit_and_wait(cluster, config, b, dir.path() / "out");
  std::string endpoint = record_endpoint(plan, base);
  zmq::context_t context;
  auto forged = push(context, endpoint, injected_frame(plan), nullptr, "");
  CHECK(test::eventually([&] { return cluster.metrics("w").refused_peers >= 1; }, 30s, 10ms));
  // Before authentication by default, one forged frame unbalanced the termination counters and
  // a finite run never ended.
  CHECK(cluster.wait_until_complete("w", 60s));
  auto m = cluster.kill_topology("w", 5s);
  CHECK(m.refused_peers >= 1);
  CHECK(m.component("rows")->acked == 3000);
  CHECK(recorded(dir.path() / "out").count(-1) == 0);
}

TEST_CASE("with CURVE on, peers without the topology's key pair are refused and inject nothing") {
  KeyPair keys, intruder;
  auto [injected, m] = run_with_injection(true, keys, [&](zmq::context_t& c, const std::string& endpoint,
                                                          const std::string& frame, squall::LocalCluster& cluster) {
    std::vector<zmq::socket_t> sockets;
    sockets.push_back(push(c, endpoint, frame, nullptr, ""));                 // plain ZeroMQ: the CURVE handshake fails
    sockets.push_back(push(c, endpoint, frame, &intruder, keys.public_key));  // knows the server key, not the secret one
    CHECK(test::eventually([&] { return cluster.metrics("w").refused_peers >= 1; }, 30s, 10ms));
    return sockets;
  });
  CHECK(injected == 0);
  CHECK(m.refused_peers >= 1);
  CHECK(m.component("record")->executed > 0);  // the topology itself kept flowing, over CURVE
}

namespace {

/// Ids in a FileSink CSV output (header "id,payload"), with how often each appears.
std::map<std::int64_t, int> sink_ids(const fs::path& file) {
  std::map<std::int64_t, int> counts;
  std::istringstream in(test::read_text(file));
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line != "id,payload") ++counts[std::stoll(line.substr(0, line.find(',')))];
  return counts;
}

/// rows → parse → FileSink (one task), in `workers` workers; kill -9 of the sink's worker once
/// the file holds 45 % of the rows. Before the fix, mode truncate reopened the file with "wb" in
/// the restarted worker and erased every row written and acked before (677,101 of 1,000,000).
void kill_the_sinks_worker(int workers, const std::string& mode) {
  CAPTURE(workers);
  CAPTURE(mode);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  constexpr int kRows = 50000;  // the same faults, fewer rows: a sanitizer build runs ~10x slower
#else
  constexpr int kRows = 200000;
#endif
  test::TempDir dir;
  auto out = dir.path() / "sink.csv";
  nlohmann::json rows = {{"path", write_rows(dir, kRows).string()}, {"types", {{"id", "int"}}}};
  nlohmann::json sink = {{"path", out.string()}, {"mode", mode}};
  squall::TopologyBuilder b;
  b.set_spout("rows", [rows] { return std::make_unique<squall::spouts::CsvSpout>(squall::ComponentSettings(rows)); });
  b.set_bolt("parse", [] { return std::make_unique<test::PassBolt>(); }).shuffle_grouping("rows");
  b.set_bolt("sink", [sink] { return std::make_unique<squall::bolts::FileSink>(squall::ComponentSettings(sink)); })
      .shuffle_grouping("parse");
  auto config = two_workers(dir);
  config.set(squall::config_keys::kWorkers, workers);
  squall::runtime::ExecutionPlan plan("w", config, b.create_topology());
  int victim = plan.executors()[static_cast<std::size_t>(plan.executor_of(plan.tasks_of("sink").front()))].worker;
  if (mode == "append") std::ofstream(out) << "";  // an existing, empty file

  squall::LocalCluster cluster;
  cluster.submit_topology("w", config, b.create_topology());
  REQUIRE(test::eventually([&] { return sink_ids(out).size() >= kRows * 45 / 100; }, 60s, 5ms));
  int pid = cluster.worker_pids("w")[static_cast<std::size_t>(victim)];
  REQUIRE(::kill(pid, SIGKILL) == 0);
  CHECK(replaced(cluster, victim, pid));
  CHECK(cluster.wait_until_complete("w", 180s));
  auto m = cluster.kill_topology("w");
  CHECK(m.worker_restarts == 1);
  auto ids = sink_ids(out);
  CHECK(ids.size() == kRows);  // 0 lost
  CHECK(ids.begin()->first == 0);
  CHECK(ids.rbegin()->first == kRows - 1);
}

}  // namespace

TEST_CASE("kill -9 of a FileSink's worker loses no row, in either mode, with 2 and 3 workers") {
  kill_the_sinks_worker(2, "truncate");
  kill_the_sinks_worker(2, "append");
  kill_the_sinks_worker(3, "truncate");
  kill_the_sinks_worker(3, "append");
}
