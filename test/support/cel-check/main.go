// Evaluates ValidatingAdmissionPolicy CEL with cel-go (the library kube-apiserver embeds) against
// JSON cases on stdin and prints, per case, whether every validation held. Objects are dynamic
// maps here, as in the API server's admission run (unstructured maps, property names as written,
// never escaped: k8s.io/apiserver v0.35.4 pkg/admission/plugin/cel/condition.go
// objectToResolveVal). The server's type checker sees schema types instead; the e2e tier checks
// that pass (status.typeChecking).
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/ext"
)

type policy struct {
	Variables []struct {
		Name       string `json:"name"`
		Expression string `json:"expression"`
	} `json:"variables"`
	Validations []string `json:"validations"`
	Messages    []string `json:"messages"`
	Cases       []struct {
		Name            string         `json:"name"`
		Object          map[string]any `json:"object"`
		NamespaceObject map[string]any `json:"namespaceObject"`
	} `json:"cases"`
}

type result struct {
	Policy   int      `json:"policy"`
	Case     string   `json:"case"`
	Admitted bool     `json:"admitted"`
	Messages []string `json:"messages"`
}

func main() {
	var policies []policy
	if err := json.NewDecoder(os.Stdin).Decode(&policies); err != nil {
		fail(err)
	}
	env, err := cel.NewEnv(cel.Variable("object", cel.DynType), cel.Variable("namespaceObject", cel.DynType), cel.Variable("variables", cel.MapType(cel.StringType, cel.DynType)), ext.Strings())
	if err != nil {
		fail(err)
	}
	eval := func(expression string, activation map[string]any) (any, error) {
		ast, issues := env.Compile(expression)
		if issues.Err() != nil {
			fail(fmt.Errorf("%s: %w", expression, issues.Err()))
		}
		program, err := env.Program(ast)
		if err != nil {
			fail(err)
		}
		out, _, err := program.Eval(activation)
		if err != nil {
			return nil, err
		}
		return out.Value(), nil
	}
	results := []result{}
	for p, pol := range policies {
		for _, c := range pol.Cases {
			variables := map[string]any{}
			activation := map[string]any{"object": c.Object, "namespaceObject": c.NamespaceObject, "variables": variables}
			for _, v := range pol.Variables {
				value, err := eval(v.Expression, activation)
				if err != nil {
					fail(err)
				}
				variables[v.Name] = value
			}
			admitted := true
			for _, e := range pol.Validations {
				// An evaluation error denies, as failurePolicy: Fail does.
				if value, err := eval(e, activation); err != nil || value != true {
					admitted = false
				}
			}
			messages := []string{}
			for _, m := range pol.Messages {
				value, err := eval(m, activation)
				if err != nil {
					fail(err)
				}
				messages = append(messages, fmt.Sprint(value))
			}
			results = append(results, result{Policy: p, Case: c.Name, Admitted: admitted, Messages: messages})
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
}
