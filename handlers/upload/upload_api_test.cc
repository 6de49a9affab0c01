// A kind in the path is only ever looked up in the program's list.
#include <doctest/doctest.h>

#include "upload/upload_api.h"

using namespace guichet;

TEST_CASE("document_for_path_matches_only_exact_kinds_of_the_program") {
    Program program = load_program("db/program.json");
    REQUIRE(upload::document_for_path(program, "/api/documents/passport") != nullptr);
    CHECK(upload::document_for_path(program, "/api/documents/passport")->kind == "passport");
    for (const char* path : {"/api/documents/", "/api/documents/../passport", "/api/documents/passport/",
                             "/api/documents/Passport", "/api/documents/passport\n", "/api/documentspassport",
                             "/api/documents/%70assport", "/api/documents/../../etc/passwd", "/passport", ""}) {
        CAPTURE(path);
        CHECK(upload::document_for_path(program, path) == nullptr);
    }
}
