#include "domain/log_publish.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "base/clock.h"
#include "base/encoding.h"
#include "base/fd.h"
#include "base/files.h"
#include "base/json.h"
#include "domain/claim_log.h"
#include "domain/window.h"

namespace guichet {

void prepare_log_dir(const std::string& dir) {
    for (const std::string& path : {dir, dir + "/entries", dir + "/checkpoints"}) {
        if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
            throw std::runtime_error("cannot make " + path + ": " + strerrorname_np(errno));
        }
    }
}

std::optional<Published> read_published(const std::string& dir) {
    std::optional<std::string> file = read_file(dir + "/checkpoint.json");
    if (!file) return std::nullopt;
    try {
        Json outer = json_parse_object(*file);
        const char* text = json_string_value(json_object_get(outer.get(), "checkpoint"));
        if (!text) return std::nullopt;
        Json checkpoint = json_parse_object(text);
        json_t* count = json_object_get(checkpoint.get(), "count");
        const char* window = json_string_value(json_object_get(checkpoint.get(), "window"));
        if (!json_is_integer(count) || !window) return std::nullopt;
        return Published{json_integer_value(count), window};
    } catch (const std::exception&) {
        return std::nullopt;  // unreadable: published again in full
    }
}

namespace {

std::string segment_path(const std::string& dir, int64_t segment) {
    char name[32];
    std::snprintf(name, sizeof name, "/entries/%06lld.jsonl", static_cast<long long>(segment));
    return dir + name;
}

// What one round publishes, read in one snapshot.
struct Snapshot {
    LogHead head;
    std::string window;
    int64_t first_segment = 1;
    std::vector<LogEntry> entries;  // from first_segment's first entry to head.count
};

Snapshot read_snapshot(Db& db, int64_t published, int64_t now) {
    Transaction tx(db, Transaction::read);
    Snapshot snap;
    snap.head = log_head(db);
    std::optional<Window> window = load_window(db);
    snap.window = window ? state_name(window_state(*window, now)) : "none";
    // The segment holding the first unpublished entry (it may have grown); all
    // of them when the published count is ahead of the database's (restored).
    if (published > snap.head.count || published < 0) published = 0;
    snap.first_segment = published / kLogSegment + 1;
    if (snap.head.count > published || published == 0) {
        snap.entries = log_entries(db, (snap.first_segment - 1) * kLogSegment + 1, snap.head.count);
    }
    tx.commit();
    return snap;
}

std::string checkpoint_file(const Snapshot& snap, const std::string& program, const EcKey& key, Random& random,
                            int64_t now) {
    Json checkpoint(json_object());
    json_t* c = checkpoint.get();
    json_object_set_new(c, "log", json_str(kLogName));
    json_object_set_new(c, "program", json_str(program));
    json_object_set_new(c, "count", json_integer(snap.head.count));
    json_object_set_new(c, "head", json_str(snap.head.hash));
    json_object_set_new(c, "window", json_str(snap.window));
    json_object_set_new(c, "published_at", json_str(format_time(now)));
    std::string text = json_dump(c);
    Json file(json_object());
    json_object_set_new(file.get(), "checkpoint", json_str(text));
    json_object_set_new(file.get(), "signature", json_str(base64_encode(key.sign_deterministic(text, random))));
    return json_dump(file.get()) + "\n";
}

}  // namespace

bool publish_log(Db& db, const std::string& dir, const std::string& program, const EcKey& key, Random& random,
                 int64_t now) {
    Fd lock(open((dir + "/.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!lock.valid()) throw std::runtime_error("cannot open " + dir + "/.lock: " + strerrorname_np(errno));
    if (flock(lock.get(), LOCK_EX | LOCK_NB) != 0) return false;  // another worker's round

    std::optional<Published> published = read_published(dir);
    Snapshot snap = read_snapshot(db, published ? published->count : -1, now);
    if (published && published->count == snap.head.count && published->window == snap.window) return false;

    // The entries first, segment by segment, then the checkpoint that covers them.
    size_t i = 0;
    for (int64_t segment = snap.first_segment; i < snap.entries.size(); ++segment) {
        std::string lines;
        for (; i < snap.entries.size() && snap.entries[i].index <= segment * kLogSegment; ++i) {
            lines += snap.entries[i].text;
            lines += '\n';
        }
        write_file_atomically(segment_path(dir, segment), lines);
    }
    std::string file = checkpoint_file(snap, program, key, random, now);
    std::string numbered = dir + "/checkpoints/" + std::to_string(snap.head.count) + ".json";
    struct stat info;
    if (stat(numbered.c_str(), &info) != 0) write_file_atomically(numbered, file);
    write_file_atomically(dir + "/checkpoint.json", file);
    return true;
}

}  // namespace guichet
