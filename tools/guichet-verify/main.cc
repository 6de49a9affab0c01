// guichet-verify: offline checks anyone can run with only public material.
//
//   guichet-verify [receipt] [--key receipt.pem] ANSWER.json
//       ANSWER.json is the {receipt, signature} answer of /api/claim; the key
//       is the site's /keys/receipt.pem (default: ./receipt.pem).
//       Exit 0 and the receipt's fields when the signature is valid,
//       1 when it is not, 2 when the input or key cannot be read.
//
//   guichet-verify draw [--commitment HEX] [--claim-id ID] DRAW.json
//       DRAW.json is the site's /status/draw.json. Checks SHA-256(seed) against
//       the commitment and recomputes the ranking from the claim ids alone;
//       with --claim-id, prints that claim's final rank and outcome.
//       Exit 0 when everything matches, 1 when not, 2 when unreadable.
//
//   guichet-verify log [--key receipt.pem] --dir LOGDIR [--receipt ANSWER.json] [--since OLD.json]
//       LOGDIR is a copy of the site's /log/ (checkpoint.json, entries/,
//       checkpoints/). Checks the checkpoint's signature and the whole chain
//       from entry 1; with --receipt, that the receipt's entry is in it; with
//       --since, that a checkpoint kept from earlier is on the same chain.
//       Exit 0 when it all holds, 1 at the first check that fails (named on
//       stderr), 2 when a file or the key cannot be read.
//
// Subcommands are a table, so more checks can join.
#include <cstdio>
#include <string>
#include <vector>

#include "base/files.h"
#include "tools/guichet-verify/log_directory.h"
#include "tools/guichet-verify/verify_draw.h"
#include "tools/guichet-verify/verify_log.h"
#include "tools/guichet-verify/verify_receipt.h"

namespace {

using Args = std::vector<std::string>;

const char kUsage[] =
    "usage: guichet-verify [receipt] [--key receipt.pem] ANSWER.json\n"
    "  checks the {receipt, signature} answer of /api/claim against the public key\n"
    "  exit 0: valid; 1: invalid signature; 2: unreadable input\n"
    "usage: guichet-verify draw [--commitment HEX] [--claim-id ID] DRAW.json\n"
    "  checks a lottery draw (/status/draw.json): the seed against its commitment,\n"
    "  and the ranking recomputed from the claim ids; exit 0: matches; 1: does not; 2: unreadable\n"
    "usage: guichet-verify log [--key receipt.pem] --dir LOGDIR [--receipt ANSWER.json] [--since OLD.json]\n"
    "  checks a copy of the site's /log/: the checkpoint's signature, the chain from entry 1, your\n"
    "  receipt's entry, an older checkpoint's consistency; exit 0: valid; 1: invalid; 2: unreadable\n";

int cmd_receipt(const Args& args) {
    std::string key_path = "receipt.pem", answer_path;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--key" && i + 1 < args.size()) key_path = args[++i];
        else if (answer_path.empty() && args[i].rfind("--", 0) != 0) answer_path = args[i];
        else answer_path.clear(), i = args.size();
    }
    if (answer_path.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    auto pem = guichet::read_file(key_path);
    if (!pem) {
        std::fprintf(stderr, "guichet-verify: cannot read the key %s\n", key_path.c_str());
        return 2;
    }
    auto answer = guichet::read_file(answer_path);
    if (!answer) {
        std::fprintf(stderr, "guichet-verify: cannot read %s\n", answer_path.c_str());
        return 2;
    }
    using guichet::verify::Verdict;
    guichet::verify::ReceiptCheck check = guichet::verify::check_receipt(*answer, *pem);
    if (check.verdict == Verdict::unreadable) {
        std::fprintf(stderr, "guichet-verify: %s\n", check.problem.c_str());
        return 2;
    }
    if (check.verdict == Verdict::invalid) {
        std::fprintf(stderr, "guichet-verify: INVALID: %s\n", check.problem.c_str());
        return 1;
    }
    std::fputs(guichet::verify::describe_receipt(check.receipt).c_str(), stdout);
    std::puts("signature: valid");
    return 0;
}

// A check's verdict as the exit status: 2 unreadable, 1 invalid (with `label`
// and the problem), 0 valid (its report, then `verified`).
template <class Check>
int conclude(const Check& check, const char* label, const char* verified) {
    using guichet::verify::Verdict;
    if (check.verdict == Verdict::unreadable) {
        std::fprintf(stderr, "guichet-verify: %s\n", check.problem.c_str());
        return 2;
    }
    if (check.verdict == Verdict::invalid) {
        std::fprintf(stderr, "guichet-verify: %s: %s\n", label, check.problem.c_str());
        return 1;
    }
    std::fputs(check.report.c_str(), stdout);
    std::puts(verified);
    return 0;
}

int cmd_draw(const Args& args) {
    guichet::verify::DrawExpectations expect;
    std::string path;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--commitment" && i + 1 < args.size()) expect.commitment = args[++i];
        else if (args[i] == "--claim-id" && i + 1 < args.size()) expect.claim_id = args[++i];
        else if (path.empty() && args[i].rfind("--", 0) != 0) path = args[i];
        else path.clear(), i = args.size();
    }
    if (path.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    auto text = guichet::read_file(path);
    if (!text) {
        std::fprintf(stderr, "guichet-verify: cannot read %s\n", path.c_str());
        return 2;
    }
    guichet::verify::DrawCheck check = guichet::verify::check_draw(*text, expect);
    return conclude(check, "DRAW DOES NOT CHECK OUT", "draw: verified");
}

int cmd_log(const Args& args) {
    std::string key_path = "receipt.pem", dir, receipt_path, since_path;
    bool usage = false;
    for (size_t i = 0; i < args.size(); ++i) {
        bool has_value = i + 1 < args.size();
        if (args[i] == "--key" && has_value) key_path = args[++i];
        else if (args[i] == "--dir" && has_value) dir = args[++i];
        else if (args[i] == "--receipt" && has_value) receipt_path = args[++i];
        else if (args[i] == "--since" && has_value) since_path = args[++i];
        else usage = true;
    }
    if (usage || dir.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    guichet::verify::LogExpectations expect;
    for (auto [path, into] : {std::pair{&receipt_path, &expect.receipt}, std::pair{&since_path, &expect.since}}) {
        if (path->empty()) continue;
        *into = guichet::read_file(*path);
        if (!*into) {
            std::fprintf(stderr, "guichet-verify: cannot read %s\n", path->c_str());
            return 2;
        }
    }
    auto pem = guichet::read_file(key_path);
    if (!pem) {
        std::fprintf(stderr, "guichet-verify: cannot read the key %s\n", key_path.c_str());
        return 2;
    }
    guichet::verify::LogDirectory source(dir);
    guichet::verify::LogCheck check = guichet::verify::check_log(source, *pem, expect);
    return conclude(check, "INVALID", "log: verified");
}

struct Command {
    const char* name;
    int (*run)(const Args&);
};
const Command kCommands[] = {
    {"receipt", cmd_receipt},
    {"draw", cmd_draw},
    {"log", cmd_log},
};

}  // namespace

int main(int argc, char** argv) {
    Args args(argv + 1, argv + argc);
    if (!args.empty() && (args[0] == "--help" || args[0] == "help")) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    for (const Command& command : kCommands) {
        if (!args.empty() && args[0] == command.name) return command.run(Args(args.begin() + 1, args.end()));
    }
    return cmd_receipt(args);  // the default: a receipt
}
