#pragma once
// The entry point of a worker process that a supervisor started by exec of the squall binary
// (`squall worker --document FILE --worker N --run-id ID`), rather than by fork: it makes its
// part of the topology from the topology document (squall/api/registry/topology_json.hpp), as
// Storm's supervisor starts each worker as a fresh JVM on the topology's serialized code and conf.

#include <filesystem>
#include <string>

namespace squall {

/// What a supervisor tells an exec'd worker on its command line.
struct WorkerArguments {
  /// The topology document the supervisor wrote (its config holds the run's transport settings).
  std::filesystem::path document;
  /// Which worker of the run this process is: it runs the executors the plan assigns to it.
  int worker = 0;
  /// Shared by every worker of the run (it names the run's inproc endpoints).
  std::string run_id;
};

/// Reads the document, loads its plugins, makes the topology and runs worker `worker` until the
/// supervisor says stop (or dies: the process then gets SIGKILL). Returns the process's exit
/// status: 0 after a clean stop, 3 when the document cannot be read or the executors cannot start
/// (the reason is logged, and reported to the supervisor when it could be reached).
int run_worker_process(const WorkerArguments& arguments);

}  // namespace squall
