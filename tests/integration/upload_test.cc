// PUT/GET/DELETE /api/documents/{kind} through the real nginx (body spooled
// to a file) and the upload pool: each status of the contract, hostile
// uploads, the content-addressed store and its garbage collection.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

#include <chrono>
#include <fstream>
#include <set>
#include <thread>
#include <vector>

#include "crypto/digest.h"
#include "base/encoding.h"
#include "tests/integration/candidates.h"
#include "tests/integration/json_util.h"
#include "tests/integration/site.h"
#include "tests/fixtures/document_bytes.h"
#include "tests/integration/uploads.h"

using namespace guichet;
using namespace guichet::test;

namespace {

// Valid documents (tests/fixtures/): a PDF of any exact size, the PNG and JPEG fixtures.
std::string pdf(size_t size, char fill = 'a') { return test::valid_pdf(size, fill); }

std::string png() { return test::fixture_document("valid.png"); }

std::string sha_hex(const std::string& bytes) { return hex_encode(sha256(bytes)); }

// Files nginx is still holding in its request-body spool.
int spooled_files(const Site& site) {
    std::string output;
    run_command("find " + shell_quote(site.data() + "/tmp/client") + " -type f | wc -l", &output);
    return std::atoi(output.c_str());
}

// One raw HTTP exchange, bytes exactly as given (no path normalisation by a
// client library). Returns the status of the answer, 0 when there was none.
int raw_status(const Site& site, const std::string& request, bool read_answer = true) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(site.port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        if (fd >= 0) close(fd);
        return 0;
    }
    timeval timeout{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    for (size_t done = 0; done < request.size();) {
        ssize_t n = send(fd, request.data() + done, request.size() - done, MSG_NOSIGNAL);
        if (n <= 0) break;
        done += static_cast<size_t>(n);
    }
    int status = 0;
    if (read_answer) {
        char buffer[512];
        ssize_t n = recv(fd, buffer, sizeof buffer - 1, 0);
        if (n > 12) status = std::atoi(std::string(buffer + 9, 3).c_str());
    }
    close(fd);
    return status;
}

std::string raw_put(const Site& site, const std::string& path, const std::string& token, const std::string& body,
                    size_t declared_length) {
    return "PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(site.port()) + "\r\nOrigin: " + site.url() +
           "\r\nCookie: guichet_session=" + token + "\r\nContent-Type: application/pdf\r\nContent-Length: " +
           std::to_string(declared_length) + "\r\nConnection: close\r\n\r\n" + body;
}

std::string write_test_program(const std::string& folder) {
    std::string path = folder + "/small-program.json";
    std::ofstream(path) << R"({"id":"test-program","name":{"fr":"Test","en":"Test"},"quota_bytes":3000,
        "fields":[{"key":"family_name","type":"text","required":true,"label":{"fr":"Nom","en":"Name"}}],
        "documents":[
          {"kind":"a","required":true,"types":["application/pdf"],"max_bytes":2000,"label":{"fr":"A","en":"A"}},
          {"kind":"b","required":false,"types":["application/pdf"],"max_bytes":2000,"label":{"fr":"B","en":"B"}}]})";
    // The accounts pool reads the common-password list beside the program: without
    // it, its workers could not start (and the site's start waited 15 s for them).
    REQUIRE(run_command("cp db/common-passwords.txt " + shell_quote(folder) + "/") == 0);
    return path;
}

}  // namespace

TEST_CASE("upload_pdf_is_stored_by_its_hash_and_listed_in_the_dossier") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    std::string bytes = pdf(4000);
    HttpResponse response = upload(client, "passport", bytes);
    REQUIRE(response.status == 201);
    Json body = parse_json(response.body);
    CHECK(json_text(body, "kind") == "passport");
    CHECK(json_text(body, "type") == "application/pdf");
    CHECK(json_int(body, "size") == 4000);
    CHECK(json_text(body, "sha256") == sha_hex(bytes));
    CHECK(store_files(site) == std::set<std::string>{sha_hex(bytes)});
    CHECK(kept_bytes(site) == expected_kept(site));
    CHECK(document_count(site, candidate.id) == "1");
    Json dossier = parse_json(client.get("/api/dossier").body);
    json_t* item = json_array_get(json_object_get(dossier.get(), "documents"), 0);
    REQUIRE(item);
    CHECK(std::string(json_string_value(json_object_get(item, "sha256"))) == sha_hex(bytes));
    CHECK(json_string_length(json_object_get(item, "uploaded_at")) == 24);
}

TEST_CASE("upload_type_comes_from_the_bytes_not_the_header") {
    Site site;
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    HttpResponse response = upload(client, "passport", png(), "application/pdf");
    REQUIRE(response.status == 201);
    CHECK(json_text(parse_json(response.body), "type") == "image/png");
}

TEST_CASE("upload_executable_renamed_pdf_is_415_and_leaves_nothing") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    std::string elf("\x7F" "ELF\x02\x01\x01\x00", 8);
    elf.resize(5000, '\0');
    HttpResponse response = client.request("PUT", "/api/documents/passport", elf,
                                           {"Content-Type: application/pdf", "Content-Disposition: attachment; filename=\"passport.pdf\""});
    CHECK(response.status == 415);
    CHECK(is_error(response.body, "unsupported_media_type"));
    CHECK(document_count(site, candidate.id) == "0");
    CHECK(store_files(site).empty());
    CHECK(kept_bytes(site).empty());
}

TEST_CASE("upload_type_not_accepted_for_the_kind_is_415") {
    Site site;
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    HttpResponse response = upload(client, "diploma", png(), "image/png");  // diploma: PDF only
    CHECK(response.status == 415);
    CHECK(store_files(site).empty());
}

TEST_CASE("upload_of_an_empty_file_is_422") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    HttpResponse response = upload(client, "passport", "");
    CHECK(response.status == 422);
    CHECK(is_error(response.body, "empty_document"));
    CHECK(document_count(site, candidate.id) == "0");
    CHECK(store_files(site).empty());
    CHECK(kept_bytes(site).empty());
}

TEST_CASE("upload_one_byte_over_the_kind_limit_is_413_and_at_the_limit_is_201") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    const size_t limit = 5242880;  // passport's max_bytes in db/program.json
    HttpResponse over = upload(client, "passport", pdf(limit + 1));
    CHECK(over.status == 413);
    CHECK(is_error(over.body, "too_large"));
    CHECK(document_count(site, candidate.id) == "0");
    CHECK(store_files(site).empty());
    CHECK(kept_bytes(site).empty());
    CHECK(upload(client, "passport", pdf(limit)).status == 201);
}

TEST_CASE("upload_over_the_nginx_limit_is_413_in_the_contract_shape") {
    Site site({"GUICHET_UPLOAD_MAX=64k"});
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    HttpResponse response = upload(client, "passport", pdf(64 * 1024 + 1));
    CHECK(response.status == 413);
    CHECK(is_error(response.body, "too_large"));
    CHECK(document_count(site, candidate.id) == "0");
    CHECK(store_files(site).empty());
    CHECK(kept_bytes(site).empty());
}

TEST_CASE("upload_past_the_candidate_quota_is_413_quota_exceeded") {
    char folder[] = "/tmp/guichet-program-XXXXXX";
    REQUIRE(mkdtemp(folder));
    std::string program = write_test_program(folder);
    {
        Site site({"GUICHET_PROGRAM=" + program});
        HttpClient client(site.url());
        Candidate candidate = create_logged_in_candidate(site, client);
        REQUIRE(upload(client, "a", pdf(1500, 'a')).status == 201);
        HttpResponse over = upload(client, "b", pdf(1501, 'b'));
        CHECK(over.status == 413);
        CHECK(is_error(over.body, "quota_exceeded"));
        CHECK(document_count(site, candidate.id) == "1");
        CHECK(store_files(site).size() == 1);
        CHECK(upload(client, "b", pdf(1500, 'b')).status == 201);     // exactly the quota
        CHECK(upload(client, "a", pdf(1500, 'c')).status == 201);     // a replacement does not count twice
        // The form the site shows comes from the same definition.
        CHECK(json_text(parse_json(client.get("/program.json").body), "id") == "test-program");
    }
    run_command("rm -rf " + shell_quote(folder));
}

TEST_CASE("upload_without_session_is_401_and_from_another_site_is_403") {
    Site site;
    HttpClient anonymous(site.url());
    HttpResponse no_session = upload(anonymous, "passport", pdf(500));
    CHECK(no_session.status == 401);
    CHECK(is_error(no_session.body, "no_session"));
    CHECK(anonymous.get("/api/documents/passport").status == 401);
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    HttpResponse forged = client.request("PUT", "/api/documents/passport", pdf(500),
                                         {"Content-Type: application/pdf", "Origin: http://evil.example"});
    CHECK(forged.status == 403);
    CHECK(is_error(forged.body, "cross_site"));
    CHECK(document_count(site, candidate.id) == "0");
    CHECK(store_files(site).empty());
    CHECK(kept_bytes(site).empty());
}

TEST_CASE("upload_other_methods_are_405") {
    Site site;
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    HttpResponse response = client.request("POST", "/api/documents/passport", pdf(500), {"Content-Type: application/pdf"});
    CHECK(response.status == 405);
    CHECK(is_error(response.body, "method_not_allowed"));
}

TEST_CASE("upload_unknown_kind_is_404") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    for (const std::string kind : {"selfie", "PASSPORT", "passport.pdf", "passport%00", ""}) {
        CAPTURE(kind);
        HttpResponse response = upload(client, kind, pdf(500));
        CHECK((response.status == 404 || response.status == 400));
        CHECK(client.get("/api/documents/" + kind).status / 100 == 4);
    }
    CHECK(is_error(upload(client, "selfie", pdf(500)).body, "unknown_kind"));
    CHECK(document_count(site, candidate.id) == "0");
    CHECK(store_files(site).empty());
    CHECK(kept_bytes(site).empty());
}

TEST_CASE("upload_traversal_kinds_are_404_and_touch_nothing") {
    Site site;
    Candidate candidate = create_candidate(site);
    std::string token = open_session(site, candidate.id);
    const char* paths[] = {
        "/api/documents/../../etc/passwd",
        "/api/documents/..%2f..%2fetc%2fpasswd",
        "/api/documents/%2e%2e%2f",
        "/api/documents/%2e%2e%2f%2e%2e%2fguichet.db",
        "/api/documents/passport/../../../documents/x",
        "/api/documents/passport%2f..%2f..%2fkeys%2fsession.key",
        "/api/documents/passport%2F",
        "/api/documents/%70assport%2F..",
        "/api/documents/./passport/",
    };
    std::string body = pdf(500);
    for (const std::string path : paths) {
        CAPTURE(path);
        CHECK(raw_status(site, raw_put(site, path, token, body, body.size())) == 404);
    }
    CHECK(document_count(site, candidate.id) == "0");
    CHECK(store_files(site).empty());
    CHECK(kept_bytes(site).empty());
}

TEST_CASE("upload_interrupted_mid_body_leaves_no_row_and_no_file") {
    Site site;
    Candidate candidate = create_candidate(site);
    std::string token = open_session(site, candidate.id);
    // Declares 1 MB, sends 300 KB (more than nginx buffers in memory), then hangs up.
    std::string partial = pdf(300 * 1024);
    CHECK(raw_status(site, raw_put(site, "/api/documents/passport", token, partial, 1024 * 1024), false) == 0);
    // nginx notices the close and drops its spool file; the handler is never called.
    for (int i = 0; i < 200 && spooled_files(site) > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(spooled_files(site) == 0);
    CHECK(document_count(site, candidate.id) == "0");
    CHECK(store_files(site).empty());
    CHECK(kept_bytes(site).empty());
    // And the candidate can upload normally afterwards.
    HttpClient client(site.url());
    client.set_cookie("guichet_session", token);
    CHECK(upload(client, "passport", pdf(1000)).status == 201);
}

TEST_CASE("upload_own_document_is_served_back_with_its_type") {
    Site site;
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    std::string jpeg = test::fixture_document("valid.jpg");
    REQUIRE(upload(client, "passport", jpeg, "application/octet-stream").status == 201);
    HttpResponse response = client.get("/api/documents/passport");
    CHECK(response.status == 200);
    CHECK(response.body == jpeg);
    CHECK(response.header("content-type") == "image/jpeg");
    CHECK(response.header("content-disposition") == "attachment");
    CHECK(response.header("x-accel-redirect").empty());
}

TEST_CASE("upload_document_of_another_candidate_is_404") {
    Site site;
    HttpClient alice(site.url());
    Candidate a = create_logged_in_candidate(site, alice);
    REQUIRE(upload(alice, "passport", pdf(1000)).status == 201);
    HttpClient bob(site.url());
    create_logged_in_candidate(site, bob);
    HttpResponse response = bob.get("/api/documents/passport");
    CHECK(response.status == 404);
    CHECK(is_error(response.body, "not_found"));
    // Bob's delete concerns only Bob's (absent) passport.
    CHECK(bob.del("/api/documents/passport").status == 204);
    CHECK(document_count(site, a.id) == "1");
    CHECK(alice.get("/api/documents/passport").body == pdf(1000));
    // The store itself is never reachable from outside.
    CHECK(bob.get("/internal/documents/" + sha_hex(pdf(1000))).status == 404);
    CHECK(bob.get("/documents/" + sha_hex(pdf(1000))).status == 404);
}

TEST_CASE("upload_replace_keeps_one_row_and_drops_the_old_bytes") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    REQUIRE(upload(client, "passport", pdf(1000, 'x')).status == 201);
    REQUIRE(upload(client, "passport", pdf(1200, 'y')).status == 201);
    CHECK(document_count(site, candidate.id) == "1");
    CHECK(site.sql("SELECT sha256 FROM documents WHERE account_id = " + std::to_string(candidate.id)) ==
          sha_hex(pdf(1200, 'y')));
    CHECK(store_files(site) == std::set<std::string>{sha_hex(pdf(1200, 'y'))});
    CHECK(kept_bytes(site) == expected_kept(site));
    CHECK(client.get("/api/documents/passport").body == pdf(1200, 'y'));
}

TEST_CASE("upload_delete_is_204_and_removes_the_bytes") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    REQUIRE(upload(client, "passport", pdf(1000)).status == 201);
    CHECK(client.del("/api/documents/passport").status == 204);
    CHECK(document_count(site, candidate.id) == "0");
    CHECK(store_files(site).empty());
    CHECK(kept_bytes(site).empty());
    CHECK(client.get("/api/documents/passport").status == 404);
    CHECK(client.del("/api/documents/passport").status == 204);  // idempotent
}

TEST_CASE("upload_identical_bytes_are_stored_once_and_kept_until_the_last_reference_goes") {
    Site site;
    HttpClient alice(site.url());
    HttpClient bob(site.url());
    create_logged_in_candidate(site, alice);
    create_logged_in_candidate(site, bob);
    std::string bytes = pdf(3000);
    REQUIRE(upload(alice, "passport", bytes).status == 201);
    REQUIRE(upload(bob, "birth_certificate", bytes).status == 201);
    CHECK(store_files(site).size() == 1);
    CHECK(alice.del("/api/documents/passport").status == 204);
    CHECK(store_files(site) == std::set<std::string>{sha_hex(bytes)});
    CHECK(kept_bytes(site) == expected_kept(site));
    CHECK(bob.get("/api/documents/birth_certificate").body == bytes);
    CHECK(bob.del("/api/documents/birth_certificate").status == 204);
    CHECK(store_files(site).empty());
    CHECK(kept_bytes(site).empty());
}

TEST_CASE("upload_locked_dossier_refuses_put_and_delete_with_409") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    REQUIRE(upload(client, "passport", pdf(1000)).status == 201);
    site.sql("INSERT INTO dossiers (account_id, fields, updated_at, locked_at) VALUES (" + std::to_string(candidate.id) +
             ", '{}', 1, 2)");
    HttpResponse put = upload(client, "passport", pdf(1100, 'z'));
    CHECK(put.status == 409);
    CHECK(is_error(put.body, "dossier_locked"));
    HttpResponse del = client.del("/api/documents/passport");
    CHECK(del.status == 409);
    CHECK(client.get("/api/documents/passport").body == pdf(1000));
    CHECK(store_files(site) == std::set<std::string>{sha_hex(pdf(1000))});
}

TEST_CASE("upload_concurrent_replace_of_one_kind_leaves_one_row_and_its_file") {
    Site site;
    Candidate candidate = create_candidate(site);
    std::string token = open_session(site, candidate.id);
    const int threads = 6;
    std::vector<int> statuses(threads, 0);
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) {
        pool.emplace_back([&, i] {
            HttpClient client(site.url());
            client.set_cookie("guichet_session", token);
            statuses[i] = static_cast<int>(upload(client, "passport", pdf(200000, static_cast<char>('a' + i))).status);
        });
    }
    for (auto& thread : pool) thread.join();
    for (int status : statuses) CHECK(status == 201);
    CHECK(document_count(site, candidate.id) == "1");
    std::string sha = site.sql("SELECT sha256 FROM documents WHERE account_id = " + std::to_string(candidate.id));
    CHECK(store_files(site) == std::set<std::string>{sha});
    REQUIRE(site.admin({"documents", "gc"}) == 0);
    CHECK(store_files(site) == std::set<std::string>{sha});
}

TEST_CASE("documents_gc_removes_orphans_and_stale_staged_files_only") {
    Site site;
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    REQUIRE(upload(client, "passport", pdf(1000)).status == 201);
    std::string store = site.data() + "/documents/";
    std::string orphan = sha_hex("bytes of a crash between rename and commit");
    std::ofstream(store + orphan) << "orphan";
    std::ofstream(store + ".upload-stale1") << "half";
    std::ofstream(store + ".upload-fresh1") << "in flight";
    utimbuf old{time(nullptr) - 3600, time(nullptr) - 3600};
    REQUIRE(utime((store + ".upload-stale1").c_str(), &old) == 0);
    std::string output;
    REQUIRE(site.admin({"documents", "gc"}, &output) == 0);
    CHECK(output.find("removed 1 unreferenced") != std::string::npos);
    CHECK(store_files(site) == std::set<std::string>{sha_hex(pdf(1000)), ".upload-fresh1"});
}

TEST_CASE("documents_gc_runs_when_the_upload_pool_starts") {
    Site site;
    std::string orphan = sha_hex("left by a crash");
    std::ofstream(site.data() + "/documents/" + orphan) << "orphan";
    site.stop();
    site.start();
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    // Any answer from the pool means its workers have started (and cleaned up first).
    CHECK(upload(client, "passport", pdf(500)).status == 201);
    CHECK(store_files(site) == std::set<std::string>{sha_hex(pdf(500))});
}

TEST_CASE("dossier_becomes_compliant_once_answers_and_required_documents_are_there") {
    Site site;
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    const std::string fields =
        "{\"fields\":{\"family_name\":\"Tremblay\",\"given_names\":\"Marie\",\"birth_date\":\"1990-05-01\","
        "\"citizenship\":\"FR\",\"residence_country\":\"FR\",\"passport_number\":\"AB1234567\","
        "\"passport_expiry\":\"2035-01-01\",\"education_level\":\"master\",\"field_of_study\":\"Génie civil\","
        "\"occupation\":\"Ingénieure\",\"years_experience\":7,\"french_level\":\"nclc10\",\"english_level\":\"nclc7\","
        "\"accompanying_spouse\":\"no\"}}";
    REQUIRE(client.put("/api/dossier", fields).status == 200);
    REQUIRE(upload(client, "passport", pdf(1000, 'p')).status == 201);
    REQUIRE(upload(client, "birth_certificate", png()).status == 201);
    auto compliant = [&] {
        Json body = parse_json(client.get("/api/dossier").body);
        return json_is_true(json_object_get(json_object_get(body.get(), "compliance"), "compliant"));
    };
    CHECK_FALSE(compliant());
    REQUIRE(upload(client, "diploma", pdf(1000, 'd')).status == 201);
    CHECK(compliant());
    Json body = parse_json(client.get("/api/dossier").body);
    CHECK(json_array_size(json_object_get(json_object_get(body.get(), "compliance"), "problems")) == 0);
    CHECK(json_array_size(json_object_get(body.get(), "documents")) == 3);
    REQUIRE(client.del("/api/documents/diploma").status == 204);
    CHECK_FALSE(compliant());
}

TEST_CASE("below_the_storage_reserve_uploads_stop_in_the_contract_shape_and_the_dossier_still_saves") {
    // A reserve larger than any disk: every upload is refused, nothing is
    // stored, and the rest of the candidate's work goes on.
    Site site({"GUICHET_UPLOAD_RESERVE_MB=1000000000"});
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    HttpResponse response = upload(client, "passport", pdf(4000));
    CHECK(response.status == 503);
    CHECK(is_error(response.body, "uploads_paused"));
    CHECK(response.header("retry-after") == "300");
    CHECK(store_files(site).empty());
    CHECK(document_count(site, candidate.id) == "0");
    CHECK(client.put("/api/dossier", "{\"fields\":{\"occupation\":\"nurse\"}}").status == 200);
}
