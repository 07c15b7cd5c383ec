#pragma once
// Wires spouts and bolts into a topology in code (Storm's TopologyBuilder).
//
//   TopologyBuilder b;
//   b.set_spout("sentences", [] { return std::make_unique<SentenceSpout>(); });
//   b.set_bolt("split", [] { return std::make_unique<SplitBolt>(); }, 2).shuffle_grouping("sentences");
//   b.set_bolt("count", [] { return std::make_unique<CountBolt>(); }, 2).fields_grouping("split", {"word"});
//   Topology t = b.create_topology();

#include <deque>
#include <string>
#include <string_view>

#include "squall/api/config_keys.hpp"
#include "squall/api/topology.hpp"

namespace squall {

/// Settings common to spouts and bolts.
template <typename Self>
class ComponentDeclarer {
 public:
  explicit ComponentDeclarer(ComponentDef& def) : def_(def) {}
  /// Task instances (default: the parallelism hint). Tasks are fixed for the topology's life.
  Self& set_num_tasks(int tasks) { def_.num_tasks = tasks; return self(); }
  /// A config entry for this component only (e.g. topology.tick.tuple.freq.secs).
  Self& add_configuration(std::string_view key, Value value) { def_.config.set(key, std::move(value)); return self(); }
  /// Chaining (squall.topology.chaining): false keeps this component on its own thread and
  /// chains no subscriber to it, as Flink's disableChaining().
  Self& set_chaining(bool chain) { def_.config.set(config_keys::kChaining.name, chain); return self(); }
  /// Records the registered className and settings the factory makes the component from (shown by
  /// `squall validate`; written by topology_to_json so that an exec'd worker can make it again).
  Self& set_class(std::string_view class_name, std::shared_ptr<const ComponentSettings> settings) {
    def_.class_name = std::string(class_name);
    def_.settings = std::move(settings);
    return self();
  }
  /// Declares the output streams here instead of asking the component's declare_output_fields
  /// (for generic components whose streams a topology file declares).
  Self& set_output_streams(std::map<std::string, StreamDeclaration, std::less<>> streams) {
    def_.outputs = std::move(streams);
    def_.outputs_given = true;
    return self();
  }

 protected:
  Self& self() { return static_cast<Self&>(*this); }
  ComponentDef& def_;
};

class SpoutDeclarer : public ComponentDeclarer<SpoutDeclarer> {
 public:
  using ComponentDeclarer::ComponentDeclarer;
};

/// Subscribes a bolt to streams. Each method names the source component and optionally a stream
/// (default "default").
class BoltDeclarer : public ComponentDeclarer<BoltDeclarer> {
 public:
  using ComponentDeclarer::ComponentDeclarer;
  BoltDeclarer& grouping(std::string_view source, std::string_view stream, Grouping grouping);

  BoltDeclarer& shuffle_grouping(std::string_view source, std::string_view stream = kDefaultStream) {
    return grouping(source, stream, Grouping::shuffle());
  }
  BoltDeclarer& fields_grouping(std::string_view source, Fields key) { return fields_grouping(source, kDefaultStream, std::move(key)); }
  BoltDeclarer& fields_grouping(std::string_view source, std::string_view stream, Fields key) {
    return grouping(source, stream, Grouping::by_fields(std::move(key)));
  }
  BoltDeclarer& all_grouping(std::string_view source, std::string_view stream = kDefaultStream) {
    return grouping(source, stream, Grouping::all());
  }
  BoltDeclarer& global_grouping(std::string_view source, std::string_view stream = kDefaultStream) {
    return grouping(source, stream, Grouping::global());
  }
  BoltDeclarer& none_grouping(std::string_view source, std::string_view stream = kDefaultStream) {
    return grouping(source, stream, Grouping::none());
  }
  BoltDeclarer& direct_grouping(std::string_view source, std::string_view stream = kDefaultStream) {
    return grouping(source, stream, Grouping::direct());
  }
  BoltDeclarer& local_or_shuffle_grouping(std::string_view source, std::string_view stream = kDefaultStream) {
    return grouping(source, stream, Grouping::local_or_shuffle());
  }
  BoltDeclarer& partial_key_grouping(std::string_view source, Fields key) {
    return partial_key_grouping(source, kDefaultStream, std::move(key));
  }
  BoltDeclarer& partial_key_grouping(std::string_view source, std::string_view stream, Fields key) {
    return grouping(source, stream, Grouping::partial_key(std::move(key)));
  }
  BoltDeclarer& custom_grouping(std::string_view source, std::string_view stream, CustomGroupingFactory factory) {
    return grouping(source, stream, Grouping::custom_grouping(std::move(factory)));
  }
};

class TopologyBuilder {
 public:
  /// Adds a spout with `parallelism` executors. The factory makes one instance per task.
  SpoutDeclarer set_spout(std::string_view id, SpoutFactory factory, int parallelism = 1);
  /// Adds a bolt with `parallelism` executors. The factory makes one instance per task.
  BoltDeclarer set_bolt(std::string_view id, BoltFactory factory, int parallelism = 1);

  /// Checks the whole topology and returns it. Throws TopologyError listing every problem found:
  /// duplicate or reserved ids, parallelism or tasks < 1, a bolt with no input, an unknown source
  /// component or stream, a grouping key the stream does not declare, a direct grouping on a
  /// non-direct stream. Calls each factory once to learn the declared output streams.
  Topology create_topology() const;

 private:
  ComponentDef& add(std::string_view id, ComponentDef::Kind kind, int parallelism);
  std::deque<ComponentDef> components_;  // deque: declarers keep references
};

}  // namespace squall
