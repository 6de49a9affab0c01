#include "common/serve.h"

#include <fcgiapp.h>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <new>
#include <string>

#include "common/access_log.h"

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
            if (*end != '\0') throw ApiError("bad_request", "content-length");
            if (length > limit) throw ApiError("too_large");
        }
        std::string out;
        char buffer[16384];
        for (;;) {
            int got = FCGX_GetStr(buffer, sizeof buffer, raw_.in);
            if (got <= 0) break;
            out.append(buffer, static_cast<size_t>(got));
            if (out.size() > limit) throw ApiError("too_large");
        }
        return out;
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
    } catch (const std::bad_alloc&) {
        record->error = "unavailable";
        record->detail = "out of memory";
        return error_response(ApiError("unavailable"), request.lang());
    } catch (const std::exception& error) {
        record->error = "internal";
        record->detail = error.what();
        return error_response(ApiError("internal"), request.lang());
    }
}

int serve_fastcgi(const Config& config, const HandlerFn& handler) {
    std::signal(SIGPIPE, SIG_IGN);  // a client gone mid-answer must not kill the worker
    if (FCGX_Init() != 0) return 1;
    FCGX_Request raw;
    if (FCGX_InitRequest(&raw, 0, 0) != 0) return 1;
    install_stop_handler();  // after FCGX_Init, which installs its own
    log_event(config.handler, "started");
    while (FCGX_Accept_r(&raw) >= 0) {
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
    return 0;
}

}  // namespace guichet
