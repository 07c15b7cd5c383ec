#include "squall/connectors/files/file_spout.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <fnmatch.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "squall/api/bounded_json.hpp"
#include "squall/api/output_fields_declarer.hpp"
#include "squall/api/spout_output_collector.hpp"
#include "squall/api/topology_context.hpp"

namespace squall::spouts {
namespace {

namespace fs = std::filesystem;

// RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : 4;
    if (extra == 4 || i + extra >= s.size() + (extra == 0)) return false;
    std::uint32_t cp = extra == 0 ? c : c & (0x3f >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d >> 6) != 0x2) return false;
      cp = cp << 6 | (d & 0x3f);
    }
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += extra + 1;
  }
  return true;
}

std::int64_t count_lines(const fs::path& file, std::int64_t upto) {
  std::ifstream in(file, std::ios::binary);
  std::int64_t lines = 0, pos = 0;
  char buf[65536];
  while (pos < upto) {
    in.read(buf, std::min<std::int64_t>(sizeof buf, upto - pos));
    if (in.gcount() <= 0) break;
    lines += std::count(buf, buf + in.gcount(), '\n');
    pos += in.gcount();
  }
  return lines;
}

}  // namespace

FileSpout::FileSpout(const Settings& s)
    : path_(s.path),
      glob_(s.glob),
      progress_path_(s.progress_file),
      done_suffix_(s.done_suffix),
      move_to_(s.move_to),
      max_line_(static_cast<std::size_t>(s.max_line_bytes)),
      finite_(s.finite),
      poll_interval_(s.poll_interval_ms),
      progress_interval_(s.progress_interval_ms) {
  if (path_.empty()) throw SettingError("FileSpout: 'path' is empty");
}

FileSpout::~FileSpout() {
  if (reading_) std::fclose(reading_);
}

void FileSpout::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  declarer.declare({"line", "location"});
  declarer.declare_stream("errors", {"reason", "line", "location"});
}

void FileSpout::open(const TopologyContext&, SpoutOutputCollector& collector) {
  collector_ = &collector;
  tail_ = !fs::is_directory(path_);
  if (progress_path_.empty())
    progress_path_ = tail_ ? fs::path(path_.string() + ".progress.json") : path_ / ".squall-progress.json";
  load_progress();
  scan();
}

fs::path FileSpout::path_of(const std::string& name) const { return tail_ ? path_ : path_ / name; }

FileSpout::FileState* FileSpout::find(const std::string& name) {
  for (auto& f : files_)
    if (f.name == name) return &f;
  return nullptr;
}

void FileSpout::load_progress() {
  std::ifstream in(progress_path_);
  if (!in) return;
  try {
    auto j = nlohmann::json::parse(in);
    const auto done = j.value("done", nlohmann::json::array());
    const auto files = j.value("files", nlohmann::json::object());
    // Only names still there: a file renamed since (by hand, or a retry below) needs no record.
    for (const auto& d : done)
      if (fs::exists(path_of(d.get<std::string>()))) done_.insert(d.get<std::string>());
    for (const auto& [name, offset] : files.items()) {
      FileState f;
      f.name = name;
      f.committed = f.read_pos = offset.get<std::int64_t>();
      files_.push_back(std::move(f));
    }
  } catch (const std::exception& e) {
    // A torn or edited progress file: start over rather than guess (duplicates, never loss).
    spdlog::warn("FileSpout: ignoring unreadable progress file {}: {}", progress_path_.string(), e.what());
    files_.clear();
    done_.clear();
  }
}

void FileSpout::save_progress() {
  nlohmann::json j;
  j["files"] = nlohmann::json::object();
  for (const auto& f : files_) j["files"][f.name] = f.committed;
  j["done"] = done_;
  auto tmp = progress_path_;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << json_text(j) << '\n';
    if (!out.flush()) {
      spdlog::error("FileSpout: cannot write progress file {}", tmp.string());
      return;
    }
  }
  std::error_code ec;
  fs::rename(tmp, progress_path_, ec);
  if (ec) spdlog::error("FileSpout: cannot replace {}: {}", progress_path_.string(), ec.message());
  dirty_ = false;
}

void FileSpout::scan() {
  scanned_ = true;
  auto exists = [&](const std::string& name) { return find(name) != nullptr || done_.count(name); };
  // Files known from the progress file that are gone (moved away by hand) are dropped.
  std::erase_if(files_, [&](const FileState& f) { return f.name != reading_name_ && !fs::exists(path_of(f.name)); });
  std::vector<std::string> fresh;
  if (tail_) {
    if (fs::exists(path_) && !exists(path_.filename().string())) fresh.push_back(path_.filename().string());
  } else {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path_, ec)) {
      auto name = entry.path().filename().string();
      if (!entry.is_regular_file() || name.starts_with('.') || name.ends_with(done_suffix_)) continue;
      if (fnmatch(glob_.c_str(), name.c_str(), 0) != 0 || exists(name)) continue;
      fresh.push_back(name);
    }
  }
  std::sort(fresh.begin(), fresh.end());
  for (auto& name : fresh) {
    FileState f;
    f.name = std::move(name);
    files_.push_back(std::move(f));
  }
  for (auto& f : files_)
    if (f.read_pos > 0 && f.line_number == 0) f.line_number = count_lines(path_of(f.name), f.read_pos);
}

bool FileSpout::read_line(FileState& f) {
  if (reading_name_ != f.name) {
    if (reading_) std::fclose(reading_);
    reading_ = std::fopen(path_of(f.name).c_str(), "rb");
    reading_name_ = f.name;
    if (!reading_ || std::fseek(reading_, f.read_pos, SEEK_SET) != 0) {
      spdlog::error("FileSpout: cannot read {} from offset {}", path_of(f.name).string(), f.read_pos);
      reading_name_.clear();
      return false;
    }
  }
  char* buffer = nullptr;
  std::size_t capacity = 0;
  ssize_t n = ::getline(&buffer, &capacity, reading_);
  std::string text = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
  std::free(buffer);
  if (n <= 0 || (tail_ && text.back() != '\n')) {
    // End of what is there. A tailed file may grow: read the partial line again later.
    std::clearerr(reading_);
    std::fseek(reading_, f.read_pos, SEEK_SET);
    if (!tail_) f.eof = true;
    return false;
  }
  std::int64_t start = f.read_pos;
  f.read_pos += n;
  ++f.line_number;
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  std::string location = fmt::format("{}:{}", f.name, f.line_number);
  std::string problem = text.size() > max_line_ ? fmt::format("line of {} bytes is longer than max.line.bytes {}", text.size(), max_line_)
                        : !valid_utf8(text)     ? std::string("line is not valid UTF-8")
                                                : std::string();
  if (!problem.empty()) {
    if (auto n = problem_log_.admit()) spdlog::warn("FileSpout: {}: {}{}", location, problem, suppressed_note(n));
    collector_->emit("errors", {problem, text.substr(0, 200), location}, MessageId());
    f.in_flight.emplace(start, InFlight{f.read_pos, f.line_number, {}, true});
    advance_commit(f);
    return true;
  }
  collector_->emit({text, location}, MessageId(fmt::format("{}:{}", f.name, start)));
  f.in_flight.emplace(start, InFlight{f.read_pos, f.line_number, std::move(text)});
  return true;
}

void FileSpout::next_tuple() {
  auto now = std::chrono::steady_clock::now();
  if (now >= next_scan_) {
    scan();
    next_scan_ = now + poll_interval_;
  }
  if (dirty_ && !checkpointed_ && now >= next_save_) {
    save_progress();
    next_save_ = now + progress_interval_;
  }
  while (!replay_.empty()) {
    auto [name, offset] = replay_.front();
    replay_.pop_front();
    FileState* f = find(name);
    if (!f) continue;
    auto it = f->in_flight.find(offset);
    if (it == f->in_flight.end() || it->second.acked) continue;
    collector_->emit({it->second.text, fmt::format("{}:{}", f->name, it->second.line_number)},
                     MessageId(fmt::format("{}:{}", f->name, offset)));
    return;
  }
  for (auto& f : files_) {
    if (f.eof) continue;
    if (read_line(f)) return;
    if (!f.eof) return;  // a tailed file with nothing new, or a read error
  }
  for (auto it = files_.begin(); it != files_.end();) {
    FileState& f = *it;
    // With checkpoints a file is done once read: its position is what a checkpoint keeps.
    if (tail_ || !f.eof || (!f.in_flight.empty() && !checkpointed_)) {
      ++it;
      continue;
    }
    finish_if_done(f);
    it = files_.erase(it);
  }
}

void FileSpout::stop_reading(const std::string& name) {
  if (reading_name_ != name) return;
  std::fclose(reading_);
  reading_ = nullptr;
  reading_name_.clear();
}

bool FileSpout::retire(const std::string& name) {
  auto from = path_of(name);
  const auto target = move_to_.empty() ? fs::path(from.string() + done_suffix_) : move_to_ / name;
  std::error_code ec;
  if (!move_to_.empty()) fs::create_directories(move_to_, ec);
  // A file of the same name finished before keeps its place: this one becomes NAME.1.done (or
  // move.to/NAME.1), .2, ...; still ending in done.suffix, so a scan never takes it for new.
  auto to = target;
  for (int n = 1; fs::exists(to, ec) && n < 100000; ++n)
    to = move_to_.empty() ? fs::path(fmt::format("{}.{}{}", from.string(), n, done_suffix_)) : move_to_ / fmt::format("{}.{}", name, n);
  fs::rename(from, to, ec);
  if (ec) spdlog::error("FileSpout: {} is done but cannot be moved to {}: {}", from.string(), to.string(), ec.message());
  return !ec;
}

void FileSpout::finish_if_done(FileState& f) {
  stop_reading(f.name);
  dirty_ = true;
  spdlog::info("FileSpout: {} done ({} lines)", f.name, f.line_number);
  // With checkpoints, a rollback may read the file again until a committed checkpoint counts it
  // done (checkpoint_committed). Without, a renamed file needs no record: its name is free again
  // for a new file; one that could not be renamed is remembered, so that it is not read again.
  if (checkpointed_) {
    done_.insert(f.name);
    unretired_.insert(f.name);
  } else if (!retire(f.name)) {
    done_.insert(f.name);
  }
}

void FileSpout::advance_commit(FileState& f) {
  while (!f.in_flight.empty() && f.in_flight.begin()->second.acked) {
    f.committed = f.in_flight.begin()->second.end;
    f.in_flight.erase(f.in_flight.begin());
    dirty_ = true;
  }
}

void FileSpout::ack(const MessageId& id) {
  const std::string& s = id.as_string();
  auto colon = s.rfind(':');
  FileState* f = find(s.substr(0, colon));
  if (!f) return;
  auto it = f->in_flight.find(std::stoll(s.substr(colon + 1)));
  if (it == f->in_flight.end()) return;
  it->second.acked = true;
  it->second.text.clear();
  advance_commit(*f);
}

void FileSpout::fail(const MessageId& id) {
  const std::string& s = id.as_string();
  auto colon = s.rfind(':');
  replay_.emplace_back(s.substr(0, colon), std::stoll(s.substr(colon + 1)));
}

void FileSpout::close() {
  if (!checkpointed_) save_progress();
}

bool FileSpout::exhausted() const {
  if (!finite_ || tail_ || !scanned_) return false;
  return std::all_of(files_.begin(), files_.end(),
                     [this](const FileState& f) { return f.eof && (checkpointed_ || f.in_flight.empty()); }) &&
         replay_.empty();
}

void FileSpout::register_in(ComponentRegistry& registry) {
  registry.add_spout<FileSpout>({
      .class_name = "squall.spouts.FileSpout",
      .aliases = {"FileSpout"},
      .description = "lines of the files in a directory (new files picked up) or of one tailed file; progress survives restarts",
  });
}

}  // namespace squall::spouts
