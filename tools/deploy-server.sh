#!/bin/bash
# Guichet production deployment on a Debian 12 server (run by ./deploy.sh --server).
#
#   sudo ./deploy.sh --server --domain example.org [--cert FULLCHAIN --key KEY]
#                   [--check] [--prefix DIR] [options]
#
#   --domain NAME          the site's name (HTTPS origin, certificate, redirect)
#   --cert FILE --key FILE the certificate (full chain) and key; used in place, so a
#                          renewal needs only `systemctl reload guichet-nginx`.
#                          Without them a SELF-SIGNED certificate is made (staging only).
#   --check                print what would change (diffs) and change nothing;
#                          exit 0 when nothing would change, 1 otherwise
#   --prefix DIR           install every path under DIR (tests): no user is created,
#                          files belong to the invoking user, systemctl is not run
#   --https-port N --http-port N   default 443 and 80
#   --listen ADDR          bind one address (default: every IPv4 and IPv6 address)
#   --workers NAME=N       workers of one pool (repeatable; e.g. --workers claim=4)
#   --memory-max SIZE      memory ceiling of each pool (default 512M)
#   --backup-interval SPEC systemd OnCalendar value (default hourly)
#   --backup-keep N        backup copies kept (default 48)
#   --metrics-allow "ADDR..."  may read /metrics and /nginx_status (default loopback)
#   --admin-allow "ADDR..."    may reach /admin/ and /api/admin/ (default loopback)
#   --user NAME            service user (default guichet)
#   --smtp-relay HOST[:PORT]  the ministry's smarthost (port 25 by default): postfix is
#                          installed as a loopback-only null client relaying to it, and the
#                          mailer sends to it at smtp://127.0.0.1:25 (docs/operations.md, "Mail")
#   --smtp-relay-tls LEVEL TLS to the smarthost: may (STARTTLS when offered, the default),
#                          encrypt (never in clear), secure (also checks its certificate)
#   --smtp-url URL         the mailer's SMTP server, if not the local postfix; without it
#                          or --smtp-relay messages are only written to /var/lib/guichet/mail
#   --mail-from ADDRESS    the messages' sender (default no-reply@DOMAIN)
#   --database-file FILE   a cluster's database: FILE's first line is its postgresql:// URI
#                          (default: the SQLite file /var/lib/guichet/db/guichet.db)
#   --trusted-proxies "ADDR..."  load balancers whose X-Forwarded-For names the client
#   --keys-from DIR        copy the cluster's keys from DIR (only those missing; one that
#                          differs stops the deployment). tools/deploy-cluster.sh gives
#                          these three to a cluster's front machines.
#   --no-install --no-build
#
# Options are remembered in /etc/guichet/deploy.conf: running it again with no
# option upgrades in place with the same settings. It never replaces a secret,
# the database, documents or the banner; nginx is reloaded, not restarted, and
# only the pools whose binary or configuration changed are restarted, one by one.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"

die() { echo "deploy: $*" >&2; exit 2; }
say() { echo "deploy: $*"; }

. "$REPO/tools/lib/render.sh"
. "$REPO/tools/lib/tls.sh"
. "$REPO/tools/lib/pool.sh"
# One file per concern, run in this order, sharing this shell's variables.
for part in settings build stage-config stage-tree mta compare apply services; do
    . "$REPO/tools/deploy/$part.sh"
done
