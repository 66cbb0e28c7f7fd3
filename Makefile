# osva: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

APT_PACKAGES := pkg-config libxml2-dev libarchive-dev libsqlite3-dev libssl-dev libdcmtk-dev \
	dcmtk libxml2-utils libarchive-tools chromium prometheus sqlite3
PIP_PACKAGES := python-stdnum
OSVA := .build/release/osva
ROOT ?= $(CURDIR)
SAMPLE_ORGANISER := 1.2.246.10.99999984.10.0

.PHONY: help deps build run test crash-test samples bench fuzz clean

help:
	@echo "make run     install what is missing, build, run the job on the sample bundles"
	@echo "make test    install what is missing, run every test"
	@echo "make bench   measure osva run against a large generated inbox"
	@echo "make crash-test  kill osva 200 times mid-run and check nothing is lost (CRASH_KILLS)"
	@echo "make fuzz    fuzz the bundle reader and the XML layer (FUZZ_SECONDS=60)"
	@echo "make samples rebuild Samples/ from the corpus documents"

# Installs the Debian packages and Python tools osva needs, only when something is missing.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@python3 -c "import stdnum" 2>/dev/null || python3 -m pip install -q $(PIP_PACKAGES)

build: deps
	swift build -c release

# Puts the sample bundles into Inbox/ and runs the job once, as cron would.
run: build
	@mkdir -p "$(ROOT)/Inbox"
	@for dir in Samples/*/; do \
		sender=$$(basename "$$dir"); mkdir -p "$(ROOT)/Inbox/$$sender"; \
		cp -p "$$dir"*.zip "$(ROOT)/Inbox/$$sender/"; \
	done
	@$(OSVA) registers add --root "$(ROOT)" --organiser $(SAMPLE_ORGANISER) \
		--controller 1.2.246.10.99999984.19.0 --type 4 >/dev/null
	@$(OSVA) registers add --root "$(ROOT)" --organiser $(SAMPLE_ORGANISER) \
		--controller 1.2.246.10.99999984.19.0 --type 2 >/dev/null
	$(OSVA) run --root "$(ROOT)" --settle-seconds 0

test: deps
	swift test
	FUZZ_SHORT=1 scripts/fuzz.sh
	OSVA_BIN=.build/debug CRASH_KILLS=20 scripts/crash-test.sh

crash-test: build
	OSVA_BIN=.build/release CRASH_KILLS=$${CRASH_KILLS:-200} scripts/crash-test.sh

samples: build
	$(OSVA) samples --out Samples

bench: build
	scripts/bench.sh
	scripts/bench-imaging.sh

fuzz: deps
	scripts/fuzz.sh $${FUZZ_SECONDS:-60}

clean:
	rm -rf .build state Inbox Outbox Claimed Archive Quarantine Bench Bench-imaging
