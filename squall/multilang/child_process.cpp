#include "squall/multilang/child_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

namespace squall::multilang {
namespace {

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

struct Pipe {
  int read = -1, write = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw ChildProcessError(fmt::format("pipe: {}", std::strerror(errno)));
    read = fds[0];
    write = fds[1];
  }
  ~Pipe() {
    close_fd(read);
    close_fd(write);
  }
};

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& working_dir,
                           std::function<void(const std::string&)> on_stderr_line) {
  if (argv.empty()) throw ChildProcessError("the command is empty");
  // A write to a child that has died must be an EPIPE error for its component to handle, not a
  // SIGPIPE that ends the worker: the process ignores the signal from the first child on.
  static const bool kSigpipeIgnored = (std::signal(SIGPIPE, SIG_IGN), true);
  (void)kSigpipeIgnored;
  // Everything the child needs is prepared before fork: between fork and exec a child of a
  // threaded process may only make async-signal-safe calls.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const char* dir = working_dir.empty() ? nullptr : working_dir.c_str();
  Pipe in, out, err, exec_status;
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw ChildProcessError(fmt::format("fork: {}", std::strerror(errno)));
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    ::dup2(in.read, 0);
    ::dup2(out.write, 1);
    ::dup2(err.write, 2);
    int code = 0;
    if (dir && ::chdir(dir) != 0) code = errno;
    if (code == 0) {
      ::execvp(args[0], args.data());
      code = errno;
    }
    // exec_status is close-on-exec: it reads as empty after a successful exec, errno otherwise.
    [[maybe_unused]] auto n = ::write(exec_status.write, &code, sizeof code);
    ::_exit(127);
  }
  pid_ = pid;
  close_fd(exec_status.write);
  int code = 0;
  ssize_t got;
  do got = ::read(exec_status.read, &code, sizeof code);
  while (got < 0 && errno == EINTR);
  if (got == static_cast<ssize_t>(sizeof code)) {
    kill();
    bool chdir_failed = dir && ::access(dir, X_OK) != 0;
    throw ChildProcessError(chdir_failed ? fmt::format("working directory {}: {}", working_dir, std::strerror(code))
                                         : fmt::format("cannot run '{}' in {}: {}", argv[0],
                                                       working_dir.empty() ? "." : working_dir, std::strerror(code)));
  }
  stdin_fd_ = in.write;
  in.write = -1;
  stdout_fd_ = out.read;
  out.read = -1;
  ::fcntl(stdin_fd_, F_SETFL, O_NONBLOCK);
  ::fcntl(stdout_fd_, F_SETFL, O_NONBLOCK);
  int err_fd = err.read;
  err.read = -1;
  stderr_reader_ = std::thread([err_fd, on_line = std::move(on_stderr_line)] {
    std::string pending;
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(err_fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      pending.append(buf, static_cast<std::size_t>(n));
      for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1))
        on_line(pending.substr(0, nl));
    }
    if (!pending.empty()) on_line(pending);
    ::close(err_fd);
  });
}

ChildProcess::~ChildProcess() {
  kill();
  close_fd(stdin_fd_);
  close_fd(stdout_fd_);
  if (stderr_reader_.joinable()) stderr_reader_.join();  // the pipe ends when the child is gone
}

std::string ChildProcess::kill() {
  if (pid_ > 0 && exit_.empty()) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    exit_ = describe_status(status);
  }
  return exit_;
}

std::string ChildProcess::poll_exit() {
  if (pid_ > 0 && exit_.empty()) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) exit_ = describe_status(status);
  }
  return exit_;
}

std::string ChildProcess::describe_status(int status) {
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return fmt::format("killed by signal {}", WTERMSIG(status));
  return fmt::format("ended (wait status {})", status);
}

}  // namespace squall::multilang
