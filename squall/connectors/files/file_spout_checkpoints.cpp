// FileSpout's side of exactly-once checkpoints (ReplayableSpout): its position, the rewind to one,
// and renaming finished files once a checkpoint commits them. The reading is in file_spout.cpp.
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "squall/api/bounded_json.hpp"
#include "squall/connectors/files/file_spout.hpp"

namespace squall::spouts {

Value FileSpout::position() const {
  nlohmann::json files = nlohmann::json::object();
  // A file not begun is left out: a rewind finds it again by scanning, and the position does not
  // change when a new file merely appears.
  for (const auto& f : files_)
    if (f.read_pos > 0) files[f.name] = f.read_pos;
  return json_text(nlohmann::json{{"files", files}, {"done", done_}});
}

void FileSpout::rewind(const Value& position) {
  std::deque<FileState> files;
  std::set<std::string> done;
  if (!position.is_nil()) {
    try {
      auto j = nlohmann::json::parse(position.as_string());
      for (const auto& [name, offset] : j.at("files").items()) {
        FileState f;
        f.name = name;
        f.committed = f.read_pos = offset.get<std::int64_t>();
        files.push_back(std::move(f));
      }
      for (const auto& name : j.at("done")) done.insert(name.get<std::string>());
    } catch (const std::exception& e) {
      throw SettingError(fmt::format("FileSpout {}: '{}' is not a position of this spout: {}", path_.string(),
                                     position.to_string(), e.what()));
    }
  }
  if (reading_) std::fclose(reading_);
  reading_ = nullptr;
  reading_name_.clear();
  files_ = std::move(files);
  done_ = std::move(done);
  replay_.clear();
  checkpointed_ = true;
  dirty_ = false;
  // Files the committed position counts done but that were not renamed yet (a crash came first);
  // once renamed, they need no record (a new file may take the name).
  std::erase_if(done_, [&](const std::string& name) {
    return (unretired_.count(name) || std::filesystem::exists(path_of(name))) ? retire(name) : true;
  });
  unretired_.clear();
  scan();
}

void FileSpout::checkpoint_committed(const Value& position) {
  if (position.is_nil() || unretired_.empty()) return;
  auto j = nlohmann::json::parse(position.as_string());
  for (const auto& name : j.at("done")) {
    auto n = name.get<std::string>();
    if (unretired_.erase(n) && retire(n)) done_.erase(n);
  }
}

}  // namespace squall::spouts
