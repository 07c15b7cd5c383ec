#include "squall/cluster/nimbus/even_scheduler.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "squall/runtime/plan/execution_plan.hpp"

namespace squall::cluster {
namespace {

using SlotKey = std::pair<std::string, int>;  // (supervisor id, port)

const SupervisorInfo* find_supervisor(const std::vector<SupervisorInfo>& supervisors, const std::string& id) {
  for (const auto& s : supervisors)
    if (s.id == id) return &s;
  return nullptr;
}

int port_stride(const SupervisorInfo& s) {
  auto [lo, hi] = std::minmax_element(s.slots.begin(), s.slots.end());
  return *hi - *lo + 1;
}

}  // namespace

std::optional<Assignment> schedule_evenly(const SchedulingRequest& request, const std::vector<SupervisorInfo>& supervisors,
                                          const std::vector<WorkerSlot>& taken, std::string& why) {
  std::set<SlotKey> used;
  std::map<std::string, int> load;  // workers per supervisor, of every topology
  for (const auto& t : taken) {
    used.insert({t.supervisor_id, t.port});
    ++load[t.supervisor_id];
  }
  Assignment a;
  a.topology_id = request.topology_id;
  a.document_blob = request.document_blob;
  a.slots.resize(static_cast<std::size_t>(request.workers));
  std::vector<bool> placed(a.slots.size(), false);
  if (request.current && request.current->slots.size() == a.slots.size())
    for (const auto& slot : request.current->slots) {
      const auto* s = find_supervisor(supervisors, slot.supervisor_id);
      if (!s || slot.worker < 0 || slot.worker >= request.workers || used.count({slot.supervisor_id, slot.port}) ||
          std::find(s->slots.begin(), s->slots.end(), slot.port) == s->slots.end())
        continue;
      a.slots[static_cast<std::size_t>(slot.worker)] = slot;
      a.slots[static_cast<std::size_t>(slot.worker)].host = s->host;
      placed[static_cast<std::size_t>(slot.worker)] = true;
      used.insert({slot.supervisor_id, slot.port});
      ++load[slot.supervisor_id];
    }
  for (int w = 0; w < request.workers; ++w) {
    if (placed[static_cast<std::size_t>(w)]) continue;
    const SupervisorInfo* best = nullptr;
    int best_port = 0;
    for (const auto& s : supervisors) {
      std::vector<int> ports = s.slots;
      std::sort(ports.begin(), ports.end());
      auto free = std::find_if(ports.begin(), ports.end(), [&](int p) { return !used.count({s.id, p}); });
      if (free == ports.end()) continue;
      if (!best || load[s.id] < load[best->id] || (load[s.id] == load[best->id] && s.id < best->id)) {
        best = &s;
        best_port = *free;
      }
    }
    if (!best) {
      why = fmt::format("{} needs {} worker slots; {} of them are not free on the {} live supervisors",
                        request.topology_id, request.workers, request.workers - w, supervisors.size());
      return std::nullopt;
    }
    a.slots[static_cast<std::size_t>(w)] = WorkerSlot{w, best->id, best->host, best_port};
    used.insert({best->id, best_port});
    ++load[best->id];
  }
  for (int e = 0; e < request.executors; ++e) {
    const auto& slot = a.slots[static_cast<std::size_t>(runtime::ExecutionPlan::worker_of_executor(e, request.workers))];
    int port = slot.port + port_stride(*find_supervisor(supervisors, slot.supervisor_id)) *
                               runtime::ExecutionPlan::position_in_worker(e, request.workers);
    if (port > 65535) {
      why = fmt::format("{}: executor {} would listen on port {} of {}, past 65535; give the supervisor lower "
                        "slot ports", request.topology_id, e, port, slot.host);
      return std::nullopt;
    }
    a.executor_endpoints.push_back(fmt::format("tcp://{}:{}", slot.host, port));
  }
  a.assigned_secs = unix_secs();
  return a;
}

}  // namespace squall::cluster
