#include "squall/flux/substitution.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "squall/api/detail/input_limits.hpp"

namespace squall {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_list(std::string_view value) {
  std::vector<std::string_view> items;
  std::size_t start = 0;
  while (true) {
    auto comma = value.find(',', start);
    items.push_back(trim(value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) return items;
    start = comma + 1;
  }
}

struct Resolution {
  std::string value;
  std::string problem;  // empty when resolved
  std::string hint;
};

Resolution resolve(std::string_view key, const SubstitutionSource& source) {
  if (key.starts_with("ENV-")) {
    std::string name(key.substr(4));
    if (!source.environment)
      return {{}, fmt::format("'${{{}}}' reads the environment, which is off", key), "run with --env-filter"};
    const char* value = std::getenv(name.c_str());
    if (!value) return {{}, fmt::format("environment variable '{}' is not set", name), fmt::format("export {}=...", name)};
    return {value, {}, {}};
  }
  if (auto dash = key.find(":-"); dash != std::string_view::npos) {  // ${key:-default}
    auto it = source.properties.find(key.substr(0, dash));
    if (it != source.properties.end()) return {it->second, {}, {}};
    return {std::string(key.substr(dash + 2)), {}, {}};
  }
  std::string_view base = key;
  std::optional<std::size_t> index;
  if (key.ends_with(']')) {
    auto open = key.find('[');
    if (open == std::string_view::npos) return {{}, fmt::format("malformed reference '${{{}}}'", key), "write ${key[0]}"};
    std::string_view digits = key.substr(open + 1, key.size() - open - 2);
    std::size_t i = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty())
      return {{}, fmt::format("'${{{}}}': the index must be a non-negative integer", key), "write ${key[0]}"};
    base = key.substr(0, open);
    index = i;
  }
  auto it = source.properties.find(base);
  if (it == source.properties.end()) {
    std::string hint = source.properties.empty() ? "give a properties file with --filter FILE.properties"
                                                 : fmt::format("define '{}' in the --filter properties file", base);
    return {{}, fmt::format("'${{{}}}' is not defined", key), hint};
  }
  if (!index) return {it->second, {}, {}};
  auto items = split_list(it->second);
  if (*index >= items.size())
    return {{}, fmt::format("'${{{}}}': '{}' has {} item(s)", key, base, items.size()),
            fmt::format("use an index from 0 to {}", items.size() - 1)};
  return {std::string(items[*index]), {}, {}};
}

std::string substitute(std::string_view text, std::string_view file, const SubstitutionSource& source,
                       Diagnostics& diagnostics, int depth) {
  std::string out;
  out.reserve(text.size());
  int line = 1;
  std::size_t line_start = 0;
  char quote = 0;
  bool comment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      out += c;
      ++line;
      line_start = i + 1;
      quote = 0;
      comment = false;
      continue;
    }
    if (!comment && !quote && c == '#' && (i == line_start || text[i - 1] == ' ' || text[i - 1] == '\t')) comment = true;
    if (!comment && (c == '"' || c == '\'')) quote = quote == c ? 0 : (quote ? quote : c);
    if (comment || c != '$' || i + 1 >= text.size() || text[i + 1] != '{') {
      out += c;
      continue;
    }
    // The matching '}', so that a default may hold references: ${model:-${topology.dir}/m.json}
    std::size_t close = std::string_view::npos;
    for (std::size_t j = i + 2, depth = 1; j < text.size() && text[j] != '\n'; ++j) {
      if (text[j] == '$' && j + 1 < text.size() && text[j + 1] == '{') ++depth, ++j;
      else if (text[j] == '}' && --depth == 0) {
        close = j;
        break;
      }
    }
    auto newline = text.find('\n', i + 2);
    int column = static_cast<int>(i - line_start) + 1;
    if (close == std::string_view::npos || (newline != std::string_view::npos && newline < close)) {
      diagnostics.add({std::string(file), line, column}, "'${' without a closing '}'", "write ${key}");
      out += c;
      continue;
    }
    std::string_view key = text.substr(i + 2, close - i - 2);
    Resolution r = resolve(key, source);
    if (auto dash = key.find(":-"); dash != std::string_view::npos && !source.properties.contains(key.substr(0, dash))) {
      if (depth >= limits::kSubstitutionDepth) {
        diagnostics.add({std::string(file), line, column},
                        fmt::format("'${{...:-default}}' nested more than {} levels deep", limits::kSubstitutionDepth),
                        "define the value in the --filter properties file instead");
        return out;
      }
      r.value = substitute(key.substr(dash + 2), file, source, diagnostics, depth + 1);
    }
    if (!r.problem.empty()) {
      diagnostics.add({std::string(file), line, column}, r.problem, r.hint);
      out.append(text.substr(i, close - i + 1));
    } else {
      out += r.value;
    }
    i = close;
  }
  return out;
}

}  // namespace

std::string substitute_variables(std::string_view text, std::string_view file, const SubstitutionSource& source,
                                 Diagnostics& diagnostics) {
  return substitute(text, file, source, diagnostics, 0);
}

std::map<std::string, std::string, std::less<>> read_properties_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw TopologyError(fmt::format("{}: cannot read the properties file", path));
  std::map<std::string, std::string, std::less<>> properties;
  std::string raw;
  while (std::getline(in, raw)) {
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    auto sep = line.find_first_of("=: \t");
    if (sep == std::string_view::npos) {
      properties[std::string(line)] = "";
      continue;
    }
    std::string_view value = trim(line.substr(sep + 1));
    if (!value.empty() && (value.front() == '=' || value.front() == ':')) value = trim(value.substr(1));
    properties[std::string(trim(line.substr(0, sep)))] = std::string(value);
  }
  return properties;
}

}  // namespace squall
