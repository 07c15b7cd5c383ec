#pragma once
// How a topology document names a file that travels as a blob: "blob:<key>/<file name>", the
// key being the file's SHA-256 (64 hex digits) and the name its original file name (kept so that
// a reader choosing by extension, as PredictionBolt does, sees the same name).

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace squall::cluster {

/// "blob:<key>/<file name>".
std::string blob_reference(std::string_view key, std::string_view file_name);

struct BlobReference {
  std::string key;
  std::string file_name;
};

/// The parts of a blob reference, or nullopt when `text` is not one (a valid key, a file name
/// without '/', not "." or "..").
std::optional<BlobReference> parse_blob_reference(std::string_view text);

/// Calls `visit(slot, reference)` for each string inside `value` (at any depth) that is a blob
/// reference; `visit` may replace the slot (a supervisor puts its local copy's path there).
void visit_blob_references(nlohmann::json& value,
                           const std::function<void(nlohmann::json& slot, const BlobReference& reference)>& visit);

}  // namespace squall::cluster
