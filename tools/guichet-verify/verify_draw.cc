#include "tools/guichet-verify/verify_draw.h"

#include <set>
#include <vector>

#include "base/encoding.h"
#include "base/json.h"
#include "domain/lottery.h"

namespace guichet::verify {

namespace {

bool lowercase_hex(const std::string& text, size_t length) {
    if (text.size() != length) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

std::optional<std::vector<std::string>> string_array(const json_t* value) {
    if (!json_is_array(value)) return std::nullopt;
    std::vector<std::string> out;
    size_t index;
    json_t* item;
    json_array_foreach(value, index, item) {
        if (!json_is_string(item)) return std::nullopt;
        out.emplace_back(json_string_value(item), json_string_length(item));
    }
    return out;
}

DrawCheck invalid(std::string problem) {
    DrawCheck check;
    check.verdict = Verdict::invalid;
    check.problem = std::move(problem);
    return check;
}

}  // namespace

DrawCheck check_draw(const std::string& draw_json, const DrawExpectations& expect) {
    DrawCheck check;
    json_error_t error;
    Json record(json_loadb(draw_json.data(), draw_json.size(), JSON_REJECT_DUPLICATES, &error));
    if (!json_is_object(record.get())) {
        check.problem = "not a JSON object (draw.json)";
        return check;
    }
    const json_t* seed_value = json_object_get(record.get(), "seed");
    const json_t* commitment_value = json_object_get(record.get(), "seed_commitment");
    const json_t* places_value = json_object_get(record.get(), "places_total");
    auto claim_ids = string_array(json_object_get(record.get(), "claim_ids"));
    auto ranking = string_array(json_object_get(record.get(), "ranking"));
    if (!json_is_string(seed_value) || !json_is_string(commitment_value) || !json_is_integer(places_value) ||
        !claim_ids || !ranking) {
        check.problem = "draw.json needs seed, seed_commitment (text), places_total (integer), claim_ids and ranking (lists of text)";
        return check;
    }
    std::string seed_hex = json_string_value(seed_value);
    std::string commitment = json_string_value(commitment_value);
    json_int_t places_total = json_integer_value(places_value);
    if (!lowercase_hex(seed_hex, 64)) return invalid("the seed is not 64 lowercase hex digits (256 bits)");
    std::string seed = *hex_decode(seed_hex);
    if (seed_commitment(seed) != commitment) {
        return invalid("SHA-256(seed) is " + seed_commitment(seed) + ", not the published commitment " + commitment);
    }
    if (expect.commitment && *expect.commitment != commitment) {
        return invalid("the commitment in draw.json (" + commitment + ") is not the one you expected (" +
                       *expect.commitment + ")");
    }
    std::set<std::string> unique(claim_ids->begin(), claim_ids->end());
    if (unique.size() != claim_ids->size()) return invalid("claim_ids lists a claim twice");
    for (const std::string& id : *ranking) {
        if (!unique.count(id)) return invalid("the ranking has claim " + id + ", which is not in claim_ids");
    }
    if (ranking->size() != claim_ids->size()) {
        return invalid("the ranking has " + std::to_string(ranking->size()) + " claims, claim_ids " +
                       std::to_string(claim_ids->size()));
    }
    std::vector<std::string> recomputed = lottery_ranking(seed, *claim_ids);
    for (size_t i = 0; i < recomputed.size(); ++i) {
        if (recomputed[i] != (*ranking)[i]) {
            return invalid("rank " + std::to_string(i + 1) + " should be claim " + recomputed[i] +
                           " (HMAC-SHA256 order), the published ranking has " + (*ranking)[i]);
        }
    }
    check.report = "seed: matches the commitment " + commitment + "\n" + "ranking: recomputed from " +
                   std::to_string(claim_ids->size()) + " claim ids, identical to the published one\n" +
                   "places_total: " + std::to_string(places_total) + "\n";
    if (expect.claim_id) {
        size_t position = 0;
        while (position < recomputed.size() && recomputed[position] != *expect.claim_id) ++position;
        if (position == recomputed.size()) {
            return invalid("claim " + *expect.claim_id +
                           " is not among the claims of the draw period (a claim received after the period "
                           "ranks after all of them)");
        }
        bool granted = static_cast<json_int_t>(position) < places_total;
        check.report += "claim " + *expect.claim_id + ": rank " + std::to_string(position + 1) + ", " +
                        (granted ? "granted" : "waitlisted") + "\n";
    }
    check.verdict = Verdict::valid;
    return check;
}

}  // namespace guichet::verify
