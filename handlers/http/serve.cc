#include "http/serve.h"

#include <fcgiapp.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "http/access_log.h"

namespace guichet {

namespace {

class FcgiRequest : public Request {
public:
    explicit FcgiRequest(FCGX_Request& raw) : raw_(raw) {}
    std::string param(const char* name) const override {
        const char* value = FCGX_GetParam(name, raw_.envp);
        return value ? value : "";
    }
    std::string body(size_t limit) const override {
        std::string length_text = param("CONTENT_LENGTH");
        if (!length_text.empty()) {
            char* end = nullptr;
            unsigned long long length = std::strtoull(length_text.c_str(), &end, 10);
            if (*end != '\0') throw ApiError(Err::bad_request, "content-length");
            if (length > limit) throw ApiError(Err::too_large);
        }
        std::string out;
        char buffer[16384];
        for (;;) {
            int got = FCGX_GetStr(buffer, sizeof buffer, raw_.in);
            if (got <= 0) break;
            out.append(buffer, static_cast<size_t>(got));
            if (out.size() > limit) throw ApiError(Err::too_large);
        }
        return out;
    }
    size_t read_body(char* buffer, size_t size) const override {
        int got = FCGX_GetStr(buffer, static_cast<int>(std::min<size_t>(size, 1 << 20)), raw_.in);
        return got > 0 ? static_cast<size_t>(got) : 0;
    }

private:
    FCGX_Request& raw_;
};

void write_response(FCGX_Request& raw, const Response& response, bool head) {
    std::string head_text = "Status: " + std::to_string(response.status) + " " + status_reason(response.status) + "\r\n";
    for (const auto& [name, value] : response.headers) head_text += name + ": " + value + "\r\n";
    head_text += "\r\n";
    FCGX_PutStr(head_text.data(), static_cast<int>(head_text.size()), raw.out);
    if (!head && !response.body.empty()) {
        FCGX_PutStr(response.body.data(), static_cast<int>(response.body.size()), raw.out);
    }
}

// SIGTERM (a pool stopping): finish the request in hand, then stop. Closing
// the listening socket makes a blocked or the next accept fail at once.
extern "C" void stop_accepting(int) { close(0); }
extern "C" void ignore_signal(int) {}

void install_stop_handler() {
    struct sigaction action {};
    action.sa_handler = stop_accepting;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: interrupt a blocked accept
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}

}  // namespace

Response handle_safely(const HandlerFn& handler, const Request& request, AccessRecord* record) {
    try {
        return handler(request);
    } catch (const ApiError& error) {
        record->error = error.code();
        record->detail = error.detail();
        return error_response(error, request.lang());
    } catch (const StoreError& failure) {
        ApiError error = api_error_of(failure);
        record->error = error.code();
        record->detail = error.detail();
        return error_response(error, request.lang());
    } catch (const std::bad_alloc&) {
        record->error = "unavailable";
        record->detail = "out of memory";
        return error_response(ApiError(Err::unavailable), request.lang());
    } catch (const std::exception& error) {
        record->error = "internal";
        record->detail = error.what();
        return error_response(ApiError(Err::internal), request.lang());
    }
}

namespace {

// One request: handler, answer, access log line.
void serve_one(const Config& config, const HandlerFn& handler, FCGX_Request& raw) {
    auto start = std::chrono::steady_clock::now();
    AccessRecord record;
    record.handler = config.handler;
    {
        FcgiRequest request(raw);  // valid only until FCGX_Finish_r
        record.method = request.method();
        record.path = request.path();
        Response response = handle_safely(handler, request, &record);
        record.status = response.status;
        write_response(raw, response, record.method == "HEAD");
    }
    FCGX_Finish_r(&raw);
    record.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    access_log(record);
}

}  // namespace

int serve_fastcgi(const Config& config, const HandlerFn& handler) {
    std::signal(SIGPIPE, SIG_IGN);  // a client gone mid-answer must not kill the worker
    if (FCGX_Init() != 0) return 1;
    FCGX_Request raw;
    if (FCGX_InitRequest(&raw, 0, 0) != 0) return 1;
    install_stop_handler();  // after FCGX_Init, which installs its own
    log_event(config.handler, "started");
    while (FCGX_Accept_r(&raw) >= 0) serve_one(config, handler, raw);
    return 0;
}

namespace {

sigset_t stop_signal_set() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR1);
    return set;
}

}  // namespace

void block_stop_signals() {
    sigset_t set = stop_signal_set();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int serve_fastcgi_threads(const Config& config, int threads, const HandlerFactory& make_handler) {
    std::signal(SIGPIPE, SIG_IGN);
    if (FCGX_Init() != 0) return 1;
    // SIGTERM, SIGINT and SIGUSR1 (multiwatch's "stop gracefully", which
    // libfcgi's own handler takes in the single-threaded loop) stay blocked in
    // every thread: the main thread takes them with sigtimedwait, closes the
    // socket (the next accept of every thread fails), and wakes the one thread
    // blocked in accept with SIGUSR2 (no SA_RESTART: its accept returns EINTR,
    // libfcgi retries on the closed socket and gives up). A thread answering
    // a request finishes it.
    sigset_t stop_signals = stop_signal_set();
    block_stop_signals();
    struct sigaction wake {};
    wake.sa_handler = ignore_signal;
    sigemptyset(&wake.sa_mask);
    sigaction(SIGUSR2, &wake, nullptr);

    std::mutex accept_mutex;
    std::atomic<int> running{threads};
    std::atomic<int> failed{0};
    std::atomic<pthread_t> accepting{pthread_t{}};
    std::atomic<bool> stopping{false};
    auto serve_thread = [&](int index) {
        try {
            HandlerFn handler = make_handler(index);
            FCGX_Request raw;
            if (FCGX_InitRequest(&raw, 0, 0) != 0) throw std::runtime_error("FCGX_InitRequest");
            while (!stopping.load()) {
                int rc;
                {
                    std::lock_guard<std::mutex> hold(accept_mutex);
                    accepting.store(pthread_self());
                    rc = stopping.load() ? -1 : FCGX_Accept_r(&raw);
                    accepting.store(pthread_t{});
                }
                if (rc < 0) break;
                try {
                    serve_one(config, handler, raw);
                } catch (const std::exception& error) {  // writing the answer failed (memory)
                    log_event(config.handler, "request dropped", error.what());
                    FCGX_Finish_r(&raw);
                }
            }
            FCGX_Free(&raw, 0);
        } catch (const std::exception& error) {
            log_event(config.handler, "request thread failed", error.what());
            failed.fetch_add(1);
        }
        running.fetch_sub(1);
    };
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) {
        try {
            pool.emplace_back(serve_thread, i);
        } catch (const std::system_error& error) {  // no thread to be had (TasksMax, memory): stop cleanly
            log_event(config.handler, "cannot start request thread", error.what());
            failed.fetch_add(1);
            running.fetch_sub(threads - i);
            stopping.store(true);
            break;
        }
    }
    log_event(config.handler, "started", std::to_string(pool.size()) + " request threads");
    bool closed = false;
    while (running.load() > 0) {
        timespec tick{0, 100 * 1000 * 1000};
        int signal = sigtimedwait(&stop_signals, nullptr, &tick);
        if (signal > 0) stopping.store(true);
        if (!stopping.load()) continue;
        if (!closed) close(0);  // once: fd 0 may be reused afterwards
        closed = true;
        pthread_t waiting = accepting.load();
        if (waiting != pthread_t{}) pthread_kill(waiting, SIGUSR2);
    }
    for (std::thread& thread : pool) thread.join();
    return failed.load() == 0 ? 0 : 1;
}

}  // namespace guichet
