// doctest's main for every unit test (*_test.cc beside the code, tests/unit/).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
