// The mailer pool (guichet-mailer-fcgi, one worker): a delivery thread that
// takes due messages from the outbox (domain/outbox.h), composes them
// (mailer/compose.h) and hands them to the SMTP server or the mail folder
// (mailer/delivery.h), at most GUICHET_MAIL_PER_MINUTE a minute, retrying a
// failure after GUICHET_MAIL_RETRY_SECONDS, doubling. It serves no request:
// it is a pool so that spawn-fcgi and multiwatch keep it running, and so that
// it is confined like every other (its own sandbox: the database, the mail
// folder, and TCP to the SMTP server's port only). It runs at nice
// GUICHET_MAIL_NICE (10) and, while claims arrive faster than
// GUICHET_MAIL_YIELD_CLAIMS_PER_SECOND (20), sends only the links someone
// waits for: the confirmations of a burst leave once it is over. Each batch
// is marked sent in one transaction.
//
// Settings: GUICHET_SMTP_URL (smtp://host:port; unset: .eml files in
// GUICHET_MAIL_DIR, default <data>/mail), GUICHET_SMTP_TLS (""|try|all),
// GUICHET_MAIL_FROM (default no-reply@<the origin's domain>),
// GUICHET_MAIL_LEASE_SECONDS (how long a killed mailer's batch waits, 60).
// Its key, <keys>/mail-link.key (guichet-admin keygen), derives the links of
// the messages that carry one (domain/account_tokens.h).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "base/config.h"
#include "domain/mail_templates.h"
#include "domain/program.h"
#include "http/routes.h"
#include "mailer/delivery.h"
#include "os/sandbox.h"
#include "store/db.h"

namespace guichet::mailer {

struct Thread {};  // no request is ever routed here

class Pool {
public:
    using Thread = mailer::Thread;
    explicit Pool(const Config& config);
    ~Pool();  // finishes the message in hand, then stops
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    SandboxRules sandbox_rules();
    void start();  // the delivery thread, once sandboxed
    Thread& thread(int) { return thread_; }

private:
    void run();
    bool claims_burst();
    bool deliver_batch(int max_priority);  // false when nothing was due at that priority
    bool pause(int64_t ms);  // false once stopping

    Config config_;
    Db db_;
    Program program_;
    MailSite site_;
    std::string mail_dir_;  // folder mode only
    std::string link_key_;  // keys/mail-link.key
    SmtpSettings smtp_;
    std::unique_ptr<Delivery> delivery_;
    int64_t interval_ms_;
    int64_t first_retry_ms_;
    int64_t lease_ms_;
    int64_t yield_claims_per_s_;
    int64_t next_send_ = 0;
    int64_t last_rank_ = 0;
    int64_t rank_checked_at_ = 0;
    bool burst_ = false;
    Thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread worker_;
};

const RouteTable<Thread>& routes();

}  // namespace guichet::mailer
