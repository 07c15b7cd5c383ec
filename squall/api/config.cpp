#include "squall/api/config.hpp"

#include <fmt/format.h>

#include "squall/api/errors.hpp"

namespace squall {

Config& Config::set(std::string_view key, Value value) {
  entries_.insert_or_assign(std::string(key), std::move(value));
  return *this;
}

const Value* Config::find(std::string_view key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

namespace {
template <typename T, typename Get>
T read(const Config& c, std::string_view key, T fallback, Get get) {
  const Value* v = c.find(key);
  if (!v || v->is_nil()) return fallback;
  try {
    return get(*v);
  } catch (const TypeMismatchError& e) {
    throw TypeMismatchError(fmt::format("config key '{}': {}", key, e.what()));
  }
}
}  // namespace

std::int64_t Config::get_int(std::string_view key, std::int64_t fallback) const {
  return read(*this, key, fallback, [](const Value& v) { return v.as_int(); });
}
double Config::get_double(std::string_view key, double fallback) const {
  return read(*this, key, fallback, [](const Value& v) { return v.as_double(); });
}
bool Config::get_bool(std::string_view key, bool fallback) const {
  return read(*this, key, fallback, [](const Value& v) { return v.as_bool(); });
}
std::string Config::get_string(std::string_view key, std::string_view fallback) const {
  return read(*this, key, std::string(fallback), [](const Value& v) { return v.as_string(); });
}

Config Config::merged_with(const Config& overrides) const {
  Config out = *this;
  for (const auto& [k, v] : overrides.entries_) out.entries_.insert_or_assign(k, v);
  return out;
}

}  // namespace squall
