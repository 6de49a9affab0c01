#include "mailer/mailer_pool.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <chrono>

#include "base/clock.h"
#include "base/files.h"
#include "base/log.h"
#include "base/time_zone.h"
#include "mailer/compose.h"

namespace guichet::mailer {

namespace {

constexpr int kBatch = 50;
constexpr int64_t kIdlePollMs = 250;

}  // namespace

Pool::Pool(const Config& config)
    : config_(config),
      // Marking a message sent need not wait for the disk: lost, it is sent
      // again with the same Message-ID.
      db_(config.db_path, Durability::normal),
      program_(load_program(config.program_path)),
      interval_ms_(60000 / env_int("GUICHET_MAIL_PER_MINUTE", 3000, 1, 600000)),
      first_retry_ms_(env_int("GUICHET_MAIL_RETRY_SECONDS", 30, 1, 3600) * 1000),
      lease_ms_(env_int("GUICHET_MAIL_LEASE_SECONDS", 60, 1, 3600) * 1000),
      yield_claims_per_s_(env_int("GUICHET_MAIL_YIELD_CLAIMS_PER_SECOND", 20, 1, 1000000)) {
    // Below the pools that answer candidates: mail can wait, a claim cannot.
    // Set before any thread starts, so the delivery thread inherits it.
    setpriority(PRIO_PROCESS, 0, static_cast<int>(env_int("GUICHET_MAIL_NICE", 10, 0, 19)));
    // The key links are derived from (domain/account_tokens.h), read before
    // the sandbox: only this pool can make a link that works.
    std::string key_path = config.keys_dir + "/mail-link.key";
    std::optional<std::string> key = read_file(key_path);
    if (!key || key->size() < 32) throw std::runtime_error("mailer: cannot read its key " + key_path + " (guichet-admin keygen)");
    link_key_ = *key;
    // The program's zone, for the times in the window notices: the C library
    // reads its file here, once; the sandbox keeps the zone folder out of reach
    // afterwards, and glibc does not read it again (base/time_zone.h).
    use_time_zone(program_.time_zone);
    site_.origin = config.origin;
    site_.from_address = env_or("GUICHET_MAIL_FROM", "no-reply@" + origin_domain(config.origin));
    curl_global_init(CURL_GLOBAL_DEFAULT);  // before the sandbox: it may read files
    std::string url = env_or("GUICHET_SMTP_URL", "");
    if (url.empty()) {
        mail_dir_ = env_or("GUICHET_MAIL_DIR", config.data_dir + "/mail");
        mkdir(mail_dir_.c_str(), 0750);
        delivery_ = folder_delivery(mail_dir_);
    } else {
        smtp_ = SmtpSettings{url, site_.from_address, env_or("GUICHET_SMTP_TLS", ""), 60};
        delivery_ = smtp_delivery(smtp_);
    }
}

Pool::~Pool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

SandboxRules Pool::sandbox_rules() {
    SandboxRules rules = database_rules(db_);
    if (!mail_dir_.empty()) rules.write_dirs.push_back(mail_dir_);
    if (!smtp_.url.empty()) rules.connect_tcp_ports.push_back(smtp_port(smtp_.url));
    if (!smtp_.tls.empty()) {  // the CA certificates, for STARTTLS or smtps
        for (const char* path : {"/etc/ssl", "/usr/lib/ssl", "/usr/share/ca-certificates"}) {
            struct stat info {};
            if (stat(path, &info) == 0) rules.read.push_back(path);
        }
    }
    return rules;
}

void Pool::start() {
    log_event("mailer", "delivering", smtp_.url.empty() ? "to the folder " + mail_dir_ : "over SMTP to " + smtp_.url);
    worker_ = std::thread([this] { run(); });
}

bool Pool::pause(int64_t ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
    return !stopping_;
}

// A burst of claims (the opening) is the one moment when mail must wait: the
// claims' committer and the mailer share the database's write lock and the
// CPU. While claims arrive faster than yield_claims_per_s_, only the links
// someone is waiting for leave; the confirmations follow once it is over.
bool Pool::claims_burst() {
    int64_t now = now_ms();
    if (now - rank_checked_at_ < 1000) return burst_;
    int64_t rank = 0;
    {
        Transaction tx(db_, Transaction::read);
        Stmt stmt = db_.prepare("SELECT COALESCE(MAX(rank), 0) FROM claims");
        if (stmt.step()) rank = stmt.int64(0);
    }
    if (rank_checked_at_ > 0) {
        int64_t per_second = (rank - last_rank_) * 1000 / std::max<int64_t>(1, now - rank_checked_at_);
        bool burst = per_second >= yield_claims_per_s_;
        if (burst != burst_) log_event("mailer", burst ? "yielding" : "resuming", std::to_string(per_second) + " claims/s");
        burst_ = burst;
    }
    last_rank_ = rank;
    rank_checked_at_ = now;
    return burst_;
}

void Pool::run() {
    while (pause(0)) {
        try {
            if (!has_due(db_, now_ms()) || !deliver_batch(claims_burst() ? 0 : 2)) {
                pause(kIdlePollMs);
                continue;
            }
        } catch (const std::exception& error) {
            // The database busy or failing: the leased messages come back later.
            log_event("mailer", "mailer_error", error.what());
            pause(1000);
        }
    }
}

bool Pool::deliver_batch(int max_priority) {
    std::vector<OutboxMessage> batch = take_due(db_, now_ms(), kBatch, lease_ms_, max_priority);
    // Marked sent together, in one transaction at the end of the batch: a
    // mailer killed before that sends the batch again, with the same Message-IDs.
    std::vector<int64_t> done;
    struct MarkAtEnd {
        Pool& pool;
        std::vector<int64_t>& done;
        ~MarkAtEnd() {
            try {
                mark_all_sent(pool.db_, done, now_ms());
            } catch (const std::exception& error) {
                log_event("mailer", "mailer_error", std::string("marking sent: ") + error.what());
            }
        }
    } mark_at_end{*this, done};
    for (const OutboxMessage& message : batch) {
        int64_t now = now_ms();
        if (next_send_ > now && !pause(next_send_ - now)) break;  // the pace; stopping: the lease brings the rest back
        next_send_ = std::max(now, next_send_) + interval_ms_;
        std::optional<Composed> composed;
        {
            bool writes = writes_on_compose(message.kind);
            Transaction tx(db_, writes ? Transaction::write : Transaction::read);
            composed = compose(db_, program_, site_, message, link_key_, now_ms());
            if (writes) tx.commit();
        }
        if (!composed) {
            done.push_back(message.id);
            log_event("mailer", "mail_dropped", message.kind + " " + std::to_string(message.id) + ": its cause is gone");
            continue;
        }
        std::optional<std::string> error = delivery_->deliver(composed->to, composed->message_id, composed->bytes);
        if (!error) {
            done.push_back(message.id);
            log_event("mailer", "mail_sent", composed->message_id);
        } else {
            mark_failed(db_, message, now_ms(), *error, first_retry_ms_);
            log_event("mailer", "mail_failed", composed->message_id + " (attempt " +
                                                   std::to_string(message.attempts + 1) + "): " + *error);
        }
    }
    return !batch.empty();
}

const RouteTable<Thread>& routes() {
    static const RouteTable<Thread> table;
    return table;
}

}  // namespace guichet::mailer
