package conformance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/nomad/api"
)

// env reads a required variable.
func env(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set (run through test/e2e/nomad-api-conformance.test.ts)", name)
	}
	return v
}

// client returns a Nomad API client with the given token.
func client(t *testing.T, token string) *api.Client {
	t.Helper()
	cfg := api.DefaultConfig()
	cfg.SecretID = token
	c, err := api.NewClient(cfg)
	if err != nil {
		t.Fatalf("new client: %v", err)
	}
	return c
}

// parseSeed parses a jobspec of test/fixtures/hcl through /v1/jobs/parse and moves it to the test datacenter.
func parseSeed(t *testing.T, c *api.Client, file string) *api.Job {
	t.Helper()
	hcl, err := os.ReadFile(filepath.Join(env(t, "CONFORMANCE_HCL_DIR"), file))
	if err != nil {
		t.Fatal(err)
	}
	job, err := c.Jobs().ParseHCLOpts(&api.JobsParseRequest{JobHCL: string(hcl), Canonicalize: true})
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	job.Datacenters = []string{env(t, "CONFORMANCE_DATACENTER")}
	return job
}

// eventually retries check until it returns "" (done) or the deadline passes; it reads state, it does not sleep-then-assert.
func eventually(t *testing.T, what string, timeout time.Duration, check func() string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	last := ""
	for time.Now().Before(deadline) {
		if last = check(); last == "" {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s: %s", what, last)
}

func mustContain(t *testing.T, err error, text string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), text) {
		t.Fatalf("expected an error containing %q, got %v", text, err)
	}
}
