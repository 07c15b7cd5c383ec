#pragma once
// The main function of a worker process: runs its share of the executors, sends heartbeats with
// its metrics to the supervisor and follows the supervisor's commands (deactivate, stop).

#include <string>

#include "squall/api/config.hpp"
#include "squall/api/topology.hpp"

namespace squall::runtime {

struct WorkerLaunch {
  std::string topology_name;
  Config config;  ///< with squall.messaging.ipc.dir set
  Topology topology;
  std::string run_id;  ///< shared by every worker of the run
  int worker = 0;
};

/// Runs until the supervisor says stop (or disappears: the process is then killed by
/// PR_SET_PDEATHSIG). Returns the process's exit status: 0 after a clean stop, 3 when the
/// executors could not start (the reason is logged and reported).
int run_worker(const WorkerLaunch& launch);

}  // namespace squall::runtime
