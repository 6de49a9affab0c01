#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "base/files.h"
#include "crypto/ecdsa.h"
#include "crypto/random.h"
#include "domain/identity.h"
#include "tools/guichet-admin/commands.h"

namespace guichet::admin_cli {

namespace {

bool exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

}  // namespace

// Creates each secret only when it is missing: running it again never
// replaces a key that receipts or sessions already depend on.
int cmd_keygen(Args& args, const Config& config) {
    require_no_more(args);
    mkdir(config.keys_dir.c_str(), 0700);
    Random random;
    std::string session_key = config.keys_dir + "/session.key";
    if (!exists(session_key)) {
        write_file_atomically(session_key, random.bytes(32), 0600);
        std::printf("keygen: created %s\n", session_key.c_str());
    }
    // The mailer's alone: the links it sends are derived from it (domain/account_tokens.h).
    std::string link_key = config.keys_dir + "/mail-link.key";
    if (!exists(link_key)) {
        write_file_atomically(link_key, random.bytes(32), 0600);
        std::printf("keygen: created %s\n", link_key.c_str());
    }
    // The claim pool's alone: the keyed hash that compares passports across
    // accounts (domain/identity.h). Replaced, it would make every identity
    // already recorded incomparable with the next claims.
    std::string identity_key = config.keys_dir + "/" + kIdentityKeyFile;
    if (!exists(identity_key)) {
        write_file_atomically(identity_key, random.bytes(kIdentityKeyBytes), 0600);
        std::printf("keygen: created %s\n", identity_key.c_str());
    }
    std::string private_path = config.keys_dir + "/receipt.key";
    std::string public_path = config.keys_dir + "/receipt.pem";
    if (!exists(private_path)) {
        EcKey key;
        EcKey::generate(key, random);
        write_file_atomically(private_path, key.private_pem(), 0600);
        write_file_atomically(public_path, key.public_pem(), 0644);
        std::printf("keygen: created %s and %s\n", private_path.c_str(), public_path.c_str());
    } else if (!exists(public_path)) {
        // The public half can always be derived again from the private one.
        std::optional<std::string> pem = read_file(private_path);
        if (!pem) throw std::runtime_error("cannot read " + private_path);
        EcKey key;
        EcKey::load_private_pem(key, *pem);
        write_file_atomically(public_path, key.public_pem(), 0644);
        std::printf("keygen: restored %s\n", public_path.c_str());
    }
    return 0;
}

}  // namespace guichet::admin_cli
