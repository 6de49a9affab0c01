// A lottery window on the real site: the commitment before any claim,
// pending_draw receipts, the draw (refused early, run once, all or nothing,
// also after kill -9), final receipts, late claims, the public record and
// guichet-verify draw, and the console's POST /api/admin/window/draw.
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "crypto/ecdsa.h"
#include "base/clock.h"
#include "base/encoding.h"
#include "base/files.h"
#include "tests/integration/admin_helpers.h"
#include "tests/integration/claim_fixture.h"
#include "tests/integration/json_util.h"
#include "tests/integration/site.h"
#include "tests/integration/portable_sql.h"

using namespace guichet;
using namespace guichet::test;

namespace {

// Opens now; the draw period ends `draw_seconds` from now.
void schedule_lottery(const Site& site, int places, int draw_seconds) {
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", std::to_string(places),
                        "--policy", "lottery", "--draw-ends-at", "+" + std::to_string(draw_seconds)}) == 0);
}

Json window_view(HttpClient& client) {
    HttpResponse response = client.get("/api/window");
    REQUIRE(response.status == 200);
    return parse_json(response.body);
}

// Waits (without asserting anything about time) until the server's clock has passed the draw period.
void wait_for_draw_period_end(const Site& site) {
    HttpClient client(site.url());
    std::string ends = json_text(window_view(client), "draw_ends_at");
    while (json_text(window_view(client), "server_time") <= ends) usleep(200 * 1000);
}

struct Answer {
    long status = 0;
    std::string body;
    std::string receipt;
    Json fields;
};

Answer claim(const Site& site, const Candidate& candidate, const char* method = "POST") {
    HttpClient client(site.url());
    log_in(client, candidate);
    HttpResponse response = client.request(method, "/api/claim", "");
    Answer answer{response.status, response.body, "", nullptr};
    if (response.status == 200 || response.status == 201) {
        answer.receipt = json_text(parse_json(response.body), "receipt");
        answer.fields = parse_json(answer.receipt);
    }
    return answer;
}

bool signed_by_site(const Site& site, const std::string& answer_body) {
    HttpClient client(site.url());
    EcKey key;
    EcKey::load_public_pem(key, client.get("/keys/receipt.pem").body);
    Json body = parse_json(answer_body);
    auto signature = base64_decode(json_text(body, "signature"));
    return signature && key.verify(json_text(body, "receipt"), *signature);
}

int verify_draw(const std::string& path, std::string* output = nullptr) {
    return run_command(shell_quote(bin_dir() + "/guichet-verify") + " draw " + shell_quote(path), output);
}

}  // namespace

TEST_CASE("lottery_window_publishes_the_seed_commitment_before_any_claim_and_never_the_seed") {
    Site site;
    schedule_lottery(site, 2, 3600);
    HttpClient client(site.url());
    Json window = window_view(client);
    CHECK(json_text(window, "policy") == "lottery");
    CHECK(json_text(window, "state") == "open");
    std::string commitment = json_text(window, "seed_commitment");
    CHECK(commitment.size() == 64);
    CHECK(json_object_get(window.get(), "seed") == nullptr);
    std::string seed_hex = hex_encode(site.sql("SELECT seed FROM lottery_seed"));
    REQUIRE(seed_hex.size() == 64);
    CHECK(client.get("/api/window").body.find(seed_hex) == std::string::npos);
    CHECK(client.get("/status/draw.json").status == 404);
}

TEST_CASE("lottery_rescheduled_before_opening_keeps_its_seed_and_commitment") {
    Site site;
    REQUIRE(site.admin({"window", "set", "--opens-at", "+3600", "--closes-at", "+9000", "--places", "2", "--policy",
                        "lottery", "--draw-ends-at", "+5000"}) == 0);
    std::string seed = hex_encode(site.sql("SELECT seed FROM lottery_seed"));
    std::string commitment = site.sql("SELECT seed_commitment FROM intake_window");
    REQUIRE(commitment.size() == 64);
    REQUIRE(site.admin({"window", "set", "--opens-at", "+7200", "--closes-at", "+9000", "--places", "3", "--policy",
                        "lottery", "--draw-ends-at", "+8000"}) == 0);
    CHECK(hex_encode(site.sql("SELECT seed FROM lottery_seed")) == seed);
    CHECK(site.sql("SELECT seed_commitment FROM intake_window") == commitment);
}

TEST_CASE("lottery_draw_period_cannot_move_once_the_window_has_opened") {
    Site site;
    schedule_lottery(site, 2, 3600);
    std::string output;
    CHECK(site.admin({"window", "set", "--opens-at", format_time(std::stoll(site.sql("SELECT opens_at FROM intake_window"))),
                      "--closes-at", "+3600", "--places", "2", "--policy", "lottery", "--draw-ends-at", "+10"},
                     &output) == 1);
    CHECK(output.find("window_locked") != std::string::npos);
}

TEST_CASE("lottery_claims_get_signed_pending_draw_receipts_naming_the_commitment") {
    Site site;
    auto candidates = seed_candidates(site, 2);
    schedule_lottery(site, 1, 3600);
    HttpClient client(site.url());
    std::string commitment = json_text(window_view(client), "seed_commitment");
    Answer first = claim(site, candidates[0]);
    REQUIRE(first.status == 201);
    CHECK(signed_by_site(site, first.body));
    CHECK(json_text(first.fields, "outcome") == "pending_draw");
    CHECK(json_text(first.fields, "seed_commitment") == commitment);
    CHECK(json_text(first.fields, "draw_ends_at") == json_text(window_view(client), "draw_ends_at"));
    CHECK(json_is_true(json_object_get(first.fields.get(), "in_draw")));
    // One meaning for rank: the rank that decides, none yet; the arrival beside it.
    CHECK(json_is_null(json_object_get(first.fields.get(), "rank")));
    CHECK(json_int(first.fields, "arrival_rank") == 1);
    CHECK(claim(site, candidates[0]).body == first.body);  // idempotent, same bytes
    CHECK(site.sql("SELECT places_granted FROM intake_window") == "0");
}

TEST_CASE("lottery_draw_is_refused_before_the_period_ends_and_changes_nothing") {
    Site site;
    auto candidates = seed_candidates(site, 1);
    schedule_lottery(site, 1, 3600);
    REQUIRE(claim(site, candidates[0]).status == 201);
    std::string output;
    CHECK(site.admin({"draw"}, &output) == 1);
    CHECK(output.find("draw_too_early") != std::string::npos);
    CHECK(site.sql("SELECT outcome FROM claims") == "pending_draw");
    CHECK(site.sql("SELECT CAST(drawn_at IS NULL AND seed IS NULL AS INTEGER) FROM intake_window") == "1");
}

TEST_CASE("lottery_draw_runs_once_gives_final_receipts_and_a_record_guichet_verify_recomputes" * doctest::test_suite("slow")) {
    Site site;
    const int places = 3;
    auto candidates = seed_candidates(site, 10);
    schedule_lottery(site, places, 8);
    HttpClient client(site.url());
    std::map<int64_t, Answer> before;  // by account
    for (int i = 0; i < 7; ++i) {
        before[candidates[i].account_id] = claim(site, candidates[i]);
        REQUIRE(before[candidates[i].account_id].status == 201);
    }
    wait_for_draw_period_end(site);
    // After the period, before the draw: still waiting, outside the draw.
    Answer late = claim(site, candidates[7]);
    REQUIRE(late.status == 201);
    CHECK(json_text(late.fields, "outcome") == "pending_draw");
    CHECK(json_is_false(json_object_get(late.fields.get(), "in_draw")));
    int in_draw = 0;
    for (auto& [id, answer] : before) in_draw += json_is_true(json_object_get(answer.fields.get(), "in_draw")) ? 1 : 0;
    REQUIRE(in_draw == 7);  // seeding happened before scheduling, so only 7 quick claims were in the period

    std::string output;
    REQUIRE(site.admin({"draw"}, &output) == 0);
    CHECK(output.find("7 claims in the draw, 1 after the period, 3 places granted") != std::string::npos);
    CHECK(site.admin({"draw"}, &output) == 1);  // once only
    CHECK(output.find("draw_done") != std::string::npos);

    // The seed is revealed and matches the commitment (nginx micro-caches /api/window for a second).
    Json window = window_view(client);
    for (int i = 0; i < 100 && !json_object_get(window.get(), "seed"); ++i) {
        usleep(200 * 1000);
        window = window_view(client);
    }
    CHECK(json_text(window, "seed") == hex_encode(site.sql("SELECT seed FROM lottery_seed")));
    CHECK(json_int(window, "places_left") == 0);
    CHECK(site.sql("SELECT COUNT(*) FROM claims WHERE outcome = 'granted'") == std::to_string(places));
    CHECK(site.sql("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == "lottery_draw");

    // Each candidate's GET gives a new signed receipt with the final rank; the old one still verifies.
    std::set<long long> final_ranks;
    int granted = 0;
    for (auto& [id, answer] : before) {
        Candidate candidate;
        for (const auto& c : candidates) if (c.account_id == id) candidate = c;
        Answer after = claim(site, candidate, "GET");
        REQUIRE(after.status == 200);
        CHECK(after.body != answer.body);
        CHECK(signed_by_site(site, after.body));
        CHECK(signed_by_site(site, answer.body));
        CHECK(json_text(after.fields, "claim_id") == json_text(answer.fields, "claim_id"));
        CHECK(json_int(after.fields, "arrival_rank") == json_int(answer.fields, "arrival_rank"));
        CHECK(json_int(after.fields, "log_index") == json_int(answer.fields, "log_index"));  // kept by the draw
        long long rank = json_int(after.fields, "rank");
        final_ranks.insert(rank);
        CHECK(json_text(after.fields, "outcome") == (rank <= places ? "granted" : "waitlisted"));
        granted += json_text(after.fields, "outcome") == "granted" ? 1 : 0;
    }
    CHECK(granted == places);
    CHECK(final_ranks == std::set<long long>{1, 2, 3, 4, 5, 6, 7});
    // The claim after the period ranks after all drawn ones; so does one after the draw.
    CHECK(json_int(claim(site, candidates[7], "GET").fields, "rank") == 8);
    Answer after_draw = claim(site, candidates[8]);
    REQUIRE(after_draw.status == 201);
    CHECK(json_int(after_draw.fields, "rank") == 9);
    CHECK(json_text(after_draw.fields, "outcome") == "waitlisted");
    CHECK(signed_by_site(site, after_draw.body));

    // The public record: verifiable from itself alone; tampering is caught.
    HttpResponse record = client.get("/status/draw.json");
    REQUIRE(record.status == 200);
    std::string path = site.data() + "/draw-copy.json";
    std::ofstream(path) << record.body;
    CHECK(verify_draw(path, &output) == 0);
    CHECK(output.find("draw: verified") != std::string::npos);
    CHECK(record.body.find("@") == std::string::npos);  // no email address, no personal data
    Json parsed = parse_json(record.body);
    CHECK(json_array_size(json_object_get(parsed.get(), "claim_ids")) == 7);

    std::string seed = json_text(parsed, "seed");
    std::string changed_seed = record.body;
    changed_seed.replace(changed_seed.find(seed), 64, std::string(64, 'a'));
    std::ofstream(path) << changed_seed;
    CHECK(verify_draw(path, &output) == 1);
    CHECK(output.find("commitment") != std::string::npos);

    std::string dropped = record.body;
    std::string first_id = json_string_value(json_array_get(json_object_get(parsed.get(), "claim_ids"), 0));
    size_t at = dropped.find("\"" + first_id + "\",");
    REQUIRE(at != std::string::npos);
    dropped.erase(at, first_id.size() + 3);  // from claim_ids only (the first occurrence)
    std::ofstream(path) << dropped;
    CHECK(verify_draw(path, &output) == 1);
}

TEST_CASE("lottery_draw_killed_before_its_commit_leaves_the_old_state_and_can_run_again") {
    Site site;
    auto candidates = seed_candidates(site, 4);
    schedule_lottery(site, 2, 5);
    for (const auto& candidate : candidates) REQUIRE(claim(site, candidate).status == 201);
    wait_for_draw_period_end(site);
    std::string state_sql =
        "SELECT rank || outcome || COALESCE(CAST(draw_rank AS TEXT), '-') || receipt FROM claims ORDER BY rank";
    auto state = [&] {
        return join(site.column(state_sql), "|") + hex_encode(site.sql("SELECT seed FROM intake_window")) +
               site.sql("SELECT COALESCE(CAST(drawn_at AS TEXT), '-') || places_granted FROM intake_window") +
               site.sql("SELECT COUNT(*) FROM audit_log");
    };
    std::string before = state();

    // A failure injected just before the commit.
    auto admin = [&](const std::string& fault) {
        return "cd " + shell_quote(repo_root()) + " && GUICHET_TEST_DRAW_FAULT=" + shell_quote(fault) + " " +
               site.tool_env() + shell_quote(bin_dir() + "/guichet-admin") + " --data " + shell_quote(site.data()) + " draw";
    };
    std::string output;
    CHECK(run_command(admin("fail"), &output) == 1);
    CHECK(output.find("injected fault") != std::string::npos);
    CHECK(state() == before);

    // kill -9 while the draw's transaction has done all its writes but not committed.
    std::string marker = site.data() + "/draw-hanging";
    std::string pid_text;
    REQUIRE(run_command(admin("hang:" + marker) + " >/dev/null 2>&1 & echo $!", &pid_text) == 0);
    int pid = std::stoi(pid_text);
    for (int i = 0; i < 1200 && !read_file(marker); ++i) usleep(50 * 1000);  // a guard, not a timing claim
    REQUIRE(read_file(marker));
    REQUIRE(kill(pid, SIGKILL) == 0);
    for (int i = 0; i < 1200 && kill(pid, 0) == 0; ++i) usleep(50 * 1000);  // gone (init reaps it)
    CHECK(state() == before);
    CHECK(integrity_check(site) == "ok");
    CHECK(site.sql("SELECT COUNT(*) FROM claims WHERE outcome = 'pending_draw'") == "4");

    // The draw then runs in full.
    REQUIRE(site.admin({"draw"}) == 0);
    CHECK(site.sql("SELECT COUNT(*) FROM claims WHERE outcome = 'granted'") == "2");
    CHECK(site.sql("SELECT COUNT(*) FROM claims WHERE draw_rank IS NOT NULL") == "4");
}

TEST_CASE("lottery_console_schedules_with_a_commitment_and_draws_once") {
    Site site;
    std::string secret = add_admin(site, "ops");
    HttpClient console(site.url());
    REQUIRE(admin_login(console, "ops", secret).status == 200);
    auto candidates = seed_candidates(site, 2);
    HttpClient client(site.url());
    // Opening now, draw period of 4 seconds: times from this machine's clock, the handlers' too.
    auto plus = [&](int seconds) {
        return format_time(now_ms() / 1000 * 1000 + seconds * 1000LL);
    };
    std::string body = "{\"opens_at\":\"" + plus(-1) + "\",\"closes_at\":\"" + plus(3600) +
                       "\",\"places_total\":1,\"policy\":\"lottery\",\"draw_ends_at\":\"" + plus(4) + "\"}";
    HttpResponse put = console.put("/api/admin/window", body);
    REQUIRE(put.status == 200);
    std::string commitment = json_text(parse_json(put.body), "seed_commitment");
    CHECK(commitment.size() == 64);
    CHECK(json_text(window_view(client), "seed_commitment") == commitment);
    for (const auto& candidate : candidates) REQUIRE(claim(site, candidate).status == 201);
    HttpResponse early = console.post("/api/admin/window/draw", "");
    CHECK(early.status == 425);
    CHECK(is_error(early.body, "draw_too_early"));
    wait_for_draw_period_end(site);
    HttpResponse drawn = console.post("/api/admin/window/draw", "");
    REQUIRE(drawn.status == 200);
    CHECK(json_int(parse_json(drawn.body), "places_granted") == 1);
    CHECK(json_int(parse_json(drawn.body), "claims_drawn") == 2);
    HttpResponse again = console.post("/api/admin/window/draw", "");
    CHECK(again.status == 409);
    CHECK(is_error(again.body, "draw_done"));
    CHECK(console.request("POST", "/api/admin/window/draw", "", {"Origin: http://evil.example"}).status == 403);
    std::string path = site.data() + "/draw-copy.json";
    std::ofstream(path) << client.get("/status/draw.json").body;
    CHECK(verify_draw(path) == 0);
    CHECK(site.sql("SELECT who FROM audit_log WHERE action = 'lottery_draw'") == "ops");
}
