-- wrk script for fpindex-server: POST /<index>/_search with JSON bodies read from a file, one
-- query per line, cycled per thread from a different starting offset.
-- Usage: wrk -s search.lua http://127.0.0.1:PORT -- <index> <queries-file>

local bodies = {}
local index_name = "bench"
local next_body = 1

function init(args)
  index_name = args[1] or index_name
  local file = assert(io.open(args[2], "r"))
  for line in file:lines() do
    bodies[#bodies + 1] = line
  end
  file:close()
  next_body = (tonumber(wrk.thread:get("id") or 0) * 7919) % #bodies + 1
end

function setup(thread)
  thread:set("id", tostring(setup_count or 0))
  setup_count = (setup_count or 0) + 1
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/" .. index_name .. "/_search",
    { ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d p50_us=%d p90_us=%d p99_us=%d mean_us=%.1f duration_us=%d\n",
    summary.requests, summary.errors.status, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.mean, summary.duration))
end
