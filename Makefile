# mamoru — build, test, run.
# GNU Make + pkg-config: the project is plain C with a handful of Debian
# libraries, so a short Makefile is easier to read than a generator.
#
#   make run     install missing packages, build, start the demo server
#   make test    install missing packages, build, run every test
#   make bench   benchmarks (tables; never pass/fail)

PKGS    := libmicrohttpd jansson libutf8proc libxxhash libpsl libidn2 libcrypto sqlite3 libhs
CC      ?= cc
WARN    := -Wall -Wextra -Werror -Wno-unused-parameter
BASEFL  := -std=c11 -D_GNU_SOURCE -Iinclude -Isrc $(WARN) -MMD -MP
PKGCFL   = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKGLIBS  = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
CFLAGS  ?= -O2 -g
ASANFL  := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

LIB_SRC  := $(sort $(wildcard src/core/*.c src/norm/*.c src/intel/*.c src/screen/*.c src/trace/*.c \
                         src/ingest/*.c src/feeds/*.c src/server/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(shell find tests/unit -name '*.c' 2>/dev/null))
BENCH_SRC := $(sort $(wildcard bench/*.c))

OBJ       := $(LIB_SRC:%.c=build/obj/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=build/obj/%.o)
AOBJ      := $(LIB_SRC:%.c=build/asan/%.o)
ACLI_OBJ  := $(CLI_SRC:%.c=build/asan/%.o)
UNIT_OBJ  := $(UNIT_SRC:%.c=build/asan/%.o)
BENCH_BIN := $(BENCH_SRC:bench/%.c=build/bench/%)

.PHONY: all deps run test unit integration bench fuzz soak clean format
all: build/mamoru

deps:
	@bash scripts/deps.sh

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(BASEFL) $(CFLAGS) $(PKGCFL) -c $< -o $@

build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	@$(CC) $(BASEFL) $(ASANFL) $(PKGCFL) -c $< -o $@

build/libmamoru.a: $(OBJ)
	@rm -f $@
	@ar rcs $@ $^

build/asan/libmamoru.a: $(AOBJ)
	@rm -f $@
	@ar rcs $@ $^

build/mamoru: $(CLI_OBJ) build/libmamoru.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) build/libmamoru.a $(PKGLIBS)

build/asan/mamoru: $(ACLI_OBJ) build/asan/libmamoru.a
	$(CC) $(ASANFL) -o $@ $(ACLI_OBJ) build/asan/libmamoru.a $(PKGLIBS)

build/asan/unit_tests: $(UNIT_OBJ) build/asan/libmamoru.a
	$(CC) $(ASANFL) -o $@ $(UNIT_OBJ) build/asan/libmamoru.a $(PKGLIBS) -lcriterion

build/bench/%: bench/%.c build/libmamoru.a
	@mkdir -p $(dir $@)
	$(CC) $(BASEFL) $(CFLAGS) $(PKGCFL) -o $@ $< build/libmamoru.a $(PKGLIBS)

run: deps all
	@bash scripts/run-demo.sh

unit: build/asan/unit_tests
integration: build/mamoru build/asan/mamoru

test: deps all build/asan/unit_tests build/asan/mamoru
	@bash tests/run.sh

bench: deps all $(BENCH_BIN)
	@bash bench/run.sh

fuzz soak:
	@echo "make $@: see fuzz/README.md" ; bash fuzz/run.sh $@

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(UNIT_SRC) include/mamoru/*.h

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(AOBJ:.o=.d) $(ACLI_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)
