#include "squall/cluster/blobs/blob_reference.hpp"

#include "squall/cluster/blobs/blob_store.hpp"

namespace squall::cluster {

namespace {
constexpr std::string_view kPrefix = "blob:";
}

std::string blob_reference(std::string_view key, std::string_view file_name) {
  return std::string(kPrefix) + std::string(key) + "/" + std::string(file_name);
}

std::optional<BlobReference> parse_blob_reference(std::string_view text) {
  if (text.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto key = text.substr(0, slash), name = text.substr(slash + 1);
  if (!BlobStore::valid_key(key) || name.empty() || name == "." || name == ".." ||
      name.find('/') != std::string_view::npos || name.find('\0') != std::string_view::npos)
    return std::nullopt;
  return BlobReference{std::string(key), std::string(name)};
}

void visit_blob_references(nlohmann::json& value,
                           const std::function<void(nlohmann::json& slot, const BlobReference& reference)>& visit) {
  if (value.is_string()) {
    if (auto blob = parse_blob_reference(value.get_ref<const std::string&>())) visit(value, *blob);
  } else if (value.is_structured()) {
    for (auto& item : value) visit_blob_references(item, visit);
  }
}

}  // namespace squall::cluster
