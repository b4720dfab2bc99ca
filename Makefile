# kmsconform: the README's Quick start uses `go run` and `go test` directly; these
# targets are conveniences over the same commands.
GO ?= go
OUT ?= kmsconform-report
FUZZTIME ?= 60s

.PHONY: run test lint bench fuzz e2e awscli

run: ## the whole suite against the embedded reference, reports in $(OUT)
	$(GO) run ./cmd/kmsconform run --out $(OUT)

test: ## every test, including the lint gates (internal/gates)
	$(GO) test -race ./...

fuzz: ## each native fuzz target for $(FUZZTIME), then the model-based run; prints execs/s per target
	./tools/fuzz.sh $(FUZZTIME)

e2e: ## the HTML report in headless Chromium (Debian chromium): counts, filters, screenshot in reports/testdata/e2e
	$(GO) test -tags e2e -count=1 -v -run E2E ./reports

awscli: ## the documented import workflow with the AWS CLI and OpenSSL against kmsconform serve (every combination)
	./tools/awscli-import.sh

lint: ## gofmt, go vet and staticcheck alone
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

.PHONY: peers compare

bench: ## the reference's import cycle vs. its RSA bound, and vs. local-kms, printed (not asserted)
	$(GO) run ./bench

peers: ## install local-kms (pinned) into .peers/bin and run the suite against it, reports in .peers/reports/local-kms
	$(GO) run ./peers/cmd/peers

compare: ## the suite against the reference and local-kms, side-by-side matrix in .peers/compare
	$(GO) run ./peers/cmd/peers -compare
