#include "squall/runtime/workers/run_directory.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include "squall/api/errors.hpp"
#include "squall/runtime/support/safe_name.hpp"

namespace squall::runtime {

namespace fs = std::filesystem;

namespace {

/// Creates `dir` (and parents) with mode 0700 when missing; returns true when it created it.
bool make_private_directory(const fs::path& dir) {
  if (fs::exists(dir)) return false;
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_all);
  return true;
}

}  // namespace

RunDirectory::RunDirectory(const std::string& topology, Config& config) {
  namespace k = config_keys;
  const std::string safe = safe_file_name(topology);
  if (!config.contains(k::kMessagingIpcDir)) {
    fs::path root = fs::temp_directory_path() / fmt::format("squall-{}", ::getuid());
    make_private_directory(root);
    path_ = (root / safe).string();
    make_private_directory(path_);
    owns_path_ = true;
    config.set(k::kMessagingIpcDir, path_);
  } else {
    path_ = config.get(k::kMessagingIpcDir);
    make_private_directory(path_);
  }
  lock_file_ = (fs::path(path_) / (safe + ".lock")).string();
  lock_fd_ = ::open(lock_file_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0)
    throw TopologyError(fmt::format("cannot create the lock file '{}': {}", lock_file_, std::strerror(errno)));
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    if (std::chrono::steady_clock::now() >= give_up) {
      ::close(lock_fd_);
      lock_fd_ = -1;
      throw TopologyError(fmt::format(
          "topology '{}' is already running on this machine (another process holds '{}'); stop it first, or give "
          "this run another name", topology, lock_file_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!config.contains(k::kWorkerStateDir)) {
    state_dir_ = (fs::path(path_) / (safe + "-state")).string();
    config.set(k::kWorkerStateDir, state_dir_);
    owns_state_ = true;
  }
  fs::create_directories(config.get(k::kWorkerStateDir));
}

RunDirectory::~RunDirectory() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

void RunDirectory::clean() {
  std::error_code ignored;
  if (owns_path_) {
    fs::remove_all(path_, ignored);
  } else {
    if (owns_state_) fs::remove_all(state_dir_, ignored);
    for (const auto& entry : fs::directory_iterator(path_, ignored)) {
      auto name = entry.path().filename().string();
      if (entry.is_socket(ignored) && (name.rfind("executor-", 0) == 0 || name == "supervisor" || name == "control"))
        fs::remove(entry.path(), ignored);
    }
    fs::remove(lock_file_, ignored);
  }
}

}  // namespace squall::runtime
