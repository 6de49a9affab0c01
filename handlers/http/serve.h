// The thin accept loop every handler's main() calls: accept a FastCGI request,
// call the pure handler function, turn any error into the contract's shape,
// write the answer, log one line. A request can fail; the process never dies
// because of one.
#pragma once

#include <functional>

#include "http/access_log.h"
#include "base/config.h"
#include "http/request.h"
#include "http/response.h"

namespace guichet {

using HandlerFn = std::function<Response(const Request&)>;

// Calls handler and maps every exception to a Response (typed errors to their
// status, anything else to 500 "internal"); notes the error code and detail
// in *record for the access log.
Response handle_safely(const HandlerFn& handler, const Request& request, AccessRecord* record);

// Serves FastCGI requests on fd 0 (as spawn-fcgi hands it) until accept fails.
int serve_fastcgi(const Config& config, const HandlerFn& handler);

// The same with `threads` request threads, each serving one connection at a
// time (libfcgi's FCGX_Accept_r, accepts serialized by a mutex, as libfcgi's
// threaded example does). make_handler(i) is called once in thread i before it
// accepts, so each thread owns what its handler uses (a database connection,
// a random generator); the handlers share only what they make thread-safe.
// Returns when every thread has stopped (SIGTERM closes the socket).
using HandlerFactory = std::function<HandlerFn(int thread_index)>;
int serve_fastcgi_threads(const Config& config, int threads, const HandlerFactory& make_handler);

// Blocks SIGTERM, SIGINT and SIGUSR1 in the calling thread and in every thread
// it creates afterwards, so that only serve_fastcgi_threads' main loop takes
// them. Call it first in main() when the program starts threads of its own
// before serve_fastcgi_threads (a committer, a filler): a stop signal
// delivered to one of those would otherwise kill the process or be lost.
void block_stop_signals();

}  // namespace guichet
