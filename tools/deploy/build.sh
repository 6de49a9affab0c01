# deploy-server, part 2: packages, the build, and the pools that were built.

# --- packages and build -----------------------------------------------------
if [ "$check" -eq 0 ] && [ "$install" -eq 1 ]; then tools/install-deps.sh server; fi
if [ "$build" -eq 1 ]; then make -s -j"$(nproc)" all; fi
for bin in build/bin/guichet-*-fcgi; do
    [ -x "$bin" ] || continue
    name=${bin#build/bin/guichet-}; name=${name%-fcgi}
    POOLS+="$name "
done
POOLS=${POOLS% }
[ -n "$POOLS" ] || die "no handler binaries in build/bin (did the build run?)"
[ -x build/bin/guichet-admin ] || die "build/bin/guichet-admin is missing"

