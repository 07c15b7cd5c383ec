#pragma once
// A child process with its standard streams on pipes: what a multilang component runs its script
// in. Its stderr is read by a thread of its own and handed over line by line.

#include <functional>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

#include "squall/api/errors.hpp"

namespace squall::multilang {

/// A child could not be started (no such program, no such working directory), or died.
class ChildProcessError : public Error {
 public:
  using Error::Error;
};

/// A running child: `argv` started in `working_dir` with stdin and stdout on pipes (non-blocking on
/// this side) and stderr read by a thread that calls `on_stderr_line` for each line. The child
/// gets SIGKILL when the thread that started it exits (PR_SET_PDEATHSIG), so no child outlives its
/// worker, even one killed with SIGKILL. The destructor kills the child and reaps it.
class ChildProcess {
 public:
  /// Starts `argv` (argv[0] looked up in PATH when it has no '/'; a relative path with one is
  /// relative to `working_dir`). Throws ChildProcessError when argv is empty, the working
  /// directory does not exist, or the program cannot be executed (the exec error, e.g. "No such
  /// file or directory").
  ChildProcess(const std::vector<std::string>& argv, const std::string& working_dir,
               std::function<void(const std::string&)> on_stderr_line);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const noexcept { return pid_; }
  /// Write end of the child's stdin and read end of its stdout; both O_NONBLOCK.
  int stdin_fd() const noexcept { return stdin_fd_; }
  int stdout_fd() const noexcept { return stdout_fd_; }
  /// Sends SIGKILL and reaps the child (idempotent). Returns its wait status text: "exited with
  /// status 3", "killed by signal 9".
  std::string kill();
  /// The exit if the child has ended (reaped now), else empty.
  std::string poll_exit();

 private:
  static std::string describe_status(int status);
  pid_t pid_ = -1;
  int stdin_fd_ = -1, stdout_fd_ = -1;
  std::thread stderr_reader_;
  std::string exit_;
};

}  // namespace squall::multilang
