// The structural check through the real nginx and upload pool: a valid
// document of each type is stored, and a damaged or encrypted one is 415
// unsupported_media_type with the field code that says which, leaving no row
// and no file (handlers/upload/document_check.h).
#include <doctest/doctest.h>

#include <string>

#include "tests/fixtures/document_bytes.h"
#include "tests/integration/candidates.h"
#include "tests/integration/json_util.h"
#include "tests/integration/site.h"
#include "tests/integration/uploads.h"

using namespace guichet;
using namespace guichet::test;

namespace {

// A refusal as the candidate sees it (415, the field code) and as the site
// keeps it: no row, no file.
void check_refused_and_nothing_kept(const Site& site, const Candidate& candidate, const HttpResponse& response,
                                    const std::string& kind, const std::string& code) {
    CHECK(response.status == 415);
    CHECK(is_error(response.body, "unsupported_media_type"));
    CHECK(field_code(response, kind.c_str()) == code);
    CHECK(document_count(site, candidate.id) == "0");
    CHECK(store_files(site).empty());
}

}  // namespace

TEST_CASE("upload_valid_png_jpeg_and_pdf_of_each_cross_reference_form_are_201") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    for (const char* name : {"valid.png", "valid.jpg", "valid-gray.jpg", "valid.pdf", "valid-xref-stream.pdf",
                             "chromium.png", "chromium.jpg", "chromium.pdf"}) {
        CAPTURE(name);
        std::string bytes = fixture_document(name);
        HttpResponse response = upload(client, "passport", bytes);
        CHECK(response.status == 201);
        CHECK(client.get("/api/documents/passport").body == bytes);
    }
    CHECK(document_count(site, candidate.id) == "1");
}

TEST_CASE("upload_png_with_a_broken_crc_is_415_damaged_and_leaves_nothing") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    std::string bytes = fixture_document("valid.png");
    bytes[44] ^= 0x01;  // inside IDAT
    HttpResponse response = upload(client, "passport", bytes, "image/png");
    check_refused_and_nothing_kept(site, candidate, response, "passport", "damaged");
}

TEST_CASE("upload_pdf_header_on_junk_is_415_damaged") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    std::string junk = "%PDF-1.4\n";
    junk.resize(4000, 'a');
    HttpResponse response = upload(client, "diploma", junk);
    check_refused_and_nothing_kept(site, candidate, response, "diploma", "damaged");
}

TEST_CASE("upload_encrypted_pdf_is_415_encrypted") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    HttpResponse response = upload(client, "diploma", fixture_document("encrypted.pdf"));
    check_refused_and_nothing_kept(site, candidate, response, "diploma", "encrypted");
}

TEST_CASE("upload_jpeg_cut_short_is_415_damaged") {
    Site site;
    HttpClient client(site.url());
    create_logged_in_candidate(site, client);
    std::string jpeg = fixture_document("valid.jpg");
    HttpResponse response = upload(client, "passport", jpeg.substr(0, jpeg.size() - 20), "image/jpeg");
    CHECK(response.status == 415);
    CHECK(field_code(response, "passport") == "damaged");
}

TEST_CASE("upload_damaged_replacement_is_415_and_the_stored_document_stays") {
    Site site;
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    std::string good = fixture_document("valid.pdf");
    REQUIRE(upload(client, "passport", good).status == 201);
    HttpResponse response = upload(client, "passport", good.substr(0, good.size() / 2));
    CHECK(response.status == 415);
    CHECK(field_code(response, "passport") == "damaged");
    CHECK(document_count(site, candidate.id) == "1");
    CHECK(client.get("/api/documents/passport").body == good);
}
