-- wrk script for deploy/bench/run.sh: authorized record reads rotating over many residents.
--   BENCH_TOKEN=<jwt> wrk ... -s reads.lua http://127.0.0.1:<port> -- <ids file> <dataset> <purpose>
-- Each wrk thread starts at its own offset in the ID list and walks it in order, so no key is hot
-- and every ID is read before any repeats (ids file: one resident ID per line).
-- BENCH_PACE_MS=<ms>: each connection waits that long before its next request (wrk's delay()), so
-- N connections offer about N * 1000 / ms requests/s: a paced load below saturation, whose latency
-- is the latency of a read at that rate (wrk counts it from the send, not from the pause).
local threads = 0

function setup(thread)
  thread:set("thread_no", threads)
  threads = threads + 1
end

local ids = {}
local next_id = 0
local prefix, suffix, auth

function init(args)
  local file, dataset, purpose = args[1], args[2], args[3]
  for line in io.lines(file) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  if #ids == 0 then error("no ids in " .. tostring(file)) end
  prefix = "/api/v1/datasets/" .. dataset .. "/records/"
  suffix = "?purpose=" .. purpose
  auth = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
  -- thread_no comes from setup(); threads start far apart in the list
  next_id = ((thread_no or 0) * 104729) % #ids
end

function request()
  next_id = next_id % #ids + 1
  return wrk.format("GET", prefix .. ids[next_id] .. suffix, auth)
end

local pace = tonumber(os.getenv("BENCH_PACE_MS") or "")

function delay()
  return pace or 0
end
