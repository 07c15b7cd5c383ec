#pragma once
// Storm's even scheduler (storm-server's EvenScheduler): a topology's workers spread over the
// live supervisors' free slots, busiest host last, and live workers kept where they are.

#include <optional>
#include <string>
#include <vector>

#include "squall/cluster/state/cluster_records.hpp"

namespace squall::cluster {

/// What to place: `workers` workers (already clamped to `executors`) of one topology.
struct SchedulingRequest {
  std::string topology_id;
  std::string document_blob;
  int workers = 1;
  int executors = 1;
  const Assignment* current = nullptr;  ///< its assignment now, if any: slots on live supervisors stay
};

/// The assignment of `request` onto `supervisors` (those Nimbus may schedule onto: alive, same
/// version), where `taken` are the slots other topologies hold. Each worker of `current` whose
/// supervisor is in `supervisors` and whose slot is still free keeps its slot; the others take
/// free slots one at a time from the supervisor that has the fewest workers (of every
/// topology), then by id, lowest port first, so a topology's workers spread over the hosts.
/// Executor e runs in worker e % workers (ExecutionPlan) and listens on its slot's port +
/// stride * (e / workers), stride being the span of its supervisor's slot ports, so the
/// executors of every slot of a host have distinct ports. Returns nullopt with `why` set when
/// there are not enough free slots or a port would pass 65535.
std::optional<Assignment> schedule_evenly(const SchedulingRequest& request, const std::vector<SupervisorInfo>& supervisors,
                                          const std::vector<WorkerSlot>& taken, std::string& why);

}  // namespace squall::cluster
