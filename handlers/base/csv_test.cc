// CSV cells are quoted and cannot become spreadsheet formulas.
#include <doctest/doctest.h>

#include "base/csv.h"

using namespace guichet;

TEST_CASE("csv_cell_defuses_a_formula_name") {
    CHECK(csv_cell("=cmd|' /C calc'!A0") == "\"'=cmd|' /C calc'!A0\"");
}

TEST_CASE("csv_cell_defuses_every_formula_start") {
    CHECK(csv_cell("+1") == "\"'+1\"");
    CHECK(csv_cell("-2+3") == "\"'-2+3\"");
    CHECK(csv_cell("@SUM(A1)") == "\"'@SUM(A1)\"");
    CHECK(csv_cell("\t=1") == "\"'\t=1\"");
    CHECK(csv_cell("\r=1") == "\"'\r=1\"");
}

TEST_CASE("csv_cell_doubles_quotes_and_keeps_newlines_inside_quotes") {
    CHECK(csv_cell("O\"Brien") == "\"O\"\"Brien\"");
    CHECK(csv_cell("line1\nline2,x") == "\"line1\nline2,x\"");
    CHECK(csv_cell("") == "\"\"");
    CHECK(csv_cell("Zoë Tremblay") == "\"Zoë Tremblay\"");
}

TEST_CASE("csv_row_ends_with_crlf") {
    CHECK(csv_row({"1", "a,b"}) == "\"1\",\"a,b\"\r\n");
}
