// A plugin that registers a className squall already has.
#include "squall/api/registry/plugin.hpp"
#include "squall/catalogue/bolts/storm_testing/log_info_bolt.hpp"

SQUALL_PLUGIN(registry) {
  registry.add_bolt<squall::bolts::LogInfoBolt>({.class_name = "org.apache.storm.flux.wrappers.bolts.LogInfoBolt"});
}
