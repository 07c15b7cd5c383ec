#pragma once
// The error a MOJO or POJO scorer raises where H2O's Java runtime raises.

#include <stdexcept>

namespace squall::prediction::mojo {

/// Raised where H2O's Java runtime raises, its message starting with the Java exception's name:
/// a row too short for a feature the model reads (java.lang.ArrayIndexOutOfBoundsException), a
/// categorical value out of range (GLM), a short output array, an offset a model cannot take.
class ScoringError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace squall::prediction::mojo
