// Fuzzes what is parsed out of request headers: the Cookie header, the
// language choice, session tokens and the same-origin check.
#include <cstdint>
#include <string>

#include "http/csrf.h"
#include "http/request.h"
#include "domain/sessions.h"
#include "http/test_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace guichet;
    std::string text(reinterpret_cast<const char*>(data), size);
    (void)cookie_value(text, "guichet_session");
    (void)choose_lang(text, text);
    std::string token = cookie_value(text, kSessionCookie);
    std::string key = session_key(token);
    if (!key.empty() && key.size() != 32) __builtin_trap();
    TestRequest request("POST", "/api/claim");
    request.set("HTTP_COOKIE", text).set("HTTP_ORIGIN", text).set("HTTP_SEC_FETCH_SITE", text).set("HTTP_HOST", text);
    try {
        require_same_origin(request, "https://guichet.example");
    } catch (const ApiError& error) {
        if (error.status() != 403) __builtin_trap();
    }
    return 0;
}
