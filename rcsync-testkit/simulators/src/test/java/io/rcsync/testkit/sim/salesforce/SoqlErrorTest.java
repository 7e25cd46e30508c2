package io.rcsync.testkit.sim.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Queries Salesforce rejects, and how: 400 with its error code and a message pointing at the problem. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SoqlErrorTest {
  private static final String M = "litify_pm__Matter__c";
  private static final String N = "litify_pm__lit_Note__c";

  private LitifyOrgFixture org;
  private SfClient api;

  @BeforeAll
  void start() {
    org = new LitifyOrgFixture();
    api = org.client();
  }

  @AfterAll
  void stop() {
    org.sim.close();
  }

  static Stream<Arguments> rejectedQueries() {
    return Stream.of(
        arguments("SELECT Id FROM", "MALFORMED_QUERY", "unexpected token: <EOF>"),
        arguments("SELECT FROM " + M, "MALFORMED_QUERY", "unexpected token: 'FROM'"),
        arguments("SELECT Id, FROM " + M, "MALFORMED_QUERY", "unexpected token: 'FROM'"),
        arguments("SELECT * FROM " + M, "MALFORMED_QUERY", "unexpected token: '*'"),
        arguments("SELECT Id Name FROM " + M, "MALFORMED_QUERY", "unexpected token: 'Name'"),
        arguments("SELECT Id FROM " + M + " WHERE", "MALFORMED_QUERY", "unexpected token: <EOF>"),
        arguments("SELECT Id FROM " + M + " WHERE Name = 'x' AND Name = 'y' OR Name = 'z'", "MALFORMED_QUERY",
            "unexpected token: 'OR'"),
        arguments("SELECT Id FROM " + M + " WHERE Name = 'x' OR Name = 'y' AND Name = 'z'", "MALFORMED_QUERY",
            "unexpected token: 'AND'"),
        arguments("SELECT Id FROM " + M + " WHERE Name = 'unterminated", "MALFORMED_QUERY", "expecting '''"),
        arguments("SELECT Id FROM " + M + " WHERE Name = 'bad \\q escape'", "MALFORMED_QUERY",
            "Illegal character sequence '\\q'"),
        arguments("SELECT Id FROM " + M + " WHERE Name = 'caf\\u00e'", "MALFORMED_QUERY",
            "Illegal character sequence '\\u' in string literal."),
        arguments("SELECT Id FROM " + M + " WHERE Name = 'x\\uzzzz'", "MALFORMED_QUERY",
            "Illegal character sequence '\\u' in string literal."),
        arguments("SELECT Id FROM " + M + " WHERE Name NOT LIKE 'a%'", "MALFORMED_QUERY",
            "unexpected token: 'LIKE'"),
        arguments("SELECT Id FROM " + M + " WHERE Name IN ()", "MALFORMED_QUERY", "unexpected token: ')'"),
        arguments("SELECT Id FROM " + M + " WHERE Name = :name", "MALFORMED_QUERY", "bind variable"),
        arguments("SELECT Id FROM " + M + " WHERE Name IS NULL", "MALFORMED_QUERY", "unexpected token: 'IS'"),
        arguments("SELECT Id FROM " + M + " WHERE CreatedDate > 2026-01-01T00:00:00", "MALFORMED_QUERY",
            "unexpected token: '2026-01-01T00:00:00'"),
        arguments("SELECT Id FROM " + M + " LIMIT -1", "MALFORMED_QUERY", "LIMIT must be a non-negative value"),
        arguments("SELECT Id FROM " + M + " LIMIT ten", "MALFORMED_QUERY", "unexpected token: 'ten'"),
        arguments("SELECT Id FROM " + M + " OFFSET 2001", "NUMBER_OUTSIDE_VALID_RANGE",
            "Maximum SOQL offset allowed is 2000"),
        arguments("SELECT Id FROM " + M + " ORDER BY", "MALFORMED_QUERY", "unexpected token: <EOF>"),
        arguments("SELECT Id FROM " + M + " ORDER BY Name LIMIT 5 WHERE Name = 'x'", "MALFORMED_QUERY",
            "unexpected token: 'WHERE'"),
        arguments("SELECT Id, Id FROM " + M, "MALFORMED_QUERY", "duplicate field selected: Id"),
        arguments("SELECT Name, COUNT(Id) FROM " + M, "MALFORMED_QUERY", "Field must be grouped or aggregated: Name"),
        arguments("SELECT Id, COUNT() FROM " + M, "MALFORMED_QUERY", "COUNT() must be the only element"),
        arguments("SELECT SUM(Name) FROM " + M, "MALFORMED_QUERY", "does not support aggregate operator SUM"),
        arguments("SELECT FIELDS(ALL) FROM " + M, "MALFORMED_QUERY", "must have a LIMIT of at most 200"),
        arguments("SELECT (SELECT Id FROM Notes__r) FROM " + M, "MALFORMED_QUERY", "not supported"),
        arguments("SELECT Id FROM " + M + " WHERE DAY_ONLY(CreatedDate) = TODAY", "MALFORMED_QUERY",
            "not supported"),
        arguments("SELECT Id FROM Foo__c", "INVALID_TYPE", "sObject type 'Foo__c' is not supported."),
        arguments("SELECT Id FROM Account", "INVALID_TYPE", "sObject type 'Account' is not supported."),
        arguments("SELECT Id, Foo__c FROM " + M, "INVALID_FIELD", "No such column 'Foo__c' on entity '" + M + "'"),
        arguments("SELECT Id FROM " + M + " WHERE Foo__c = 'x'", "INVALID_FIELD", "No such column 'Foo__c'"),
        arguments("SELECT Id FROM " + M + " ORDER BY Foo__c", "INVALID_FIELD", "No such column 'Foo__c'"),
        arguments("SELECT Owner.Foo FROM " + N, "INVALID_FIELD", "No such column 'Foo' on entity 'User'"),
        arguments("SELECT Foo__r.Name FROM " + N, "INVALID_FIELD", "Didn't understand relationship 'Foo__r'"),
        arguments("SELECT OwnerId.Name FROM " + N, "INVALID_FIELD", "Didn't understand relationship 'OwnerId'"),
        arguments("SELECT Id FROM " + N + " WHERE litify_pm__lit_Note__c LIKE '%hi%'", "INVALID_FIELD",
            "field 'litify_pm__lit_Note__c' can not be filtered in a query call"),
        arguments("SELECT Id FROM " + N + " ORDER BY litify_pm__lit_Note__c", "INVALID_FIELD",
            "field 'litify_pm__lit_Note__c' can not be sorted in a query call"),
        arguments("SELECT Id FROM " + M + " WHERE CreatedDate > '2026-01-01T00:00:00Z'",
            "INVALID_QUERY_FILTER_OPERATOR",
            "value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed "
                + "in quotes"),
        arguments("SELECT Id FROM " + M + " WHERE CreatedDate > 2026-01-01", "INVALID_QUERY_FILTER_OPERATOR",
            "must be of type dateTime"),
        arguments("SELECT Id FROM Invoice__c WHERE Due_Date__c > 2026-01-01T00:00:00Z",
            "INVALID_QUERY_FILTER_OPERATOR", "must be of type date and should not be enclosed in quotes"),
        arguments("SELECT Id FROM " + M + " WHERE Name = 5", "INVALID_QUERY_FILTER_OPERATOR",
            "must be of type string and should be enclosed in quotes"),
        arguments("SELECT Id FROM Invoice__c WHERE Paid__c = 'true'", "INVALID_QUERY_FILTER_OPERATOR",
            "must be of type boolean"),
        arguments("SELECT Id FROM Invoice__c WHERE Amount__c > '5'", "INVALID_QUERY_FILTER_OPERATOR",
            "must be of type double"),
        arguments("SELECT Id FROM " + M + " WHERE Id = 'abc'", "INVALID_QUERY_FILTER_OPERATOR",
            "invalid ID field: abc"),
        arguments("SELECT Id FROM " + N + " WHERE OwnerId IN ('005', 'x')", "INVALID_QUERY_FILTER_OPERATOR",
            "invalid ID field: 005"),
        arguments("SELECT Id FROM " + M + " WHERE Id LIKE 'a0L%'", "INVALID_QUERY_FILTER_OPERATOR",
            "invalid operator on id field"),
        arguments("SELECT Id FROM Invoice__c WHERE Amount__c LIKE '1%'", "INVALID_QUERY_FILTER_OPERATOR",
            "invalid operator on double field"),
        arguments("SELECT Id FROM " + M + " WHERE CreatedDate = LAST_N_DAYS", "MALFORMED_QUERY",
            "unexpected token: <EOF>"),
        arguments("SELECT Id FROM " + M + " WHERE CreatedDate = THIS_FISCAL_YEAR", "MALFORMED_QUERY",
            "not supported"),
        arguments("SELECT Id FROM " + M + " WHERE Name INCLUDES ('a')", "MALFORMED_QUERY", "not supported"),
        arguments("SELECT Id FROM " + M + " GROUP BY ROLLUP(Name)", "MALFORMED_QUERY", "not supported"),
        arguments("SELECT Id FROM " + M + " WITH SECURITY_ENFORCED", "MALFORMED_QUERY", "not supported"),
        arguments("SELECT Id FROM " + M + " FOR UPDATE", "MALFORMED_QUERY", "not supported"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedQueries")
  void rejectsQueriesAsSalesforceDoes(String soql, String errorCode, String messagePart) {
    SfClient.Response r = api.query(soql);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo(errorCode);
    assertThat(r.message()).contains(messagePart);
  }

  @Test
  void pointsAtTheUnknownFieldWithRowAndColumn() {
    SfClient.Response r = api.query("SELECT Id, Foo__c FROM " + M);

    assertThat(r.message()).isEqualTo("\nSELECT Id, Foo__c FROM " + M + "\n           ^\nERROR at Row:1:Column:12\n"
        + "No such column 'Foo__c' on entity '" + M + "'. If you are attempting to use a custom field, be sure to "
        + "append the '__c' after the custom field name. Please reference your WSDL or the describe call for the "
        + "appropriate names.");
  }

  @Test
  void countsRowsAndColumnsOnMultiLineQueries() {
    SfClient.Response r = api.query("SELECT Id\nFROM " + M + "\nWHERE Bogus__c = 1");

    assertThat(r.message()).startsWith("\nWHERE Bogus__c = 1\n      ^\nERROR at Row:3:Column:7\n");
  }

  @Test
  void missingQueryParameterIsMalformed() {
    SfClient.Response r = api.get(SfClient.V + "/query");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("MALFORMED_QUERY");
  }

  @Test
  void refusesStatementsLongerThanOneHundredThousandCharacters() {
    StringBuilder soql = new StringBuilder("SELECT Id FROM " + M + " WHERE Name IN ('x'");
    while (soql.length() < 100_001) {
      soql.append(", 'abcdefghij'");
    }
    soql.append(")");

    assertThatThrownBy(() -> org.sim.query(soql.toString()))
        .isInstanceOfSatisfying(SalesforceApiException.class, e -> {
          assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
          assertThat(e.getMessage()).contains("100000 characters");
        });
  }

  @Test
  void refusesWhereClauseStringsLongerThanFourThousandCharacters() {
    SfClient.Response r = api.query("SELECT Id FROM " + M + " WHERE Name = '" + "x".repeat(4001) + "'");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("cannot be longer than 4000 characters");
  }

  @Test
  void answers414WhenTheUriAloneIsTooLong() {
    StringBuilder soql = new StringBuilder("SELECT Id FROM " + M + " WHERE Name IN ('x'");
    while (soql.length() < 17_000) {
      soql.append(",'abcdefghij'");
    }
    SfClient.Response r = api.query(soql + ")");

    assertThat(r.status()).isEqualTo(414);
  }

  @Test
  void answers431WhenUriAndHeadersTogetherAreTooLong() {
    String soql = "SELECT Id FROM " + M + " WHERE Name = '" + "x".repeat(3000) + "'";
    String uri = SfClient.V + "/query?q=" + SfClient.encode(soql);

    SfClient.Response r = api.get(uri, "X-Padding", "p".repeat(16_384 - uri.length()));

    assertThat(r.status()).isEqualTo(431);
  }
}
