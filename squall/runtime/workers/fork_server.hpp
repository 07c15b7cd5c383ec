#pragma once
// Starts worker processes by fork() from a helper process forked before the supervisor starts
// any thread.
//
// fork() in a process with threads copies only the calling thread: locks held by the others
// (malloc's, a logger's, ZeroMQ's) stay locked in the child forever. The fork server is forked
// while the supervisor is still single-threaded and stays single-threaded, so every worker it
// forks starts from a clean copy that already holds the topology, its components' factories
// and config: no exec, no serialization of user code, and the C++ API works as the YAML runner.
//
// The server and its workers form their own process group (a terminal's Ctrl-C reaches only
// the supervisor, which drains and stops them) and die with their parent (PR_SET_PDEATHSIG), so
// no worker outlives a supervisor, however it ends. The parent that counts is the *thread* that
// constructed the ForkServer (Linux delivers PR_SET_PDEATHSIG when that thread exits): keep it
// alive until the ForkServer is destroyed.

#include <functional>
#include <string>
#include <vector>

namespace squall::runtime {

class ForkServer {
 public:
  /// Runs in a new worker process; the return value is its exit status.
  using WorkerMain = std::function<int(int worker)>;

  /// Forks the server. Call while this process has no other thread. Throws std::system_error
  /// when pipe() or fork() fails.
  explicit ForkServer(WorkerMain worker_main);
  /// Closes the command pipe: the server kills (SIGKILL) the workers still running, reaps them
  /// and exits; this waits for it.
  ~ForkServer();
  ForkServer(const ForkServer&) = delete;
  ForkServer& operator=(const ForkServer&) = delete;

  /// Asks for a new process running worker `worker`; a `started` event follows.
  void start(int worker);

  struct Event {
    enum class Kind { started, exited } kind;
    int worker;
    int pid;
    int status;  ///< for `exited`: the waitpid status
  };
  /// Readable when events are waiting (for poll).
  int events_fd() const noexcept { return events_read_; }
  /// The events that have arrived; does not block.
  std::vector<Event> read_events();

 private:
  [[noreturn]] void serve(WorkerMain& worker_main);
  int server_pid_ = -1;
  int commands_write_ = -1, events_read_ = -1;
  int commands_read_ = -1, events_write_ = -1;  // the server's ends
  std::string partial_;
};

/// "exited with status 3", "killed by signal 9 (Killed)".
std::string describe_exit(int status);

}  // namespace squall::runtime
