#pragma once
// squall's version, and the plugin ABI version that a plugin must match to be loaded.

#define SQUALL_VERSION_MAJOR 0
#define SQUALL_VERSION_MINOR 2
#define SQUALL_VERSION_PATCH 0
#define SQUALL_VERSION_STRING "0.2.0"

/// Raised whenever a public type that plugins see changes layout or virtual functions. A plugin
/// built against another value is refused at load time (a mismatch would crash, not fail).
#define SQUALL_PLUGIN_ABI_VERSION 1
