# kmsconform: the README's Quick start uses `go run` and `go test` directly; these
# targets are conveniences over the same commands.
GO ?= go
OUT ?= kmsconform-report
FUZZTIME ?= 60s

.PHONY: run test lint bench fuzz

run: ## the whole suite against the embedded reference, reports in $(OUT)
	$(GO) run ./cmd/kmsconform run --out $(OUT)

test: ## every test, including the lint gates (lint_test.go)
	$(GO) test -race ./...

lint: ## gofmt, go vet and staticcheck alone
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
