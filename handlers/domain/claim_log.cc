#include "domain/claim_log.h"

#include <stdexcept>

#include "base/clock.h"
#include "base/encoding.h"
#include "base/json.h"
#include "crypto/digest.h"

namespace guichet {

std::string log_entry_text(int64_t index, const LogFacts& facts, const std::string& prev) {
    Json entry(json_object());
    json_t* e = entry.get();
    json_object_set_new(e, "index", json_integer(index));
    json_object_set_new(e, "rank", json_integer(facts.rank));
    json_object_set_new(e, "claim_id", json_str(facts.claim_id));
    json_object_set_new(e, "received_at", json_str(format_time(facts.received_at)));
    json_object_set_new(e, "dossier_sha256", json_str(facts.dossier_sha256));
    json_object_set_new(e, "prev", json_str(prev));
    return json_dump(e);  // compact, sorted keys
}

std::string log_hash(const std::string& text) { return hex_encode(sha256(text)); }

LogHead log_head(Db& db) {
    Stmt stmt = db.prepare("SELECT idx, hash FROM claim_log ORDER BY idx DESC LIMIT 1");
    LogHead head;
    if (stmt.step()) {
        head.count = stmt.int64(0);
        head.hash = stmt.text(1);
    }
    return head;
}

namespace {

LogEntry insert_entry(Db& db, const LogHead& head, const LogFacts& facts) {
    LogEntry entry;
    entry.index = head.count + 1;
    entry.text = log_entry_text(entry.index, facts, head.hash);
    entry.hash = log_hash(entry.text);
    db.prepare("INSERT INTO claim_log (idx, claim_id, entry, hash) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, entry.index)
        .bind(2, facts.claim_id)
        .bind(3, entry.text)
        .bind(4, entry.hash)
        .defer();
    return entry;
}

// Claims that came before the log (rank > head.count, below `below`), each
// appended in rank order. Runs once, on the first claim after the migration.
LogHead fill_gap(Db& db, LogHead head, int64_t below) {
    std::vector<LogFacts> missing;
    {
        Stmt stmt = db.prepare(
            "SELECT rank, claim_id, received_at, dossier_sha256 FROM claims WHERE rank > ?1 AND rank < ?2 "
            "ORDER BY rank");
        stmt.bind(1, head.count).bind(2, below);
        while (stmt.step()) missing.push_back({stmt.int64(0), stmt.text(1), stmt.int64(2), stmt.text(3)});
    }
    for (const LogFacts& facts : missing) {
        if (facts.rank != head.count + 1) throw std::runtime_error("claim log: ranks have a gap");
        LogEntry entry = insert_entry(db, head, facts);
        head = {entry.index, entry.hash};
    }
    return head;
}

}  // namespace

LogHead log_head_before(Db& db, int64_t next_rank) {
    LogHead head = log_head(db);
    if (head.count + 1 < next_rank) head = fill_gap(db, head, next_rank);
    return head;
}

LogEntry append_at(Db& db, LogHead& head, const LogFacts& facts) {
    if (head.count + 1 != facts.rank) throw std::runtime_error("claim log: the entry's index is not its rank");
    LogEntry entry = insert_entry(db, head, facts);
    head = {entry.index, entry.hash};
    return entry;
}

LogEntry append_claim_log(Db& db, const LogFacts& facts) {
    LogHead head = log_head_before(db, facts.rank);
    return append_at(db, head, facts);
}

std::vector<LogEntry> log_entries(Db& db, int64_t first, int64_t last) {
    std::vector<LogEntry> entries;
    Stmt stmt = db.prepare("SELECT idx, entry, hash FROM claim_log WHERE idx BETWEEN ?1 AND ?2 ORDER BY idx");
    stmt.bind(1, first).bind(2, last);
    while (stmt.step()) entries.push_back({stmt.int64(0), stmt.text(1), stmt.text(2)});
    return entries;
}

}  // namespace guichet
