#pragma once
// How a stream's tuples are partitioned among the tasks of a subscribing bolt (Storm's groupings).

#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "squall/api/fields.hpp"
#include "squall/api/value.hpp"

namespace squall {

/// Facts a custom grouping may use when it is prepared.
struct GroupingContext {
  std::string_view source_component;
  std::string_view stream;
  const Fields* source_fields;
  std::string_view target_component;
};

/// A user-defined grouping (Storm's CustomStreamGrouping). One instance per emitting task and
/// subscription, used from that task's thread only.
class CustomStreamGrouping {
 public:
  virtual ~CustomStreamGrouping() = default;
  /// `target_tasks` are the subscriber's task ids, ascending.
  virtual void prepare(const GroupingContext& context, std::vector<int> target_tasks) = 0;
  /// The task ids among the targets that receive a tuple with `values`; empty drops the tuple
  /// for this subscriber.
  virtual std::vector<int> choose_tasks(int source_task, const Values& values) = 0;
};

using CustomGroupingFactory = std::function<std::unique_ptr<CustomStreamGrouping>()>;

class ComponentSettings;

/// A grouping as declared in a topology; the runtime turns it into a Grouper per emitting task.
struct Grouping {
  enum class Type { shuffle, fields, all, global, none, direct, local_or_shuffle, partial_key, custom };

  Type type = Type::shuffle;
  /// The key fields of `fields` and `partial_key`.
  Fields fields;
  CustomGroupingFactory custom;
  /// For a custom grouping made from the component registry: its className and settings, so that
  /// another process can make it again (topology_json.hpp). Empty for a C++ factory.
  std::string custom_class;
  std::shared_ptr<const ComponentSettings> custom_settings;

  /// Random but even: a shuffled round-robin over the target tasks.
  static Grouping shuffle() { return of(Type::shuffle); }
  /// Same values of `key` → same task: a stable hash of the key values mod the task count.
  static Grouping by_fields(Fields key) { return of(Type::fields, std::move(key)); }
  /// Every task gets a copy.
  static Grouping all() { return of(Type::all); }
  /// Every tuple goes to the task with the lowest id.
  static Grouping global() { return of(Type::global); }
  /// "Don't care"; behaves as shuffle, as in Storm.
  static Grouping none() { return of(Type::none); }
  /// The emitter picks the task with emit_direct; the stream must be declared direct.
  static Grouping direct() { return of(Type::direct); }
  /// Tasks in the emitter's worker process if it has any, otherwise shuffle.
  static Grouping local_or_shuffle() { return of(Type::local_or_shuffle); }
  /// A key is split over two candidate tasks (two hash functions) and each tuple goes to the one
  /// this emitter has sent fewer tuples to: "The Power of Both Choices", Nasir et al., ICDE 2015.
  static Grouping partial_key(Fields key) { return of(Type::partial_key, std::move(key)); }
  static Grouping custom_grouping(CustomGroupingFactory factory) { return of(Type::custom, {}, std::move(factory)); }

 private:
  // Member by member rather than aggregate init, which -Wextra flags for each member left out.
  static Grouping of(Type type, Fields key = {}, CustomGroupingFactory factory = {}) {
    Grouping g;
    g.type = type;
    g.fields = std::move(key);
    g.custom = std::move(factory);
    return g;
  }
};

/// "SHUFFLE", "FIELDS", ...: the Flux spelling.
std::string_view grouping_type_name(Grouping::Type type) noexcept;
/// The type a Flux spelling names ("FIELDS" → fields), or nullopt. Exact, upper case.
std::optional<Grouping::Type> grouping_type_from_name(std::string_view name) noexcept;

}  // namespace squall
