// GET /api/window reads the time from its context's clock.
#include <doctest/doctest.h>

#include <cstdlib>

#include "base/json.h"
#include "claim/test_db.h"
#include "http/test_request.h"
#include "window/window_api.h"

using namespace guichet;

namespace {

std::string state_of(const Response& response) {
    Json body = json_parse_object(response.body);
    return json_string_value(json_object_get(body.get(), "state"));
}

}  // namespace

TEST_CASE("window_state_follows_the_context_clock") {
    claim::ClaimDb t;
    t.schedule_window(10, t.clock.now() + 1000);
    window::Context context{Config{}, t.connect()};
    context.clock = &t.clock;
    CHECK(state_of(window::handle(TestRequest("GET", "/api/window"), context)) == "scheduled");
    t.clock.advance(1000);
    CHECK(state_of(window::handle(TestRequest("GET", "/api/window"), context)) == "open");
}
