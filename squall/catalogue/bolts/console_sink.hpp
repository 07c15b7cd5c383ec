#pragma once
// ConsoleSink (squall.bolts.ConsoleSink): prints each tuple on stdout, one line each, and acks it.

#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::bolts {

/// A line looks like `prefix {field: value, ...}`.
class ConsoleSink : public BasicBolt {
 public:
  struct Settings {
    std::string prefix;
    std::vector<std::string> fields;
    void describe(SettingsSchema& s) {
      s.add(prefix, "prefix", "text before each tuple");
      s.add(fields, "fields", "fields to print (default: all)");
    }
  };
  explicit ConsoleSink(const Settings& settings);
  void execute(const Tuple& input, BasicOutputCollector& collector) override;
  static void register_in(ComponentRegistry& registry);

 private:
  std::string prefix_;
  std::vector<std::string> fields_;
};

}  // namespace squall::bolts
