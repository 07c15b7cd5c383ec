#pragma once
// Topology names become parts of paths (run directories, socket names, dead-letter files): they
// must not climb out of their folder ("../..") nor overflow a socket path (108 bytes).

#include <string>
#include <string_view>

namespace squall::runtime {

/// `name` with every character other than [A-Za-z0-9._-] replaced by '_', a leading '.'
/// replaced too (no "..", no hidden file), and names over 48 characters cut to 39 plus '-' and 8
/// hex digits of a hash of the whole name (so long names stay distinct). Never empty.
std::string safe_file_name(std::string_view name);

}  // namespace squall::runtime
