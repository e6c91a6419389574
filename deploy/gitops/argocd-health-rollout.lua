-- Argo CD health of an ecsreboot.io/RebootRollout (install: argocd-cm-patch.yaml).
-- Argo CD runs gopher-lua (Lua 5.1): no goto, no integer division, no utf8 library.
--   Progressing  no status yet, or phase Pending, Progressing, WaitingForWindow
--   Suspended    phase Suspended (spec.suspend: true)
--   Healthy      phase Succeeded (Ready=True)
--   Degraded     phase Failed (message from the Stalled condition: the failed targets)
-- A status written for an older generation (suspend was just toggled) is Progressing too.

local function condition(status, type)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function message(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return fallback
end

local hs = {}
local status = obj.status
if status == nil or status.phase == nil or status.phase == "" then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to pick up the rollout"
  return hs
end

local generation = obj.metadata and obj.metadata.generation
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local phase = status.phase
if phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = message(condition(status, "Ready"), phase)
elseif phase == "Failed" then
  local stalled = condition(status, "Stalled")
  hs.status = "Degraded"
  hs.message = message(stalled, "Failed")
  if stalled ~= nil and stalled.reason ~= nil and stalled.reason ~= "" and hs.message ~= "Failed" then
    hs.message = stalled.reason .. ": " .. hs.message
  end
elseif phase == "Suspended" then
  hs.status = "Suspended"
  hs.message = message(condition(status, "Reconciling"), phase)
elseif phase == "Pending" or phase == "Progressing" or phase == "WaitingForWindow" then
  hs.status = "Progressing"
  hs.message = message(condition(status, "Reconciling"), phase)
else
  -- A phase this script does not know (a newer operator): say so rather than guess.
  hs.status = "Unknown"
  hs.message = "Unknown phase " .. tostring(phase)
end
return hs
