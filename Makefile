# vfio-sva: see README.md. `make demo` and `make check` install missing
# Debian packages when run as root (scripts/deps.sh) and name them otherwise.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
# where this system's systemd looks (Debian 12: /lib/systemd/system)
SYSTEMDUNITDIR ?= $(or $(shell $(PKG_CONFIG) --variable=systemdsystemunitdir systemd 2>/dev/null),/lib/systemd/system)
SYSTEMDUSERUNITDIR ?= $(or $(shell $(PKG_CONFIG) --variable=systemduserunitdir systemd 2>/dev/null),/usr/lib/systemd/user)
DESTDIR ?=

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
B ?= build
FUZZ_SECONDS ?= 60
CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS := libudev json-c libnl-3.0 libnl-genl-3.0 zlib libpci libsystemd

CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wshadow -Wformat=2 \
	-Wstrict-prototypes -Wmissing-prototypes -Wmissing-declarations \
	-Wpointer-arith -Wcast-align -Wwrite-strings -Wundef -Wvla \
	-Wimplicit-fallthrough -Wnull-dereference -Wold-style-definition \
	-Wno-missing-field-initializers
ifeq ($(findstring clang,$(shell $(CC) --version 2>/dev/null)),)
WARN += -Wformat-truncation=2
endif
ifeq ($(WERROR),1)
WARN += -Werror
endif
HARDEN := -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
ifneq ($(SANITIZE),)
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
HARDEN := -fPIE
endif

PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

ALL_CPPFLAGS = -D_GNU_SOURCE -DVFIO_SVA_VERSION='"$(VERSION)"' -Isrc/common -Isrc/list -Isrc/holders -Icmd \
	$(CPPFLAGS)
ALL_CFLAGS = -std=gnu11 $(WARN) $(HARDEN) $(SANFLAGS) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now $(SANFLAGS) $(LDFLAGS)

SRC_OBJS := $(patsubst src/%.c,$(B)/src/%.o,$(wildcard src/*/*.c))
CMD_OBJS := $(patsubst cmd/%.c,$(B)/cmd/%.o,$(wildcard cmd/*.c))

.PHONY: all deps demo check install uninstall clean bench fuzz kmod dkms-src \
	dkms-install
all: $(B)/vfio-sva

$(B)/vfio-sva: $(CMD_OBJS) $(B)/libvfio-sva.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(CMD_OBJS) $(B)/libvfio-sva.a $(PKG_LIBS)

$(B)/libvfio-sva.a: $(SRC_OBJS)
	$(AR) rcs $@ $^

$(B)/src/%.o: src/%.c | $(B)/src $(B)/.pkgcheck
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/cmd/%.o: cmd/%.c | $(B)/cmd $(B)/.pkgcheck
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The one object that prints the version (--version) is rebuilt when it changes.
$(B)/cmd/common.o: VERSION

$(B)/src $(B)/cmd:
	mkdir -p $@

$(B)/.pkgcheck:
	@mkdir -p $(B)
	@$(PKG_CONFIG) --exists $(PKGS) || { \
		echo "vfio-sva: missing development packages for: $(PKGS)" >&2; \
		echo "vfio-sva: run 'make deps' as root, or: apt-get install libudev-dev libjson-c-dev libnl-3-dev libnl-genl-3-dev zlib1g-dev libpci-dev pci.ids libsystemd-dev pkg-config" >&2; \
		exit 1; }
	@touch $@

deps:
	@sh scripts/deps.sh build

bench:
	@sh scripts/deps.sh bench
	@B=$(B) bench/run

-include tests/tests.mk

# The kernel module (kernel/, README.md "The kernel module"): built in
# $(B)/kmod from a copy of its sources and the uapi header, the layout
# DKMS uses too. KDIR: a kernel build tree (linux-headers-K).
KDIR ?= /lib/modules/$(shell uname -r)/build
KMOD_SRC := $(wildcard kernel/*.c kernel/*.h) kernel/Kbuild src/common/vfio_sva_uapi.h
DKMS_DIR = $(DESTDIR)/usr/src/vfio-sva-$(VERSION)

kmod: $(B)/kmod/vfio_sva.ko

$(B)/kmod/vfio_sva.ko: $(KMOD_SRC)
	@test -d $(KDIR) || { echo "vfio-sva: kmod: $(KDIR) is not a kernel build tree: install linux-headers-$$(uname -r) or pass KDIR=" >&2; exit 1; }
	@mkdir -p $(B)/kmod
	cp $(KMOD_SRC) $(B)/kmod/
	$(MAKE) -C $(KDIR) M=$(abspath $(B)/kmod) $(if $(KBUILD_W),W=$(KBUILD_W)) modules

dkms-src:
	install -d $(DKMS_DIR)
	install -m 0644 $(KMOD_SRC) $(DKMS_DIR)/
	sed 's/@VERSION@/$(VERSION)/' kernel/dkms.conf > $(DKMS_DIR)/dkms.conf

dkms-install: dkms-src
	dkms add vfio-sva/$(VERSION)
	dkms install vfio-sva/$(VERSION)

# The service units name the binary where this install puts it.
install: $(B)/vfio-sva
	install -D -m 0755 $(B)/vfio-sva $(DESTDIR)$(BINDIR)/vfio-sva
	install -D -m 0644 man/vfio-sva.8 $(DESTDIR)$(MANDIR)/man8/vfio-sva.8
	install -D -m 0644 completions/vfio-sva.bash \
		$(DESTDIR)$(BASHCOMPDIR)/vfio-sva
	install -D -m 0644 completions/_vfio-sva $(DESTDIR)$(ZSHCOMPDIR)/_vfio-sva
	install -D -m 0644 completions/vfio-sva.fish \
		$(DESTDIR)$(FISHCOMPDIR)/vfio-sva.fish
	install -D -m 0644 systemd/vfio-sva.socket \
		$(DESTDIR)$(SYSTEMDUNITDIR)/vfio-sva.socket
	sed 's|@SBINDIR@|$(BINDIR)|g' systemd/vfio-sva.service.in \
		> $(DESTDIR)$(SYSTEMDUNITDIR)/vfio-sva.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/vfio-sva.service
	install -D -m 0644 systemd/user/vfio-sva.socket \
		$(DESTDIR)$(SYSTEMDUSERUNITDIR)/vfio-sva.socket
	sed 's|@SBINDIR@|$(BINDIR)|g' systemd/user/vfio-sva.service.in \
		> $(DESTDIR)$(SYSTEMDUSERUNITDIR)/vfio-sva.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUSERUNITDIR)/vfio-sva.service

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vfio-sva $(DESTDIR)$(MANDIR)/man8/vfio-sva.8 \
		$(DESTDIR)$(BASHCOMPDIR)/vfio-sva $(DESTDIR)$(ZSHCOMPDIR)/_vfio-sva \
		$(DESTDIR)$(FISHCOMPDIR)/vfio-sva.fish \
		$(DESTDIR)$(SYSTEMDUNITDIR)/vfio-sva.service \
		$(DESTDIR)$(SYSTEMDUNITDIR)/vfio-sva.socket \
		$(DESTDIR)$(SYSTEMDUSERUNITDIR)/vfio-sva.service \
		$(DESTDIR)$(SYSTEMDUSERUNITDIR)/vfio-sva.socket

clean:
	rm -rf $(B) build-*

-include $(SRC_OBJS:.o=.d) $(CMD_OBJS:.o=.d)
