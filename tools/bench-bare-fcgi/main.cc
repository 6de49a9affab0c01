// bench-bare-fcgi: the smallest possible libfcgi handler, the benchmark's
// baseline for "a bare FastCGI handler behind nginx". It does no parsing,
// no database and no logging: whatever Guichet's claim handler costs above
// this is Guichet's own work.
#include <fcgiapp.h>

#include <csignal>

int main() {
    std::signal(SIGPIPE, SIG_IGN);
    if (FCGX_Init() != 0) return 1;
    FCGX_Request request;
    if (FCGX_InitRequest(&request, 0, 0) != 0) return 1;
    static const char kAnswer[] =
        "Status: 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\":true}\n";
    while (FCGX_Accept_r(&request) >= 0) {
        FCGX_PutStr(kAnswer, sizeof kAnswer - 1, request.out);
        FCGX_Finish_r(&request);
    }
    return 0;
}
