#!/bin/sh
# Checks the layering of the shared code: each argument is a layer (a folder
# under handlers/), lowest first. A file of a layer may include headers of its
# own layer and of lower ones only; a file that includes a higher layer, or an
# unknown "x/y.h" that is not a layer at all, is reported and the check fails.
# Handlers (handlers/NAME/ with a main.cc), tools and tests may include any layer.
# The store may not include base/api_error.h: it throws storage errors only.
set -eu
cd "$(dirname "$0")/.."
status=0
rank=0
ranks=""
for layer in "$@"; do
    ranks="$ranks $layer:$rank"
    rank=$((rank + 1))
done
rank_of() {
    for pair in $ranks; do
        [ "${pair%%:*}" = "$1" ] && { echo "${pair#*:}"; return; }
    done
    echo ""
}
for layer in "$@"; do
    own=$(rank_of "$layer")
    for file in handlers/"$layer"/*.h handlers/"$layer"/*.cc; do
        [ -e "$file" ] || continue
        case "$file" in *_test.cc) continue ;; esac
        for included in $(sed -n 's/^#include "\([a-z_]*\)\/[^"]*"$/\1/p' "$file"); do
            other=$(rank_of "$included")
            if [ -z "$other" ]; then
                echo "layers: $file includes \"$included/...\", which is not a layer" >&2
                status=1
            elif [ "$other" -gt "$own" ]; then
                echo "layers: $file ($layer) includes $included, a higher layer" >&2
                status=1
            fi
        done
    done
done
# The store speaks of storage only: it throws StoreError, never the contract's
# ApiError (the http layer maps one to the other).
for file in handlers/store/*.h handlers/store/*.cc; do
    case "$file" in *_test.cc) continue ;; esac
    if grep -q '^#include "base/api_error.h"' "$file"; then
        echo "layers: $file (store) includes base/api_error.h: throw StoreError instead" >&2
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "layers: $* (each includes only itself and lower layers)"
exit "$status"
