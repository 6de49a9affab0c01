// The ranked list through the real site (console and command line): `rank` is
// the rank that decides the outcome, the same number as on the candidate's
// receipt, and `arrival_rank` the order of arrival. Under fcfs they are equal;
// under the lottery there is no rank before the draw, and after it the rows
// follow the draw.
#include <doctest/doctest.h>
#include <unistd.h>

#include <map>
#include <sstream>

#include "base/clock.h"
#include "base/files.h"
#include "tests/integration/admin_helpers.h"
#include "tests/integration/claim_fixture.h"
#include "tests/integration/json_util.h"
#include "tests/integration/site.h"

using namespace guichet;
using namespace guichet::test;

namespace {

const char kHeader[] = "\"rank\",\"arrival_rank\",\"claim_id\",\"received_at\",\"outcome\",\"name\",\"email\",\"dossier_sha256\",\"review\"";

struct Row {
    std::string rank, arrival_rank, claim_id, outcome, email;
};

// The export's rows (every cell quoted, CRLF; seeded names hold no quote).
std::vector<Row> rows_of(const std::string& csv, std::string* header) {
    std::istringstream lines(csv.substr(csv.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0));
    std::string line;
    std::vector<Row> rows;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (header->empty()) {
            *header = line;
            continue;
        }
        std::vector<std::string> cells;
        std::string inner = line.substr(1, line.size() - 2);
        for (size_t at = 0;;) {
            size_t next = inner.find("\",\"", at);
            cells.push_back(inner.substr(at, next == std::string::npos ? std::string::npos : next - at));
            if (next == std::string::npos) break;
            at = next + 3;
        }
        REQUIRE(cells.size() == 9);
        rows.push_back({cells[0], cells[1], cells[2], cells[4], cells[6]});
    }
    return rows;
}

std::vector<Row> exported(HttpClient& console) {
    HttpResponse csv = console.get("/api/admin/claims.csv");
    REQUIRE(csv.status == 200);
    std::string header;
    std::vector<Row> rows = rows_of(csv.body, &header);
    CHECK(header == kHeader);
    return rows;
}

// What the candidate's receipt says now.
Json receipt_of(const Site& site, const Candidate& candidate) {
    HttpClient client(site.url());
    log_in(client, candidate);
    HttpResponse answer = client.get("/api/claim");
    REQUIRE(answer.status == 200);
    return parse_json(json_text(parse_json(answer.body), "receipt"));
}

std::string number(const Json& object, const char* key) { return std::to_string(json_int(object, key)); }

}  // namespace

TEST_CASE("export_under_fcfs_ranks_by_arrival_and_the_rank_is_the_receipts") {
    Site site;
    auto candidates = seed_candidates(site, 3);
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "2"}) == 0);
    for (const auto& candidate : candidates) {
        HttpClient client(site.url());
        log_in(client, candidate);
        REQUIRE(client.post("/api/claim", "").status == 201);
    }
    HttpClient console(site.url());
    REQUIRE(admin_login(console, "ops", add_admin(site, "ops")).status == 200);
    std::vector<Row> rows = exported(console);
    REQUIRE(rows.size() == 3);
    for (size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i].rank == std::to_string(i + 1));
        CHECK(rows[i].arrival_rank == rows[i].rank);
        CHECK(rows[i].outcome == (i < 2 ? "granted" : "waitlisted"));
        for (const auto& candidate : candidates) {
            if (candidate.email == rows[i].email) CHECK(number(receipt_of(site, candidate), "rank") == rows[i].rank);
        }
    }
}

TEST_CASE("export_under_the_lottery_has_no_rank_before_the_draw_and_the_receipts_rank_after_it") {
    Site site;
    const int places = 2;
    auto candidates = seed_candidates(site, 5);
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", std::to_string(places),
                        "--policy", "lottery", "--draw-ends-at", "+6"}) == 0);
    std::map<std::string, Json> pending;  // by email
    for (int i = 0; i < 4; ++i) {
        HttpClient client(site.url());
        log_in(client, candidates[i]);
        REQUIRE(client.post("/api/claim", "").status == 201);
        pending[candidates[i].email] = receipt_of(site, candidates[i]);
        REQUIRE(json_is_true(json_object_get(pending[candidates[i].email].get(), "in_draw")));
    }
    HttpClient console(site.url());
    REQUIRE(admin_login(console, "ops", add_admin(site, "ops")).status == 200);

    // Before the draw: no rank, only the arrival, in arrival order.
    std::vector<Row> before = exported(console);
    REQUIRE(before.size() == 4);
    for (size_t i = 0; i < before.size(); ++i) {
        CHECK(before[i].rank == "");
        CHECK(before[i].arrival_rank == std::to_string(i + 1));
        CHECK(before[i].outcome == "pending_draw");
    }
    Json json = parse_json(console.get("/api/admin/claims.json").body);
    json_t* first = json_array_get(json_object_get(json.get(), "claims"), 0);
    CHECK(json_is_null(json_object_get(first, "rank")));
    CHECK(json_integer_value(json_object_get(first, "arrival_rank")) == 1);

    // A claim after the period, then the draw.
    std::string ends = site.sql("SELECT draw_ends_at FROM intake_window");
    while (now_ms() <= std::stoll(ends)) {
        usleep(200 * 1000);
    }
    {
        HttpClient client(site.url());
        log_in(client, candidates[4]);
        REQUIRE(client.post("/api/claim", "").status == 201);
    }
    REQUIRE(site.admin({"draw"}) == 0);

    // After it: the rows follow the final rank, and each holds its receipt's two numbers.
    std::vector<Row> after = exported(console);
    REQUIRE(after.size() == 5);
    for (size_t i = 0; i < after.size(); ++i) {
        const Row& row = after[i];
        CHECK(row.rank == std::to_string(i + 1));
        CHECK(row.outcome == (i < static_cast<size_t>(places) ? "granted" : "waitlisted"));
        for (const auto& candidate : candidates) {
            if (candidate.email != row.email) continue;
            Json receipt = receipt_of(site, candidate);
            CHECK(number(receipt, "rank") == row.rank);
            CHECK(number(receipt, "arrival_rank") == row.arrival_rank);
            CHECK(json_text(receipt, "outcome") == row.outcome);
            if (pending.count(candidate.email)) CHECK(number(pending[candidate.email], "arrival_rank") == row.arrival_rank);
        }
    }
    CHECK(after[4].email == candidates[4].email);  // the late claim ranks after every drawn one
    CHECK(after[4].arrival_rank == "5");

    // The command line exports the same list.
    std::string file = site.data() + "/claims.csv";
    REQUIRE(site.admin({"export", "claims.csv", "--output", file}) == 0);
    std::string header;
    std::vector<Row> cli = rows_of(read_file(file).value_or(""), &header);
    CHECK(header == kHeader);
    REQUIRE(cli.size() == after.size());
    for (size_t i = 0; i < cli.size(); ++i) {
        CHECK(cli[i].claim_id == after[i].claim_id);
        CHECK(cli[i].rank == after[i].rank);
    }
}
