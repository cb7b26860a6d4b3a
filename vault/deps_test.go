package vault_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection keeps main → ui → vault → crypto one way: the core
// packages never reach the interface libraries, and only crypto imports age.
func TestDependencyDirection(t *testing.T) {
	deps := func(pkgs ...string) []string {
		t.Helper()
		out, err := exec.Command("go", append([]string{"list", "-deps"}, pkgs...)...).Output()
		if err != nil {
			t.Skipf("go list is not available: %v", err)
		}
		return strings.Fields(string(out))
	}
	for _, d := range deps("confidant/vault/...", "confidant/crypto/...") {
		if strings.HasPrefix(d, "charm.land/") || strings.HasPrefix(d, "github.com/charmbracelet/") || strings.HasPrefix(d, "confidant/ui") {
			t.Errorf("vault or crypto depends on %s", d)
		}
	}
	for _, d := range deps("confidant/crypto/...") {
		if strings.HasPrefix(d, "go.etcd.io/bbolt") || strings.HasPrefix(d, "confidant/vault") {
			t.Errorf("crypto depends on %s", d)
		}
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}: {{join .Imports " "}}`, "confidant/vault/...", "confidant/ui/...").Output()
	if err != nil {
		t.Skipf("go list is not available: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ": ")
		for _, imp := range strings.Fields(imports) {
			if strings.HasPrefix(imp, "filippo.io/age") {
				t.Errorf("%s imports %s directly; only crypto may", pkg, imp)
			}
			if strings.HasPrefix(pkg, "confidant/ui") && strings.HasPrefix(imp, "go.etcd.io/bbolt") {
				t.Errorf("%s imports bbolt; the interface goes through vault", pkg)
			}
		}
	}
}
