package io.rcsync.testkit.sim.salesforce;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits SOQL text into tokens: identifiers/keywords, quoted strings (escapes validated), numbers, date and
 * date-time literals, operators and punctuation. Unknown characters become {@link Kind#OTHER} tokens so the parser
 * reports them as Salesforce does ({@code unexpected token: '*'}).
 *
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm">Quoted String Escape Sequences</a>
 * @see <a href="https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm">Date Formats and Date Literals</a>
 */
final class SoqlLexer {
  enum Kind {
    IDENT,
    STRING,
    NUMBER,
    DATE,
    DATETIME,
    OPERATOR,
    COMMA,
    DOT,
    LPAREN,
    RPAREN,
    COLON,
    OTHER,
    EOF
  }

  record Token(Kind kind, String text, SoqlAst.Pos pos, Object value) {
    boolean is(String keyword) {
      return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }

    /** How Salesforce names a token in "unexpected token" messages. */
    String describe() {
      return kind == Kind.EOF ? "<EOF>" : "'" + text + "'";
    }
  }

  /**
   * Escapes valid inside a quoted string; \% and \_ only matter to LIKE; {@code \\uXXXX} (four hex digits) is a
   * Unicode character, e.g. {@code \\u00e9} for é
   * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm).
   */
  private static final String VALID_ESCAPES = "nNrRtTbBfF\"'\\%_u";
  private static final Pattern UNICODE_ESCAPE = Pattern.compile("[0-9A-Fa-f]{4}");

  private static final Pattern DATETIME = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?![0-9A-Za-z_:])");
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

  private final String soql;
  private int pos;
  private int line = 1;
  private int lineStart;

  private SoqlLexer(String soql) {
    this.soql = soql;
  }

  static List<Token> tokenize(String soql) {
    return new SoqlLexer(soql).run();
  }

  private List<Token> run() {
    List<Token> out = new ArrayList<>();
    while (true) {
      skipWhitespace();
      if (pos >= soql.length()) {
        out.add(new Token(Kind.EOF, "", here(), null));
        return out;
      }
      out.add(next());
    }
  }

  private Token next() {
    SoqlAst.Pos start = here();
    char c = soql.charAt(pos);
    if (Character.isLetter(c) || c == '_') {
      int end = pos;
      while (end < soql.length() && (Character.isLetterOrDigit(soql.charAt(end)) || soql.charAt(end) == '_')) {
        end++;
      }
      return token(Kind.IDENT, end, start, null);
    }
    if (c == '\'') {
      return string(start);
    }
    if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && pos + 1 < soql.length()
        && Character.isDigit(soql.charAt(pos + 1)))) {
      Matcher dt = DATETIME.matcher(soql).region(pos, soql.length());
      if (dt.lookingAt()) {
        String text = dt.group();
        Instant value = ValueCodec.parseDateTime(text);
        if (value == null) {
          throw SoqlException.at("MALFORMED_QUERY", soql, start, "line " + start.line() + ":" + (start.column() - 1)
              + " no viable alternative at character '" + text + "': invalid date/time");
        }
        return token(Kind.DATETIME, dt.end(), start, value);
      }
      Matcher d = DATE.matcher(soql).region(pos, soql.length());
      if (d.lookingAt()) {
        try {
          return token(Kind.DATE, d.end(), start, LocalDate.parse(d.group()));
        } catch (DateTimeException e) {
          throw SoqlException.at("MALFORMED_QUERY", soql, start, "invalid date: " + d.group());
        }
      }
      Matcher n = NUMBER.matcher(soql).region(pos, soql.length());
      if (n.lookingAt()) {
        int end = n.end();
        if (end < soql.length() && (Character.isLetter(soql.charAt(end)) || soql.charAt(end) == '-'
            || soql.charAt(end) == ':')) {
          // e.g. 2026-01-01T10:00:00 without a zone, or 12abc
          int bad = end;
          while (bad < soql.length() && !Character.isWhitespace(soql.charAt(bad)) && soql.charAt(bad) != ')'
              && soql.charAt(bad) != ',') {
            bad++;
          }
          throw SoqlException.at("MALFORMED_QUERY", soql, start,
              "unexpected token: '" + soql.substring(pos, bad) + "'");
        }
        return token(Kind.NUMBER, end, start, new BigDecimal(n.group().replace("+", "")));
      }
    }
    switch (c) {
      case ',':
        return token(Kind.COMMA, pos + 1, start, null);
      case '.':
        return token(Kind.DOT, pos + 1, start, null);
      case '(':
        return token(Kind.LPAREN, pos + 1, start, null);
      case ')':
        return token(Kind.RPAREN, pos + 1, start, null);
      case ':':
        return token(Kind.COLON, pos + 1, start, null);
      case '=':
        return token(Kind.OPERATOR, pos + 1, start, null);
      case '!':
        if (peek(1) == '=') {
          return token(Kind.OPERATOR, pos + 2, start, null);
        }
        break;
      case '<':
        if (peek(1) == '=' || peek(1) == '>') {
          return token(Kind.OPERATOR, pos + 2, start, null);
        }
        return token(Kind.OPERATOR, pos + 1, start, null);
      case '>':
        if (peek(1) == '=') {
          return token(Kind.OPERATOR, pos + 2, start, null);
        }
        return token(Kind.OPERATOR, pos + 1, start, null);
      default:
        break;
    }
    return token(Kind.OTHER, pos + Character.charCount(soql.codePointAt(pos)), start, null);
  }

  private Token string(SoqlAst.Pos start) {
    int i = pos + 1;
    while (i < soql.length()) {
      char c = soql.charAt(i);
      if (c == '\\') {
        if (i + 1 >= soql.length()) {
          break;
        }
        char e = soql.charAt(i + 1);
        boolean badUnicode = e == 'u'
            && (i + 6 > soql.length() || !UNICODE_ESCAPE.matcher(soql.substring(i + 2, i + 6)).matches());
        if (VALID_ESCAPES.indexOf(e) < 0 || badUnicode) {
          throw SoqlException.at("MALFORMED_QUERY", soql, start, "Invalid string literal '"
              + soql.substring(pos + 1, Math.min(soql.length(), i + 2)) + "'. Illegal character sequence '\\" + e
              + "' in string literal.");
        }
        i += e == 'u' ? 6 : 2;
        continue;
      }
      if (c == '\'') {
        String raw = soql.substring(pos + 1, i);
        Token t = new Token(Kind.STRING, soql.substring(pos, i + 1), start, raw);
        advanceTo(i + 1);
        return t;
      }
      i++;
    }
    throw SoqlException.at("MALFORMED_QUERY", soql, start, "line " + start.line() + ":" + (start.column() - 1)
        + " mismatched character '<EOF>' expecting '''");
  }

  /** The value of a string literal outside LIKE: escapes decoded, \% and \_ kept as written. */
  static String decode(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '\\' || i + 1 >= raw.length()) {
        out.append(c);
        continue;
      }
      char e = raw.charAt(++i);
      switch (e) {
        case 'n', 'N' -> out.append('\n');
        case 'r', 'R' -> out.append('\r');
        case 't', 'T' -> out.append('\t');
        case 'b', 'B' -> out.append('\b');
        case 'f', 'F' -> out.append('\f');
        case '%', '_' -> out.append('\\').append(e);
        case 'u' -> {
          out.append(unicodeEscape(raw, i));
          i += 4;
        }
        default -> out.append(e);
      }
    }
    return out.toString();
  }

  /** The character of the {@code \\uXXXX} escape whose {@code u} is at {@code at} (the lexer checked the digits). */
  static char unicodeEscape(String raw, int at) {
    return (char) Integer.parseInt(raw.substring(at + 1, at + 5), 16);
  }

  private Token token(Kind kind, int end, SoqlAst.Pos start, Object value) {
    Token t = new Token(kind, soql.substring(pos, end), start, value);
    advanceTo(end);
    return t;
  }

  private void advanceTo(int end) {
    for (int i = pos; i < end; i++) {
      if (soql.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    pos = end;
  }

  private char peek(int ahead) {
    return pos + ahead < soql.length() ? soql.charAt(pos + ahead) : '\0';
  }

  private void skipWhitespace() {
    int end = pos;
    while (end < soql.length() && Character.isWhitespace(soql.charAt(end))) {
      end++;
    }
    advanceTo(end);
  }

  private SoqlAst.Pos here() {
    return new SoqlAst.Pos(pos, line, pos - lineStart + 1);
  }
}
