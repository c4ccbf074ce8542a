# The grader's two everyday commands are 'make demo' and 'make test';
# developers run 'make check' before every commit.
GO  ?= go
BIN := bin/grader

# staticcheck, at the version CI installs (.ci/run).
STATICCHECK_VERSION := v0.8.2
STATICCHECK ?= $(shell command -v staticcheck || echo "$$($(GO) env GOPATH)/bin/staticcheck")

.PHONY: build candidate demo check staticcheck test verify bench bench-watch bench-batch bench-queue clean

build:
	$(GO) build -o $(BIN) ./cmd/grader

# The grader a team hands to candidates (for 'grader check' in a kit) or
# runs with a private catalog (--catalog DIR): built without the bundled
# catalog, so that it holds no hidden spec, reference or fixture
# (cmd/grader's TestCandidateBinaryHoldsNoCatalog scans it for them).
candidate:
	$(GO) build -tags nocatalog -o bin/grader-candidate ./cmd/grader

# Grade the bundled, realistically flawed example submission and print its
# scorecard. The first run builds the standard library for -race once.
demo: build
	$(BIN) grade ttlcache examples/ttlcache-submission

# The checks to run before every commit, in about a minute: gofmt, vet,
# staticcheck, and the grader's own tests with -race -short (no real
# gradings: the e2e corpus, the CLI scripts that grade and the slow
# statistical tests honour -short).
check: staticcheck
	@files=$$(find . -name '*.go' -not -path './.git/*' -not -path './e2e/testdata/*' | xargs gofmt -l); \
	if [ -n "$$files" ]; then echo "gofmt would change these files; run gofmt -w on them:"; echo "$$files"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...
	$(GO) test -race -short ./...

staticcheck:
	@[ -x "$(STATICCHECK)" ] || { echo "staticcheck is not installed; run: go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)" >&2; exit 1; }

# go.mod is tidy (this also fetches what the offline hygiene test's 'go mod
# tidy' reads, on a machine with an empty module cache), vet, staticcheck,
# the unit and end-to-end tests, then the catalog proves itself ('grader
# verify', two exercises at a time on one shared pool of processes), and a
# short repeatability check under a CPU-bound load. Test
# packages run one at a time (-p 1): several of them grade for real, and on
# two cores they would only slow each other down.
# The tests that grade and the verify after them share one grader cache
# (see internal/testcache): the standard library's race build and each
# exercise's reference are built once, not once per test package.
test: export GRADER_CACHE ?= $(or $(TMPDIR),/tmp)/grader-test-cache
test: build staticcheck
	$(GO) mod tidy -diff
	$(GO) vet ./...
	$(STATICCHECK) ./...
	$(GO) test -p 1 -count=1 -timeout 40m ./...
	$(BIN) verify --jobs 2
	$(BIN) verify --repeat 2 --stress pipeline

verify: build
	$(BIN) verify

# Speed figures, side by side in one run (see README): medians of paired
# rounds (BEFORE=path/to/an/older/grader measures it in the same rounds),
# then live coding's: the time from a save to the correctness result
# under 'grader watch', then the grading queue's overhead against a local
# batch (docs/deploy.md).
bench: build
	bash scripts/bench.sh $(if $(BEFORE),-b $(BEFORE))
	bash scripts/bench-batch.sh
	bash scripts/bench-watch.sh
	bash scripts/bench-queue.sh

# A batch's throughput (submissions per minute) against the same
# submissions graded one 'grader grade' at a time (see README).
bench-batch: build
	bash scripts/bench-batch.sh

# The grading queue's overhead per grading against a local batch of the
# same submissions, as a ratio (see docs/deploy.md).
bench-queue: build
	bash scripts/bench-queue.sh

# Live coding: the time from a save to the correctness result under
# 'grader watch' (see README).
bench-watch: build
	bash scripts/bench-watch.sh

clean:
	rm -rf bin
