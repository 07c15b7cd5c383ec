#pragma once
// The classes of a generated POJO file, by name: where each field's initializer and each method's
// body begin among the tokens, and what a class extends. Internal to the POJO importer.

#include <map>
#include <string>
#include <vector>

#include "squall/ml/pojo/java_source.hpp"

namespace squall::prediction::pojo {

struct JavaClass {
  std::string name;
  std::string extends;  ///< as written, possibly qualified; empty when none
  std::string outer;    ///< the enclosing class for a nested one
  int line = 0, column = 0;
  /// Token index of each field's initializer (after '='), and of each method's body (after '{').
  /// A field without initializer is absent; overloaded methods keep the first.
  std::map<std::string, std::size_t> fields, methods;
  /// Each method's parameter names, in order.
  std::map<std::string, std::vector<std::string>> parameters;
};

/// Scans the top-level and nested classes of `tokens` (package, imports, annotations and modifiers
/// skipped). Throws SourceError where the file is not a sequence of classes H2O could have written.
std::map<std::string, JavaClass> scan_classes(const std::vector<Token>& tokens);

}  // namespace squall::prediction::pojo
