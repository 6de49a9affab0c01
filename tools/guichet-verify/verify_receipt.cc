#include "tools/guichet-verify/verify_receipt.h"

#include <algorithm>
#include <exception>
#include <vector>

#include "crypto/ecdsa.h"
#include "base/encoding.h"
#include "base/json.h"

namespace guichet::verify {

ReceiptCheck check_receipt(const std::string& answer_json, const std::string& public_pem) {
    ReceiptCheck check;
    EcKey key;
    try {
        EcKey::load_public_pem(key, public_pem);
    } catch (const std::exception& error) {
        check.problem = std::string("public key: ") + error.what();
        return check;
    }
    json_error_t error;
    Json answer(json_loadb(answer_json.data(), answer_json.size(), JSON_REJECT_DUPLICATES, &error));
    const json_t* receipt = json_object_get(answer.get(), "receipt");
    const json_t* signature = json_object_get(answer.get(), "signature");
    if (!json_is_string(receipt) || !json_is_string(signature)) {
        check.problem = "not a {receipt, signature} object";
        return check;
    }
    check.receipt.assign(json_string_value(receipt), json_string_length(receipt));
    std::optional<std::string> raw = base64_decode(json_string_value(signature));
    if (!raw || raw->size() != 64) {
        check.verdict = Verdict::invalid;
        check.problem = "the signature is not 64 bytes of base64";
        return check;
    }
    bool valid = key.verify(check.receipt, *raw);
    check.verdict = valid ? Verdict::valid : Verdict::invalid;
    if (!valid) check.problem = "the signature does not match this receipt and key";
    return check;
}

std::string describe_receipt(const std::string& receipt) {
    json_error_t error;
    Json object(json_loadb(receipt.data(), receipt.size(), 0, &error));
    if (!json_is_object(object.get())) return "receipt: " + receipt + "\n";
    std::string out;
    const char* name;
    json_t* value;
    std::vector<std::string> names;
    json_object_foreach(object.get(), name, value) names.push_back(name);
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) {
        const json_t* v = json_object_get(object.get(), n.c_str());
        out += n + ": " + (json_is_string(v) ? std::string(json_string_value(v)) : json_dump(v)) + "\n";
    }
    // "rank" is the rank that decides the outcome; a receipt waiting for the
    // draw has none yet (null, arrival_rank beside it). Receipts made before
    // 2026-12-04 held the order of arrival in "rank".
    const json_t* outcome = json_object_get(object.get(), "outcome");
    if (json_is_string(outcome) && std::string(json_string_value(outcome)) == "pending_draw") {
        out += json_is_null(json_object_get(object.get(), "rank"))
                   ? "note: waiting for the draw, so there is no rank yet; arrival_rank is the order of arrival, and "
                     "the rank that decides comes with the receipt issued after the draw\n"
                   : "note: waiting for the draw, so rank is the order of arrival (a receipt from before "
                     "2026-12-04); the rank that decides comes with the receipt issued after the draw\n";
    }
    return out;
}

}  // namespace guichet::verify
