// Helpers for the admin tests: create an administrator with guichet-admin and
// log in with the current TOTP code, as an operator and a browser would.
#pragma once

#include <doctest/doctest.h>

#include <ctime>
#include <string>

#include "base/encoding.h"
#include "base/files.h"
#include "crypto/totp.h"
#include "tests/integration/site.h"

namespace guichet::test {

inline const char kAdminPassword[] = "a long admin passphrase";

// Runs `guichet-admin admin add NAME --password-file ...`; returns the raw TOTP secret.
inline std::string add_admin(const Site& site, const std::string& name) {
    std::string file = site.data() + "/admin-password";
    write_file_atomically(file, std::string(kAdminPassword) + "\n", 0600);
    std::string output;
    REQUIRE(site.admin({"admin", "add", name, "--password-file", file}, &output) == 0);
    size_t at = output.find("secret=");
    REQUIRE(at != std::string::npos);
    std::string base32 = output.substr(at + 7, output.find('&', at) - at - 7);
    auto secret = base32_decode(base32);
    REQUIRE(secret);
    return *secret;
}

inline std::string login_body(const std::string& user, const std::string& password, const std::string& totp) {
    return "{\"user\":\"" + user + "\",\"password\":\"" + password + "\",\"totp\":\"" + totp + "\"}";
}

inline std::string current_code(const std::string& secret) { return totp_code(secret, std::time(nullptr)); }

// A logged-in console client.
inline HttpResponse admin_login(HttpClient& client, const std::string& name, const std::string& secret) {
    return client.post("/api/admin/session", login_body(name, kAdminPassword, current_code(secret)));
}

}  // namespace guichet::test
