-- Argo CD health of a kubenomad.io Periodic: the Scheduled condition and status.nextLaunch.
local hs = { status = "Progressing", message = "Waiting for the operator to schedule the next launch" }
if obj.status == nil then return hs end
local st = obj.status
if st.observedGeneration ~= nil and obj.metadata.generation ~= nil and st.observedGeneration < obj.metadata.generation then
  return hs
end
local scheduled
for _, c in ipairs(st.conditions or {}) do
  if c.type == "Scheduled" then scheduled = c end
end
if scheduled ~= nil and scheduled.status == "False" then
  if scheduled.reason == "Disabled" or scheduled.reason == "NotTracked" then
    hs.status = "Suspended"
  else
    hs.status = "Degraded"
  end
  hs.message = scheduled.message or scheduled.reason
  return hs
end
if st.nextLaunch ~= nil then
  hs.status = "Healthy"
  hs.message = "Next launch at " .. st.nextLaunch
end
return hs
