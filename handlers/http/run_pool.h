// What every handler's main() calls: read the configuration, make the
// context, enter the sandbox, serve the route table. A main names only its
// context (a factory), its sandbox rules and its routes.
//
// A failure before serving is handled one way: log_event(handler, "cannot
// start", what) and exit status 1 (multiwatch then restarts the worker).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "base/config.h"
#include "base/log.h"
#include "http/routes.h"
#include "http/serve.h"
#include "os/sandbox.h"

namespace guichet {

[[noreturn]] void cannot_start(const std::string& handler, const std::string& what);

template <class Context>
using ContextFactory = std::function<std::unique_ptr<Context>(const Config&)>;
// What the worker may still touch once serving; an empty function enters no sandbox.
template <class Context>
using SandboxPlan = std::function<SandboxRules(const Config&, Context&)>;

namespace pool_detail {

template <class Context>
std::unique_ptr<Context> start(const Config& config, const ContextFactory<Context>& make_context,
                               const SandboxPlan<Context>& sandbox) {
    try {
        std::unique_ptr<Context> context = make_context(config);
        if (sandbox) enter_sandbox(config, sandbox(config, *context));
        return context;
    } catch (const std::exception& error) {
        cannot_start(config.handler, error.what());
    }
}

}  // namespace pool_detail

// One request at a time, on one context.
template <class Context>
int run_pool(const char* handler, const ContextFactory<Context>& make_context, const SandboxPlan<Context>& sandbox,
             const RouteTable<Context>& routes) {
    Config config = Config::from_environment(handler);
    std::unique_ptr<Context> context = pool_detail::start(config, make_context, sandbox);
    return serve_fastcgi(config, [&](const Request& request) { return dispatch(routes, request, *context); });
}

// The same, with after_sandbox(context) called once the worker is confined
// and before it serves: helper threads started there inherit the sandbox.
// They must block the stop signals (serve_fastcgi's handler runs in the
// serving thread).
template <class Context>
int run_pool(const char* handler, const ContextFactory<Context>& make_context, const SandboxPlan<Context>& sandbox,
             const RouteTable<Context>& routes, const std::function<void(Context&)>& after_sandbox) {
    Config config = Config::from_environment(handler);
    std::unique_ptr<Context> context = pool_detail::start(config, make_context, sandbox);
    try {
        after_sandbox(*context);
    } catch (const std::exception& error) {
        cannot_start(config.handler, error.what());
    }
    return serve_fastcgi(config, [&](const Request& request) { return dispatch(routes, request, *context); });
}

// `threads` request threads over one shared context, which gives thread i its
// own part (Context::thread(i), a Context::Thread&) and starts its helper
// threads once sandboxed (Context::start(), so they inherit the sandbox).
template <class Context>
int run_pool(const char* handler, int threads, const ContextFactory<Context>& make_context,
             const SandboxPlan<Context>& sandbox, const RouteTable<typename Context::Thread>& routes) {
    Config config = Config::from_environment(handler);
    block_stop_signals();  // before any thread: only the serving loop takes them
    std::unique_ptr<Context> context = pool_detail::start(config, make_context, sandbox);
    try {
        context->start();
    } catch (const std::exception& error) {
        cannot_start(config.handler, error.what());
    }
    return serve_fastcgi_threads(config, threads, [&](int i) -> HandlerFn {
        typename Context::Thread& thread = context->thread(i);
        return [&routes, &thread](const Request& request) { return dispatch(routes, request, thread); };
    });
}

}  // namespace guichet
