// A plugin that registers a className squall already has.
#include "bolts/storm_testing/log_info_bolt.hpp"
#include "topology/registry/plugin.hpp"

SQUALL_PLUGIN(registry) {
  registry.add_bolt<squall::bolts::LogInfoBolt>({.class_name = "org.apache.storm.flux.wrappers.bolts.LogInfoBolt"});
}
