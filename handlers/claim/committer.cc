#include "claim/committer.h"

#include <chrono>

#include "base/api_error.h"

namespace guichet::claim {

Committer::Committer(Db db, const Program& program, size_t max_batch, const Clock& clock)
    : db_(std::move(db)), program_(program), clock_(clock), max_batch_(max_batch) {}

Committer::~Committer() {
    {
        std::lock_guard<std::mutex> hold(mutex_);
        stopping_ = true;
    }
    work_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Committer::start() { thread_ = std::thread([this] { run(); }); }

ClaimOutcome Committer::submit(int64_t account_id, const std::string& claim_id,
                              std::optional<DossierJudgment> judgment) {
    Job job{account_id, claim_id, std::move(judgment), {}, nullptr, false, {}};
    if (!thread_.joinable()) {
        record_batch({&job});
    } else {
        std::unique_lock<std::mutex> hold(mutex_);
        if (stopping_) throw ApiError(Err::unavailable, "claim pool stopping").with_retry_after(5);
        queue_.push_back(&job);
        work_.notify_one();
        job.wake.wait(hold, [&] { return job.done; });
    }
    if (job.error) std::rethrow_exception(job.error);
    return std::move(job.outcome);
}

size_t Committer::queued() {
    std::lock_guard<std::mutex> hold(mutex_);
    return queue_.size();
}

Committer::Stats Committer::stats() {
    std::lock_guard<std::mutex> hold(mutex_);
    return stats_;
}

void Committer::run() {
    std::vector<Job*> batch;
    batch.reserve(max_batch_);
    for (;;) {
        {
            std::unique_lock<std::mutex> hold(mutex_);
            work_.wait(hold, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to record
            while (!queue_.empty() && batch.size() < max_batch_) {
                batch.push_back(queue_.front());
                queue_.pop_front();
            }
            ++stats_.taken;
        }
        record_batch(batch);
        {
            // Notified under the lock: once `done` is seen, the job (on its
            // submitter's stack) may be gone.
            std::lock_guard<std::mutex> hold(mutex_);
            for (Job* job : batch) {
                job->done = true;
                job->wake.notify_one();
            }
        }
        batch.clear();
    }
}

// Nothing of a failed batch was kept: each claim in it that was not refused
// on its own gets a 503 with Retry-After (whatever the failure was, a retry
// is the answer), keeping the database's reason for the log.
void Committer::fail_batch(const std::vector<Job*>& batch, std::exception_ptr cause) {
    std::string detail = "batch rolled back";
    try {
        std::rethrow_exception(cause);
    } catch (const ApiError& error) {
        if (error.status() == 503) detail.clear();
        else detail += ": " + error.code() + " " + error.detail();
    } catch (const StoreError& error) {
        if (error.retryable()) detail.clear();
        else detail += std::string(": ") + error.what();
    } catch (const std::exception& error) {
        detail += std::string(": ") + error.what();
    } catch (...) {
    }
    std::exception_ptr answer =
        detail.empty() ? cause : std::make_exception_ptr(ApiError(Err::unavailable, detail).with_retry_after(5));
    for (Job* job : batch) {
        if (!job->error) job->error = answer;
    }
}

namespace {

uint64_t micros_since(std::chrono::steady_clock::time_point& mark) {
    auto now = std::chrono::steady_clock::now();
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(now - mark).count();
    mark = now;
    return static_cast<uint64_t>(us);
}

}  // namespace

void Committer::record_batch(const std::vector<Job*>& batch) {
    uint64_t created = 0, lock_us = 0, place_us = 0, commit_us = 0;
    auto mark = std::chrono::steady_clock::now();
    try {
        Transaction tx(db_, Transaction::write);
        lock_us = micros_since(mark);
        BatchState state(db_);
        for (Job* job : batch) {
            try {
                job->outcome = place_in_transaction(db_, state, program_, identity_key_, job->account_id,
                                                   job->claim_id, clock_.now(), sign_,
                                                   job->judgment ? &*job->judgment : nullptr);
                if (job->outcome.created) ++created;
            } catch (const NotCompliant&) {
                job->error = std::current_exception();
            } catch (const ApiError& refusal) {
                // A refusal (4xx) is this claim's alone (a duplicate identity's
                // record of the attempt stays in the batch); a 5xx (the
                // database failing on a read) fails the batch.
                if (refusal.status() >= 500) throw;
                job->error = std::current_exception();
            }
        }
        state.finish(db_);
        place_us = micros_since(mark);
        tx.commit();
        commit_us = micros_since(mark);
    } catch (const WriteFailed& failure) {
        fail_batch(batch, failure.cause);
        return;
    } catch (...) {
        fail_batch(batch, std::current_exception());
        return;
    }
    std::lock_guard<std::mutex> hold(mutex_);
    stats_.lock_us += lock_us;
    stats_.place_us += place_us;
    stats_.commit_us += commit_us;
    if (created == 0) return;
    ++stats_.batches;
    stats_.claims += created;
    if (created > stats_.largest) stats_.largest = created;
}

}  // namespace guichet::claim
