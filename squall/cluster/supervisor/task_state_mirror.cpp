#include "squall/cluster/supervisor/task_state_mirror.hpp"

#include <fstream>
#include <iterator>

#include <spdlog/spdlog.h>

#include "squall/api/task_state_file.hpp"

namespace squall::cluster {

namespace fs = std::filesystem;

TaskStateMirror::TaskStateMirror(ClusterState& state, std::string topology_id, fs::path folder)
    : state_(state), topology_id_(std::move(topology_id)), folder_(std::move(folder)) {
  fs::create_directories(folder_);
  restore([](const std::string&) { return true; });
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder_, ec))
    if (entry.is_regular_file()) mirrored_[entry.path().filename().string()] = entry.last_write_time();
}

void TaskStateMirror::restore(const std::function<bool(const std::string&)>& wanted) {
  for (const auto& [name, bytes] : state_.task_states(topology_id_)) {
    if (!wanted(name)) continue;
    auto path = folder_ / name;
    auto partial = folder_ / (name + ".restoring");
    std::ofstream(partial, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    fs::rename(partial, path);
    std::error_code ec;
    mirrored_[name] = fs::last_write_time(path, ec);
  }
}

void TaskStateMirror::restore_tasks(const std::set<int>& tasks) {
  for (int task : tasks) released_.erase(task);
  restore([&](const std::string& name) {
    auto task = task_of_state_file(name);
    return task && tasks.count(*task);
  });
}

void TaskStateMirror::release_tasks(const std::set<int>& tasks) { released_.insert(tasks.begin(), tasks.end()); }

bool TaskStateMirror::released(const std::string& file_name) const {
  auto task = task_of_state_file(file_name);
  return task && released_.count(*task);
}

void TaskStateMirror::upload_changes() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder_, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".tmp" || entry.path().extension() == ".restoring")
      continue;  // a file being written, renamed into place when whole
    auto name = entry.path().filename().string();
    if (released(name)) continue;
    auto written = entry.last_write_time(ec);
    if (ec) continue;  // replaced while we looked: the next call sees it
    auto known = mirrored_.find(name);
    if (known != mirrored_.end() && known->second == written) continue;
    auto size = entry.file_size(ec);
    if (ec) continue;
    if (size > kMaxFileBytes) {
      if (known == mirrored_.end())
        spdlog::warn("task state {} has {} bytes, more than the {} kept in ZooKeeper: a task moved to another host "
                     "will not find it", entry.path().string(), size, kMaxFileBytes);
      mirrored_[name] = written;
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    state_.put_task_state(topology_id_, name, bytes);
    mirrored_[name] = written;
  }
}

}  // namespace squall::cluster
