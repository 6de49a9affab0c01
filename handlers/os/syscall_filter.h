// The system-call half of the sandbox (os/sandbox.h applies it after
// Landlock): seccomp through libseccomp, as an allow-list.
//
// Every system call not named in syscall_filter.cc (kAllowed) is refused. The refusal is a SIGSYS
// (SCMP_ACT_TRAP) whose handler makes the call return EPERM and writes one
// "sandbox_refused" line naming it to the pool's log: a worker never dies of
// a call it was not expected to make, and the integration suite fails on any
// such line (tests/integration/site.cc), so the list is proved complete by
// the whole suite, not guessed. The calls a worker must never make and that
// the start-up check tries on purpose (exec, ptrace, io_uring, namespaces,
// network sockets) are refused quietly with EPERM instead.
#pragma once

#include <string>

namespace guichet {

// Installs the SIGSYS handler (its log lines name `handler`), then loads the
// filter for this thread and the threads it creates afterwards. Needs
// no_new_privs. Throws std::runtime_error when the filter cannot be built or loaded.
// inet_sockets: also TCP sockets over IPv4 and IPv6 (the mailer's SMTP).
void apply_syscall_filter(const std::string& handler, bool inet_sockets = false);

}  // namespace guichet
