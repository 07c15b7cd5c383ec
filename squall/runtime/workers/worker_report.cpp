#include "squall/runtime/workers/worker_report.hpp"

#include <chrono>
#include <msgpack.hpp>

#include <fmt/format.h>

#include "squall/api/errors.hpp"

namespace squall::runtime {
namespace {

using Sparse = std::vector<std::pair<std::uint32_t, std::uint64_t>>;

struct WireHistogram {
  Sparse buckets;
  std::uint64_t count = 0;
  double sum = 0;
  MSGPACK_DEFINE(buckets, count, sum)
};

struct WireError {
  std::string message;
  std::int64_t unix_ms = 0;
  MSGPACK_DEFINE(message, unix_ms)
};

struct WireUserMetric {
  std::string name;
  int kind = 0;  // MetricKind
  double value = 0;
  std::vector<WireHistogram> histogram;  // one for a histogram, none otherwise
  MSGPACK_DEFINE(name, kind, value, histogram)
};

struct WireStream {
  std::string stream;
  std::uint64_t emitted = 0, transferred = 0;
  MSGPACK_DEFINE(stream, emitted, transferred)
};

struct WireTask {
  std::string component, kind;
  int task = -1;
  std::vector<std::uint64_t> counts;  // emitted, transferred, executed, acked, failed, timed_out, errors, depth, dead_lettered, blocked ns
  WireHistogram execute, complete;
  std::vector<WireError> errors;
  std::vector<WireUserMetric> user;
  std::vector<WireStream> streams;
  MSGPACK_DEFINE(component, kind, task, counts, execute, complete, errors, user, streams)
};

struct WireReport {
  int worker = 0, pid = 0;
  std::int64_t generated_ns = 0;
  std::uint64_t sent = 0, processed = 0, pending = 0;
  bool exhausted = false, failed = false, stopped = false;
  std::uint64_t malformed = 0, refused = 0;
  std::vector<WireTask> tasks;
  MSGPACK_DEFINE(worker, pid, generated_ns, sent, processed, pending, exhausted, failed, stopped, malformed, refused,
                 tasks)
};

WireHistogram to_wire(const HistogramCounts& h) {
  WireHistogram w{{}, h.count, h.sum};
  for (std::uint32_t i = 0; i < h.buckets.size(); ++i)
    if (h.buckets[i]) w.buckets.emplace_back(i, h.buckets[i]);
  return w;
}

HistogramCounts from_wire(const WireHistogram& w) {
  HistogramCounts h;
  h.count = w.count;
  h.sum = w.sum;
  for (auto [i, n] : w.buckets) {
    if (i >= h.buckets.size()) throw DecodeError(fmt::format("histogram bucket {} out of range", i));
    h.buckets[i] = n;
  }
  return h;
}

}  // namespace

std::string encode_report(const WorkerReport& r) {
  WireReport w{r.worker, r.pid, r.generated_ns, r.totals.sent, r.totals.processed, r.totals.pending,
               r.totals.spouts_exhausted, r.failed, r.stopped, r.malformed_frames, r.refused_peers, {}};
  for (const auto& t : r.tasks) {
    WireTask& wt = w.tasks.emplace_back(WireTask{
        t.component, t.kind, t.task,
        {t.emitted, t.transferred, t.executed, t.acked, t.failed, t.timed_out, t.errors, t.queue_depth, t.dead_lettered,
         t.backpressure_ns},
        to_wire(t.execute_latency), to_wire(t.complete_latency), {}, {}, {}});
    for (const auto& st : t.streams) wt.streams.push_back({st.stream, st.emitted, st.transferred});
    for (const auto& e : t.recent_errors) wt.errors.push_back({e.message, e.unix_ms});
    for (const auto& m : t.user_metrics) {
      wt.user.push_back({m.name, static_cast<int>(m.kind), m.value, {}});
      if (m.histogram) wt.user.back().histogram.push_back(to_wire(*m.histogram));
    }
  }
  msgpack::sbuffer buffer;
  msgpack::pack(buffer, w);
  return std::string(buffer.data(), buffer.size());
}

WorkerReport decode_report(std::string_view frame) {
  WireReport w;
  try {
    auto handle = msgpack::unpack(frame.data(), frame.size());
    handle.get().convert(w);
  } catch (const std::exception& e) {
    throw DecodeError(fmt::format("malformed worker report: {}", e.what()));
  }
  WorkerReport r;
  r.worker = w.worker;
  r.pid = w.pid;
  r.generated_ns = w.generated_ns;
  r.totals = RunTotals{w.sent, w.processed, w.pending, w.exhausted};
  r.failed = w.failed;
  r.stopped = w.stopped;
  r.malformed_frames = w.malformed;
  r.refused_peers = w.refused;
  for (const auto& t : w.tasks) {
    if (t.counts.size() != 10) throw DecodeError("malformed worker report: a task needs 10 counters");
    TaskRecord rec;
    rec.component = t.component;
    rec.kind = t.kind;
    rec.task = t.task;
    rec.emitted = t.counts[0];
    rec.transferred = t.counts[1];
    rec.executed = t.counts[2];
    rec.acked = t.counts[3];
    rec.failed = t.counts[4];
    rec.timed_out = t.counts[5];
    rec.errors = t.counts[6];
    rec.queue_depth = t.counts[7];
    rec.dead_lettered = t.counts[8];
    rec.backpressure_ns = t.counts[9];
    rec.execute_latency = from_wire(t.execute);
    rec.complete_latency = from_wire(t.complete);
    for (const auto& st : t.streams) rec.streams.push_back({st.stream, st.emitted, st.transferred});
    for (const auto& e : t.errors) rec.recent_errors.push_back({t.task, e.message, e.unix_ms});
    for (const auto& m : t.user) {
      if (m.kind < 0 || m.kind > static_cast<int>(MetricKind::histogram) || m.histogram.size() > 1)
        throw DecodeError(fmt::format("malformed worker report: user metric '{}'", m.name));
      auto& um = rec.user_metrics.emplace_back(UserMetricRecord{m.name, static_cast<MetricKind>(m.kind), m.value, nullptr});
      if (!m.histogram.empty()) um.histogram = std::make_shared<HistogramCounts>(from_wire(m.histogram.front()));
    }
    r.tasks.push_back(std::move(rec));
  }
  return r;
}

std::int64_t monotonic_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace squall::runtime
