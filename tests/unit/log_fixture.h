// A public log of claims built in memory for guichet-verify log's tests: the
// entries as the claim pool writes them (docs/claims.md), segments, signed
// checkpoints and receipts with a test key, and ways to tamper with each.
#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "base/encoding.h"
#include "base/json.h"
#include "crypto/ecdsa.h"
#include "crypto/random.h"
#include "tools/guichet-verify/log_chain.h"

namespace guichet::test {

class TestLog : public verify::LogSource {
public:
    Random random;
    EcKey key;
    std::string public_pem;
    std::vector<std::string> lines;  // entry texts, entry 1 first
    std::map<std::string, std::string> files;

    explicit TestLog(int count = 0) {
        EcKey::generate(key, random);
        public_pem = key.public_pem();
        append(count);
    }

    static std::string claim_id(int64_t index) {
        char id[40];
        std::snprintf(id, sizeof id, "%032llx", static_cast<unsigned long long>(index) * 7919);
        return id;
    }
    static std::string received_at(int64_t index) {
        char at[80];
        std::snprintf(at, sizeof at, "2026-02-16T13:%02lld:%02lld.%03lldZ", static_cast<long long>(30 + index / 60000),
                      static_cast<long long>(index / 1000 % 60), static_cast<long long>(index % 1000));
        return at;
    }
    static std::string entry_text(int64_t index, const std::string& prev, int64_t rank = 0) {
        Json entry(json_object());
        json_object_set_new(entry.get(), "claim_id", json_str(claim_id(index)));
        json_object_set_new(entry.get(), "dossier_sha256", json_str(hex_encode(std::string(32, char(index)))));
        json_object_set_new(entry.get(), "index", json_integer(index));
        json_object_set_new(entry.get(), "prev", json_str(prev));
        json_object_set_new(entry.get(), "rank", json_integer(rank ? rank : index));
        json_object_set_new(entry.get(), "received_at", json_str(received_at(index)));
        return json_dump(entry.get());
    }
    std::string hash(int64_t count) const {
        return count == 0 ? verify::kZeroHash : verify::log_entry_hash(lines[count - 1]);
    }
    void append(int count) {
        for (int i = 0; i < count; ++i) {
            int64_t index = static_cast<int64_t>(lines.size()) + 1;
            lines.push_back(entry_text(index, hash(index - 1)));
        }
    }
    // Every entry's prev and hash again from entry `from` on (a forger's rewrite).
    void rechain(int64_t from) {
        for (int64_t index = from; index <= static_cast<int64_t>(lines.size()); ++index) {
            Json entry(json_loadb(lines[index - 1].data(), lines[index - 1].size(), 0, nullptr));
            json_object_set_new(entry.get(), "prev", json_str(hash(index - 1)));
            lines[index - 1] = json_dump(entry.get());
        }
    }

    // The segment files from `lines`, each line followed by \n.
    void write_segments() {
        for (auto it = files.begin(); it != files.end();) it = it->first.rfind("entries/", 0) == 0 ? files.erase(it) : ++it;
        for (size_t i = 0; i < lines.size(); ++i) files[verify::segment_path(int64_t(i) + 1)] += lines[i] + "\n";
    }
    std::string signed_file(const char* member, const std::string& text) {
        Json file(json_object());
        json_object_set_new(file.get(), member, json_str(text));
        json_object_set_new(file.get(), "signature", json_str(base64_encode(key.sign(text, random))));
        return json_dump(file.get());
    }
    static std::string checkpoint_text(int64_t count, const std::string& head) {
        Json text(json_object());
        json_object_set_new(text.get(), "count", json_integer(count));
        json_object_set_new(text.get(), "head", json_str(head));
        json_object_set_new(text.get(), "log", json_str("guichet-claims-1"));
        json_object_set_new(text.get(), "program", json_str("test-program"));
        json_object_set_new(text.get(), "published_at", json_str(received_at(count < INT64_MAX ? count + 1 : count)));
        json_object_set_new(text.get(), "window", json_str("open"));
        return json_dump(text.get());
    }
    std::string checkpoint(int64_t count) { return signed_file("checkpoint", checkpoint_text(count, hash(count))); }
    // Segments, checkpoint.json for every entry, and checkpoints/N.json for each of `kept`.
    void publish(const std::vector<int64_t>& kept = {}) {
        write_segments();
        files["checkpoint.json"] = checkpoint(int64_t(lines.size()));
        for (int64_t count : kept) files["checkpoints/" + std::to_string(count) + ".json"] = checkpoint(count);
    }
    // The {receipt, signature} answer of the claim of entry `index`, as the claim pool signs it.
    std::string receipt(int64_t index, const std::string& claim = "") {
        Json text(json_object());
        json_object_set_new(text.get(), "candidate", json_str("ana@example.org"));
        json_object_set_new(text.get(), "claim_id", json_str(claim.empty() ? claim_id(index) : claim));
        json_object_set_new(text.get(), "dossier_sha256", json_str(hex_encode(std::string(32, char(index)))));
        json_object_set_new(text.get(), "log_hash", json_str(hash(index)));
        json_object_set_new(text.get(), "log_index", json_integer(index));
        json_object_set_new(text.get(), "outcome", json_str("granted"));
        json_object_set_new(text.get(), "rank", json_integer(index));
        json_object_set_new(text.get(), "received_at", json_str(received_at(index)));
        return signed_file("receipt", json_dump(text.get()));
    }

    std::optional<std::string> read(const std::string& path) override {
        auto it = files.find(path);
        return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    std::vector<std::string> checkpoint_names() override {
        std::vector<std::string> names;
        for (const auto& [path, content] : files) {
            if (path.rfind("checkpoints/", 0) == 0) names.push_back(path.substr(12));
        }
        return names;
    }
};

}  // namespace guichet::test
