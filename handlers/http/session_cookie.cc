#include "http/session_cookie.h"

#include "base/clock.h"

namespace guichet {

Session require_session(Db& db, const Request& request, const Config& config) {
    auto session = find_session(db, request.cookie(kSessionCookie), now_ms(), config.session_idle_s * 1000);
    if (!session) throw ApiError("no_session");
    return *session;
}

}  // namespace guichet
