# loongvm build. `make` builds build/loongvm and build/libloongvm.a;
# `make check` builds and runs every test; `make check-sanitize` runs the
# same tests with ASan and UBSan in build-san/.

CC ?= cc
ifeq ($(origin CC),default)
CC := cc
endif
BUILD ?= build
OPT ?= -O2
SAN ?=
CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g $(OPT) $(SAN) \
	-Iinclude -MMD -MP
LDFLAGS := $(SAN)
LDLIBS := -lfdt -lz -lzstd -lslirp -lpthread -lm

LIB_SRCS := $(wildcard cpu/la64/*.c) $(wildcard hv/*.c)
VMM_SRCS := $(wildcard machine/*.c) $(wildcard hw/*.c) $(wildcard hw/*/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
VMM_OBJS := $(VMM_SRCS:%.c=$(BUILD)/%.o)
VMM_LIB_OBJS := $(filter-out $(BUILD)/machine/main.o,$(VMM_OBJS))

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all check check-sanitize guests clean format deps demo
all: $(BUILD)/loongvm $(BUILD)/libloongvm.a

# Installs Debian packages and builds the cross binutils (cached).
deps:
	@scripts/toolchain.sh >/dev/null

# The README's first command: build loongvm and boot the demo guest.
demo: deps all
	$(MAKE) -s -C tests/guest demo
	$(BUILD)/loongvm -M virt -m 1G -nographic -kernel tests/guest/out/demo/demo.elf

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libloongvm.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libvmm.a: $(VMM_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/loongvm: $(BUILD)/machine/main.o $(BUILD)/libvmm.a $(BUILD)/libloongvm.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(BUILD)/libvmm.a $(BUILD)/libloongvm.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Bare-metal test guests (needs the cross toolchain; see scripts/toolchain.sh).
guests:
	$(MAKE) -C tests/guest

check: deps all $(UNIT_BINS)
	@tests/run.sh $(BUILD)

# Sanitizer reports exit with status 86, which no test accepts as a verdict.
check-sanitize:
	ASAN_OPTIONS=exitcode=86:detect_leaks=1 UBSAN_OPTIONS=exitcode=86:print_stacktrace=1 \
	$(MAKE) BUILD=build-san OPT=-O1 \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" check

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-san
	$(MAKE) -C tests/guest clean


.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
