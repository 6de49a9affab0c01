#include "tools/guichet-verify/log_chain.h"

#include <string_view>

namespace guichet::verify {

namespace {

std::string num(int64_t n) { return std::to_string(n); }

// A segment's whole lines, and whatever follows the last newline.
struct Lines {
    std::vector<std::string_view> whole;
    std::string_view rest;
};

Lines split_lines(std::string_view content) {
    Lines lines;
    size_t start = 0;
    for (size_t end; (end = content.find('\n', start)) != std::string_view::npos; start = end + 1) {
        lines.whole.push_back(content.substr(start, end - start));
    }
    lines.rest = content.substr(start);
    return lines;
}

// Line `at` holds entry `found` where entry `expected` belongs: say which of
// missing, moved or repeated it is, from the rest of the segment.
std::string misplaced(const Lines& lines, size_t at, int64_t expected, int64_t found, const std::string& path) {
    std::string where = " (line " + num(static_cast<int64_t>(at) + 1) + " of " + path + ")";
    if (found < expected) return "entry " + num(found) + " appears again after entry " + num(expected - 1) + where;
    for (size_t later = at + 1; later < lines.whole.size(); ++later) {
        std::string why;
        std::optional<LogEntry> entry = parse_log_entry(lines.whole[later], why);
        if (entry && entry->index == expected) {
            return "entries out of order: entry " + num(found) + " comes before entry " + num(expected) + where;
        }
    }
    std::string before = expected == 1 ? "the start of the log" : "entry " + num(expected - 1);
    return "entry " + num(expected) + " is missing: entry " + num(found) + " follows " + before + where;
}

ChainCheck invalid(std::string problem) {
    ChainCheck check;
    check.verdict = Verdict::invalid;
    check.problem = std::move(problem);
    return check;
}

}  // namespace

ChainCheck check_chain(LogSource& source, int64_t through, const std::multimap<int64_t, Anchor>& anchors,
                       const EntryCheck& on_entry) {
    std::string prev_hash = kZeroHash, prev_time;
    int64_t index = 1;
    while (index <= through) {
        const std::string path = segment_path(index);
        std::optional<std::string> content = source.read(path);
        if (!content) {
            ChainCheck check;
            check.problem = "cannot read " + path + ", which holds entry " + num(index);
            return check;
        }
        Lines lines = split_lines(*content);
        if (static_cast<int64_t>(lines.whole.size()) > kEntriesPerSegment) {
            return invalid(path + " holds more than " + num(kEntriesPerSegment) + " entries");
        }
        const int64_t first = index;
        size_t at = 0;
        for (; at < lines.whole.size() && index <= through; ++at, ++index) {
            std::string_view line = lines.whole[at];
            std::string why;
            std::optional<LogEntry> entry = parse_log_entry(line, why);
            std::string where = " (line " + num(static_cast<int64_t>(at) + 1) + " of " + path + ")";
            if (!entry) return invalid("entry " + num(index) + " cannot be read: " + why + where);
            if (entry->index != index) return invalid(misplaced(lines, at, index, entry->index, path));
            if (entry->prev != prev_hash) {
                if (index == 1) return invalid("entry 1's prev is not 64 zeros: it was changed" + where);
                return invalid("entry " + num(index) + "'s prev is not the hash of entry " + num(index - 1) +
                               ": entry " + num(index - 1) + " or entry " + num(index) + " was changed" + where);
            }
            if (entry->rank != index) {
                return invalid("entry " + num(index) + " has rank " + num(entry->rank) +
                               ": an entry's arrival rank is its index" + where);
            }
            if (entry->received_at < prev_time) {
                return invalid("entry " + num(index) + " was received at " + entry->received_at + ", before entry " +
                               num(index - 1) + " (" + prev_time + "): a lower rank never has a later time" + where);
            }
            std::string hash = log_entry_hash(line);
            if (on_entry) {
                std::string problem = on_entry(*entry, hash);
                if (!problem.empty()) return invalid(problem);
            }
            auto [low, high] = anchors.equal_range(index);
            for (auto anchor = low; anchor != high; ++anchor) {
                if (anchor->second.head != hash) {
                    return invalid("entry " + num(index) + " does not hash to the head of " + anchor->second.what +
                                   " (count " + num(index) + "): the log up to it is not the one it signed");
                }
            }
            prev_hash = std::move(hash);
            prev_time = entry->received_at;
        }
        if (index <= through && index < first + kEntriesPerSegment) {
            if (!lines.rest.empty()) {
                return invalid("entry " + num(index) + " is cut short: " + path + " ends in the middle of it");
            }
            return invalid("entry " + num(index) + " is missing: " + path + " ends after entry " + num(index - 1));
        }
        if (index > through) {
            ChainCheck check;
            check.verdict = Verdict::valid;
            check.uncovered = static_cast<int64_t>(lines.whole.size() - at);
            return check;
        }
    }
    ChainCheck check;  // through == 0: the empty log
    check.verdict = Verdict::valid;
    return check;
}

}  // namespace guichet::verify
