#pragma once
// A topology file and everything it includes, parsed and merged, not yet resolved: each entry
// keeps its YAML node and file for positions in later diagnostics.

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "squall/flux/diagnostics.hpp"
#include "squall/flux/substitution.hpp"

namespace squall::yaml {

/// One item of a top-level section. `key` identifies it for includes and overrides: the id of a
/// component, spout or bolt; "from -> to [stream]" for a stream; the key of a config entry; the
/// absolute path of a plugin.
struct Entry {
  std::string file;
  YAML::Node node;
  std::string key;
};

struct TopologyDocument {
  std::string file;
  /// The absolute folder of `file` (for a text, the folder includes resolve from).
  std::string dir;
  /// False when the root file could not be read or parsed: nothing else is meaningful then.
  bool parsed = false;
  std::string name;
  YAML::Node name_node;
  std::vector<Entry> config;
  std::vector<Entry> components;
  std::vector<Entry> spouts;
  std::vector<Entry> bolts;
  std::vector<Entry> streams;
  std::vector<Entry> plugins;
};

/// Reads `file` (substituting variables first) and its includes, recursively. An include's
/// entries are added; one whose key the including file already has replaces it with
/// `override: true` and is skipped with a warning otherwise (Flux's rule, applied to every
/// section, streams included). Problems go to `diagnostics`.
TopologyDocument read_topology_document(const std::filesystem::path& file, const SubstitutionSource& source,
                                        Diagnostics& diagnostics);

/// The same for YAML text; `display_name` is used in positions, includes resolve from `base_dir`.
TopologyDocument read_topology_text(std::string_view text, const std::string& display_name,
                                    const std::filesystem::path& base_dir, const SubstitutionSource& source,
                                    Diagnostics& diagnostics);

}  // namespace squall::yaml
