#include "squall/cluster/cluster_settings.hpp"

#include <cstdlib>
#include <functional>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

namespace squall::cluster {
namespace {

using Setter = std::function<void(ClusterSettings&, const YAML::Node&)>;

template <typename T>
T scalar(const YAML::Node& node, double min, double max) {
  T value = node.as<T>();
  if (static_cast<double>(value) < min || static_cast<double>(value) > max)
    throw std::runtime_error(fmt::format("{} is outside {}..{}", node.Scalar(), min, max));
  return value;
}

std::vector<std::string> strings(const YAML::Node& node) {
  if (node.IsSequence()) return node.as<std::vector<std::string>>();
  std::vector<std::string> out;
  std::string text = node.as<std::string>();
  for (std::size_t start = 0; start <= text.size();) {
    auto end = std::min(text.find(',', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> table = {
      {"storm.zookeeper.servers",
       [](ClusterSettings& s, const YAML::Node& n) {
         auto port = s.zookeeper_servers.substr(s.zookeeper_servers.rfind(':') + 1);
         std::vector<std::string> servers;
         for (auto host : strings(n)) servers.push_back(host.find(':') == std::string::npos ? host + ":" + port : host);
         if (servers.empty()) throw std::runtime_error("no servers listed");
         s.zookeeper_servers = fmt::format("{}", fmt::join(servers, ","));
       }},
      {"storm.zookeeper.port",
       [](ClusterSettings& s, const YAML::Node& n) {
         auto port = scalar<int>(n, 1, 65535);
         std::vector<std::string> servers;
         for (const auto& hp : strings(YAML::Node(s.zookeeper_servers)))
           servers.push_back(hp.substr(0, hp.rfind(':')) + ":" + std::to_string(port));
         s.zookeeper_servers = fmt::format("{}", fmt::join(servers, ","));
       }},
      {"storm.zookeeper.root", [](ClusterSettings& s, const YAML::Node& n) { s.zookeeper_root = n.as<std::string>(); }},
      {"storm.zookeeper.session.timeout",
       [](ClusterSettings& s, const YAML::Node& n) {
         s.session_timeout = std::chrono::milliseconds(scalar<int>(n, 100, 3600000));
       }},
      {"storm.zookeeper.auth.payload",
       [](ClusterSettings& s, const YAML::Node& n) { s.zookeeper_digest = n.as<std::string>(); }},
      {"storm.local.hostname", [](ClusterSettings& s, const YAML::Node& n) { s.host = n.as<std::string>(); }},
      {"storm.local.dir", [](ClusterSettings& s, const YAML::Node& n) { s.local_dir = n.as<std::string>(); }},
      {"nimbus.thrift.port", [](ClusterSettings& s, const YAML::Node& n) { s.nimbus_port = scalar<int>(n, 1, 65535); }},
      {"nimbus.task.timeout.secs",
       [](ClusterSettings& s, const YAML::Node& n) { s.nimbus_task_timeout_secs = scalar<double>(n, 0.1, 86400); }},
      {"nimbus.monitor.freq.secs",
       [](ClusterSettings& s, const YAML::Node& n) { s.nimbus_monitor_freq_secs = scalar<double>(n, 0.01, 3600); }},
      {"supervisor.slots.ports",
       [](ClusterSettings& s, const YAML::Node& n) {
         s.supervisor_slots.clear();
         for (const auto& p : strings(n)) s.supervisor_slots.push_back(scalar<int>(YAML::Node(p), 1, 65535));
         if (s.supervisor_slots.empty()) throw std::runtime_error("no ports listed");
       }},
      {"supervisor.monitor.frequency.secs",
       [](ClusterSettings& s, const YAML::Node& n) { s.supervisor_monitor_freq_secs = scalar<double>(n, 0.01, 3600); }},
      {"supervisor.worker.timeout.secs",
       [](ClusterSettings& s, const YAML::Node& n) { s.supervisor_worker_timeout_secs = scalar<double>(n, 0.1, 86400); }},
  };
  return table;
}

std::vector<std::string> known_keys() {
  std::vector<std::string> keys;
  for (const auto& [k, _] : setters()) keys.push_back(k);
  return keys;
}

void apply(ClusterSettings& s, const std::string& key, const YAML::Node& value) {
  auto it = setters().find(key);
  if (it == setters().end())
    throw std::runtime_error(fmt::format("unknown key '{}'; the cluster keys are: {}", key, fmt::join(known_keys(), ", ")));
  try {
    it->second(s, value);
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", key, e.msg));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(fmt::format("{}: {}", key, e.what()));
  }
}

}  // namespace

ClusterSettings ClusterSettings::from_file(const std::filesystem::path& file) {
  ClusterSettings s;
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::BadFile&) {
    throw std::runtime_error(fmt::format("{}: cannot read the file", file.string()));
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(fmt::format("{}:{}:{}: {}", file.string(), e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  if (root.IsNull()) return s;
  if (!root.IsMap()) throw std::runtime_error(fmt::format("{}:1:1: expected a map of Storm cluster keys", file.string()));
  for (const auto& entry : root) {
    auto mark = entry.first.Mark();
    try {
      apply(s, entry.first.as<std::string>(), entry.second);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(fmt::format("{}:{}:{}: {}", file.string(), mark.line + 1, mark.column + 1, e.what()));
    }
  }
  return s;
}

void ClusterSettings::set(const std::string& key, const std::string& value) { apply(*this, key, YAML::Node(value)); }

std::filesystem::path ClusterSettings::local_dir_or_default(const std::string& daemon) const {
  if (!local_dir.empty()) return std::filesystem::absolute(local_dir);
  const char* tmp = std::getenv("TMPDIR");
  return std::filesystem::path(tmp && *tmp ? tmp : "/tmp") / fmt::format("squall-{}", ::getuid()) / daemon;
}

}  // namespace squall::cluster
