#include "squall/api/metrics/metric_registry.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "squall/api/errors.hpp"

namespace squall {
namespace {

double read_gauge(const std::function<double()>& read) noexcept {
  try {
    return read();
  } catch (...) {
    return std::numeric_limits<double>::quiet_NaN();
  }
}

}  // namespace

const char* to_string(MetricKind kind) noexcept {
  switch (kind) {
    case MetricKind::counter: return "counter";
    case MetricKind::gauge: return "gauge";
    case MetricKind::histogram: return "histogram";
  }
  return "?";
}

MetricRegistry::Entry& MetricRegistry::entry(const std::string& name, MetricKind kind) {
  if (name.empty()) throw Error("a metric needs a name");
  auto [it, fresh] = entries_.try_emplace(name, Entry{kind, nullptr, nullptr, {}, 0});
  if (!fresh && it->second.kind != kind)
    throw Error(fmt::format("metric '{}' is already registered as a {}, not a {}", name, to_string(it->second.kind),
                            to_string(kind)));
  return it->second;
}

MetricCounter& MetricRegistry::counter(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto& e = entry(name, MetricKind::counter);
  if (!e.counter) e.counter = std::make_unique<MetricCounter>();
  return *e.counter;
}

void MetricRegistry::gauge(const std::string& name, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  entry(name, MetricKind::gauge).gauge = std::move(read);
}

MetricHistogram& MetricRegistry::histogram(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto& e = entry(name, MetricKind::histogram);
  if (!e.histogram) e.histogram = std::make_unique<MetricHistogram>();
  return *e.histogram;
}

void MetricRegistry::freeze_gauges() noexcept {
  std::lock_guard lock(mutex_);
  for (auto& [name, e] : entries_)
    if (e.gauge) {
      e.frozen = read_gauge(e.gauge);
      e.gauge = nullptr;
    }
}

void MetricRegistry::for_each(const std::function<void(const Reading&)>& visit) const {
  std::lock_guard lock(mutex_);
  for (const auto& [name, e] : entries_) {
    switch (e.kind) {
      case MetricKind::counter: visit({name, e.kind, static_cast<double>(e.counter->count()), nullptr}); break;
      case MetricKind::gauge: visit({name, e.kind, e.gauge ? read_gauge(e.gauge) : e.frozen, nullptr}); break;
      case MetricKind::histogram: visit({name, e.kind, static_cast<double>(e.histogram->values().count()), e.histogram.get()}); break;
    }
  }
}

}  // namespace squall
