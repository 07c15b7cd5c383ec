#include "squall/runtime/workers/fork_server.hpp"

#include <csignal>
#include <cstring>
#include <map>
#include <sstream>
#include <system_error>

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace squall::runtime {

namespace {

void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    auto n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the other side is gone
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

// In a fresh child: die with the parent, even if it died before prctl took effect.
void die_with_parent(pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(1);
}

}  // namespace

std::string describe_exit(int status) {
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return fmt::format("killed by signal {} ({})", WTERMSIG(status), ::strsignal(WTERMSIG(status)));
  return fmt::format("ended (wait status {})", status);
}

ForkServer::ForkServer(WorkerMain worker_main) {
  int commands[2], events[2];
  if (::pipe2(commands, O_CLOEXEC) != 0 || ::pipe2(events, O_CLOEXEC) != 0)
    throw std::system_error(errno, std::generic_category(), "pipe for the worker fork server");
  commands_read_ = commands[0];
  commands_write_ = commands[1];
  events_read_ = events[0];
  events_write_ = events[1];
  pid_t parent = ::getpid();
  server_pid_ = ::fork();
  if (server_pid_ < 0) throw std::system_error(errno, std::generic_category(), "fork of the worker fork server");
  if (server_pid_ == 0) {
    die_with_parent(parent);
    serve(worker_main);
  }
  ::close(commands_read_);
  ::close(events_write_);
  ::fcntl(events_read_, F_SETFL, O_NONBLOCK);
}

ForkServer::~ForkServer() {
  ::close(commands_write_);
  int status = 0;
  while (::waitpid(server_pid_, &status, 0) < 0 && errno == EINTR) {
  }
  ::close(events_read_);
}

void ForkServer::start(int worker) { write_all(commands_write_, fmt::format("start {}\n", worker)); }

std::vector<ForkServer::Event> ForkServer::read_events() {
  char buf[4096];
  for (;;) {
    auto n = ::read(events_read_, buf, sizeof buf);
    if (n > 0) {
      partial_.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    break;
  }
  std::vector<Event> events;
  std::size_t end;
  while ((end = partial_.find('\n')) != std::string::npos) {
    std::istringstream line(partial_.substr(0, end));
    partial_.erase(0, end + 1);
    std::string kind;
    Event e{Event::Kind::started, -1, -1, 0};
    line >> kind >> e.worker >> e.pid;
    if (kind == "exited") {
      e.kind = Event::Kind::exited;
      line >> e.status;
    }
    events.push_back(e);
  }
  return events;
}

void ForkServer::serve(WorkerMain& worker_main) {
  ::close(commands_write_);
  ::close(events_read_);
  ::setpgid(0, 0);  // out of the terminal's foreground group: Ctrl-C is the supervisor's to handle
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGTERM, SIG_DFL);
  ::signal(SIGPIPE, SIG_IGN);
  pid_t self = ::getpid();
  std::map<pid_t, int> workers;  // pid → worker index
  std::string input;
  auto reap = [&](int flags) {
    int status = 0;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, flags)) > 0) {
      auto it = workers.find(pid);
      if (it == workers.end()) continue;
      write_all(events_write_, fmt::format("exited {} {} {}\n", it->second, pid, status));
      workers.erase(it);
    }
  };
  for (;;) {
    pollfd fd{commands_read_, POLLIN, 0};
    ::poll(&fd, 1, 50);
    reap(WNOHANG);
    if (!(fd.revents & (POLLIN | POLLHUP))) continue;
    char buf[256];
    auto n = ::read(commands_read_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the supervisor closed the pipe (or died)
    input.append(buf, static_cast<std::size_t>(n));
    std::size_t end;
    while ((end = input.find('\n')) != std::string::npos) {
      int worker = -1;
      std::sscanf(input.c_str(), "start %d", &worker);
      input.erase(0, end + 1);
      if (worker < 0) continue;
      pid_t pid = ::fork();
      if (pid == 0) {
        die_with_parent(self);
        ::close(commands_read_);
        ::close(events_write_);
        ::_exit(worker_main(worker));  // _exit: no atexit handlers of the supervisor's program
      }
      if (pid > 0) {
        workers[pid] = worker;
        write_all(events_write_, fmt::format("started {} {}\n", worker, pid));
      } else {
        write_all(events_write_, fmt::format("exited {} -1 {}\n", worker, 127 << 8));
      }
    }
  }
  for (auto [pid, worker] : workers) ::kill(pid, SIGKILL);
  reap(0);
  ::_exit(0);
}

}  // namespace squall::runtime
