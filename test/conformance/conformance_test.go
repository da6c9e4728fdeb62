package conformance

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/nomad/api"
)

// TestConformance walks issue #15's "Done when" list in order; each step depends on the previous ones.
func TestConformance(t *testing.T) {
	c := client(t, env(t, "NOMAD_TOKEN"))
	ns := env(t, "NOMAD_NAMESPACE")

	t.Run("status and agent endpoints answer", func(t *testing.T) {
		leader, err := c.Status().Leader()
		if err != nil || leader == "" {
			t.Fatalf("leader: %q %v", leader, err)
		}
		regions, err := c.Regions().List()
		if err != nil || len(regions) != 1 || regions[0] != "global" {
			t.Fatalf("regions: %v %v", regions, err)
		}
		if _, err := c.Agent().Self(); err != nil {
			t.Fatalf("agent self: %v", err)
		}
		namespace, _, err := c.Namespaces().Info("default", nil)
		if err != nil || namespace.Name != "default" {
			t.Fatalf("namespace: %+v %v", namespace, err)
		}
	})

	t.Run("a token without RBAC is refused and one with it is allowed", func(t *testing.T) {
		_, _, err := client(t, env(t, "CONFORMANCE_DENIED_TOKEN")).Jobs().List(nil)
		mustContain(t, err, "403")
		mustContain(t, err, "Permission denied")
		_, _, err = client(t, "").Jobs().List(nil)
		mustContain(t, err, "Permission denied")
		_, _, err = client(t, "not-a-token").Jobs().List(nil)
		mustContain(t, err, "403")
		if _, _, err := c.Jobs().List(nil); err != nil {
			t.Fatalf("allowed token: %v", err)
		}
	})

	example := parseSeed(t, c, "example.nomad")
	t.Run("seed 001 registers from jobs/parse output and reads back", func(t *testing.T) {
		if *example.ID != "example" || *example.TaskGroups[0].Tasks[0].Resources.MemoryMB != 256 || *example.TaskGroups[0].Tasks[0].Resources.CPU != 500 {
			t.Fatalf("parsed job: %+v", example)
		}
		resp, _, err := c.Jobs().Register(example, nil)
		if err != nil || resp.JobModifyIndex == 0 || resp.EvalID == "" {
			t.Fatalf("register: %+v %v", resp, err)
		}
		// The evaluation is synthesised from the job's generation: complete once the operator reconciled it.
		eventually(t, "the registration's evaluation to complete", 60*time.Second, func() string {
			ev, _, err := c.Evaluations().Info(resp.EvalID, nil)
			if err != nil {
				return err.Error()
			}
			if ev.JobID != "example" || ev.Status != "complete" {
				return ev.JobID + " " + ev.Status
			}
			return ""
		})
		job, meta, err := c.Jobs().Info("example", nil)
		if err != nil || *job.ID != "example" || *job.Type != "service" || *job.TaskGroups[0].Count != 1 || meta.LastIndex == 0 {
			t.Fatalf("info: %+v %v", job, err)
		}
		if *job.Namespace != "default" && *job.Namespace != ns {
			t.Fatalf("namespace: %s", *job.Namespace)
		}
		if image, _ := job.TaskGroups[0].Tasks[0].Config["image"].(string); image != "redis:3.2" {
			t.Fatalf("config: %+v", job.TaskGroups[0].Tasks[0].Config)
		}
	})

	t.Run("validate runs the admission checks and answers problems as ValidationErrors", func(t *testing.T) {
		ok, _, err := c.Jobs().Validate(parseSeed(t, c, "example.nomad"), nil)
		if err != nil || len(ok.ValidationErrors) != 0 {
			t.Fatalf("valid job: %+v %v", ok, err)
		}
		bad := parseSeed(t, c, "example.nomad")
		bad.TaskGroups[0].Tasks[0].Driver = "qemu"
		refused, _, err := c.Jobs().Validate(bad, nil)
		if err != nil || len(refused.ValidationErrors) == 0 || !strings.Contains(refused.Error, "qemu") {
			t.Fatalf("invalid job: %+v %v", refused, err)
		}
	})

	t.Run("jobs list with prefix and filter", func(t *testing.T) {
		list, _, err := c.Jobs().PrefixList("exa")
		if err != nil || len(list) != 1 || list[0].ID != "example" || list[0].Type != "service" {
			t.Fatalf("prefix list: %+v %v", list, err)
		}
		none, _, err := c.Jobs().PrefixList("zzz")
		if err != nil || len(none) != 0 {
			t.Fatalf("empty prefix list: %+v %v", none, err)
		}
		all, _, err := c.Jobs().List(&api.QueryOptions{Namespace: "*", Filter: `ID == "example"`})
		if err != nil || len(all) != 1 || all[0].Namespace != "default" {
			t.Fatalf("all namespaces: %+v %v", all, err)
		}
		_, _, err = client(t, env(t, "CONFORMANCE_DENIED_TOKEN")).Jobs().List(&api.QueryOptions{Namespace: "*"})
		mustContain(t, err, "Permission denied")
		filtered, _, err := c.Jobs().List(&api.QueryOptions{Filter: `Type == "batch"`})
		if err != nil || len(filtered) != 0 {
			t.Fatalf("filter: %+v %v", filtered, err)
		}
		_, _, err = c.Jobs().List(&api.QueryOptions{Filter: `Type ==`})
		mustContain(t, err, "400")
	})

	t.Run("scale 1 → 15 runs 15 allocations", func(t *testing.T) {
		eventually(t, "1 running allocation", 60*time.Second, func() string { return running(c, "example", 1) })
		count := 15
		if _, _, err := c.Jobs().Scale("example", "cache", &count, "seed 001", false, nil, nil); err != nil {
			t.Fatalf("scale: %v", err)
		}
		eventually(t, "15 running allocations", 90*time.Second, func() string { return running(c, "example", 15) })
		allocs, _, err := c.Jobs().Allocations("example", false, nil)
		if err != nil || len(allocs) != 15 || allocs[0].TaskGroup != "cache" || allocs[0].JobID != "example" {
			t.Fatalf("allocations: %d %v", len(allocs), err)
		}
	})

	t.Run("plan at 50 explains the exhausted dimension and scale 50 queues the rest", func(t *testing.T) {
		job, _, err := c.Jobs().Info("example", nil)
		if err != nil {
			t.Fatal(err)
		}
		fifty := 50
		job.TaskGroups[0].Count = &fifty
		plan, _, err := c.Jobs().Plan(job, true, nil)
		if err != nil {
			t.Fatalf("plan: %v", err)
		}
		failed := plan.FailedTGAllocs["cache"]
		if failed == nil || failed.DimensionExhausted["memory"] == 0 || failed.NodesExhausted == 0 {
			t.Fatalf("plan failures: %+v", plan.FailedTGAllocs)
		}
		if plan.Annotations.DesiredTGUpdates["cache"].Place != 35 {
			t.Fatalf("desired updates: %+v", plan.Annotations.DesiredTGUpdates["cache"])
		}
		scaled, _, err := c.Jobs().Scale("example", "cache", &fifty, "seed 001", false, nil, nil)
		if err != nil {
			t.Fatalf("scale: %v", err)
		}
		eventually(t, "the scale's evaluation to record the exhausted memory", 60*time.Second, func() string {
			ev, _, err := c.Evaluations().Info(scaled.EvalID, nil)
			if err != nil {
				return err.Error()
			}
			if ev.Status != "complete" || ev.FailedTGAllocs["cache"] == nil || ev.FailedTGAllocs["cache"].DimensionExhausted["memory"] == 0 {
				return "evaluation " + ev.Status
			}
			return ""
		})
		eventually(t, "50 allocations running or queued", 90*time.Second, func() string {
			s, _, err := c.Jobs().Summary("example", nil)
			if err != nil {
				return err.Error()
			}
			g := s.Summary["cache"]
			if g.Running+g.Queued != 50 || g.Queued == 0 || g.Running < 15 {
				return "summary " + strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(fmtSummary(g), "\n", " "), "  ", " "))
			}
			allocs, _, err := c.Jobs().Allocations("example", false, nil)
			if err != nil || len(allocs) != g.Running {
				return "allocation list does not match the summary"
			}
			return ""
		})
	})

	t.Run("a blocking query returns when the job changes and not before", func(t *testing.T) {
		_, meta, err := c.Jobs().Info("example", nil)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan uint64, 1)
		go func() {
			_, m, err := c.Jobs().Info("example", &api.QueryOptions{WaitIndex: meta.LastIndex, WaitTime: 2 * time.Minute})
			if err != nil {
				done <- 0
				return
			}
			done <- m.LastIndex
		}()
		// An unrelated write, read back: the blocking query must still be waiting afterwards.
		other := parseSeed(t, c, "ping.nomad")
		if _, _, err := c.Jobs().Register(other, nil); err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.Jobs().Info("ping", nil); err != nil {
			t.Fatal(err)
		}
		select {
		case idx := <-done:
			t.Fatalf("the blocking query returned (index %d) before the job changed", idx)
		default:
		}
		forty := 40
		if _, _, err := c.Jobs().Scale("example", "cache", &forty, "", false, nil, nil); err != nil {
			t.Fatal(err)
		}
		select {
		case idx := <-done:
			if idx <= meta.LastIndex {
				t.Fatalf("index %d after the change, %d before", idx, meta.LastIndex)
			}
		case <-time.After(60 * time.Second):
			t.Fatal("the blocking query did not return after the job changed")
		}
	})

	t.Run("seed 000 dispatches with meta and an idempotency token", func(t *testing.T) {
		opts := &api.WriteOptions{IdempotencyToken: "conformance-1"}
		first, _, err := c.Jobs().Dispatch("ping", map[string]string{"ADDRESS": "192.168.50.1"}, nil, "", opts)
		if err != nil || !strings.HasPrefix(first.DispatchedJobID, "ping/dispatch-") {
			t.Fatalf("dispatch: %+v %v", first, err)
		}
		again, _, err := c.Jobs().Dispatch("ping", map[string]string{"ADDRESS": "192.168.50.1"}, nil, "", opts)
		if err != nil || again.DispatchedJobID != first.DispatchedJobID {
			t.Fatalf("same token, other child: %+v %v", again, err)
		}
		child, _, err := c.Jobs().Info(first.DispatchedJobID, nil)
		if err != nil || *child.ParentID != "ping" || !child.Dispatched {
			t.Fatalf("child: %+v %v", child, err)
		}
		_, _, err = c.Jobs().Dispatch("ping", nil, nil, "", nil)
		mustContain(t, err, "400")
		_, _, err = c.Jobs().Dispatch("example", nil, nil, "", nil)
		mustContain(t, err, "not a parameterized job")
	})

	t.Run("seed 002's periodic job is forced", func(t *testing.T) {
		backup := parseSeed(t, c, "mysql-backup.nomad")
		if _, _, err := c.Jobs().Register(backup, nil); err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.Jobs().PeriodicForce("mysql-backup", nil); err != nil {
			t.Fatalf("force: %v", err)
		}
		children, _, err := c.Jobs().PrefixList("mysql-backup/periodic-")
		if err != nil || len(children) != 1 || children[0].ParentID != "mysql-backup" {
			t.Fatalf("children: %+v %v", children, err)
		}
		_, _, err = c.Jobs().PeriodicForce("example", nil)
		mustContain(t, err, "non-periodic")
	})

	t.Run("allocations and nodes read", func(t *testing.T) {
		allocs, _, err := c.Allocations().List(nil)
		if err != nil || len(allocs) == 0 {
			t.Fatalf("allocations: %v", err)
		}
		alloc, _, err := c.Allocations().Info(allocs[0].ID, nil)
		if err != nil || alloc.ID != allocs[0].ID || alloc.Job == nil || alloc.NodeID == "" {
			t.Fatalf("allocation: %+v %v", alloc, err)
		}
		nodes, _, err := c.Nodes().List(nil)
		if err != nil || len(nodes) == 0 {
			t.Fatalf("nodes: %v", err)
		}
		node, _, err := c.Nodes().Info(alloc.NodeID, nil)
		if err != nil || node.Status != "ready" || node.Datacenter != env(t, "CONFORMANCE_DATACENTER") {
			t.Fatalf("node: %+v %v", node, err)
		}
		onNode, _, err := c.Nodes().Allocations(alloc.NodeID, nil)
		if err != nil || len(onNode) == 0 {
			t.Fatalf("node allocations: %v", err)
		}
		if _, err := c.Allocations().Stop(alloc, nil); err != nil {
			t.Fatalf("alloc stop: %v", err)
		}
		_, _, err = c.Allocations().Info("00000000-0000-0000-0000-000000000000", nil)
		mustContain(t, err, "404")
	})

	t.Run("a drain cordons the node and moves its allocations; ending it with MarkEligible uncordons", func(t *testing.T) {
		nodes, _, err := c.Nodes().List(&api.QueryOptions{Filter: `Name == "nomad-api-b"`})
		if err != nil || len(nodes) != 1 {
			t.Fatalf("node: %+v %v", nodes, err)
		}
		id := nodes[0].ID
		if _, err := c.Nodes().UpdateDrain(id, &api.DrainSpec{Deadline: time.Minute}, false, nil); err != nil {
			t.Fatalf("drain: %v", err)
		}
		eventually(t, "no running allocation on the drained node", 60*time.Second, func() string {
			node, _, err := c.Nodes().Info(id, nil)
			if err != nil || !node.Drain || node.SchedulingEligibility != "ineligible" {
				return "node not draining"
			}
			allocs, _, err := c.Nodes().Allocations(id, nil)
			if err != nil {
				return err.Error()
			}
			for _, a := range allocs {
				if a.DesiredStatus == "run" {
					return "allocation " + a.ID + " still runs there"
				}
			}
			return ""
		})
		if _, err := c.Nodes().UpdateDrain(id, nil, true, nil); err != nil {
			t.Fatalf("end drain: %v", err)
		}
		node, _, err := c.Nodes().Info(id, nil)
		if err != nil || node.Drain || node.SchedulingEligibility != "eligible" {
			t.Fatalf("node after the drain: %+v %v", node, err)
		}
		for _, eligible := range []bool{false, true} {
			if _, err := c.Nodes().ToggleEligibility(id, eligible, nil); err != nil {
				t.Fatalf("eligibility %v: %v", eligible, err)
			}
			node, _, err := c.Nodes().Info(id, nil)
			if err != nil || (node.SchedulingEligibility == "eligible") != eligible {
				t.Fatalf("eligibility %v: %+v %v", eligible, node, err)
			}
		}
	})

	t.Run("variables are stored, read, listed and deleted", func(t *testing.T) {
		if _, _, err := c.Variables().Create(&api.Variable{Path: "conformance/db", Items: api.VariableItems{"user": "app"}}, nil); err != nil {
			t.Fatalf("create: %v", err)
		}
		v, _, err := c.Variables().Read("conformance/db", nil)
		if err != nil || v.Items["user"] != "app" {
			t.Fatalf("read: %+v %v", v, err)
		}
		list, _, err := c.Variables().PrefixList("conformance/", nil)
		if err != nil || len(list) != 1 {
			t.Fatalf("list: %+v %v", list, err)
		}
		if _, err := c.Variables().Delete("conformance/db", nil); err != nil {
			t.Fatalf("delete: %v", err)
		}
		if _, _, err := c.Variables().Read("conformance/db", nil); err == nil {
			t.Fatal("read after delete succeeded")
		}
	})

	t.Run("features not built answer Nomad-style errors", func(t *testing.T) {
		_, _, err := c.Jobs().ScaleStatus("ping", nil)
		mustContain(t, err, "501")
		mustContain(t, err, "not yet supported")
	})

	t.Run("stop, then purge", func(t *testing.T) {
		if _, _, err := c.Jobs().Deregister("example", false, nil); err != nil {
			t.Fatalf("stop: %v", err)
		}
		job, _, err := c.Jobs().Info("example", nil)
		if err != nil || !*job.Stop {
			t.Fatalf("stopped job: %+v %v", job, err)
		}
		if _, _, err := c.Jobs().Deregister("example", true, nil); err != nil {
			t.Fatalf("purge: %v", err)
		}
		_, _, err = c.Jobs().Info("example", nil)
		mustContain(t, err, "job not found")
	})
}

func running(c *api.Client, job string, n int) string {
	s, _, err := c.Jobs().Summary(job, nil)
	if err != nil {
		return err.Error()
	}
	if g := s.Summary["cache"]; g.Running != n {
		return fmtSummary(g)
	}
	return ""
}

func fmtSummary(g api.TaskGroupSummary) string {
	return strings.Join([]string{"queued", itoa(g.Queued), "starting", itoa(g.Starting), "running", itoa(g.Running)}, " ")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	if neg {
		s = "-" + s
	}
	return s
}
