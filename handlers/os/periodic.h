// A background thread that runs one piece of work every interval, for the
// pools' helpers (the review sweeper, the banner follower, the claim pool's
// WAL checkpointer and log publisher). The work runs on
// its own connection, never a request's; an exception is logged as
// "<name>_failed" once until its message changes, the work is tried again at
// the next turn, and the first turn that works again logs "<name>_recovered". Stop signals
// are blocked in the thread: they belong to the serving loop (http/serve.h),
// whose handler must interrupt the accept in the main thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace guichet {

class PeriodicThread {
public:
    // Whether the work runs once more when the owner stops the thread (what
    // was done up to the stop: the last checkpoint, the last log round).
    enum class AtStop { nothing, last_turn };
    // handler names the log lines; work runs first at start(), then every interval_ms.
    PeriodicThread(std::string handler, std::string name, int64_t interval_ms, std::function<void()> work,
                   AtStop at_stop = AtStop::nothing);
    ~PeriodicThread();  // stops and joins (waits for a turn in progress, then the last turn if asked)
    PeriodicThread(const PeriodicThread&) = delete;
    PeriodicThread& operator=(const PeriodicThread&) = delete;
    void start();  // once sandboxed, so the thread inherits the sandbox

private:
    void run();
    // One turn of the work: a failure logged once until it changes, and its end.
    void turn(std::string& last_error);
    std::string handler_;
    std::string name_;
    int64_t interval_ms_;
    std::function<void()> work_;
    AtStop at_stop_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace guichet
