#pragma once
// `squall submit`'s work (Storm's StormSubmitter): a loaded topology to the leader Nimbus.

#include <string>

#include "squall/api/registry/topology_json.hpp"
#include "squall/cluster/client/nimbus_client.hpp"

namespace squall::cluster {

/// Plans `topology` (TopologyError for an invalid one, before anything is sent), writes its
/// document (TopologyDocumentError for a component made by a C++ factory), uploads the plugins
/// it needs as blobs (named "blob:<key>/<file>" in the document) and submits it. Returns the
/// topology id Nimbus gave it. Throws NimbusError when Nimbus refuses (a name in use: 409).
std::string submit_topology(const NimbusClient& nimbus, const SubmittedTopology& topology);

}  // namespace squall::cluster
