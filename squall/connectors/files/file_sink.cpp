#include "squall/connectors/files/file_sink.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "squall/api/config.hpp"
#include "squall/api/topology_context.hpp"
#include "squall/formats/csv/csv_field.hpp"
#include "squall/formats/tuple_text.hpp"

namespace squall::bolts {

FileSink::FileSink(const Settings& settings)
    : path_(settings.path),
      json_(settings.format == "json"),
      append_(settings.mode == "append"),
      header_(settings.header),
      fields_(settings.fields),
      flush_every_(static_cast<std::size_t>(std::max<std::int64_t>(1, settings.flush_every))),
      flush_interval_(settings.flush_ms) {
  const auto& format = settings.format;
  if (format != "csv" && format != "json") throw SettingError(fmt::format("FileSink: format '{}' must be csv or json", format));
  const auto& mode = settings.mode;
  if (mode != "truncate" && mode != "append") throw SettingError(fmt::format("FileSink: mode '{}' must be truncate or append", mode));
}

FileSink::~FileSink() {
  if (file_) std::fclose(file_);
}

/// Truncation happens once per submission: a task restarted in a new worker process (its
/// state directory survives the worker) appends, so rows it wrote and acked before are kept.
/// The marker is created before the truncation; a crash in between costs nothing (no row was
/// written yet).
bool FileSink::first_open_of_run(const TopologyContext& context) const {
  std::filesystem::path marker = context.task_state_file("file-sink-opened");
  if (marker.empty()) return true;  // one process: this is the run's only open
  std::error_code ec;
  if (std::filesystem::exists(marker, ec)) return false;
  std::filesystem::create_directories(marker.parent_path(), ec);
  std::FILE* f = std::fopen(marker.c_str(), "wb");
  if (!f) throw Error(fmt::format("FileSink: cannot create '{}': {}", marker.string(), std::strerror(errno)));
  std::fclose(f);
  return true;
}

namespace {

/// Cuts a line left half-written by a killed worker (the file does not end with '\n'): its tuples
/// were not acked, so their replay writes them again, whole.
void drop_torn_last_line(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return;
  std::fseek(f, 0, SEEK_END);
  long end = std::ftell(f), keep = end;
  char chunk[4096];
  while (keep > 0) {
    long from = std::max(0L, keep - static_cast<long>(sizeof chunk));
    std::fseek(f, from, SEEK_SET);
    auto n = std::fread(chunk, 1, static_cast<std::size_t>(keep - from), f);
    auto* last = static_cast<const char*>(memrchr(chunk, '\n', n));
    if (last) {
      keep = from + (last - chunk) + 1;
      break;
    }
    keep = from;
  }
  std::fclose(f);
  if (keep == end) return;
  std::error_code ec;
  std::filesystem::resize_file(path, static_cast<std::uintmax_t>(keep), ec);
}

}  // namespace

void FileSink::prepare(const TopologyContext& context, OutputCollector& collector) {
  collector_ = &collector;
  if (context.task_index() > 0) path_ += fmt::format(".{}", context.task_index());
  bool restarted = !first_open_of_run(context);
  if (restarted) drop_torn_last_line(path_);
  file_ = std::fopen(path_.c_str(), append_ || restarted ? "ab" : "wb");
  if (!file_) throw Error(fmt::format("FileSink: cannot open '{}': {}", path_, std::strerror(errno)));
  std::fseek(file_, 0, SEEK_END);
  header_written_ = !header_ || json_ || std::ftell(file_) > 0;
  last_flush_ = std::chrono::steady_clock::now();
}

std::string FileSink::render(const Tuple& t) {
  if (json_) return tuple_as_json(t, fields_) + "\n";
  std::string line;
  if (!header_written_) {
    const auto& names = fields_.empty() ? t.fields().names() : fields_;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i) line += ',';
      line += spouts::csv_field(names[i]);
    }
    line += "\n";
    header_written_ = true;
  }
  return line + tuple_as_csv(t, fields_) + "\n";
}

void FileSink::execute(const Tuple& input) {
  if (!input.is_tick()) {
    try {
      buffer_ += render(input);
      pending_.push_back(input);
    } catch (const Error& e) {  // a field this sink was told to write is missing
      collector_->report_error(e.what());
      collector_->fail(input);
    }
  } else {
    collector_->ack(input);
  }
  auto now = std::chrono::steady_clock::now();
  if (pending_.size() >= flush_every_ || (!pending_.empty() && now - last_flush_ >= flush_interval_)) flush();
}

void FileSink::flush() {
  last_flush_ = std::chrono::steady_clock::now();
  if (pending_.empty()) return;
  bool ok = std::fwrite(buffer_.data(), 1, buffer_.size(), file_) == buffer_.size() && std::fflush(file_) == 0;
  if (!ok) {
    collector_->report_error(fmt::format("FileSink: writing '{}' failed: {}", path_, std::strerror(errno)));
    std::clearerr(file_);
  }
  for (const auto& t : pending_) ok ? collector_->ack(t) : collector_->fail(t);
  pending_.clear();
  buffer_.clear();
}

void FileSink::cleanup() {
  if (file_) flush();
}

Config FileSink::component_configuration() const {
  Config c;
  c.set(config_keys::kTickTupleFreqSecs, std::max(0.001, static_cast<double>(flush_interval_.count()) / 1000.0));
  return c;
}

void FileSink::register_in(ComponentRegistry& registry) {
  registry.add_bolt<FileSink>({
      .class_name = "squall.bolts.FileSink",
      .aliases = {"FileSink"},
      .description = "writes tuples as CSV or JSON lines; acks a tuple once its write is flushed, fails it on a write error",
      .constructor_args = {"path"},
  });
}

}  // namespace squall::bolts
