-- Argo CD health of a kubenomad.io Dispatch: status.phase pending/running/complete/failed.
local hs = { status = "Progressing", message = "Waiting for the dispatch" }
if obj.status == nil or obj.status.phase == nil then return hs end
local phase = obj.status.phase
local child = obj.status.childJob or "?"
if phase == "complete" then
  hs.status = "Healthy"
  hs.message = "Dispatched job " .. child .. " completed"
elseif phase == "failed" then
  hs.status = "Degraded"
  hs.message = "Dispatched job " .. child .. " failed"
  for _, c in ipairs(obj.status.conditions or {}) do
    if c.status == "False" and c.message ~= nil then hs.message = c.message end
  end
elseif phase == "running" then
  hs.status = "Healthy"
  hs.message = "Dispatched job " .. child .. " is running"
else
  hs.message = "Dispatch is " .. phase
end
return hs
