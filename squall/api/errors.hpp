#pragma once
// Exceptions thrown by squall's public API. Every error names the thing that is wrong.

#include <stdexcept>
#include <string>

namespace squall {

/// Base class of every error squall throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A tuple or Fields lookup named a field that the stream does not declare.
/// The message lists the declared fields.
class UnknownFieldError : public Error {
 public:
  using Error::Error;
};

/// A typed getter (Tuple::get_int, Value::as_string, ...) met a value of another type.
/// The message names the field (when known), the expected and the actual type.
class TypeMismatchError : public Error {
 public:
  using Error::Error;
};

/// A topology or its config is invalid (unknown component, bad grouping, parallelism < 1, ...).
class TopologyError : public Error {
 public:
  using Error::Error;
};

/// A wire frame could not be decoded (malformed, truncated or of an unknown version).
class DecodeError : public Error {
 public:
  using Error::Error;
};

/// A state provider could not read or write (RocksDB's or Redis's error, or a corrupt entry).
class StateError : public Error {
 public:
  using Error::Error;
};

/// Thrown by a bolt's execute() to fail its input tuple without reporting an error: the spout
/// replays the tuple. Storm's FailedException. Any other exception thrown by execute() also fails
/// the input, and is reported with the component and task.
class FailedException : public Error {
 public:
  explicit FailedException(const std::string& why = "failed by bolt") : Error(why) {}
};

}  // namespace squall
