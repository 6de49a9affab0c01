#include "tools/guichet-seed/seed.h"

#include <stdexcept>

#include "base/clock.h"
#include "domain/compliance.h"
#include "crypto/digest.h"
#include "base/encoding.h"

namespace guichet::seed {

Json compliant_fields(int64_t n) {
    char passport[32];
    std::snprintf(passport, sizeof passport, "SD%09lld", static_cast<long long>(n));
    Json fields(json_object());
    json_t* f = fields.get();
    json_object_set_new(f, "family_name", json_str("Seed"));
    json_object_set_new(f, "given_names", json_str("Candidate " + std::to_string(n)));
    json_object_set_new(f, "birth_date", json_str("1990-01-01"));
    json_object_set_new(f, "citizenship", json_str("FR"));
    json_object_set_new(f, "residence_country", json_str("FR"));
    json_object_set_new(f, "passport_number", json_str(passport));
    json_object_set_new(f, "passport_expiry", json_str("2099-12-31"));
    json_object_set_new(f, "education_level", json_str("master"));
    json_object_set_new(f, "field_of_study", json_str("Civil engineering"));
    json_object_set_new(f, "occupation", json_str("Engineer"));
    json_object_set_new(f, "years_experience", json_integer(5));
    json_object_set_new(f, "french_level", json_str("nclc7"));
    json_object_set_new(f, "english_level", json_str("nclc5"));
    json_object_set_new(f, "accompanying_spouse", json_str("no"));
    return fields;
}

std::vector<SeededCandidate> seed_candidates(Db& db, const Program& program, int64_t count, Random& random,
                                             const SessionKind& sessions) {
    std::vector<std::string> kinds;
    for (const ProgramDocument& document : program.documents) {
        if (document.required) kinds.push_back(document.kind);
    }
    {  // Refuse to seed dossiers the claim would reject.
        StoredDossier probe;
        probe.fields = compliant_fields(1);
        for (const std::string& kind : kinds) probe.documents[kind] = StoredDocument{kind, "application/pdf", 1, "", 0};
        Compliance compliance = compute_compliance(program, probe.fields.get(), probe.documents, utc_day(now_ms()));
        if (!compliance.compliant) {
            throw std::runtime_error("seeded dossier is not compliant: " + compliance.problems.front().key + " " +
                                     compliance.problems.front().code);
        }
    }
    std::vector<SeededCandidate> seeded;
    seeded.reserve(static_cast<size_t>(count));
    int64_t now = now_ms();
    Transaction tx(db, Transaction::write);
    int64_t first = 1;
    {
        Stmt last = db.prepare("SELECT COALESCE(MAX(id), 0) FROM accounts");
        last.step();
        first = last.int64(0) + 1;
    }
    for (int64_t id = first; id < first + count; ++id) {
        SeededCandidate candidate;
        candidate.account_id = id;
        candidate.email = "seed-" + std::to_string(id) + "@example.test";
        NewToken token = new_session_token(random);
        candidate.cookie = token.cookie_value;
        db.prepare(
              "INSERT INTO accounts (id, email, name, lang, password_hash, created_at, verified_at) "
              "VALUES (?1, ?2, ?3, 'fr', 'seeded-no-login', ?4, ?4)")
            .bind(1, id)
            .bind(2, candidate.email)
            .bind(3, "Candidate " + std::to_string(id))
            .bind(4, now)
            .run();
        open_session(db, sessions, id, token.key, now);
        db.prepare("INSERT INTO dossiers (account_id, fields, updated_at) VALUES (?1, ?2, ?3)")
            .bind(1, id)
            .bind(2, json_dump(compliant_fields(id).get()))
            .bind(3, now)
            .run();
        for (const std::string& kind : kinds) {
            db.prepare(
                  "INSERT INTO documents (account_id, kind, sha256, type, size, uploaded_at) "
                  "VALUES (?1, ?2, ?3, 'application/pdf', 1024, ?4)")
                .bind(1, id)
                .bind(2, kind)
                .bind(3, hex_encode(sha256("seed " + std::to_string(id) + " " + kind)))
                .bind(4, now)
                .run();
        }
        seeded.push_back(std::move(candidate));
    }
    // The ids above were given; on PostgreSQL the identity column does not
    // move for them (docs/store.md), so the next sign-up would take id 1.
    if (db.is_postgres()) {
        Stmt moved = db.prepare("SELECT setval(pg_get_serial_sequence('accounts', 'id'), (SELECT MAX(id) FROM accounts))");
        moved.step();
    }
    tx.commit();
    return seeded;
}

}  // namespace guichet::seed
