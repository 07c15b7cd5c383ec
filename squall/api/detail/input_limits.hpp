#pragma once
// The bounds every parser of outside input enforces (topology files, JSON and CSV records, wire
// frames, model files). An input past a bound is refused with where and why; no parser recurses
// as deep as its input asks. Documented in docs/reliability.md ("Limits on inputs").

#include <cstddef>
#include <cstdint>

namespace squall::limits {

/// A topology file, an included file or a properties file: bytes.
inline constexpr std::size_t kTopologyFileBytes = 16u << 20;
/// YAML nesting (maps and lists inside each other), counted through aliases, so that a
/// recursive alias (`&c {self: *c}`) is refused instead of followed.
inline constexpr int kYamlDepth = 64;
/// YAML nodes visited with every alias expanded: a "billion laughs" chain of aliases is refused
/// long before it is expanded in memory.
inline constexpr std::size_t kYamlExpandedNodes = 1'000'000;
/// `${a:-${b:-...}}` nesting in a topology file.
inline constexpr int kSubstitutionDepth = 16;
/// Nesting of a JSON record (a Kafka value): arrays and objects inside each other.
inline constexpr int kJsonRecordDepth = 64;
/// A model file (MOJO zip, XGBoost JSON or binary, H2O POJO source): bytes.
inline constexpr std::size_t kModelFileBytes = 1u << 30;
/// Nesting of a model's JSON document (XGBoost): its real depth is under 10.
inline constexpr int kModelJsonDepth = 32;
/// Nodes in one tree of a model, and trees in a model.
inline constexpr std::size_t kTreeNodes = 1u << 24;
inline constexpr std::size_t kModelTrees = 1u << 20;
/// Classes a classifier may have (H2O and XGBoost models in the wild have at most thousands).
inline constexpr std::int64_t kModelClasses = 1 << 16;
/// Features (input columns) of a model.
inline constexpr std::int64_t kModelFeatures = 1 << 20;

}  // namespace squall::limits
