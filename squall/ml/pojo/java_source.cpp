#include "squall/ml/pojo/java_source.hpp"

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace squall::prediction::pojo {

namespace {

bool identifier_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool identifier_part(char c) { return identifier_start(c) || std::isdigit(static_cast<unsigned char>(c)); }

constexpr std::array<std::string_view, 14> kTwoCharSymbols = {"==", "!=", "<=", ">=", "&&", "||", "+=",
                                                              "-=", "*=", "/=", "++", "--", "<<", ">>"};
constexpr std::string_view kOneCharSymbols = "(){}[];,.?:=<>!+-*/&|@%^~";

}  // namespace

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  int line = 1, column = 1;
  std::size_t i = 0;
  auto advance = [&](std::size_t n) {
    for (std::size_t k = 0; k < n && i < s.size(); ++k, ++i) {
      if (s[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
  };
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      advance(1);
      continue;
    }
    Token t;
    t.line = line;
    t.column = column;
    if (s.substr(i, 2) == "//") {
      while (i < s.size() && s[i] != '\n') advance(1);
      continue;
    }
    if (s.substr(i, 2) == "/*") {
      std::size_t end = s.find("*/", i + 2);
      if (end == std::string_view::npos) throw SourceError(t.line, t.column, "a comment that never ends (/* without */)");
      advance(end + 2 - i);
      continue;
    }
    if (identifier_start(c)) {
      std::size_t j = i;
      while (j < s.size() && identifier_part(s[j])) ++j;
      t.kind = Token::Kind::identifier;
      t.text = std::string(s.substr(i, j - i));
      advance(j - i);
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      std::size_t j = i;
      while (j < s.size() && (identifier_part(s[j]) || s[j] == '.' ||
                              ((s[j] == '+' || s[j] == '-') && (s[j - 1] == 'e' || s[j - 1] == 'E'))))
        ++j;
      t.kind = Token::Kind::number;
      t.text = std::string(s.substr(i, j - i));
      advance(j - i);
    } else if (c == '"') {
      std::size_t j = i + 1;
      std::string text;
      for (; j < s.size() && s[j] != '"' && s[j] != '\n'; ++j) {
        if (s[j] != '\\' || j + 1 >= s.size()) {
          text += s[j];
          continue;
        }
        const char e = s[++j];
        text += e == 'n' ? '\n' : e == 't' ? '\t' : e;  // \" \\ and the rest stand for themselves
      }
      if (j >= s.size() || s[j] != '"') throw SourceError(t.line, t.column, "a string literal that never ends");
      t.kind = Token::Kind::string;
      t.text = std::move(text);
      advance(j + 1 - i);
    } else {
      std::string_view two = s.substr(i, 2);
      bool is_two = false;
      for (auto sym : kTwoCharSymbols) is_two |= two == sym;
      if (!is_two && kOneCharSymbols.find(c) == std::string_view::npos)
        throw SourceError(t.line, t.column, std::string("a character that is not Java here: '") + c + "'");
      t.kind = Token::Kind::symbol;
      t.text = std::string(s.substr(i, is_two ? 2 : 1));
      advance(t.text.size());
    }
    out.push_back(std::move(t));
  }
  out.push_back(Token{Token::Kind::end, "", line, column});
  return out;
}

const Token& TokenCursor::peek(std::size_t ahead) const {
  return tokens_[std::min(at_ + ahead, tokens_.size() - 1)];
}

const Token& TokenCursor::next() {
  const Token& t = peek();
  if (at_ + 1 < tokens_.size()) ++at_;
  return t;
}

bool TokenCursor::accept(std::string_view text) {
  const Token& t = peek();
  if (t.kind == Token::Kind::string || t.kind == Token::Kind::end || t.text != text) return false;
  next();
  return true;
}

void TokenCursor::fail(const std::string& message) const {
  const Token& t = peek();
  throw SourceError(t.line, t.column, message + (t.kind == Token::Kind::end ? " (the file ends here)" : ", found '" + t.text + "'"));
}

const Token& TokenCursor::expect(std::string_view text) {
  if (!accept(text)) fail("expected '" + std::string(text) + "'");
  return tokens_[at_ - 1];
}

std::string TokenCursor::qualified_name() {
  if (peek().kind != Token::Kind::identifier) fail("expected a name");
  std::string name = next().text;
  while (peek().text == "." && peek(1).kind == Token::Kind::identifier) {
    next();
    name += "." + next().text;
  }
  return name;
}

std::int64_t TokenCursor::integer_literal() {
  const Token& t = peek();
  if (t.kind != Token::Kind::number) fail("expected an integer");
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(t.text.c_str(), &end, 10);
  if (errno != 0 || (*end != '\0' && !((*end == 'L' || *end == 'l') && end[1] == '\0'))) fail("expected an integer");
  next();
  return v;
}

void TokenCursor::skip_balanced(std::string_view open, std::string_view close) {
  for (int depth = 1; depth > 0;) {
    if (at_end()) fail("expected '" + std::string(close) + "'");
    const Token& t = next();
    if (t.kind != Token::Kind::symbol) continue;
    if (t.text == open) ++depth;
    else if (t.text == close) --depth;
  }
}

TokenCursor::NestingGuard::NestingGuard(TokenCursor& in) : in(in) {
  if (++in.nesting_ > kMaxNesting) {
    --in.nesting_;
    in.fail("an expression nested deeper than " + std::to_string(kMaxNesting) + " levels");
  }
}

Expr TokenCursor::expression() { return conditional(); }

Expr TokenCursor::conditional() {
  NestingGuard guard(*this);
  Expr condition = binary(0);
  if (!accept("?")) return condition;
  Expr e;
  e.op = Expr::Op::conditional;
  e.line = condition.line;
  e.column = condition.column;
  Expr yes = expression();
  expect(":");
  Expr no = conditional();
  e.args = {std::move(condition), std::move(yes), std::move(no)};
  return e;
}

namespace {

struct BinaryOp {
  std::string_view symbol;
  Expr::Op op;
};
// Java's precedence, loosest first.
const std::vector<std::vector<BinaryOp>>& binary_levels() {
  using O = Expr::Op;
  static const std::vector<std::vector<BinaryOp>> levels = {
      {{"||", O::logical_or}},
      {{"&&", O::logical_and}},
      {{"==", O::equal}, {"!=", O::not_equal}},
      {{"<", O::less}, {"<=", O::less_equal}, {">", O::greater}, {">=", O::greater_equal}},
      {{"+", O::add}, {"-", O::subtract}},
      {{"*", O::multiply}, {"/", O::divide}},
  };
  return levels;
}

}  // namespace

Expr TokenCursor::binary(int level) {
  const auto& levels = binary_levels();
  if (level == static_cast<int>(levels.size())) return unary();
  Expr left = binary(level + 1);
  for (;;) {
    const Token& t = peek();
    const BinaryOp* found = nullptr;
    if (t.kind == Token::Kind::symbol)
      for (const auto& op : levels[static_cast<std::size_t>(level)])
        if (t.text == op.symbol) found = &op;
    if (!found) return left;
    next();
    Expr e;
    e.op = found->op;
    e.line = t.line;
    e.column = t.column;
    Expr right = binary(level + 1);
    e.args = {std::move(left), std::move(right)};
    left = std::move(e);
  }
}

Expr TokenCursor::unary() {
  NestingGuard guard(*this);
  const Token& t = peek();
  Expr e;
  e.line = t.line;
  e.column = t.column;
  if (accept("-") || accept("!")) {
    e.op = t.text == "-" ? Expr::Op::negate : Expr::Op::logical_not;
    e.args.push_back(unary());
    return e;
  }
  if (t.text == "(" && peek(2).text == ")" &&
      (peek(1).text == "int" || peek(1).text == "double" || peek(1).text == "float")) {
    if (peek(1).text == "float") fail("a (float) cast, which H2O's generated models do not write");
    next();
    e.op = next().text == "int" ? Expr::Op::cast_int : Expr::Op::cast_double;
    next();
    e.args.push_back(unary());
    return e;
  }
  return primary();
}

Expr TokenCursor::primary() {
  const Token& t = peek();
  Expr e;
  e.line = t.line;
  e.column = t.column;
  if (accept("(")) {
    Expr inner = expression();
    expect(")");
    return inner;
  }
  if (t.kind == Token::Kind::number) {
    std::string text = t.text;
    next();
    const char suffix = text.back();
    const bool is_float = suffix == 'f' || suffix == 'F';
    const bool is_long = suffix == 'L' || suffix == 'l';
    if (is_float || is_long || suffix == 'd' || suffix == 'D') text.pop_back();
    errno = 0;
    char* end = nullptr;
    e.op = Expr::Op::number;
    e.integer = !is_float && suffix != 'd' && suffix != 'D' && text.find_first_of(".eE") == std::string::npos;
    if (text.starts_with("0x") || text.starts_with("0X")) throw SourceError(t.line, t.column, "a hexadecimal literal");
    e.value = is_float ? static_cast<double>(std::strtof(text.c_str(), &end)) : std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0') throw SourceError(t.line, t.column, "a malformed number '" + t.text + "'");
    return e;
  }
  if (t.kind != Token::Kind::identifier) fail("expected a value");
  e.name = qualified_name();
  if (accept("(")) {
    e.op = Expr::Op::call;
    if (!accept(")")) {
      do e.args.push_back(expression());
      while (accept(","));
      expect(")");
    }
    return e;
  }
  if (accept("[")) {
    e.op = Expr::Op::element;
    const std::int64_t index = integer_literal();
    if (index < 0 || index > (1 << 24)) fail("an array index out of range");
    e.index = static_cast<int>(index);
    // H2O comments the feature's name inside the brackets: data[6 /* HoursSpentNapping */].
    expect("]");
    return e;
  }
  e.op = Expr::Op::name;
  return e;
}

}  // namespace squall::prediction::pojo
