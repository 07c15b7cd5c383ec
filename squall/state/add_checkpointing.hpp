#pragma once
// Wires checkpointing into a topology that holds a StatefulBolt, as Storm's TopologyBuilder does
// for IStatefulBolt: adds the checkpoint spout ($checkpointspout), has every bolt take $checkpoint
// from each of its inputs (all grouping; from the checkpoint spout for a spout input) and send it
// on, and wraps every bolt in a CheckpointingBolt (docs/state.md).

#include "squall/api/topology.hpp"

namespace squall::state {

/// True when a component of `topology` is a StatefulBolt.
bool has_stateful_bolts(const Topology& topology) noexcept;

/// `topology` with checkpointing, or unchanged when it has no stateful bolt. Throws TopologyError
/// when a component already uses the checkpoint spout's id.
Topology add_checkpointing(Topology topology);

}  // namespace squall::state
