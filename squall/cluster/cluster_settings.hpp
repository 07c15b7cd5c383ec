#pragma once
// The cluster's settings (Storm's storm.yaml for Nimbus, supervisors and clients): Storm's keys
// with Storm's meanings, from a squall.yaml file and the command line.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace squall::cluster {

/// Every key has Storm's name (storm-client's Config.java) and default unless noted.
struct ClusterSettings {
  /// storm.zookeeper.servers with storm.zookeeper.port: "host:port,host:port".
  std::string zookeeper_servers = "127.0.0.1:2181";
  /// storm.zookeeper.root; squall's default is /squall (Storm's /storm).
  std::string zookeeper_root = "/squall";
  /// storm.zookeeper.session.timeout, ms.
  std::chrono::milliseconds session_timeout{20000};
  /// storm.zookeeper.auth.payload ("user:password"; digest scheme): znodes get ACLs for it. Empty: open.
  std::string zookeeper_digest;
  /// The address this daemon binds and advertises (Storm's storm.local.hostname); loopback by default.
  std::string host = "127.0.0.1";
  /// nimbus.thrift.port: Nimbus's API port (HTTP + JSON here).
  int nimbus_port = 6627;
  /// nimbus.task.timeout.secs: a worker slot whose supervisor is gone this long is rescheduled.
  double nimbus_task_timeout_secs = 30;
  /// nimbus.monitor.freq.secs: how often the leader checks assignments.
  double nimbus_monitor_freq_secs = 10;
  /// supervisor.slots.ports: one worker per port.
  std::vector<int> supervisor_slots{6700, 6701, 6702, 6703};
  /// supervisor.monitor.frequency.secs: how often a supervisor syncs with its assignments.
  double supervisor_monitor_freq_secs = 3;
  /// supervisor.worker.timeout.secs: a worker silent this long is killed and restarted.
  double supervisor_worker_timeout_secs = 30;
  /// storm.local.dir: the daemon's blobs and run directories ($TMPDIR/squall-<uid>/<daemon> when empty).
  std::filesystem::path local_dir;

  /// Reads a squall.yaml (Storm's storm.yaml keys; unknown keys are refused). Throws
  /// std::runtime_error "file:line:column: ..." for a missing file, bad YAML, an unknown key or
  /// a value of the wrong type or range.
  static ClusterSettings from_file(const std::filesystem::path& file);
  /// Applies one "key=value" (the same keys; lists comma-separated). Throws std::runtime_error.
  void set(const std::string& key, const std::string& value);
  /// local_dir, or the default for a daemon named `daemon` ("nimbus-127.0.0.1-6627").
  std::filesystem::path local_dir_or_default(const std::string& daemon) const;
};

}  // namespace squall::cluster
