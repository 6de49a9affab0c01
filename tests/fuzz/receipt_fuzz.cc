// Fuzzes receipt verification: guichet-verify's reading of a {receipt,
// signature} file against a real public key, EcKey::verify on arbitrary
// message/signature bytes, and the public-key PEM loader. A forged input must
// never verify, and nothing may crash.
#include <cstdint>
#include <exception>
#include <string>

#include "crypto/ecdsa.h"
#include "base/encoding.h"
#include "crypto/random.h"
#include "tools/guichet-verify/verify_receipt.h"

namespace {

struct Keys {
    guichet::EcKey key;
    std::string public_pem;
    Keys() {
        guichet::Random random;
        guichet::EcKey::generate(key, random);
        public_pem = key.public_pem();
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace guichet;
    static Keys keys;
    std::string text(reinterpret_cast<const char*>(data), size);
    verify::ReceiptCheck check = verify::check_receipt(text, keys.public_pem);
    if (check.verdict == verify::Verdict::valid) __builtin_trap();  // nobody but the key's owner signs
    if (!check.receipt.empty()) (void)verify::describe_receipt(check.receipt);
    (void)verify::describe_receipt(text);
    // Raw verify: the first 64 bytes as r||s over the rest, and any length as a signature.
    if (size >= 64 && keys.key.verify(text.substr(64), text.substr(0, 64))) __builtin_trap();
    (void)keys.key.verify("receipt", text);
    // The public key file itself is operator input to guichet-verify.
    try {
        EcKey key;
        EcKey::load_public_pem(key, text);
    } catch (const std::exception&) {
    }
    return 0;
}
