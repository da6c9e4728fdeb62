-- Argo CD health of a kubenomad.io NomadJob, from the controller's status:
-- status.status (pending/running/dead), status.observedGeneration, conditions Placed/Healthy, placementFailures,
-- and the deployment of the current job version (failed: Degraded, awaiting promotion or paused: Suspended,
-- running: Progressing).
local hs = { status = "Progressing", message = "Waiting for the operator to observe the job" }
if obj.status == nil then return hs end
local st = obj.status
if st.observedGeneration == nil or obj.metadata.generation == nil or st.observedGeneration < obj.metadata.generation then
  return hs
end
local placed, healthy
for _, c in ipairs(st.conditions or {}) do
  if c.type == "Placed" then placed = c end
  if c.type == "Healthy" then healthy = c end
end
if obj.spec ~= nil and obj.spec.stop == true then
  hs.status = "Suspended"
  hs.message = "The job is stopped"
  return hs
end
local d = st.deployment
if d ~= nil and d.jobVersion == st.jobVersion then
  local what = "Deployment " .. string.sub(d.id or "", 1, 8) .. " (version " .. tostring(d.jobVersion) .. "): " .. (d.statusDescription or d.status)
  if d.status == "failed" then
    hs.status = "Degraded"
    hs.message = what
    return hs
  end
  if d.status == "blocked" or d.status == "paused" then
    hs.status = "Suspended"
    hs.message = what
    return hs
  end
  if d.status == "running" then
    hs.status = "Progressing"
    hs.message = what
    return hs
  end
end
if healthy ~= nil and healthy.status == "False" and (healthy.reason == "AllocationsFailed" or healthy.reason == "AllocationsLost") then
  hs.status = "Degraded"
  hs.message = healthy.message or healthy.reason
  return hs
end
if placed ~= nil and placed.status == "False" and placed.reason == "PlacementFailed" then
  hs.status = "Degraded"
  hs.message = placed.message or "Placement failed"
  if st.placementFailures ~= nil and #st.placementFailures > 0 and st.placementFailures[1].message ~= nil then
    hs.message = st.placementFailures[1].message
  end
  return hs
end
if healthy ~= nil and healthy.status == "True" then
  hs.status = "Healthy"
  hs.message = healthy.message or ("Job is " .. (st.status or "running"))
  return hs
end
hs.status = "Progressing"
if healthy ~= nil then
  hs.message = healthy.message or healthy.reason
elseif placed ~= nil then
  hs.message = placed.message or placed.reason
else
  hs.message = "Job is " .. (st.status or "pending")
end
return hs
