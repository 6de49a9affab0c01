// Least privilege inside a handler process: after it has opened what it needs
// at start (database, program, keys), a handler confines itself for the rest
// of its life with Landlock (files: only its database files, and the one or
// two folders it must read or write) and seccomp through libseccomp (no exec,
// no ptrace, no network sockets, no namespaces, mounts or kernel modules).
//
// enter_sandbox applies both, then CHECKS they took effect (opening
// /etc/passwd and the receipt key must fail with EACCES, an AF_INET socket and
// an exec must fail with EPERM) and logs one "sandbox" event. A handler whose
// sandbox cannot be applied or verified refuses to start, unless the operator
// set GUICHET_SANDBOX=off (logged as "sandbox_off"). GUICHET_SANDBOX_SELFTEST=1
// (tests only) also logs one "sandbox_selftest" event per forbidden or allowed
// operation tried, so an integration test can read what a pool may do.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/config.h"
#include "store/db.h"

namespace guichet {

struct SandboxRules {
    std::vector<std::string> read;         // files or folders read after start
    std::vector<std::string> write_dirs;   // folders where files are created, written, renamed, removed
    std::vector<std::string> write_files;  // existing files read and written in place (the database's)
    // TCP ports it may connect to (the mailer's SMTP server); none: no inet
    // socket at all. Landlock (ABI >= 4) allows no other port, and no bind.
    std::vector<uint16_t> connect_tcp_ports;
};

// The rules every handler needs: on SQLite its database, -wal and -shm files
// (made to exist now, since no file may be created beside the database later),
// and /dev/urandom; the database's temporary store is set to memory. On
// PostgreSQL no file, and the TCP ports of the URI's servers (none when it
// names only unix sockets, which need no rule).
SandboxRules database_rules(Db& db);

// Applies the rules (see above). Throws std::runtime_error when the sandbox
// cannot be applied or verified and GUICHET_SANDBOX is not "off".
void enter_sandbox(const Config& config, const SandboxRules& rules);

// What enter_sandbox would verify, for tests: the Landlock ABI of the running
// kernel (0 when unsupported).
int landlock_abi();

}  // namespace guichet
