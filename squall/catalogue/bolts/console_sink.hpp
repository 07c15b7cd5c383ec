#pragma once
// ConsoleSink (squall.bolts.ConsoleSink): prints each tuple on stdout, one line each, and acks it.

#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::bolts {

/// Settings: `prefix` (string, default "": printed before each tuple), `fields` (list<string>:
/// only these, default all). A line looks like `prefix {field: value, ...}`.
class ConsoleSink : public BasicBolt {
 public:
  explicit ConsoleSink(const ComponentSettings& settings);
  void execute(const Tuple& input, BasicOutputCollector& collector) override;
  static void register_in(ComponentRegistry& registry);

 private:
  std::string prefix_;
  std::vector<std::string> fields_;
};

}  // namespace squall::bolts
