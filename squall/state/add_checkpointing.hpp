#pragma once
// Wires checkpointing into a topology that holds a StatefulBolt, as Storm's TopologyBuilder does
// for IStatefulBolt: adds the checkpoint spout ($checkpointspout), has every bolt take $checkpoint
// from each of its inputs (all grouping) and send it on, and wraps every bolt in a
// CheckpointingBolt (docs/state.md). When every spout is a ReplayableSpout the state is
// exactly-once: the spouts take $checkpoint from the checkpoint spout and send it on in line with
// their tuples; otherwise (Storm's at-least-once) bolts fed by spouts take it from the checkpoint
// spout directly.

#include <string>

#include "squall/api/topology.hpp"

namespace squall::state {

/// True when a component of `topology` is a StatefulBolt.
bool has_stateful_bolts(const Topology& topology) noexcept;

/// True when `topology` has stateful bolts and every spout (but the checkpoint spout) is a
/// ReplayableSpout.
bool has_exactly_once_state(const Topology& topology) noexcept;

/// What a user should know of the topology's state at submit: "" without stateful bolts, else
/// "state is exactly-once: ..." or "state is at-least-once: spouts ... cannot rewind ...".
std::string state_guarantee(const Topology& topology);

/// `topology` with checkpointing, or unchanged when it has no stateful bolt. Throws TopologyError
/// when a component already uses the checkpoint spout's id.
Topology add_checkpointing(Topology topology);

}  // namespace squall::state
