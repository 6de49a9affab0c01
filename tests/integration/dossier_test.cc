// GET and PUT /api/dossier through the real nginx and dossier pool: drafts
// saved over several sessions, each status of the contract, hostile values.
#include <doctest/doctest.h>

#include <string>

#include "tests/integration/candidates.h"
#include "tests/integration/json_util.h"
#include "tests/integration/site.h"

using namespace guichet;
using namespace guichet::test;

namespace {

const char kFullFields[] =
    "{\"family_name\":\"Tremblay\",\"given_names\":\"Marie\",\"birth_date\":\"1990-05-01\",\"citizenship\":\"FR\","
    "\"residence_country\":\"FR\",\"passport_number\":\"AB1234567\",\"passport_expiry\":\"2035-01-01\","
    "\"education_level\":\"master\",\"field_of_study\":\"Génie civil\",\"occupation\":\"Ingénieure\","
    "\"years_experience\":7,\"french_level\":\"nclc10\",\"english_level\":\"nclc7\",\"accompanying_spouse\":\"no\"}";

std::string fields_body(const std::string& fields) { return "{\"fields\":" + fields + "}"; }

Json field_object(const HttpResponse& response) {
    Json body = parse_json(response.body);
    return Json(body ? json_incref(json_object_get(body.get(), "fields")) : nullptr);
}

std::string stored_fields(const Site& site, int64_t account_id) {
    return site.sql("SELECT fields FROM dossiers WHERE account_id = " + std::to_string(account_id));
}

bool has_problem(const Json& body, const char* member, const std::string& key, const std::string& code) {
    json_t* problems = json_object_get(json_object_get(body.get(), "compliance"), "problems");
    size_t i;
    json_t* problem;
    json_array_foreach(problems, i, problem) {
        const char* name = json_string_value(json_object_get(problem, member));
        const char* got = json_string_value(json_object_get(problem, "code"));
        if (name && got && key == name && code == got && json_string_length(json_object_get(problem, "message")) > 0) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("dossier_without_session_is_401") {
    Site site;
    HttpClient client(site.url());
    HttpResponse got = client.get("/api/dossier");
    CHECK(got.status == 401);
    CHECK(is_error(got.body, "no_session"));
    HttpResponse put = client.put("/api/dossier", fields_body("{}"));
    CHECK(put.status == 401);
    client.set_cookie("guichet_session", "not-a-token");
    CHECK(client.get("/api/dossier").status == 401);
}

TEST_CASE("dossier_of_a_new_candidate_is_empty_and_names_every_missing_item") {
    Site site;
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    HttpResponse response = client.get("/api/dossier");
    REQUIRE(response.status == 200);
    CHECK(response.header("content-type") == "application/json; charset=utf-8");
    Json body = parse_json(response.body);
    REQUIRE(body);
    CHECK(json_object_size(json_object_get(body.get(), "fields")) == 0);
    CHECK(json_array_size(json_object_get(body.get(), "documents")) == 0);
    CHECK(json_is_false(json_object_get(body.get(), "locked")));
    CHECK(json_is_false(json_object_get(json_object_get(body.get(), "compliance"), "compliant")));
    CHECK(has_problem(body, "field", "family_name", "missing"));
    CHECK(has_problem(body, "field", "years_experience", "missing"));
    CHECK(has_problem(body, "document", "passport", "missing"));
    CHECK(has_problem(body, "document", "diploma", "missing"));
    CHECK_FALSE(has_problem(body, "field", "contact_phone", "missing"));       // optional
    CHECK_FALSE(has_problem(body, "document", "french_test", "missing"));      // optional
}

TEST_CASE("dossier_messages_follow_the_language") {
    Site site;
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    Json fr = parse_json(client.get("/api/dossier").body);
    client.set_cookie("lang", "en");
    Json en = parse_json(client.get("/api/dossier").body);
    auto first_message = [](const Json& body) {
        json_t* problems = json_object_get(json_object_get(body.get(), "compliance"), "problems");
        return std::string(json_string_value(json_object_get(json_array_get(problems, 0), "message")));
    };
    CHECK(first_message(fr).find("manquante") != std::string::npos);
    CHECK(first_message(en).find("missing") != std::string::npos);
}

TEST_CASE("dossier_saved_in_one_session_is_there_in_the_next") {
    Site site;
    Candidate candidate = create_candidate(site);
    {
        HttpClient monday(site.url());
        log_in(site, monday, candidate.id);
        HttpResponse saved = monday.put("/api/dossier", fields_body("{\"family_name\":\"Tremblay\",\"years_experience\":4}"));
        REQUIRE(saved.status == 200);
        CHECK(json_text(field_object(saved), "family_name") == "Tremblay");
    }
    HttpClient tuesday(site.url());
    log_in(site, tuesday, candidate.id);
    HttpResponse more = tuesday.put("/api/dossier", fields_body("{\"given_names\":\"Marie\"}"));
    REQUIRE(more.status == 200);
    Json fields = field_object(tuesday.get("/api/dossier"));
    CHECK(json_text(fields, "family_name") == "Tremblay");
    CHECK(json_text(fields, "given_names") == "Marie");
    CHECK(json_int(fields, "years_experience") == 4);
}

TEST_CASE("dossier_null_or_empty_string_clears_an_answer") {
    Site site;
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    REQUIRE(client.put("/api/dossier", fields_body("{\"family_name\":\"Roy\",\"given_names\":\"Anne\",\"occupation\":\"x\"}")).status == 200);
    HttpResponse cleared = client.put("/api/dossier", fields_body("{\"family_name\":null,\"given_names\":\"\"}"));
    REQUIRE(cleared.status == 200);
    Json fields = field_object(client.get("/api/dossier"));
    CHECK(json_object_get(fields.get(), "family_name") == nullptr);
    CHECK(json_object_get(fields.get(), "given_names") == nullptr);
    CHECK(json_text(fields, "occupation") == "x");
    CHECK(has_problem(parse_json(cleared.body), "field", "family_name", "missing"));
}

TEST_CASE("dossier_values_of_every_wrong_type_are_422_and_nothing_is_saved") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    REQUIRE(client.put("/api/dossier", fields_body("{\"family_name\":\"Roy\"}")).status == 200);
    const char* wrong[] = {
        "{\"family_name\":12}",          "{\"family_name\":true}",          "{\"family_name\":[\"Roy\"]}",
        "{\"family_name\":{\"a\":1}}",   "{\"years_experience\":\"7\"}",   "{\"years_experience\":7.5}",
        "{\"years_experience\":false}",  "{\"birth_date\":19900501}",      "{\"birth_date\":\"01/05/1990\"}",
        "{\"birth_date\":\"1990-13-01\"}", "{\"citizenship\":\"France\"}", "{\"citizenship\":1}",
        "{\"education_level\":\"phd_in_magic\"}", "{\"years_experience\":-3}", "{\"years_experience\":1000000000}",
        "{\"passport_number\":\"AB/123\"}",  // "AB 123" is saved as AB123 (one written form)
    };
    for (const char* fields : wrong) {
        CAPTURE(fields);
        HttpResponse response = client.put("/api/dossier", fields_body(fields));
        CHECK(response.status == 422);
        CHECK(is_error(response.body, "invalid"));
        Json body = parse_json(response.body);
        CHECK(json_object_size(json_object_get(body.get(), "fields")) == 1);
    }
    CHECK(stored_fields(site, candidate.id) == "{\"family_name\":\"Roy\"}");
}

TEST_CASE("dossier_one_bad_value_rejects_the_whole_save") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    HttpResponse response = client.put("/api/dossier", fields_body("{\"family_name\":\"Roy\",\"years_experience\":\"x\"}"));
    CHECK(response.status == 422);
    Json body = parse_json(response.body);
    CHECK(json_text(Json(json_incref(json_object_get(body.get(), "fields"))), "years_experience") == "wrong_type");
    CHECK(stored_fields(site, candidate.id).empty());
}

TEST_CASE("dossier_unknown_keys_are_422") {
    Site site;
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    HttpResponse response = client.put("/api/dossier", fields_body("{\"is_admin\":true}"));
    CHECK(response.status == 422);
    CHECK(response.body.find("unknown_field") != std::string::npos);
    CHECK(client.put("/api/dossier", "{\"fields\":{},\"locked\":false}").status == 422);
    CHECK(client.put("/api/dossier", "{\"fields\":[]}").status == 422);
}

TEST_CASE("dossier_malformed_bodies_are_400") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    const std::string bodies[] = {
        "not json", "[]", "{\"fields\":{}", "{\"fields\":{}} {}",
        std::string("{\"fields\":{\"family_name\":\"R\\u0000y\"}}"),
        std::string("{\"fields\":{\"family_name\":\"R\xff\xfey\"}}"),
    };
    for (const std::string& body : bodies) {
        CAPTURE(body);
        HttpResponse response = client.put("/api/dossier", body);
        CHECK(response.status == 400);
        CHECK(is_error(response.body, "bad_json"));
    }
    CHECK(stored_fields(site, candidate.id).empty());
}

TEST_CASE("dossier_hostile_text_is_stored_verbatim_or_refused") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    HttpResponse sql = client.put("/api/dossier", fields_body("{\"occupation\":\"x'); DROP TABLE dossiers; --\"}"));
    REQUIRE(sql.status == 200);
    CHECK(json_text(field_object(client.get("/api/dossier")), "occupation") == "x'); DROP TABLE dossiers; --");
    // A control character inside text is not a well-formed answer.
    CHECK(client.put("/api/dossier", fields_body("{\"occupation\":\"a\\u0007b\"}")).status == 422);
    // Over the field's maximum: 422; over nginx's JSON body limit: 413 in the contract's shape.
    CHECK(client.put("/api/dossier", fields_body("{\"occupation\":\"" + std::string(500, 'a') + "\"}")).status == 422);
    HttpResponse huge = client.put("/api/dossier", fields_body("{\"occupation\":\"" + std::string(40000, 'a') + "\"}"));
    CHECK(huge.status == 413);
    CHECK(is_error(huge.body, "too_large"));
    CHECK(site.sql("SELECT count(*) FROM dossiers") == "1");
    CHECK(json_text(parse_json(stored_fields(site, candidate.id)), "occupation") == "x'); DROP TABLE dossiers; --");
}

TEST_CASE("dossier_put_from_another_site_is_403_and_saves_nothing") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    HttpResponse forged = client.request("PUT", "/api/dossier", fields_body("{\"family_name\":\"Evil\"}"),
                                         {"Origin: http://evil.example"});
    CHECK(forged.status == 403);
    CHECK(is_error(forged.body, "cross_site"));
    CHECK(stored_fields(site, candidate.id).empty());
}

TEST_CASE("dossier_other_methods_are_405") {
    Site site;
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    for (const char* method : {"POST", "DELETE", "PATCH"}) {
        CAPTURE(method);
        HttpResponse response = client.request(method, "/api/dossier", fields_body("{}"));
        CHECK(response.status == 405);
        CHECK(is_error(response.body, "method_not_allowed"));
    }
}

TEST_CASE("dossier_locked_after_a_claim_refuses_changes_with_409") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    REQUIRE(client.put("/api/dossier", fields_body("{\"family_name\":\"Roy\"}")).status == 200);
    site.sql("UPDATE dossiers SET locked_at = 1 WHERE account_id = " + std::to_string(candidate.id));
    HttpResponse response = client.put("/api/dossier", fields_body("{\"family_name\":\"Changed\"}"));
    CHECK(response.status == 409);
    CHECK(is_error(response.body, "dossier_locked"));
    Json body = parse_json(client.get("/api/dossier").body);
    CHECK(json_is_true(json_object_get(body.get(), "locked")));
    CHECK(stored_fields(site, candidate.id) == "{\"family_name\":\"Roy\"}");
}

TEST_CASE("dossier_full_answers_leave_only_the_documents_missing") {
    Site site;
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    HttpResponse response = client.put("/api/dossier", fields_body(kFullFields));
    REQUIRE(response.status == 200);
    Json body = parse_json(response.body);
    json_t* problems = json_object_get(json_object_get(body.get(), "compliance"), "problems");
    CHECK(json_array_size(problems) == 3);  // passport, birth_certificate, diploma
    CHECK(has_problem(body, "document", "birth_certificate", "missing"));
}

TEST_CASE("program_definition_is_served_as_program_json") {
    Site site;
    HttpClient client(site.url());
    HttpResponse response = client.get("/program.json");
    REQUIRE(response.status == 200);
    CHECK(response.header("content-type").rfind("application/json", 0) == 0);
    Json body = parse_json(response.body);
    REQUIRE(body);
    CHECK(json_text(body, "id") == "pstq-2026-skilled-workers");
    CHECK(json_array_size(json_object_get(body.get(), "fields")) > 10);
}
