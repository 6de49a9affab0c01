// guichet-seed: FOR TESTS AND BENCHMARKS ONLY. Adds N candidates ready to
// claim to a site's database and prints, one line each,
// "<account id> <email> <session cookie>". See seed.h.
//
//   guichet-seed [--data DIR] --count N [--out FILE]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "base/config.h"
#include "tools/guichet-seed/seed.h"

int main(int argc, char** argv) {
    using namespace guichet;
    std::string count_text, out_path;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (i + 1 < argc && arg == "--data") setenv("GUICHET_DATA", argv[++i], 1);
        else if (i + 1 < argc && arg == "--count") count_text = argv[++i];
        else if (i + 1 < argc && arg == "--out") out_path = argv[++i];
        else count_text.clear(), i = argc;
    }
    char* end = nullptr;
    long long count = count_text.empty() ? 0 : std::strtoll(count_text.c_str(), &end, 10);
    if (count <= 0 || count > 10000000 || *end != '\0') {
        std::fputs("usage: guichet-seed [--data DIR] --count N [--out FILE]   (tests and benchmarks only)\n", stderr);
        return 2;
    }
    try {
        Config config = Config::from_environment("seed");
        Db db(config.db_path, Durability::normal);
        Program program = load_program(config.program_path);
        Random random;
        auto seeded = seed::seed_candidates(db, program, count, random, candidate_sessions(config));
        FILE* out = out_path.empty() ? stdout : std::fopen(out_path.c_str(), "w");
        if (!out) throw std::runtime_error("cannot write " + out_path);
        for (const auto& c : seeded) {
            std::fprintf(out, "%lld %s %s\n", static_cast<long long>(c.account_id), c.email.c_str(), c.cookie.c_str());
        }
        if (out != stdout && std::fclose(out) != 0) throw std::runtime_error("cannot write " + out_path);
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "guichet-seed: %s\n", error.what());
        return 1;
    }
}
