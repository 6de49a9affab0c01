// Fuzzes guichet-verify log's readers on hostile published files: the input
// as an entry line, as a checkpoint file, as the first segment under a signed
// checkpoint whose head nobody knows the preimage of, and as the receipt and
// the older checkpoint. Nothing may crash, and a forgery never verifies.
#include <cstdint>
#include <string>

#include "base/encoding.h"
#include "tests/unit/log_fixture.h"
#include "tools/guichet-verify/log_checkpoint.h"
#include "tools/guichet-verify/verify_log.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace guichet;
    using verify::Verdict;
    static test::TestLog* log = [] {
        auto* made = new test::TestLog(0);
        std::string head = hex_encode(made->random.bytes(32));
        made->files["checkpoint.json"] = made->signed_file("checkpoint", test::TestLog::checkpoint_text(3, head));
        return made;
    }();
    std::string text(reinterpret_cast<const char*>(data), size);
    std::string why;
    (void)verify::parse_log_entry(text, why);
    if (verify::read_checkpoint(text, log->key).verdict == Verdict::valid) __builtin_trap();

    log->files["entries/000001.jsonl"] = text;
    if (verify::check_log(*log, log->public_pem).verdict == Verdict::valid) __builtin_trap();
    log->files["entries/000001.jsonl"] = "";
    if (verify::check_log(*log, log->public_pem, {text, text}).verdict == Verdict::valid) __builtin_trap();
    return 0;
}
