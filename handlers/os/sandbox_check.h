// The sandbox's two checks (os/sandbox.h runs them): verify_sandbox, at every
// start, tries what must be refused (reading /etc/passwd and the receipt key,
// an inet socket unless the rules allow TCP connections, io_uring, a user
// namespace, ptrace, exec) and throws when any of it is allowed;
// sandbox_selftest, with GUICHET_SANDBOX_SELFTEST=1, logs the outcome of a
// longer list, one "sandbox_selftest" line each, for tests/integration/sandbox_test.cc.
#pragma once

#include "base/config.h"
#include "os/sandbox.h"

namespace guichet {

void verify_sandbox(const Config& config, const SandboxRules& rules);
void sandbox_selftest(const Config& config, const SandboxRules& rules);

}  // namespace guichet
