// Unit tests for the small pieces of the common library: errors, requests,
// responses, JSON input, encodings and time.
#include <doctest/doctest.h>

#include "base/api_error.h"
#include "base/clock.h"
#include "http/csrf.h"
#include "base/encoding.h"
#include "http/input.h"
#include "base/json.h"
#include "http/response.h"
#include "http/test_request.h"

using namespace guichet;

TEST_CASE("error_shape_has_code_message_and_fields_in_the_request_language") {
    ApiError error(Err::invalid, {{"email", "missing"}});
    Response fr = error_response(error, Lang::fr);
    Response en = error_response(error, Lang::en);
    CHECK(fr.status == 422);
    CHECK(fr.body == "{\"error\":\"invalid\",\"fields\":{\"email\":\"missing\"},\"message\":\"Certaines valeurs sont "
                     "invalides.\"}\n");
    CHECK(en.body.find("Some values are invalid.") != std::string::npos);
    CHECK(fr.header_value("Content-Type") == "application/json; charset=utf-8");
}

TEST_CASE("unavailable_and_rate_limited_errors_carry_retry_after") {
    CHECK(error_response(ApiError(Err::unavailable), Lang::fr).header_value("Retry-After") == "5");
    CHECK(error_response(ApiError(Err::rate_limited).with_retry_after(30), Lang::fr).header_value("Retry-After") == "30");
    CHECK(error_response(ApiError(Err::invalid), Lang::fr).header_value("Retry-After").empty());
}

TEST_CASE("every_contract_error_code_is_in_the_catalogue_with_its_status") {
    CHECK(err_status(Err::not_compliant) == 422);
    CHECK(err_status(Err::too_early) == 425);
    CHECK(err_status(Err::window_paused) == 409);
    CHECK(err_status(Err::window_closed) == 409);
    CHECK(err_status(Err::dossier_locked) == 409);
    CHECK(err_status(Err::bad_credentials) == 401);
    CHECK(err_status(Err::unavailable) == 503);
    CHECK(std::string(err_code(Err::window_paused)) == "window_paused");
    Err found = Err::internal;
    CHECK(err_from_code("too_early", &found));
    CHECK(found == Err::too_early);
    CHECK_FALSE(err_from_code("no_such_code", &found));
}

TEST_CASE("storage_failures_map_once_to_the_contract") {
    using Kind = StoreError::Kind;
    ApiError busy = api_error_of(StoreError(Kind::unavailable, "step: database is locked"));
    CHECK(busy.err() == Err::unavailable);
    CHECK(busy.detail() == "step: database is locked");
    CHECK(error_response(busy, Lang::en).header_value("Retry-After") == "5");
    CHECK(api_error_of(StoreError(Kind::constraint, "UNIQUE")).status() == 409);
    CHECK(api_error_of(StoreError(Kind::too_big, "string or blob too big")).err() == Err::too_large);
    CHECK(api_error_of(StoreError(Kind::bug, "no such table")).status() == 500);
}

TEST_CASE("every_catalogue_entry_has_a_4xx_or_503_status_and_both_messages") {
    // The contract: a 5xx other than 503 is a bug, so only `internal` may be 500.
    for (int i = 0; i < kErrCount; ++i) {
        Err err = static_cast<Err>(i);
        int status = err_status(err);
        CAPTURE(err_code(err));
        CHECK(((status >= 400 && status < 500) || status == 503 || err == Err::internal));
        CHECK(std::string(err_message(err, Lang::fr)).size() > 5);
        CHECK(std::string(err_message(err, Lang::en)).size() > 5);
        CHECK(std::string(err_message(err, Lang::fr)) != err_message(err, Lang::en));
    }
}

TEST_CASE("cookie_value_finds_a_cookie_among_several_and_ignores_lookalikes") {
    CHECK(cookie_value("a=1; guichet_session=abc; lang=en", "guichet_session") == "abc");
    CHECK(cookie_value("xguichet_session=abc", "guichet_session").empty());
    CHECK(cookie_value("lang=\"en\"", "lang") == "en");
    CHECK(cookie_value(";;;=;", "lang").empty());
    CHECK(cookie_value("", "lang").empty());
}

TEST_CASE("language_is_cookie_then_accept_language_then_french") {
    CHECK(choose_lang("en", "fr-CA") == Lang::en);
    CHECK(choose_lang("", "en-GB,en;q=0.9") == Lang::en);
    CHECK(choose_lang("", "de-DE, en;q=0.5") == Lang::en);
    CHECK(choose_lang("", "es") == Lang::fr);
    CHECK(choose_lang("xx", "") == Lang::fr);
}

TEST_CASE("request_header_maps_to_the_cgi_parameter") {
    TestRequest request("GET", "/api/window");
    request.set("HTTP_SEC_FETCH_SITE", "same-origin");
    CHECK(request.header("Sec-Fetch-Site") == "same-origin");
    CHECK(request.path() == "/api/window");
}

TEST_CASE("state_changing_request_from_another_origin_is_refused") {
    TestRequest forged("POST", "/api/claim");
    forged.set("HTTP_ORIGIN", "https://evil.example").set("HTTP_HOST", "guichet.example");
    CHECK_THROWS_AS(require_same_origin(forged, "https://guichet.example"), ApiError);
    TestRequest cross("POST", "/api/claim");
    cross.set("HTTP_SEC_FETCH_SITE", "cross-site");
    CHECK_THROWS_AS(require_same_origin(cross, ""), ApiError);
    TestRequest bare("DELETE", "/api/session");
    CHECK_THROWS_AS(require_same_origin(bare, "https://guichet.example"), ApiError);
}

TEST_CASE("state_changing_request_from_the_site_is_accepted") {
    TestRequest ok("POST", "/api/claim");
    ok.set("HTTP_ORIGIN", "https://guichet.example");
    CHECK_NOTHROW(require_same_origin(ok, "https://guichet.example"));
    TestRequest by_host("PUT", "/api/dossier");
    by_host.set("HTTP_ORIGIN", "http://127.0.0.1:8080").set("HTTP_HOST", "127.0.0.1:8080");
    CHECK_NOTHROW(require_same_origin(by_host, ""));
    TestRequest fetch("POST", "/api/claim");
    fetch.set("HTTP_SEC_FETCH_SITE", "same-origin");
    CHECK_NOTHROW(require_same_origin(fetch, "https://guichet.example"));
    CHECK_NOTHROW(require_same_origin(TestRequest("GET", "/api/claim"), "https://guichet.example"));
}

TEST_CASE("json_parse_object_rejects_what_is_not_a_plain_object") {
    CHECK_THROWS_AS(json_parse_object(""), ApiError);
    CHECK_THROWS_AS(json_parse_object("[1,2]"), ApiError);
    CHECK_THROWS_AS(json_parse_object("{\"a\":1,\"a\":2}"), ApiError);
    CHECK_THROWS_AS(json_parse_object("{\"a\":1} trailing"), ApiError);
    CHECK_THROWS_AS(json_parse_object(std::string("{\"a\":\"x\\u0000y\"}")), ApiError);
    std::string deep = "{\"a\":" + std::string(50, '[') + std::string(50, ']') + "}";
    CHECK_THROWS_AS(json_parse_object(deep), ApiError);
    CHECK(json_parse_object("{\"a\":[[1]]}") != nullptr);
}

TEST_CASE("json_parse_error_detail_never_quotes_the_input") {
    try {
        json_parse_object("{\"password\": hunter2secret}");
        FAIL("expected an error");
    } catch (const ApiError& error) {
        CHECK(std::string(error.what()).find("hunter2") == std::string::npos);
    }
}

TEST_CASE("parse_input_reports_each_bad_field_with_a_code") {
    std::vector<FieldSpec> specs = {{"email", FieldType::email, true, 0, 254},
                                    {"name", FieldType::text, true, 1, 10},
                                    {"age", FieldType::integer, false, 0, 150},
                                    {"lang", FieldType::lang, true}};
    try {
        parse_input("{\"email\":\"nope\",\"name\":\"far too long a name\",\"age\":-1,\"x\":1}", specs);
        FAIL("expected an error");
    } catch (const ApiError& error) {
        CHECK(error.code() == "invalid");
        CHECK(error.fields().at("email") == "invalid");
        CHECK(error.fields().at("name") == "too_long");
        CHECK(error.fields().at("age") == "out_of_range");
        CHECK(error.fields().at("lang") == "missing");
        CHECK(error.fields().at("x") == "unknown_field");
    }
}

TEST_CASE("parse_input_normalises_valid_values") {
    std::vector<FieldSpec> specs = {{"email", FieldType::email, true, 0, 254}, {"name", FieldType::text, true, 1, 50}};
    Input input = parse_input("{\"email\":\"  Marie@Example.ORG \",\"name\":\" Marie Tremblay \"}", specs);
    CHECK(input.text("email") == "marie@example.org");
    CHECK(input.text("name") == "Marie Tremblay");
}

TEST_CASE("reading_an_undeclared_or_mistyped_input_field_fails_loudly") {
    std::vector<FieldSpec> specs = {{"email", FieldType::email, false, 0, 254},
                                    {"n", FieldType::integer, false, 0, 9},
                                    {"at", FieldType::time, false}};
    Input input = parse_input("{\"n\":3,\"at\":\"2026-02-16T13:30:00.000Z\"}", specs);
    CHECK(input.text("email").empty());  // declared, absent: empty
    CHECK(input.integer("n") == 3);
    CHECK(input.time_ms("at") == 1771248600000);
    CHECK(input.text("at") == "2026-02-16T13:30:00.000Z");
    CHECK_THROWS_AS(input.text("emial"), std::logic_error);
    CHECK_THROWS_AS(input.integer("email"), std::logic_error);
    CHECK_THROWS_AS(input.boolean("n"), std::logic_error);
    CHECK_THROWS_AS(input.time_ms("n"), std::logic_error);
}

TEST_CASE("parse_input_rejects_wrong_types_and_control_characters") {
    std::vector<FieldSpec> specs = {{"name", FieldType::text, true, 1, 50}, {"n", FieldType::integer, true, 0, 9}};
    try {
        parse_input("{\"name\":\"a\\u0007b\",\"n\":\"3\"}", specs);
        FAIL("expected an error");
    } catch (const ApiError& error) {
        CHECK(error.fields().at("name") == "invalid");
        CHECK(error.fields().at("n") == "wrong_type");
    }
}

TEST_CASE("valid_text_accepts_utf8_and_rejects_malformed_or_control") {
    CHECK(valid_text("Émilie Côté-Nguyễn 李"));
    CHECK_FALSE(valid_text(std::string("a\0b", 3)));
    CHECK_FALSE(valid_text("\xc3"));              // truncated sequence
    CHECK_FALSE(valid_text("\xc0\xaf"));          // overlong '/'
    CHECK_FALSE(valid_text("\xed\xa0\x80"));      // surrogate
    CHECK_FALSE(valid_text("\xf4\x90\x80\x80"));  // past U+10FFFF
    CHECK_FALSE(valid_text("line\nbreak"));
    CHECK(valid_text("line\nbreak", true));
    CHECK(utf8_length("Émilie") == 6);
}

TEST_CASE("encodings_round_trip") {
    std::string bytes("\x00\xff\x10 abc", 7);
    CHECK(hex_decode(hex_encode(bytes)) == bytes);
    CHECK(base64_decode(base64_encode(bytes)) == bytes);
    CHECK(base64url_decode(base64url_encode(bytes)) == bytes);
    CHECK(base32_decode(base32_encode("12345678901234567890")) == std::string("12345678901234567890"));
    CHECK(base32_encode("foobar") == "MZXW6YTBOI");
    CHECK_FALSE(hex_decode("zz").has_value());
    CHECK_FALSE(base64url_decode("a+b").has_value());
}

TEST_CASE("time_formats_as_rfc3339_with_milliseconds_and_parses_back") {
    CHECK(format_time(0) == "1970-01-01T00:00:00.000Z");
    CHECK(format_time(1455629400123) == "2016-02-16T13:30:00.123Z");
    CHECK(parse_time("2016-02-16T13:30:00.123Z") == 1455629400123);
    CHECK(parse_time("2016-02-16T08:30:00-05:00") == 1455629400000);
    CHECK_FALSE(parse_time("2016-02-30T00:00:00Z").has_value());
    CHECK_FALSE(parse_time("2016-02-16 13:30:00").has_value());
    CHECK_FALSE(parse_time("2016-02-16T13:30:00").has_value());
    CHECK_FALSE(parse_time("2016-02-16T13:30:00Zjunk").has_value());
    CHECK(valid_date(2024, 2, 29));
    CHECK_FALSE(valid_date(2023, 2, 29));
}

TEST_CASE("the_client_of_an_address_is_ipv4_as_it_is_and_ipv6_by_its_64") {
    CHECK(client_key("203.0.113.9") == "203.0.113.9");
    CHECK(client_key("2001:db8:1:2::a") == "2001:db8:1:2::/64");
    CHECK(client_key("2001:0db8:0001:0002:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64");
    CHECK(client_key("2001:db8::5:6:7:8:9") == "2001:db8:0:5::/64");
    CHECK(client_key("::1") == "::/64");
    CHECK(client_key("") == "");
    CHECK(client_key("unix:") == "unix:");
}
