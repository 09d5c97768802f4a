// Command pulumi-resource-kubernetes is the upstream provider's main
// (provider/cmd/pulumi-resource-kubernetes), rebuilt here because the upstream package embeds
// files that its `go generate` step writes; setup.sh writes the same two files next to this one
// (git-ignored) from the module's schema.json and terraform-mapping.json.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
