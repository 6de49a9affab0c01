// GUICHET_SANITIZED: defined in AddressSanitizer builds (make check
// SANITIZE=1), whose leak check and symbolizer need a wider sandbox.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define GUICHET_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GUICHET_SANITIZED 1
#endif
#endif
