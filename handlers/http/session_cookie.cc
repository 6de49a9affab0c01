#include "http/session_cookie.h"

namespace guichet {

Session require_session(Db& db, const Request& request, const Config& config, int64_t now) {
    auto session = find_session(db, request.cookie(kSessionCookie), now, config.session_idle_s * 1000);
    if (!session) throw ApiError("no_session");
    return *session;
}

}  // namespace guichet
