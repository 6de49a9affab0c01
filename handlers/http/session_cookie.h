// The candidate session of a request: its cookie, checked against the store.
#pragma once

#include "base/config.h"
#include "domain/session.h"
#include "http/request.h"
#include "store/db.h"

namespace guichet {

// The request's live session at `now`; throws ApiError("no_session") (401) otherwise.
Session require_session(Db& db, const Request& request, const Config& config, int64_t now);

}  // namespace guichet
