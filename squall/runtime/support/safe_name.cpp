#include "squall/runtime/support/safe_name.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace squall::runtime {

std::string safe_file_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    out += ok ? c : '_';
  }
  if (out.empty()) out = "topology";
  if (out.front() == '.') out.front() = '_';
  constexpr std::size_t kMax = 48, kKeep = 39;
  if (out.size() > kMax) {
    std::uint32_t h = 2166136261u;  // FNV-1a over the original name
    for (unsigned char c : name) h = (h ^ c) * 16777619u;
    out = fmt::format("{}-{:08x}", out.substr(0, kKeep), h);
  }
  return out;
}

}  // namespace squall::runtime
