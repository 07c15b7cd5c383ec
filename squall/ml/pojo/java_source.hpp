#pragma once
// The Java that H2O writes into a POJO, as tokens and expressions: a lexer and an expression
// parser for the subset a generated model uses (literals, data[i] and preds[i], arithmetic,
// comparisons, &&, ||, !, ?:, casts, qualified calls). Not a Java compiler: anything else is
// refused with its line and column. Internal to the POJO importer.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace squall::prediction::pojo {

/// Source the importer refuses, at a 1-based line and column of the file.
class SourceError : public std::runtime_error {
 public:
  SourceError(int line, int column, const std::string& message)
      : std::runtime_error(message), line(line), column(column) {}
  int line, column;
};

struct Token {
  enum class Kind { identifier, number, string, symbol, end };
  Kind kind = Kind::end;
  std::string text;  ///< a string literal's text unquoted, with \" \\ \n \t decoded
  int line = 0, column = 0;
};

/// Tokens of `source`, comments dropped, ending with one Kind::end. Throws SourceError on an
/// unterminated comment or string, or a character Java source cannot hold outside them.
std::vector<Token> tokenize(std::string_view source);

/// An expression node. Numbers are Java's: a float literal (suffix f) is the float's value widened
/// to double, as Java compares a double with a float literal.
struct Expr {
  enum class Op {
    number,   ///< value
    element,  ///< name[index], e.g. data[3] or preds[1]
    name,     ///< a constant or variable: name
    call,     ///< name(args...), name qualified (GenModel.bitSetContains)
    negate, logical_not, cast_int, cast_double,  // one operand
    add, subtract, multiply, divide,              // two operands
    less, less_equal, greater, greater_equal, equal, not_equal, logical_and, logical_or,
    conditional,  ///< args[0] ? args[1] : args[2]
  };
  Op op = Op::number;
  double value = 0;
  bool integer = false;  ///< a number written without point, exponent or f/d suffix
  int index = 0;
  std::string name;
  std::vector<Expr> args;
  int line = 0, column = 0;
};

/// Throws SourceError "what" at the position of `at`.
[[noreturn]] inline void refuse(const Token& at, const std::string& what) { throw SourceError(at.line, at.column, what); }
[[noreturn]] inline void refuse(const Expr& at, const std::string& what) { throw SourceError(at.line, at.column, what); }

/// A cursor over tokens, with the expression grammar. Every expect/parse failure throws
/// SourceError at the offending token.
class TokenCursor {
 public:
  explicit TokenCursor(const std::vector<Token>& tokens, std::size_t at = 0) : tokens_(tokens), at_(at) {}

  const Token& peek(std::size_t ahead = 0) const;
  const Token& next();
  bool at_end() const { return peek().kind == Token::Kind::end; }
  /// True (and consumed) when the next token is the symbol or identifier `text`.
  bool accept(std::string_view text);
  /// Consumes `text` or throws "expected <text>".
  const Token& expect(std::string_view text);
  /// Consumes an identifier, or a dotted name (java.util.Arrays.fill) as one string.
  std::string qualified_name();
  std::int64_t integer_literal();
  /// Skips to just after the `close` that balances an `open` already consumed.
  void skip_balanced(std::string_view open, std::string_view close);
  std::size_t position() const { return at_; }
  [[noreturn]] void fail(const std::string& message) const;

  /// An expression (Java's precedence: ?:, ||, &&, equality, relational, additive,
  /// multiplicative, unary, casts, primaries). Throws SourceError at anything else, or at
  /// nesting deeper than kMaxNesting.
  Expr expression();

 private:
  Expr conditional();
  Expr binary(int level);
  Expr unary();
  Expr primary();
  /// Counts the expression parser's recursion: nesting beyond kMaxNesting is refused, so that a
  /// hostile file cannot exhaust the stack.
  struct NestingGuard {
    explicit NestingGuard(TokenCursor& in);
    ~NestingGuard() { --in.nesting_; }
    TokenCursor& in;
  };
  static constexpr int kMaxNesting = 600;  // H2O splits a tree into classes past depth 70 (TreeJCodeGen)

  const std::vector<Token>& tokens_;
  std::size_t at_;
  int nesting_ = 0;
};

}  // namespace squall::prediction::pojo
