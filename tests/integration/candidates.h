// Candidates for integration tests, made directly in a test site's database
// (an account row and a live session row), so tests of the dossier, upload,
// claim and site do not depend on the accounts handler. The cookie is what
// the accounts handler would set: base64url of 32 random bytes, stored as the
// SHA-256 of those bytes.
#pragma once

#include <cstdint>
#include <string>

#include "tests/integration/http.h"
#include "tests/integration/site.h"

namespace guichet::test {

struct Candidate {
    int64_t id = 0;
    std::string email;
};

// Inserts an account whose address is verified (email defaults to a fresh unique address).
Candidate create_candidate(const Site& site, const std::string& email = "");
// Inserts a new live session for the account and returns its cookie value.
std::string open_session(const Site& site, int64_t account_id);
// Opens a session for the account and puts its cookie in the client (logs the client in).
void log_in(const Site& site, HttpClient& client, int64_t account_id);
// The two together: a new candidate whose session the client now carries.
Candidate create_logged_in_candidate(const Site& site, HttpClient& client);

}  // namespace guichet::test
