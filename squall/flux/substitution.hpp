#pragma once
// `${...}` substitution in a topology file's text, before it is parsed (as Flux does), with what
// Flux lacks: any number of substitutions per line, `${key[i]}` for list items, and an error (not
// a warning) for a key that does not resolve.

#include <map>
#include <string>
#include <string_view>

#include "squall/flux/diagnostics.hpp"

namespace squall {

/// Where substitution values come from.
struct SubstitutionSource {
  /// From a properties file (--filter). A value with commas is also a list for `${key[i]}`.
  std::map<std::string, std::string, std::less<>> properties;
  /// Resolve `${ENV-NAME}` from the environment (--env-filter).
  bool environment = false;
};

/// `${topology.dir}` is always defined: the absolute folder of the file being read (so data
/// paths can be relative to the topology file).
/// `${key:-default}` gives `default` when `key` is not defined.
/// Replaces every `${key}`, `${key[i]}` (i from 0, items split on commas) and `${ENV-NAME}` in
/// `text`, except in comments. Each unresolved reference is added to `diagnostics` with its
/// position in `file`; the text keeps it unchanged. Line numbers are preserved.
std::string substitute_variables(std::string_view text, std::string_view file, const SubstitutionSource& source,
                                 Diagnostics& diagnostics);

/// Reads a Java-style properties file: `key=value`, `key: value` or `key value` lines, `#` and
/// `!` comments. Throws TopologyError naming the file when it cannot be read.
std::map<std::string, std::string, std::less<>> read_properties_file(const std::string& path);

}  // namespace squall
