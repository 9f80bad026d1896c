# Test targets, included by the top-level Makefile.
# Test infrastructure that is preloaded into other programs (the shim) is
# built without sanitizers; everything of the product is built with them.

TEST_CFLAGS_BASE := -std=gnu11 -O2 -g -Wall -Wextra -Wno-missing-field-initializers \
	-D_GNU_SOURCE
ifeq ($(WERROR),1)
TEST_CFLAGS_BASE += -Werror
endif

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(UNIT_SRCS))
UNIT_HELPERS := $(filter-out $(UNIT_SRCS),$(wildcard tests/unit/*.c))
SHIM_SRCS := $(wildcard tests/fake/shim*.c)

$(B)/tests/unit/%: tests/unit/%.c $(UNIT_HELPERS) $(B)/libvfio-sva.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(ALL_LDFLAGS) \
		-o $@ $< $(UNIT_HELPERS) $(B)/libvfio-sva.a $(PKG_LIBS)

# The shim builds in the product's descriptor passing (libc only) from source.
$(B)/tests/libvfio-sva-fake.so: $(SHIM_SRCS) $(wildcard tests/fake/*.h) \
		tests/kmodel/kmodel_proto.h src/common/vfio_sva_uapi.h src/common/fd_pass.c \
		src/common/fd_pass.h src/common/macros.h
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS_BASE) -fPIC -shared -o $@ $(SHIM_SRCS) \
		src/common/fd_pass.c -ldl

# The conformance table of VFIO_IOMMU_BIND on a VFIO_SVA_IOMMU container,
# run on the kernel model (kmodel suite) and on kernel/vfio_sva.ko (vm).
$(B)/tests/sva-conform: tests/conform/sva-conform.c src/common/vfio_sva_uapi.h
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS_BASE) -Isrc/common -o $@ tests/conform/sva-conform.c

KMODEL_SRCS := $(wildcard tests/kmodel/*.c)

# The kernel model links the product's library (config-space decoding,
# process events) but is test infrastructure, built like the shim.
$(B)/tests/vfio-sva-kmodel: $(KMODEL_SRCS) $(wildcard tests/kmodel/*.h) \
		$(B)/libvfio-sva.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -Itests/kmodel $(ALL_CFLAGS) $(ALL_LDFLAGS) \
		-o $@ $(KMODEL_SRCS) $(B)/libvfio-sva.a $(PKG_LIBS)

FUZZ_TARGETS := pcie_caps sysfs_attrs holder_proto proc hotplug
FUZZ_REPLAYS := $(patsubst %,$(B)/tests/fuzz/replay_%,$(FUZZ_TARGETS))

$(B)/tests/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
		$(B)/libvfio-sva.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
		tests/fuzz/replay.c $(B)/libvfio-sva.a $(PKG_LIBS)

TEST_BINS := $(B)/vfio-sva $(UNIT_BINS) $(B)/tests/libvfio-sva-fake.so \
	$(FUZZ_REPLAYS) $(B)/tests/sva-conform
ifneq ($(KMODEL_SRCS),)
TEST_BINS += $(B)/tests/vfio-sva-kmodel
endif

.PHONY: test-bins unit-bins
test-bins: $(TEST_BINS)
unit-bins: $(UNIT_BINS)

# Every package any suite needs is installed here, before the first suite:
# no suite installs anything (they only name what is missing: deps.sh -n).
# A user needs the check set; the vm tier says SKIP without its own. Root
# gets the vm set and the ux suite's promtool (metrics) too.
check:
	@sh scripts/deps.sh check
	@[ "$$(id -u)" != 0 ] || sh scripts/deps.sh vm metrics
	@$(MAKE) --no-print-directory test-bins
	@B=$(B) tests/run

fuzz:
	@sh scripts/fuzz.sh $(FUZZ_SECONDS)

demo:
	@sh scripts/deps.sh demo
	@$(MAKE) -s --no-print-directory $(B)/vfio-sva \
		$(B)/tests/libvfio-sva-fake.so $(B)/tests/vfio-sva-kmodel
	@B=$(B) scripts/demo
