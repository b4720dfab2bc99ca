// Package features holds the kmsconform rules catalogue as executable Gherkin:
// one .feature file per catalogue section of ../shared/spec/rules.md, one
// `Rule: <ID> <statement>` block per catalogued rule, its description the
// source URLs, our paraphrase and the reading taken where the catalogue says
// Ambiguous (design.md "Rules are data"). catalogue.md is the project's copy
// of every catalogued ID and statement, so a clean clone can check coverage.
package features

import "embed"

// FS holds every .feature file of the catalogue, at its root.
//
//go:embed *.feature
var FS embed.FS

// Catalogue is catalogue.md: the catalogued rule IDs and statements.
//
//go:embed catalogue.md
var Catalogue string
