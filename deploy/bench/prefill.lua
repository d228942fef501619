-- wrk script for deploy/bench/run.sh (f): form prefills (or household views) rotating over many residents.
--   BENCH_TOKEN=<jwt> wrk ... -s prefill.lua http://127.0.0.1:<port> -- <ids file> <form> <purpose> [prefill|household]
-- Like reads.lua: each thread walks the ID list from its own offset, so no resident is hot.
local threads = 0

function setup(thread)
  thread:set("thread_no", threads)
  threads = threads + 1
end

local ids = {}
local next_id = 0
local path, auth

function init(args)
  local file, form, purpose, what = args[1], args[2], args[3], args[4] or "prefill"
  for line in io.lines(file) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  if #ids == 0 then error("no ids in " .. tostring(file)) end
  path = "/api/v1/forms/" .. form .. "/" .. what .. "?purpose=" .. purpose .. "&subject="
  auth = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
  next_id = ((thread_no or 0) * 104729) % #ids
end

function request()
  next_id = next_id % #ids + 1
  return wrk.format("GET", path .. ids[next_id], auth)
end
