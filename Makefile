# Guichet. `make` builds every handler and tool; `make check` installs what
# the tests need if it is missing, builds and runs every test; `make run`
# starts the local site; `make bench` and `make chaos` measure it.
#
# Each handler is handlers/NAME/ with a main.cc and becomes guichet-NAME-fcgi;
# each tool is tools/NAME/ with a main.cc. Shared code is in layers, each its
# own folder under handlers/ and its own archive (docs/architecture.md):
# base < crypto < store < os < domain < http; `make layers` checks that no
# file includes a higher layer.
# Unit tests are every *_test.cc; integration tests are tests/integration/.
#
# SANITIZE=1 builds everything with AddressSanitizer and UBSan into
# build-sanitize/ (the integration tests then run the sanitized handlers).

SANITIZE ?= 0
FUZZ ?= 0
ifeq ($(FUZZ),1)
# libFuzzer builds (make fuzz): clang, with ASan and UBSan.
BUILD ?= build-fuzz
CXX := clang++
SAN_FLAGS := -fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer -fno-sanitize-recover=all
else ifeq ($(SANITIZE),1)
BUILD ?= build-sanitize
# GCC 12 reports a false maybe-uninitialized inside std::function when
# std::regex is instantiated under the sanitizers (store/migrate_pg.cc).
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -Wno-maybe-uninitialized
else
BUILD ?= build
SAN_FLAGS :=
endif

CXX ?= g++
CXXFLAGS ?= -O2 -g
GEN := $(BUILD)/gen
# libpq's headers are in their own folder (Debian's libpq-dev: /usr/include/postgresql).
PQ_CFLAGS := $(shell pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
ALL_CXXFLAGS := -std=c++17 -Wall -Wextra -Werror -pthread $(CXXFLAGS) $(SAN_FLAGS) -Ihandlers -I. -I$(GEN) $(PQ_CFLAGS) -MMD -MP
LDFLAGS += $(SAN_FLAGS) -pthread
LIBS := -lfcgi -lsqlite3 -lpq -lmbedcrypto -ljansson -lseccomp -lcurl -largon2
TEST_LIBS := -lcurl

BIN := $(BUILD)/bin
OBJ := $(BUILD)/obj

obj_of = $(patsubst %.cc,$(OBJ)/%.o,$(1))
not_tests = $(filter-out %_test.cc,$(1))

# Lowest first. Archives link highest first, so each finds what it uses below it.
LAYERS := base crypto store os domain http
layer_lib = $(BUILD)/libguichet-$(1).a
reverse = $(if $(1),$(call reverse,$(wordlist 2,$(words $(1)),$(1))) $(firstword $(1)))
COMMON_LIB := $(foreach l,$(call reverse,$(LAYERS)),$(call layer_lib,$(l)))

HANDLERS := $(sort $(patsubst handlers/%/main.cc,%,$(wildcard handlers/*/main.cc)))
TOOLS := $(sort $(patsubst tools/%/main.cc,%,$(wildcard tools/*/main.cc)))

# Code of handlers and tools other than main.cc: linked into the unit tests too.
LOGIC_SRCS := $(foreach h,$(HANDLERS),$(filter-out handlers/$(h)/main.cc,$(call not_tests,$(wildcard handlers/$(h)/*.cc)))) \
              $(foreach t,$(TOOLS),$(filter-out tools/$(t)/main.cc,$(call not_tests,$(wildcard tools/$(t)/*.cc))))
UNIT_SRCS := $(wildcard handlers/*/*_test.cc tools/*/*_test.cc tests/unit/*.cc)
# The integration suite starts its PostgreSQL as the unit tests do (GUICHET_TEST_BACKEND=postgres).
INTEGRATION_SRCS := $(wildcard tests/integration/*.cc) tests/unit/pg_server.cc

# Fuzz harnesses: tests/fuzz/NAME_fuzz.cc. `make fuzz` runs each under
# libFuzzer; `make check` replays their seed corpus and every input that once
# crashed (tests/fuzz/regressions/NAME/) through a g++ build of the same harness.
FUZZ_NAMES := $(sort $(patsubst tests/fuzz/%_fuzz.cc,%,$(wildcard tests/fuzz/*_fuzz.cc)))
FUZZ_SECONDS ?= 30

GENERATED_MESSAGES := static/errors/fr/internal.json static/assets/messages.js
HANDLER_BINS := $(foreach h,$(HANDLERS),$(BIN)/guichet-$(h)-fcgi)
TOOL_BINS := $(foreach t,$(TOOLS),$(BIN)/$(t))
TEST_BINS := $(BIN)/unit-tests $(BIN)/integration-tests $(foreach f,$(FUZZ_NAMES),$(BIN)/replay-$(f))

.PHONY: all check layers unit integration fuzz-replay browser deps run stop bench bench-documents chaos fuzz fuzz-run clean deploy-test deploy-systemd-test deploy-cluster-test
all: $(HANDLER_BINS) $(TOOL_BINS) static/assets/countries.js $(GENERATED_MESSAGES)

# The country list, from Debian's iso-codes (a run dependency): the server's
# accepted codes ($(GEN)/countries.inc, included by handlers/domain/countries.cc)
# and the site's list with French and English names (static/assets/countries.js,
# git-ignored). The generator links only jansson: the domain layer needs its output.
ISO_3166_JSON ?= /usr/share/iso-codes/json/iso_3166-1.json
ISO_LOCALE_DIR ?= /usr/share/locale
GEN_COUNTRIES := $(BUILD)/gen/gen-countries
$(GEN_COUNTRIES): tools/gen-countries/gen_countries.cc
	@mkdir -p $(dir $@)
	$(CXX) -std=c++17 -O2 -Wall -Wextra -Werror $< -ljansson -o $@
$(GEN)/countries.inc: $(GEN_COUNTRIES) $(ISO_3166_JSON)
	$(GEN_COUNTRIES) cxx $(ISO_3166_JSON) $(ISO_LOCALE_DIR) > $@.tmp.$$$$ && mv $@.tmp.$$$$ $@
static/assets/countries.js: $(GEN_COUNTRIES) $(ISO_3166_JSON)
	$(GEN_COUNTRIES) js $(ISO_3166_JSON) $(ISO_LOCALE_DIR) > $@.tmp.$$$$ && mv $@.tmp.$$$$ $@
$(OBJ)/handlers/domain/countries.o: $(GEN)/countries.inc

# Every error text the site and nginx show, from the one catalogue
# (handlers/base/errors.def) and the field codes (handlers/base/field_codes.def):
# nginx's error documents, static/errors/{fr,en}/CODE.json, and the site's
# table, static/assets/messages.js. Both git-ignored.
GEN_MESSAGES := $(BUILD)/gen/gen-messages
MESSAGE_DEFS := handlers/base/errors.def handlers/base/field_codes.def
$(GEN_MESSAGES): tools/gen-messages/gen_messages.cc $(MESSAGE_DEFS)
	@mkdir -p $(dir $@)
	$(CXX) -std=c++17 -O2 -Wall -Wextra -Werror -Ihandlers $< -ljansson -o $@
static/errors/fr/internal.json: $(GEN_MESSAGES)
	rm -rf static/errors && $(GEN_MESSAGES) errors static/errors
static/assets/messages.js: $(GEN_MESSAGES)
	$(GEN_MESSAGES) js > $@.tmp.$$$$ && mv $@.tmp.$$$$ $@

$(OBJ)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(ALL_CXXFLAGS) -c $< -o $@

define layer_rule
$(call layer_lib,$(1)): $(call obj_of,$(call not_tests,$(wildcard handlers/$(1)/*.cc)))
	@mkdir -p $$(dir $$@)
	rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach l,$(LAYERS),$(eval $(call layer_rule,$(l))))

# Fails when a file of a layer includes a header of a higher layer.
layers:
	@tools/check-layers.sh $(LAYERS)

define handler_rule
$(BIN)/guichet-$(1)-fcgi: $(call obj_of,$(call not_tests,$(wildcard handlers/$(1)/*.cc))) $(COMMON_LIB)
	@mkdir -p $$(dir $$@)
	$$(CXX) $$(LDFLAGS) $$^ $$(LIBS) -o $$@
endef
$(foreach h,$(HANDLERS),$(eval $(call handler_rule,$(h))))

define tool_rule
$(BIN)/$(1): $(call obj_of,$(call not_tests,$(wildcard tools/$(1)/*.cc))) $(COMMON_LIB)
	@mkdir -p $$(dir $$@)
	$$(CXX) $$(LDFLAGS) $$^ $$(LIBS) -o $$@
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

$(BIN)/unit-tests: $(call obj_of,$(UNIT_SRCS) $(LOGIC_SRCS)) $(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ $(LIBS) -o $@

$(BIN)/integration-tests: $(call obj_of,$(INTEGRATION_SRCS)) $(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ $(LIBS) $(TEST_LIBS) -o $@

$(BIN)/replay-%: $(OBJ)/tests/fuzz/%_fuzz.o $(OBJ)/tests/fuzz/replay_main.o $(call obj_of,$(LOGIC_SRCS)) $(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ $(LIBS) -o $@

$(BIN)/fuzz-%: $(OBJ)/tests/fuzz/%_fuzz.o $(call obj_of,$(LOGIC_SRCS)) $(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -fsanitize=fuzzer $^ $(LIBS) -o $@

# Installs (as root) or names (otherwise) the Debian packages the tests need.
deps:
	@./tools/install-deps.sh test

unit: $(BIN)/unit-tests $(GENERATED_MESSAGES)
	$(BIN)/unit-tests

ifeq ($(SANITIZE),1)
# Sanitizer reports from any process (handlers behind nginx included) land in
# SANITIZER_LOGS; the run fails if there is any.
SANITIZER_LOGS := /tmp/guichet-sanitizer-logs
SANITIZER_ENV := ASAN_OPTIONS=log_path=$(SANITIZER_LOGS)/asan:detect_leaks=1 \
                 UBSAN_OPTIONS=log_path=$(SANITIZER_LOGS)/ubsan:print_stacktrace=1
endif

# integration runs the suite on both backends at once, the handlers on SQLite
# and on a throwaway PostgreSQL 15 (one server, a schema per site), each test
# case in a process of its own, INTEGRATION_JOBS at a time
# (tools/run-integration.sh): twice the cores, as a case mostly waits (on 2
# cores: 350 s for both backends; one at a time took about 25 minutes). The
# sanitized check runs it on SQLite only (the unit tests cover both stores),
# one case per core: its handlers are several times heavier.
# integration-sqlite and integration-postgres run one backend.
INTEGRATION_JOBS ?= $(shell echo $$(( $$(nproc) * $(if $(filter 1,$(SANITIZE)),1,2) )))
INTEGRATION_BACKENDS := $(if $(filter 1,$(SANITIZE)),sqlite,sqlite postgres)
integration: all $(BIN)/integration-tests
	$(MAKE) integration-run BACKENDS="$(INTEGRATION_BACKENDS)"
integration-sqlite: all $(BIN)/integration-tests
	$(MAKE) integration-run BACKENDS=sqlite
integration-postgres: all $(BIN)/integration-tests
	$(MAKE) integration-run BACKENDS=postgres

.PHONY: integration-sqlite integration-postgres integration-run
integration-run:
ifeq ($(SANITIZE),1)
	rm -rf $(SANITIZER_LOGS) && mkdir -p $(SANITIZER_LOGS)
	$(SANITIZER_ENV) GUICHET_BIN=$(abspath $(BIN)) tools/run-integration.sh -j $(INTEGRATION_JOBS) $(BACKENDS)
	@if [ -n "$$(ls -A $(SANITIZER_LOGS))" ]; then \
	    echo "sanitizer reports:"; head -50 $(SANITIZER_LOGS)/*; exit 1; fi
else
	GUICHET_BIN=$(abspath $(BIN)) tools/run-integration.sh -j $(INTEGRATION_JOBS) $(BACKENDS)
endif

fuzz-replay: $(foreach f,$(FUZZ_NAMES),$(BIN)/replay-$(f))
	@set -e; for f in $(FUZZ_NAMES); do \
	    $(BIN)/replay-$$f $$(find tests/fuzz/corpus/$$f tests/fuzz/regressions/$$f -type f ! -name .keep 2>/dev/null); \
	done

# The build in check uses every core even when `make check` is run bare (the
# README's command): a serial build is most of a fresh clone's wait.
JOBS ?= $(shell nproc)
check: deps
	$(MAKE) layers
	$(MAKE) -j$(JOBS) all $(TEST_BINS)
	$(MAKE) unit
	$(MAKE) fuzz-replay
	$(MAKE) integration
	$(MAKE) chaos-short
	$(MAKE) cluster-check
	$(MAKE) siege-short
	$(MAKE) browser
	$(MAKE) deploy-test

# The candidate site in Debian's chromium (playwright-core + axe-core from npm; no browser download).
# One test file per core at once, each with its own site and browser (2 cores: 103 s, against 161 s one by one).
browser: all
	cd tests/browser && { [ -d node_modules ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund; } && \
		GUICHET_BIN=$(abspath $(BIN)) node --test --test-concurrency=$(JOBS)

# deploy.sh --server into a throwaway --prefix root: nginx -t, units verified,
# second run changes nothing, the installed site answers (tests/deploy/).
deploy-test: all
	tests/deploy/test-server-deploy.sh

# deploy.sh --server in a Debian 12 container booted with systemd (needs root;
# the first run makes the image with debootstrap): the users, the modes, who
# each process runs as, and a candidate's path through them. Not in check.
deploy-systemd-test: all
	tests/deploy/test-systemd-deploy.sh

# deploy.sh --server --inventory: a cluster of six Debian 12 containers booted
# with systemd (three db machines, two fronts, a load balancer), then the loss
# of the primary's machine and of a front (needs root; not part of check).
deploy-cluster-test: all
	tests/deploy/test-cluster-deploy.sh

# Each harness under libFuzzer for FUZZ_SECONDS; a crashing input is saved in
# tests/fuzz/regressions/NAME/ (commit it: make check replays it from then on).
fuzz:
	@./tools/install-deps.sh fuzz
	$(MAKE) FUZZ=1 fuzz-run

fuzz-run: $(foreach f,$(FUZZ_NAMES),$(BIN)/fuzz-$(f))
	@set -e; for f in $(FUZZ_NAMES); do \
	    mkdir -p tests/fuzz/regressions/$$f $(BUILD)/corpus/$$f; \
	    echo "== fuzz $$f for $(FUZZ_SECONDS) s"; \
	    $(BIN)/fuzz-$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=tests/fuzz/regressions/$$f/ $(BUILD)/corpus/$$f tests/fuzz/corpus/$$f 2>&1 | \
	        grep -E "^(Done|stat::number_of_executed_units|==|INFO: seed)|ERROR|crash" || true; \
	    test -z "$$(find tests/fuzz/regressions/$$f -type f -newer $(BIN)/fuzz-$$f ! -name .keep)" || \
	        { echo "fuzz $$f found a crash: see tests/fuzz/regressions/$$f/"; exit 1; }; \
	done

# Where the documents' bytes live, measured (tests/load/documents.sh): uploads
# and reads on SQLite and PostgreSQL; BINS="label=DIR ..." compares builds.
bench-documents:
	@./tools/install-deps.sh bench
	$(MAKE) all
	GUICHET_BIN=$(abspath $(BIN)) tests/load/documents.sh

run: all
	./deploy.sh --local --no-install

stop:
	./deploy.sh --local stop

# The opening-day benchmark (tests/load/bench.sh): N=42000 C=1000,10000 by default.
bench:
	@./tools/install-deps.sh bench
	$(MAKE) all
	GUICHET_BIN=$(abspath $(BIN)) tests/load/bench.sh

# The fault runs (tests/chaos/run.sh, docs/chaos.md): workers killed, the
# whole site killed and started again, the data disk filled; N=20000 by
# default. chaos-short is their bounded form (N=1500), part of make check.
.PHONY: chaos-short
chaos:
	@./tools/install-deps.sh chaos
	$(MAKE) all
	GUICHET_BIN=$(abspath $(BIN)) tests/chaos/run.sh

chaos-short: all
	GUICHET_BIN=$(abspath $(BIN)) tests/chaos/run.sh --short

# The siege (tests/siege/, docs/security.md): 5,000 candidates claim at opening
# while attackers hold slow bodies, spray passwords and fill a small disk;
# siege-short (600 candidates, a tmpfs) is part of make check. Both need root.
.PHONY: siege siege-short
siege:
	@./tools/install-deps.sh chaos
	$(MAKE) all
	GUICHET_BIN=$(abspath $(BIN)) tests/siege/run.sh

siege-short: all
	GUICHET_BIN=$(abspath $(BIN)) tests/siege/run.sh --short

# A PostgreSQL 15 cluster on this machine (tools/cluster/cluster.sh, docs/cluster.md):
# three etcd members and three nodes under Patroni on 127.0.1.1-3, haproxy on
# 127.0.1.10. cluster-failover writes through it while the leader's postgres,
# then its Patroni, is killed -9, and checks that no acknowledged row is lost.
# cluster-failover is not in check. CLUSTER_FAILOVER_ARGS: e.g. --runs 5.
# cluster-check (part of check) and cluster-chaos (longer) run the handlers on
# that cluster: two front nodes behind haproxy (tools/cluster/front.sh), a
# burst of claims, the primary killed -9, then a whole front node
# (tests/cluster/check.sh); they end with the line "cluster: acknowledged N, lost 0, ...".
.PHONY: cluster-failover cluster-up cluster-down cluster-check cluster-chaos
cluster-check: all
	@./tools/install-deps.sh cluster
	N=$${N:-1500} GUICHET_BIN=$(abspath $(BIN)) tests/cluster/check.sh
cluster-chaos: all
	@./tools/install-deps.sh cluster
	N=$${N:-20000} C=$${C:-256} PLACES=$${PLACES:-2800} GUICHET_BIN=$(abspath $(BIN)) tests/cluster/check.sh
CLUSTER_DIR ?= /tmp/guichet-cluster
cluster-failover:
	@./tools/install-deps.sh cluster
	tests/cluster/failover.sh $(CLUSTER_FAILOVER_ARGS)

cluster-up:
	@./tools/install-deps.sh cluster
	tools/cluster/cluster.sh up $(CLUSTER_DIR)

cluster-down:
	tools/cluster/cluster.sh down $(CLUSTER_DIR)

clean:
	rm -rf build build-sanitize build-fuzz static/assets/countries.js static/assets/messages.js static/errors

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
