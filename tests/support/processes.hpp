#pragma once
// Real processes for cluster tests: a child process with its output in a log file, a free
// loopback port, and ZooKeeper (Debian's `zookeeper` package) and Redis servers in temp dirs.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "support/files.hpp"
#include "support/test_components.hpp"

namespace test {

/// A port nothing listens on now, on `host` (the kernel's pick).
inline int free_port(const std::string& host = "127.0.0.1") {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  ::inet_pton(AF_INET, host.c_str(), &a.sin_addr);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
  ::close(fd);
  return ntohs(a.sin_port);
}

/// A child process running `argv` with stdout and stderr appended to `log`. SIGTERM at
/// destruction (SIGKILL after 20 s); its own process group, so a kill reaches its children too.
class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv, std::filesystem::path log) : log_(std::move(log)) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
  }
  ~ChildProcess() { stop(); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const { return pid_; }
  bool running() {
    if (pid_ <= 0) return false;
    if (::waitpid(pid_, &status_, WNOHANG) == pid_) pid_ = -1;
    return pid_ > 0;
  }
  /// SIGTERM, then SIGKILL if it has not exited within `grace`; returns its wait status.
  int stop(std::chrono::seconds grace = std::chrono::seconds(20)) {
    if (!running()) return status_;
    ::kill(pid_, SIGTERM);
    if (!eventually([&] { return !running(); }, grace, std::chrono::milliseconds(20))) signal(SIGKILL);
    return status_;
  }
  /// Sends `sig` to the process group (the daemon and the workers it started).
  void signal(int sig) {
    if (pid_ <= 0) return;
    ::kill(-pid_, sig);
    if (sig == SIGKILL) {
      ::waitpid(pid_, &status_, 0);
      pid_ = -1;
    }
  }
  std::string log() const { return read_text(log_); }

 private:
  std::filesystem::path log_;
  int pid_ = -1;
  int status_ = 0;
};

/// What the shell command `command` printed on stdout (append 2>&1 for stderr too), and its
/// exit status in `status` when given.
inline std::string command_output(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int rc = ::pclose(pipe);
  if (status) *status = rc;
  return out;
}

/// The sqlite3 shell's answer to `sql` on the database file `path` (errors included).
inline std::string sqlite_shell(const std::filesystem::path& path, const std::string& sql) {
  return command_output("sqlite3 " + path.string() + " \"" + sql + "\" 2>&1");
}

/// Sends `command` (a ZooKeeper four-letter word) to 127.0.0.1:port; the answer, or "" (also
/// after 2 s without one).
inline std::string four_letter_word(int port, const std::string& command) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  // A server still starting may accept and never answer: give up after 2 s, and ask again.
  timeval limit{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::write(fd, command.data(), command.size()) > 0) {
    char buf[256];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) answer.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return answer;
}

/// A standalone ZooKeeper server on 127.0.0.1 and a free port, its data in `dir`; started and
/// stopped as its own Java process (ZooKeeperServerMain), as `zkServer.sh start-foreground` does.
class ZooKeeperServer {
 public:
  explicit ZooKeeperServer(std::filesystem::path dir) : dir_(std::move(dir)), port_(free_port()) {
    std::filesystem::create_directories(dir_ / "data");
    std::ofstream(dir_ / "zoo.cfg") << "tickTime=200\ndataDir=" << (dir_ / "data").string() << "\nclientPort=" << port_
                                    << "\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n"
                                       "4lw.commands.whitelist=ruok\nmaxSessionTimeout=60000\n";
    start();
  }
  /// (Re)starts the server on the same port and data; waits until it answers "imok".
  void start() {
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"java", "-Xmx256m", "-cp", "/usr/share/java/zookeeper.jar",
                                 "org.apache.zookeeper.server.ZooKeeperServerMain", (dir_ / "zoo.cfg").string()},
        dir_ / "zookeeper.log");
    if (!eventually([&] { return four_letter_word(port_, "ruok") == "imok"; }, std::chrono::seconds(60),
                    std::chrono::milliseconds(100)))
      throw std::runtime_error("ZooKeeper did not start: " + read_text(dir_ / "zookeeper.log"));
  }
  void stop() { process_.reset(); }
  std::string servers() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  std::filesystem::path dir_;
  int port_;
  std::unique_ptr<ChildProcess> process_;
};

/// A redis-server on 127.0.0.1 and a free port, its append-only file (fsync'd at every write) in
/// `dir`, so a stop and start keeps the data, as a server with persistence does.
class RedisServer {
 public:
  explicit RedisServer(std::filesystem::path dir) : dir_(std::move(dir)), port_(free_port()) {
    std::filesystem::create_directories(dir_);
    start();
  }
  /// (Re)starts the server on the same port and data; waits until it answers PING.
  void start() {
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1", "--dir",
                                 dir_.string(), "--save", "", "--appendonly", "yes", "--appendfsync", "always"},
        dir_ / "redis.log");
    if (!eventually([&] { return command("PING").starts_with("+PONG"); }, std::chrono::seconds(30),
                    std::chrono::milliseconds(50)))
      throw std::runtime_error("redis-server did not start: " + read_text(dir_ / "redis.log"));
  }
  void stop() { process_.reset(); }
  int port() const { return port_; }
  /// The raw answer to one inline command (RESP, https://redis.io/docs/reference/protocol-spec/).
  std::string command(const std::string& line) const { return four_letter_word(port_, line + "\r\nQUIT\r\n"); }

 private:
  std::filesystem::path dir_;
  int port_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace test
