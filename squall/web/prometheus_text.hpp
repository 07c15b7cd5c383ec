#pragma once
// Metrics in Prometheus's text exposition format, for a `/metrics` endpoint.

#include <string>
#include <vector>

#include "squall/runtime/metrics_snapshot.hpp"

namespace squall::web {

/// `topologies` in Prometheus's text exposition format, version 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/), named as Prometheus's naming
/// guide asks (https://prometheus.io/docs/practices/naming/): a `squall_` prefix, base units
/// (seconds), `_total` on counters, one HELP and one TYPE line per family, every sample of a
/// family together. Per task and output stream, labelled {topology, component, stream, task}:
///   squall_tuples_{emitted,transferred}_total (counters);
/// per task, labelled {topology, component, task}:
///   squall_tuples_{executed,acked,failed,timed_out}_total,
///   squall_errors_total, squall_dead_lettered_total, squall_backpressure_seconds_total
///   (counters), squall_queue_depth (gauge),
///   squall_execute_latency_{mean,p99}_seconds (bolts, sampled), squall_complete_latency_
///   {mean,p50,p99}_seconds (spouts) (gauges); squall_execute_latency_seconds (bolts, sampled)
///   and squall_complete_latency_seconds (spouts) (histograms, Prometheus's default buckets
///   from 10 µs to 10 s); user metrics as squall_user_NAME_total (counters), squall_user_NAME
///   (gauges) and squall_user_NAME (histograms, as summaries with quantiles 0.5, 0.99 and 1),
///   NAME with characters Prometheus does not allow turned to '_';
/// per topology, labelled {topology}: squall_pending_tuples, squall_workers, squall_uptime_seconds,
/// squall_topology_active (gauges), squall_worker_restarts_total, squall_malformed_frames_total,
/// squall_refused_peers_total (counters).
std::string prometheus_text(const std::vector<MetricsSnapshot>& topologies);

/// A label value escaped as the format requires: backslash, double quote and newline.
std::string prometheus_label_value(std::string_view value);

}  // namespace squall::web
