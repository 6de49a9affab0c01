// Checking a claim receipt offline: the {receipt, signature} answer of
// /api/claim against the published public key (keys/receipt.pem).
#pragma once

#include <string>

namespace guichet::verify {

enum class Verdict { valid, invalid, unreadable };

struct ReceiptCheck {
    Verdict verdict = Verdict::unreadable;
    std::string receipt;  // the signed text, when the answer could be read
    std::string problem;  // why it is invalid or unreadable
};

// answer_json: the {receipt, signature} JSON text; public_pem: the key.
ReceiptCheck check_receipt(const std::string& answer_json, const std::string& public_pem);

// "name: value" lines for the receipt's members (sorted), for people to read;
// for a receipt waiting for the draw, a note that its rank is the arrival.
std::string describe_receipt(const std::string& receipt);

}  // namespace guichet::verify
