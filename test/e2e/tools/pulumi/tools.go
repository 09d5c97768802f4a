//go:build tools

// Package tools pins the main packages that setup.sh builds, so `go mod tidy` keeps their dependencies.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
	_ "modelship.local/e2e/tools/pulumi/pulumi-language-nodejs"
)
