#pragma once
// squall's public API in one include: values and tuples, spouts and bolts with their collectors,
// the topology builder and groupings, config, windowed bolts, the component registry and plugin
// macro, and LocalCluster to run a topology in this process.
//
//   #include <squall/squall.hpp>     // link squall::core (a plugin) or squall::squall (a program)
//
// The layers above the core have their own headers: squall/flux (topology files),
// squall/connectors (Kafka, files), squall/ml (models), squall/web, squall/multilang (shell
// components), squall/catalogue (built-ins).

#include "squall/api/bolt.hpp"
#include "squall/api/config.hpp"
#include "squall/api/errors.hpp"
#include "squall/api/fields.hpp"
#include "squall/api/grouping.hpp"
#include "squall/api/log_throttle.hpp"
#include "squall/api/message_id.hpp"
#include "squall/api/output_collector.hpp"
#include "squall/api/output_fields_declarer.hpp"
#include "squall/api/registry/component_registry.hpp"
#include "squall/api/registry/plugin.hpp"
#include "squall/api/spout.hpp"
#include "squall/api/spout_output_collector.hpp"
#include "squall/api/stream_ids.hpp"
#include "squall/api/topology.hpp"
#include "squall/api/topology_builder.hpp"
#include "squall/api/topology_context.hpp"
#include "squall/api/tuple.hpp"
#include "squall/api/value.hpp"
#include "squall/api/version.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "squall/runtime/metrics_snapshot.hpp"
#include "squall/runtime/running_topology.hpp"
#include "squall/windowing/windowed_bolt.hpp"
