// What administrators read: live statistics, the ranked list of claims
// (CSV and JSON), the claims refused as duplicate identities (JSON for the
// console, CSV) and the audit log (JSON and CSV). Exports and the duplicates'
// view (names and addresses) are audited too.
#include <cstdlib>

#include "admin/admin_api.h"
#include "domain/admin_stats.h"
#include "domain/audit.h"
#include "domain/claims_export.h"
#include "domain/identity_duplicates.h"
#include "base/clock.h"
#include "base/json.h"

namespace guichet::admin {

namespace {

// A whole-number query parameter within [min, max], else fallback.
int64_t query_int(const Request& request, const std::string& name, int64_t fallback, int64_t min, int64_t max) {
    std::string query = request.query();
    size_t at = 0;
    while (at <= query.size()) {
        size_t end = query.find('&', at);
        if (end == std::string::npos) end = query.size();
        std::string pair = query.substr(at, end - at);
        if (pair.compare(0, name.size() + 1, name + "=") == 0) {
            std::string value = pair.substr(name.size() + 1);
            if (value.empty() || value.size() > 18) throw ApiError(Err::bad_request, name);
            for (char c : value) {
                if (c < '0' || c > '9') throw ApiError(Err::bad_request, name);
            }
            int64_t number = std::strtoll(value.c_str(), nullptr, 10);
            if (number < min || number > max) throw ApiError(Err::bad_request, name);
            return number;
        }
        at = end + 1;
    }
    return fallback;
}

Response download(const std::string& body, const char* type, const char* filename) {
    Response response;
    response.status = 200;
    response.header("Content-Type", type);
    response.header("Content-Disposition", std::string("attachment; filename=\"") + filename + "\"");
    response.header("Cache-Control", "no-store");
    response.body = body;
    return response;
}

Json count_value(size_t count) {
    Json value(json_object());
    json_object_set_new(value.get(), "rows", json_integer(static_cast<json_int_t>(count)));
    return value;
}

}  // namespace

Response report_route(const Request& request, Context& context, const Admin& admin, const std::string& route) {
    Db& db = context.db;
    if (route == "stats") {
        StatsInputs inputs{context.config,     context.program ? &*context.program : nullptr,
                           context.access_log, context.compliance,
                           context.compliance_max_age_ms, true};
        Json body(collect_stats(db, inputs, context.clock->now()));
        return json_response(200, body.get());
    }
    if (route == "audit") {
        int64_t before = query_int(request, "before", 0, 0, INT64_MAX / 2);
        int64_t limit = query_int(request, "limit", 100, 1, 1000);
        std::vector<AuditEntry> entries;
        {
            Transaction tx(db, Transaction::read);
            entries = read_audit(db, before, limit);
        }
        Json body(audit_json(entries));
        return json_response(200, body.get());
    }
    if (route == "audit.csv") {
        std::vector<AuditEntry> entries;
        {
            Transaction tx(db, Transaction::read);
            entries = read_all_audit(db);
        }
        Json after = count_value(entries.size());
        audit(context, request, admin.name, "export_audit_csv", nullptr, after.get());
        return download(audit_csv(entries), "text/csv; charset=utf-8", "audit.csv");
    }
    if (route == "duplicates" || route == "duplicates.csv") {
        std::vector<DuplicateRow> duplicates;
        {
            Transaction tx(db, Transaction::read);
            duplicates = read_duplicates(db);
        }
        Json after = count_value(duplicates.size());
        if (route == "duplicates.csv") {
            audit(context, request, admin.name, "export_duplicates_csv", nullptr, after.get());
            return download(duplicates_csv(duplicates), "text/csv; charset=utf-8", "duplicates.csv");
        }
        audit(context, request, admin.name, "view_duplicates", nullptr, after.get());
        Json body(duplicates_json(duplicates));
        Response response = json_response(200, body.get());
        response.header("Cache-Control", "no-store");
        return response;
    }
    std::vector<ClaimRow> rows;
    {
        Transaction tx(db, Transaction::read);
        rows = read_claims(db);
    }
    Json after = count_value(rows.size());
    if (route == "claims.csv") {
        audit(context, request, admin.name, "export_claims_csv", nullptr, after.get());
        return download(claims_csv(rows), "text/csv; charset=utf-8", "claims.csv");
    }
    audit(context, request, admin.name, "export_claims_json", nullptr, after.get());
    Json body(claims_json(rows));
    Response response = json_response(200, body.get());
    response.header("Content-Disposition", "attachment; filename=\"claims.json\"");
    return response;
}

}  // namespace guichet::admin
