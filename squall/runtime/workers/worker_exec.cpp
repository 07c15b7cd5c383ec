#include "squall/runtime/workers/worker_exec.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "squall/runtime/support/safe_name.hpp"

namespace squall::runtime {

std::filesystem::path topology_document_path(const std::string& run_dir, const std::string& name) {
  return std::filesystem::path(run_dir) / (safe_file_name(name) + ".topology.json");
}

void write_topology_document(const std::filesystem::path& path, const nlohmann::json& document) {
  std::string text = document.dump(1);
  // Written beside and renamed over: a worker starting meanwhile reads the old or the new whole.
  auto partial = path;
  partial += ".partial";
  int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot write " + partial.string());
  ::fchmod(fd, 0600);  // an earlier run's file may have had wider permissions
  std::string_view rest = text;
  while (!rest.empty()) {
    auto n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int error = errno;
      ::close(fd);
      throw std::system_error(error, std::generic_category(), "cannot write " + partial.string());
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (::rename(partial.c_str(), path.c_str()) != 0)
    throw std::system_error(errno, std::generic_category(), "cannot write " + path.string());
}

ForkServer::WorkerMain exec_worker_main(std::filesystem::path executable, std::filesystem::path document,
                                        std::string run_id) {
  auto level_name = spdlog::level::to_string_view(spdlog::get_level());
  std::string level(level_name.data(), level_name.size());
  return [executable = std::move(executable), document = std::move(document), run_id = std::move(run_id),
          level = std::move(level)](int worker) -> int {
    std::vector<std::string> args{executable.string(), "worker",   "--document",  document.string(),
                                  "--worker",          std::to_string(worker), "--run-id", run_id,
                                  "--log-level",       level};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::fprintf(stderr, "squall: cannot start worker %d: exec %s: %s\n", worker, argv[0], std::strerror(errno));
    return 127;
  };
}

}  // namespace squall::runtime
