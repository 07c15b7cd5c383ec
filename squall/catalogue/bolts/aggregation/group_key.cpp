#include "squall/catalogue/bolts/aggregation/group_key.hpp"

#include <cstring>

namespace squall::aggregation {
namespace {

template <typename T>
void append_raw(std::string& out, T x) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &x, sizeof(T));
  out.append(bytes, sizeof(T));
}

}  // namespace

void append_key(std::string& out, const Value& v) {
  out.push_back(static_cast<char>(v.type()));
  switch (v.type()) {
    case ValueType::nil: break;
    case ValueType::boolean: out.push_back(v.as_bool() ? 1 : 0); break;
    case ValueType::int64: append_raw(out, v.as_int()); break;
    case ValueType::float64: append_raw(out, v.as_double()); break;
    case ValueType::string:
      append_raw(out, static_cast<std::uint32_t>(v.as_string().size()));
      out += v.as_string();
      break;
    case ValueType::bytes: {
      const auto& b = v.as_bytes();
      append_raw(out, static_cast<std::uint32_t>(b.data.size()));
      out.append(reinterpret_cast<const char*>(b.data.data()), b.data.size());
      break;
    }
  }
}

}  // namespace squall::aggregation
