package io.rcsync.testkit.sim.salesforce;

/**
 * A SOQL query Salesforce would reject, with its error code and a message in Salesforce's shape: the offending line,
 * a caret under the problem, {@code ERROR at Row:r:Column:c} and the reason.
 *
 * <pre>
 * SELECT Id, Foo__c FROM Account
 *            ^
 * ERROR at Row:1:Column:12
 * No such column 'Foo__c' on entity 'Account'. ...
 * </pre>
 */
final class SoqlException extends SalesforceApiException {
  private static final long serialVersionUID = 1L;

  SoqlException(String errorCode, String message) {
    super(400, errorCode, message);
  }

  static SoqlException at(String errorCode, String soql, SoqlAst.Pos pos, String reason) {
    return new SoqlException(errorCode, locate(soql, pos) + reason);
  }

  /** The "\n<line>\n   ^\nERROR at Row:r:Column:c\n" prefix Salesforce puts before a query error. */
  static String locate(String soql, SoqlAst.Pos pos) {
    if (pos == null) {
      return "";
    }
    String[] lines = soql.split("\n", -1);
    String line = pos.line() - 1 < lines.length ? lines[pos.line() - 1] : "";
    int col = pos.column() - 1;
    int from = 0;
    if (line.length() > 120) {
      from = Math.max(0, col - 60);
      line = line.substring(from, Math.min(line.length(), col + 60));
    }
    return "\n" + line + "\n" + " ".repeat(Math.max(0, col - from)) + "^\nERROR at Row:" + pos.line() + ":Column:"
        + pos.column() + "\n";
  }
}
