// The shared dispatcher: one behaviour per test, on a small table.
#include <doctest/doctest.h>

#include "http/routes.h"
#include "http/serve.h"
#include "http/test_request.h"

using namespace guichet;

namespace {

struct Calls {
    std::string last;
};

Response list(const Request&, Calls& calls) { calls.last = "list"; return no_content(); }
Response create(const Request&, Calls& calls) { calls.last = "create"; return no_content(); }
Response remove(const Request&, Calls& calls) { calls.last = "remove"; return no_content(); }
Response document(const Request&, Calls& calls) { calls.last = "document"; return no_content(); }

const RouteTable<Calls> kTable = {
    {{{"GET"}, "/api/things", "", kNoBody}, list},
    {{{"POST"}, "/api/things", "application/json", 10}, create},
    {{{"DELETE"}, "/api/things", "", kNoBody}, remove},
    {{{"PUT"}, "/api/documents/{kind}", "", 100}, document},
};

// Through handle_safely, as the serve loop answers.
Response answer(const TestRequest& request, Calls& calls) {
    AccessRecord record;
    return handle_safely([&](const Request& r) { return dispatch(kTable, r, calls); }, request, &record);
}

}  // namespace

TEST_CASE("dispatch_calls_the_route_of_the_path_and_method") {
    Calls calls;
    CHECK(answer(TestRequest("DELETE", "/api/things"), calls).status == 204);
    CHECK(calls.last == "remove");
}

TEST_CASE("dispatch_answers_head_with_the_get_route") {
    Calls calls;
    CHECK(answer(TestRequest("HEAD", "/api/things"), calls).status == 204);
    CHECK(calls.last == "list");
}

TEST_CASE("dispatch_unknown_path_is_404_not_found") {
    Calls calls;
    Response response = answer(TestRequest("GET", "/api/thing"), calls);
    CHECK(response.status == 404);
    CHECK(response.body.find("\"error\":\"not_found\"") != std::string::npos);
    CHECK(calls.last.empty());
}

TEST_CASE("dispatch_other_method_is_405_with_every_method_of_the_path_in_allow") {
    Calls calls;
    Response response = answer(TestRequest("PATCH", "/api/things"), calls);
    CHECK(response.status == 405);
    CHECK(response.body.find("\"error\":\"method_not_allowed\"") != std::string::npos);
    CHECK(response.header_value("Allow") == "GET, HEAD, POST, DELETE");
    CHECK(calls.last.empty());
}

TEST_CASE("dispatch_body_over_the_route_limit_is_413_before_the_handler") {
    Calls calls;
    TestRequest request("POST", "/api/things", "{\"a\":12345}");
    request.set("CONTENT_TYPE", "application/json").set("CONTENT_LENGTH", "11");
    Response response = answer(request, calls);
    CHECK(response.status == 413);
    CHECK(response.body.find("\"error\":\"too_large\"") != std::string::npos);
    CHECK(calls.last.empty());
}

TEST_CASE("dispatch_body_at_the_route_limit_is_accepted") {
    Calls calls;
    TestRequest request("POST", "/api/things", "{\"a\":1234}");
    request.set("CONTENT_TYPE", "application/json").set("CONTENT_LENGTH", "10");
    CHECK(answer(request, calls).status == 204);
    CHECK(calls.last == "create");
}

TEST_CASE("dispatch_other_media_type_is_415_before_the_handler") {
    Calls calls;
    TestRequest request("POST", "/api/things", "{}");
    request.set("CONTENT_TYPE", "text/plain");
    Response response = answer(request, calls);
    CHECK(response.status == 415);
    CHECK(response.body.find("\"error\":\"unsupported_media_type\"") != std::string::npos);
    CHECK(calls.last.empty());
}

TEST_CASE("dispatch_missing_content_type_is_415") {
    Calls calls;
    CHECK(answer(TestRequest("POST", "/api/things", "{}"), calls).status == 415);
}

TEST_CASE("dispatch_media_type_ignores_case_and_parameters") {
    Calls calls;
    TestRequest request("POST", "/api/things", "{}");
    request.set("CONTENT_TYPE", "Application/JSON ; charset=utf-8");
    CHECK(answer(request, calls).status == 204);
    CHECK(calls.last == "create");
}

TEST_CASE("dispatch_route_without_a_body_ignores_content_length") {
    Calls calls;
    TestRequest request("DELETE", "/api/things", "0123456789abcdef");
    request.set("CONTENT_LENGTH", "16");
    CHECK(answer(request, calls).status == 204);
}

TEST_CASE("dispatch_pattern_matches_one_segment") {
    Calls calls;
    CHECK(answer(TestRequest("PUT", "/api/documents/passport"), calls).status == 204);
    CHECK(calls.last == "document");
}

TEST_CASE("dispatch_pattern_does_not_match_an_empty_or_deeper_segment") {
    Calls calls;
    CHECK(answer(TestRequest("PUT", "/api/documents/"), calls).status == 404);
    CHECK(answer(TestRequest("PUT", "/api/documents/a/b"), calls).status == 404);
    CHECK(calls.last.empty());
}

TEST_CASE("dispatch_pattern_path_with_other_method_is_405") {
    Calls calls;
    Response response = answer(TestRequest("GET", "/api/documents/passport"), calls);
    CHECK(response.status == 405);
    CHECK(response.header_value("Allow") == "PUT");
}

TEST_CASE("a_storage_failure_in_a_handler_is_answered_in_the_contract_shape") {
    AccessRecord record;
    auto failing = [](const Request&) -> Response {
        throw StoreError(StoreError::Kind::unavailable, "step: database is locked");
    };
    Response response = handle_safely(failing, TestRequest("GET", "/api/things"), &record);
    CHECK(response.status == 503);
    CHECK(response.header_value("Retry-After") == "5");
    CHECK(response.body.find("\"error\":\"unavailable\"") != std::string::npos);
    CHECK(record.error == "unavailable");
    CHECK(record.detail == "step: database is locked");
}
