# Guichet. `make` builds every handler and tool; `make check` installs what
# the tests need if it is missing, builds and runs every test; `make run`
# starts the local site; `make bench` and `make chaos` measure it.
#
# Each handler is handlers/NAME/ with a main.cc and becomes guichet-NAME-fcgi;
# each tool is tools/NAME/ with a main.cc. Shared code is handlers/common/.
# Unit tests are every *_test.cc; integration tests are tests/integration/.
#
# SANITIZE=1 builds everything with AddressSanitizer and UBSan into
# build-sanitize/ (the integration tests then run the sanitized handlers).

SANITIZE ?= 0
ifeq ($(SANITIZE),1)
BUILD ?= build-sanitize
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build
SAN_FLAGS :=
endif

CXX ?= g++
CXXFLAGS ?= -O2 -g
ALL_CXXFLAGS := -std=c++17 -Wall -Wextra -Werror -pthread $(CXXFLAGS) $(SAN_FLAGS) -Ihandlers -I. -MMD -MP
LDFLAGS += $(SAN_FLAGS) -pthread
LIBS := -lfcgi -lsqlite3 -lmbedcrypto -ljansson
TEST_LIBS := -lcurl

BIN := $(BUILD)/bin
OBJ := $(BUILD)/obj

obj_of = $(patsubst %.cc,$(OBJ)/%.o,$(1))
not_tests = $(filter-out %_test.cc,$(1))

COMMON_SRCS := $(call not_tests,$(wildcard handlers/common/*.cc))
COMMON_LIB := $(BUILD)/libguichet-common.a

HANDLERS := $(sort $(patsubst handlers/%/main.cc,%,$(wildcard handlers/*/main.cc)))
TOOLS := $(sort $(patsubst tools/%/main.cc,%,$(wildcard tools/*/main.cc)))

# Code of handlers and tools other than main.cc: linked into the unit tests too.
LOGIC_SRCS := $(foreach h,$(HANDLERS),$(filter-out handlers/$(h)/main.cc,$(call not_tests,$(wildcard handlers/$(h)/*.cc)))) \
              $(foreach t,$(TOOLS),$(filter-out tools/$(t)/main.cc,$(call not_tests,$(wildcard tools/$(t)/*.cc))))
UNIT_SRCS := $(wildcard handlers/*/*_test.cc tools/*/*_test.cc tests/unit/*.cc)
INTEGRATION_SRCS := $(wildcard tests/integration/*.cc)

HANDLER_BINS := $(foreach h,$(HANDLERS),$(BIN)/guichet-$(h)-fcgi)
TOOL_BINS := $(foreach t,$(TOOLS),$(BIN)/$(t))
TEST_BINS := $(BIN)/unit-tests $(BIN)/integration-tests

.PHONY: all check unit integration browser deps run stop bench chaos fuzz clean
all: $(HANDLER_BINS) $(TOOL_BINS)

$(OBJ)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(ALL_CXXFLAGS) -c $< -o $@

$(COMMON_LIB): $(call obj_of,$(COMMON_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

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

# Installs (as root) or names (otherwise) the Debian packages the tests need.
deps:
	@./tools/install-deps.sh test

unit: $(BIN)/unit-tests
	$(BIN)/unit-tests

integration: all $(BIN)/integration-tests
	GUICHET_BIN=$(abspath $(BIN)) $(BIN)/integration-tests

check: deps
	$(MAKE) all $(TEST_BINS)
	$(MAKE) unit
	$(MAKE) integration
	$(MAKE) browser

# The candidate site in Debian's chromium (playwright-core + axe-core from npm; no browser download).
browser: all
	cd tests/browser && { [ -d node_modules ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund; } && \
		GUICHET_BIN=$(abspath $(BIN)) node --test

run: all
	./deploy.sh --local --no-install

stop:
	./deploy.sh --local stop

clean:
	rm -rf build build-sanitize

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
