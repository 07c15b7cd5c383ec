#pragma once
// Reserved stream and component names (Storm's Utils.DEFAULT_STREAM_ID and Constants).

#include <string_view>

namespace squall {

/// The stream a component emits on when it names none.
inline constexpr std::string_view kDefaultStream = "default";
/// Tick tuples arrive on this stream, from this component (see Tuple::is_tick).
inline constexpr std::string_view kTickStream = "__tick";
inline constexpr std::string_view kSystemComponent = "__system";
/// Malformed input records are routed to this stream by the built-in spouts.
inline constexpr std::string_view kErrorsStream = "errors";
/// Checkpoint tuples (txid, action) of a topology with stateful bolts travel on this stream, from
/// this spout, which the runtime adds (Storm's CheckpointSpout.CHECKPOINT_STREAM_ID and
/// CHECKPOINT_COMPONENT_ID; docs/state.md).
inline constexpr std::string_view kCheckpointStream = "$checkpoint";
inline constexpr std::string_view kCheckpointComponent = "$checkpointspout";

}  // namespace squall
