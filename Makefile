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

.PHONY: all check check-sanitize guests guest-images clean format deps demo bench
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

# Issue 7's benchmarks: loongvm against QEMU 7.2, side by side (bench/).
bench: deps all
	BUILD=$(BUILD) python3 bench/run.py

# Bootable Linux guests from Debian sources (issue 9; about 45 min, once).
guest-images:
	scripts/guests/build.sh

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

# libFuzzer targets (fuzz/fuzz_*.c, see fuzz/fuzz_util.h): `make fuzz` runs
# each for FUZZ_SECONDS; `make fuzz-smoke` for 10 seconds unless told.
# Each target is compiled together with the virtio core and the hw/ sources
# FUZZ_DEPS_<target> names, all with the fuzzer's instrumentation.
FUZZ_CC ?= clang-16
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 20000
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -O1 \
	-fno-omit-frame-pointer $(FUZZ_SAN) -Iinclude
FUZZ_CORE := hw/virtio/virtio.c hw/virtio/virtqueue.c hw/bus.c
FUZZ_DEPS_fuzz_virtio_rng := hw/virtio/virtio_rng.c
FUZZ_DEPS_fuzz_virtio_console := hw/virtio/virtio_console.c
FUZZ_DEPS_fuzz_virtio_mmio := hw/virtio/virtio_mmio.c hw/virtio/virtio_rng.c
FUZZ_DEPS_fuzz_virtio_blk := hw/virtio/virtio_blk.c hw/block/raw_image.c \
	hw/iothread.c
FUZZ_DEPS_fuzz_virtio_net := hw/virtio/virtio_net.c $(wildcard hw/net/*.c) \
	hw/iothread.c
FUZZ_SRCS := $(wildcard fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:fuzz/%.c=$(FUZZ_BUILD)/%)

.PHONY: fuzz fuzz-build fuzz-smoke
.SECONDEXPANSION:
$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_CORE) $$(FUZZ_DEPS_fuzz_$$*) \
		$(wildcard fuzz/*.h hw/*.h hw/*/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(filter %.c,$^) \
		-o $@ $(LDLIBS)

fuzz-build: $(FUZZ_BINS)

# Device messages go to stderr on every input, so the run closes it
# (-close_fd_mask=2); on a failure the crashing input is replayed with
# stderr open to show the report.
fuzz: fuzz-build
	@for f in $(FUZZ_BINS); do \
		n=$$(basename $$f); mkdir -p $(FUZZ_BUILD)/corpus/$$n; \
		echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		rm -f $(FUZZ_BUILD)/$$n-crash-* $(FUZZ_BUILD)/$$n-leak-* \
			$(FUZZ_BUILD)/$$n-timeout-* $(FUZZ_BUILD)/$$n-oom-*; \
		if ! $$f -max_total_time=$(FUZZ_SECONDS) \
			-max_len=$(FUZZ_MAX_LEN) -timeout=10 -close_fd_mask=2 \
			-artifact_prefix=$(FUZZ_BUILD)/$$n- \
			$(FUZZ_BUILD)/corpus/$$n >$(FUZZ_BUILD)/$$n.log 2>&1; then \
			tail -5 $(FUZZ_BUILD)/$$n.log; \
			for a in $(FUZZ_BUILD)/$$n-*; do \
				[ -f "$$a" ] && $$f "$$a"; \
			done; \
			echo "fuzz: $$n FAILED (see $(FUZZ_BUILD)/$$n.log)"; \
			exit 1; \
		fi; \
	done

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(if $(filter \
		command line environment,$(origin FUZZ_SECONDS)),$(FUZZ_SECONDS),10)
