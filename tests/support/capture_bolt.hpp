#pragma once
// A bolt that records every tuple it receives (stream and values), for asserting outputs.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "squall/api/bolt.hpp"

namespace test {

struct Captured {
  std::string stream;
  squall::Fields fields;
  squall::Values values;
  const squall::Value& get(const std::string& field) const { return values.at(fields.index_of(field)); }
};

struct CaptureLog {
  std::mutex mutex;
  std::vector<Captured> tuples;
  std::vector<Captured> on(const std::string& stream) {
    std::lock_guard l(mutex);
    std::vector<Captured> out;
    for (const auto& t : tuples)
      if (t.stream == stream) out.push_back(t);
    return out;
  }
};

class CaptureBolt : public squall::BasicBolt {
 public:
  explicit CaptureBolt(std::shared_ptr<CaptureLog> log) : log_(std::move(log)) {}
  void execute(const squall::Tuple& in, squall::BasicOutputCollector&) override {
    std::lock_guard l(log_->mutex);
    log_->tuples.push_back({in.source_stream(), in.fields(), in.values()});
  }

 private:
  std::shared_ptr<CaptureLog> log_;
};

}  // namespace test
