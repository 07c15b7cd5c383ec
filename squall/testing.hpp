#pragma once
// squall's testing kit (Storm's org.apache.storm.Testing): run a topology on fixed inputs until
// it completes and read what each component emitted; feed a running topology; capture a stream.
// Link squall::testing.

#include "squall/testing/captured_tuples.hpp"
#include "squall/testing/capturing_bolt.hpp"
#include "squall/testing/complete_topology.hpp"
#include "squall/testing/feeder_spout.hpp"
