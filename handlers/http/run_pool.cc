#include "http/run_pool.h"

#include <cstdlib>

namespace guichet {

void cannot_start(const std::string& handler, const std::string& what) {
    log_event(handler, "cannot start", what);
    std::exit(1);
}

}  // namespace guichet
