# vmtune — see README.md. `make demo` and `make check` work from a fresh Debian 12 machine as root.
PACKAGE := vmtune
VERSION := $(shell node -p "require('./package.json').version" 2>/dev/null || echo 0.1.0)
PREFIX ?= /usr/local
DESTDIR ?=
COCKPIT_DIR := $(DESTDIR)$(PREFIX)/share/cockpit/$(PACKAGE)
METAINFO_DIR := $(DESTDIR)$(PREFIX)/share/metainfo
SOURCES := $(shell find src po -type f 2>/dev/null) manifest.json esbuild.config.mjs package-lock.json

.PHONY: all watch devel-install devel-uninstall install dist rpm pot check bench demo demo-stop deps clean

all: dist/index.js

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

dist/index.js: node_modules/.package-lock.json $(SOURCES)
	node esbuild.config.mjs

watch: node_modules/.package-lock.json
	NODE_ENV=development node esbuild.config.mjs --watch

devel-install: all
	mkdir -p ~/.local/share/cockpit
	ln -snf $(CURDIR)/dist ~/.local/share/cockpit/$(PACKAGE)

devel-uninstall:
	rm -f ~/.local/share/cockpit/$(PACKAGE)

install: all
	mkdir -p $(COCKPIT_DIR) $(METAINFO_DIR)
	cp -r dist/. $(COCKPIT_DIR)/
	cp org.cockpit_project.vmtune.metainfo.xml $(METAINFO_DIR)/

pot:
	test/tools/make-pot.sh

# Installs what is missing (apt, npm ci), builds, starts the real stack and runs every suite.
check:
	test/check.sh

bench: all
	test/bench/run.sh

demo:
	test/stack/deps.sh
	$(MAKE) all
	test/demo.sh start

demo-stop:
	test/demo.sh stop

clean:
	rm -rf dist build
