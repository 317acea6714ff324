# vmtune — see README.md. `make demo` and `make check` work from a fresh Debian 12 machine as root.
PACKAGE := vmtune
VERSION := $(shell node -p "require('./package.json').version" 2>/dev/null || echo 0.1.0)
PREFIX ?= /usr/local
DESTDIR ?=
COCKPIT_DIR := $(DESTDIR)$(PREFIX)/share/cockpit/$(PACKAGE)
METAINFO_DIR := $(DESTDIR)$(PREFIX)/share/metainfo
SOURCES := $(shell find src po tools -type f 2>/dev/null) manifest.json esbuild.config.mjs package-lock.json

.PHONY: all watch devel-install devel-uninstall install dist rpm pot check bench bare-check demo demo-stop deps clean

all: dist/index.js.gz

node_modules/.package-lock.json: package.json package-lock.json
	test/tools/ensure-node.sh
	npm ci --no-audit --no-fund
	@touch $@

dist/index.js.gz: node_modules/.package-lock.json $(SOURCES)
	node esbuild.config.mjs

watch: node_modules/.package-lock.json
	NODE_ENV=development node esbuild.config.mjs --watch

devel-install: all
	mkdir -p ~/.local/share/cockpit
	ln -snf $(CURDIR)/dist ~/.local/share/cockpit/$(PACKAGE)

devel-uninstall:
	rm -f ~/.local/share/cockpit/$(PACKAGE)

# A release tarball (make dist) carries a built dist/ and neither node_modules nor .git: there
# `install` copies what is built and never tries to build (no Node.js, no network: rpmbuild).
IN_TREE := $(wildcard .git)$(wildcard node_modules)

install: $(if $(IN_TREE),all)
	test -f dist/index.js.gz
	rm -rf $(COCKPIT_DIR)
	mkdir -p $(COCKPIT_DIR) $(METAINFO_DIR)
	cp -r dist/. $(COCKPIT_DIR)/
	chmod -R u=rwX,go=rX $(COCKPIT_DIR)
	install -m 644 org.cockpit_project.vmtune.metainfo.xml $(METAINFO_DIR)/

# Source tarball with the built dist/ and the spec at its top: builds offline, no node_modules.
TARBALL := $(PACKAGE)-$(VERSION).tar.xz
DIST_FILES := dist src po packaging Makefile README.md org.cockpit_project.vmtune.metainfo.xml \
	manifest.json package.json package-lock.json esbuild.config.mjs tools tsconfig.json
STAGE := build/stage/$(PACKAGE)-$(VERSION)

dist: $(TARBALL)

$(TARBALL): all packaging/$(PACKAGE).spec.in org.cockpit_project.vmtune.metainfo.xml README.md
	rm -rf build/stage && mkdir -p $(STAGE)
	cp -a $(DIST_FILES) $(STAGE)/
	sed 's/@VERSION@/$(VERSION)/g' packaging/$(PACKAGE).spec.in > $(STAGE)/$(PACKAGE).spec
	tar -C build/stage --owner=0 --group=0 --sort=name -cJf $@ $(PACKAGE)-$(VERSION)
	rm -rf build/stage

# noarch RPM from the tarball. Debian's rpmbuild cannot see dpkg's packages: --nodeps there.
RPM_NODEPS := $(if $(wildcard /etc/debian_version),--nodeps)

rpm: $(TARBALL)
	rm -rf rpmbuild
	rpmbuild -tb $(RPM_NODEPS) --define "_topdir $(CURDIR)/rpmbuild" $(TARBALL)
	cp rpmbuild/RPMS/noarch/$(PACKAGE)-$(VERSION)-*.noarch.rpm .

pot:
	test/tools/make-pot.sh

# Installs what is missing (apt, npm ci), builds, starts the real stack and runs every suite.
check:
	test/check.sh

bench: all
	test/bench/run.sh

# A bare Debian 12 (debootstrap) installs and builds from the committed tree alone: slow, not in check.
bare-check:
	test/bare/run.sh

demo:
	test/stack/deps.sh
	$(MAKE) all
	test/demo.sh start

demo-stop:
	test/demo.sh stop

clean:
	rm -rf dist build rpmbuild $(PACKAGE)-*.tar.xz $(PACKAGE)-*.rpm
