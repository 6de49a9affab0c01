// doctest's main for the integration tests: each starts a real site (nginx,
// the handler pools, a fresh SQLite file) in a temporary folder; see site.h.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
