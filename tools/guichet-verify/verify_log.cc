#include "tools/guichet-verify/verify_log.h"

#include <algorithm>
#include <exception>

#include "base/json.h"
#include "crypto/ecdsa.h"
#include "tools/guichet-verify/log_checkpoint.h"

namespace guichet::verify {

namespace {

std::string num(int64_t n) { return std::to_string(n); }

LogCheck fail(Verdict verdict, std::string problem) {
    LogCheck check;
    check.verdict = verdict;
    check.problem = std::move(problem);
    return check;
}

// "12.json" → 12; anything else in checkpoints/ is not a checkpoint.
std::optional<int64_t> checkpoint_file_count(const std::string& name) {
    size_t digits = name.size() > 5 ? name.size() - 5 : 0;
    if (digits == 0 || digits > 18 || name.compare(digits, 5, ".json") != 0) return std::nullopt;
    int64_t count = 0;
    for (size_t i = 0; i < digits; ++i) {
        if (name[i] < '0' || name[i] > '9') return std::nullopt;
        count = count * 10 + (name[i] - '0');
    }
    return count;
}

// What a receipt says about its entry.
struct ReceiptEntry {
    int64_t log_index = 0, arrival_rank = 0;
    std::string log_hash, claim_id, dossier_sha256, received_at;
};

std::optional<ReceiptEntry> receipt_entry(const std::string& receipt, std::string& why) {
    json_error_t error;
    Json object(json_loadb(receipt.data(), receipt.size(), JSON_REJECT_DUPLICATES, &error));
    const json_t* index = json_object_get(object.get(), "log_index");
    const json_t* arrival = json_object_get(object.get(), "arrival_rank");
    if (!json_is_integer(arrival)) arrival = json_object_get(object.get(), "rank");
    auto text = [&](const char* name) {
        const json_t* value = json_object_get(object.get(), name);
        return json_is_string(value) ? std::string(json_string_value(value), json_string_length(value)) : "";
    };
    why = "your receipt has no log_index and log_hash (its entry in the log)";
    if (!json_is_integer(index) || json_integer_value(index) < 1 || !lowercase_hex(text("log_hash"), 64)) return std::nullopt;
    // Waiting for the draw, rank is null and arrival_rank holds the arrival.
    why = "your receipt has no arrival rank (arrival_rank, else rank)";
    if (!json_is_integer(arrival)) return std::nullopt;
    return ReceiptEntry{json_integer_value(index), json_integer_value(arrival), text("log_hash"), text("claim_id"),
                        text("dossier_sha256"), text("received_at")};
}

std::string compare_receipt(const ReceiptEntry& mine, const LogEntry& entry, const std::string& hash) {
    std::string at = "entry " + num(entry.index);
    if (hash != mine.log_hash) return at + " was changed: it does not hash to your receipt's log_hash";
    if (entry.claim_id != mine.claim_id) return at + " is claim " + entry.claim_id + ", your receipt's is " + mine.claim_id;
    if (entry.dossier_sha256 != mine.dossier_sha256) return at + "'s dossier_sha256 is not your receipt's";
    if (entry.received_at != mine.received_at) {
        return at + " was received at " + entry.received_at + ", your receipt says " + mine.received_at;
    }
    if (entry.rank != mine.arrival_rank) {
        return at + " has arrival rank " + num(entry.rank) + ", your receipt " + num(mine.arrival_rank);
    }
    return "";
}

}  // namespace

LogCheck check_log(LogSource& source, const std::string& public_pem, const LogExpectations& expect) {
    EcKey key;
    try {
        EcKey::load_public_pem(key, public_pem);
    } catch (const std::exception& error) {
        return fail(Verdict::unreadable, std::string("public key: ") + error.what());
    }
    std::optional<std::string> latest_file = source.read("checkpoint.json");
    if (!latest_file) return fail(Verdict::unreadable, "cannot read checkpoint.json");
    CheckpointRead latest = read_checkpoint(*latest_file, key);
    if (latest.verdict != Verdict::valid) return fail(latest.verdict, "checkpoint.json: " + latest.problem);
    const Checkpoint& head = latest.checkpoint;
    std::multimap<int64_t, Anchor> anchors{{head.count, {head.head, "the signed checkpoint (checkpoint.json)"}}};
    int64_t through = head.count;
    std::string report = "checkpoint: " + num(head.count) + " entries, head " + head.head + ", program " +
                         head.program + ", published at " + head.published_at + ", window " + head.window +
                         ": signature valid\n";

    std::vector<std::pair<int64_t, std::string>> files;
    for (const std::string& name : source.checkpoint_names()) {
        if (auto count = checkpoint_file_count(name)) files.emplace_back(*count, name);
    }
    std::sort(files.begin(), files.end());
    for (const auto& [count, name] : files) {
        std::string path = "checkpoints/" + name;
        std::optional<std::string> text = source.read(path);
        if (!text) return fail(Verdict::unreadable, "cannot read " + path);
        CheckpointRead read = read_checkpoint(*text, key);
        if (read.verdict != Verdict::valid) return fail(read.verdict, path + ": " + read.problem);
        if (read.checkpoint.count != count) {
            return fail(Verdict::invalid, path + " holds a checkpoint of " + num(read.checkpoint.count) + " entries");
        }
        anchors.emplace(count, Anchor{read.checkpoint.head, path});
        through = std::max(through, count);
    }
    if (!files.empty()) report += "checkpoints/: " + num(static_cast<int64_t>(files.size())) + " files, each signed and on the chain\n";

    if (expect.since) {
        CheckpointRead since = read_checkpoint(*expect.since, key);
        if (since.verdict != Verdict::valid) return fail(since.verdict, "your older checkpoint: " + since.problem);
        if (since.checkpoint.count > head.count) {
            return fail(Verdict::invalid, "your older checkpoint counts " + num(since.checkpoint.count) +
                                              " entries, the latest only " + num(head.count) +
                                              ": the log lost entries (or this copy of it is older than yours)");
        }
        anchors.emplace(since.checkpoint.count, Anchor{since.checkpoint.head, "your older checkpoint"});
        report += "since: your older checkpoint (" + num(since.checkpoint.count) + " entries, published at " +
                  since.checkpoint.published_at + ") is on the chain: the log was only extended since\n";
    }

    std::optional<ReceiptEntry> mine;
    if (expect.receipt) {
        ReceiptCheck receipt = check_receipt(*expect.receipt, public_pem);
        if (receipt.verdict != Verdict::valid) return fail(receipt.verdict, "your receipt: " + receipt.problem);
        std::string why;
        mine = receipt_entry(receipt.receipt, why);
        if (!mine) return fail(Verdict::invalid, why);
        if (mine->log_index > through) {
            return fail(Verdict::invalid, "your receipt's entry " + num(mine->log_index) +
                                              " is not covered yet: the checkpoint counts " + num(head.count) +
                                              " entries (one is published every few seconds: fetch the log again)");
        }
        report += "receipt: signature valid; entry " + num(mine->log_index) + " of " + num(through) +
                  " is your claim " + mine->claim_id + " (its hash, claim_id, dossier_sha256, received_at, arrival rank " +
                  num(mine->arrival_rank) + ")\n";
    }
    EntryCheck on_entry = [&](const LogEntry& entry, const std::string& hash) {
        return mine && entry.index == mine->log_index ? compare_receipt(*mine, entry, hash) : std::string();
    };
    ChainCheck chain = check_chain(source, through, anchors, on_entry);
    if (chain.verdict != Verdict::valid) return fail(chain.verdict, chain.problem);
    report += "chain: entries 1…" + num(through) +
              ": consecutive indexes, each prev the hash of the entry before, ranks and times in order, "
              "every signed head in its place\n";
    if (chain.uncovered > 0) {
        report += "after the checkpoint: " + num(chain.uncovered) + " more entries, not covered by it yet (not checked)\n";
    }
    LogCheck check;
    check.verdict = Verdict::valid;
    check.report = std::move(report);
    return check;
}

}  // namespace guichet::verify
