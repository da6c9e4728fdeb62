package conformance

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/nomad/api"
)

// webJob is a service job of 2 whose updates go through one canary that waits for promotion.
func webJob(t *testing.T, image string) *api.Job {
	t.Helper()
	job := api.NewServiceJob("web", "web", "global", 50)
	job.AddDatacenter(env(t, "CONFORMANCE_DATACENTER"))
	second, minute := time.Second, time.Minute
	two := 2 * time.Minute
	one, canary := 1, 1
	job.Update = &api.UpdateStrategy{MaxParallel: &one, Canary: &canary, MinHealthyTime: &second, HealthyDeadline: &minute, ProgressDeadline: &two}
	cpu, mem := 100, 64
	task := api.NewTask("app", "docker").SetConfig("image", image).Require(&api.Resources{CPU: &cpu, MemoryMB: &mem})
	job.AddTaskGroup(api.NewTaskGroup("web", 2).AddTask(task))
	return job
}

// latest waits until the job's latest deployment satisfies want (a description of what is missing, or "").
func latest(t *testing.T, c *api.Client, what string, want func(d *api.Deployment) string) *api.Deployment {
	t.Helper()
	var out *api.Deployment
	eventually(t, what, 90*time.Second, func() string {
		d, _, err := c.Jobs().LatestDeployment("web", nil)
		if err != nil {
			return err.Error()
		}
		if d == nil {
			return "no deployment"
		}
		out = d
		if missing := want(d); missing != "" {
			return fmt.Sprintf("%s (deployment v%d %s: %s)", missing, d.JobVersion, d.Status, d.StatusDescription)
		}
		return ""
	})
	return out
}

// TestDeployments: job status and deployment reads across a spec change, versions with diffs, canary promotion,
// pause/resume/fail and revert, as Nomad's CLI (`job status`, `job history -p`, `deployment promote`, `job revert`) calls them.
func TestDeployments(t *testing.T) {
	c := client(t, env(t, "NOMAD_TOKEN"))
	t.Cleanup(func() { _, _, _ = c.Jobs().Deregister("web", true, nil) })

	var canaries *api.Deployment
	t.Run("job status reads the deployment of version 0, then the canary deployment after a spec change", func(t *testing.T) {
		if none, _, err := c.Jobs().LatestDeployment("no-such-job", nil); err == nil || none != nil {
			t.Fatalf("latest deployment of a missing job: %+v %v", none, err)
		}
		if _, _, err := c.Jobs().Register(webJob(t, "nginx:1"), nil); err != nil {
			t.Fatalf("register: %v", err)
		}
		first := latest(t, c, "version 0 deployed", func(d *api.Deployment) string {
			if d.JobVersion != 0 || d.Status != "successful" || d.TaskGroups["web"] == nil || d.TaskGroups["web"].HealthyAllocs != 2 {
				return "version 0 not deployed"
			}
			return ""
		})
		if _, _, err := c.Jobs().Register(webJob(t, "nginx:2"), nil); err != nil {
			t.Fatalf("update: %v", err)
		}
		job, _, err := c.Jobs().Info("web", nil)
		if err != nil || *job.Version != 1 || *job.Stable {
			t.Fatalf("the job's version right after the change: %+v %v", job.Version, err)
		}
		canaries = latest(t, c, "the canary to wait for promotion", func(d *api.Deployment) string {
			g := d.TaskGroups["web"]
			if d.JobVersion != 1 || d.Status != "running" || !strings.Contains(d.StatusDescription, "requires manual promotion") || g.DesiredCanaries != 1 || g.Promoted {
				return "no canary awaiting promotion"
			}
			return ""
		})
		if canaries.ID == first.ID || canaries.JobID != "web" || canaries.TaskGroups["web"].ProgressDeadline != 2*time.Minute {
			t.Fatalf("canary deployment: %+v", canaries)
		}
		list, _, err := c.Jobs().Deployments("web", false, nil)
		if err != nil || len(list) != 1 || list[0].ID != canaries.ID {
			t.Fatalf("job deployments: %+v %v", list, err)
		}
		all, _, err := c.Deployments().PrefixList(canaries.ID[:8])
		if err != nil || len(all) != 1 || all[0].JobID != "web" {
			t.Fatalf("deployments: %+v %v", all, err)
		}
		one, _, err := c.Deployments().Info(canaries.ID, nil)
		if err != nil || one.ID != canaries.ID || one.JobVersion != 1 {
			t.Fatalf("deployment: %+v %v", one, err)
		}
		_, _, err = c.Deployments().Info("00000000-0000-0000-0000-000000000000", nil)
		mustContain(t, err, "deployment not found")
		allocs, _, err := c.Deployments().Allocations(canaries.ID, nil)
		if err != nil || len(allocs) != 1 || allocs[0].TaskGroup != "web" {
			t.Fatalf("the canary deployment's allocations (the canary): %d %v", len(allocs), err)
		}
	})

	t.Run("versions list newest first with the diff of each to the one before", func(t *testing.T) {
		versions, diffs, _, err := c.Jobs().Versions("web", true, nil)
		if err != nil || len(versions) != 2 || *versions[0].Version != 1 || *versions[1].Version != 0 || !*versions[1].Stable {
			t.Fatalf("versions: %d %v", len(versions), err)
		}
		if len(diffs) != 1 || diffs[0].Type != "Edited" || len(diffs[0].TaskGroups) != 1 || len(diffs[0].TaskGroups[0].Tasks) != 1 {
			t.Fatalf("diffs: %+v", diffs)
		}
		config := diffs[0].TaskGroups[0].Tasks[0].Objects
		if len(config) != 1 || config[0].Name != "Config" || config[0].Fields[0].Old != "nginx:1" || config[0].Fields[0].New != "nginx:2" {
			t.Fatalf("task diff: %+v", config)
		}
	})

	t.Run("promote of the canary deployment completes it and marks version 1 stable", func(t *testing.T) {
		if _, _, err := c.Deployments().PromoteAll(canaries.ID, nil); err != nil {
			t.Fatalf("promote: %v", err)
		}
		latest(t, c, "the promoted deployment to succeed", func(d *api.Deployment) string {
			if d.ID != canaries.ID || d.Status != "successful" || !d.TaskGroups["web"].Promoted {
				return "not promoted and successful"
			}
			return ""
		})
		eventually(t, "the promoted deployment to own both allocations", 30*time.Second, func() string {
			allocs, _, err := c.Deployments().Allocations(canaries.ID, nil)
			if err != nil || len(allocs) != 2 {
				return fmt.Sprintf("%d allocations %v", len(allocs), err)
			}
			return ""
		})
		eventually(t, "version 1 to be stable", 30*time.Second, func() string {
			job, _, err := c.Jobs().Info("web", nil)
			if err != nil || !*job.Stable {
				return "not stable"
			}
			return ""
		})
		_, _, err := c.Deployments().PromoteAll(canaries.ID, nil)
		mustContain(t, err, "nothing to promote")
	})

	t.Run("revert enforces the prior version and rolls version 0's spec out as version 2; pause, resume and fail act on it", func(t *testing.T) {
		wrong, right := uint64(0), uint64(1)
		_, _, err := c.Jobs().Revert("web", 0, &wrong, nil, "", "")
		mustContain(t, err, "Current job has version 1; enforcing version 0")
		_, _, err = c.Jobs().Revert("web", 1, nil, nil, "", "")
		mustContain(t, err, "can't revert to current version")
		if _, _, err := c.Jobs().Revert("web", 0, &right, nil, "", ""); err != nil {
			t.Fatalf("revert: %v", err)
		}
		job, _, err := c.Jobs().Info("web", nil)
		if err != nil || *job.Version != 2 || job.TaskGroups[0].Tasks[0].Config["image"] != "nginx:1" {
			t.Fatalf("reverted job: %+v %v", job.Version, err)
		}
		d := latest(t, c, "the revert's deployment", func(d *api.Deployment) string {
			if d.JobVersion != 2 {
				return "no deployment of version 2"
			}
			return ""
		})
		if _, _, err := c.Deployments().Pause(d.ID, true, nil); err != nil {
			t.Fatalf("pause: %v", err)
		}
		latest(t, c, "the deployment to pause", func(d *api.Deployment) string {
			if d.Status != "paused" {
				return "not paused"
			}
			return ""
		})
		if _, _, err := c.Deployments().Pause(d.ID, false, nil); err != nil {
			t.Fatalf("resume: %v", err)
		}
		latest(t, c, "the deployment to resume", func(d *api.Deployment) string {
			if d.Status != "running" {
				return "not running"
			}
			return ""
		})
		if _, _, err := c.Deployments().Fail(d.ID, nil); err != nil {
			t.Fatalf("fail: %v", err)
		}
		latest(t, c, "the deployment to fail", func(d *api.Deployment) string {
			if d.Status != "failed" || d.StatusDescription != "Deployment marked as failed" {
				return "not failed"
			}
			return ""
		})
		versions, _, _, err := c.Jobs().Versions("web", false, nil)
		if err != nil || len(versions) != 3 || *versions[0].Version != 2 {
			t.Fatalf("versions after the revert: %d %v", len(versions), err)
		}
	})
}
