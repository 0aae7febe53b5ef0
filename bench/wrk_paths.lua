-- wrk script: each thread cycles its connections through the request paths of
-- a file (one per line), sending an Api-Key header; prints a JSON summary. The
-- requests are formatted once, in init, so that wrk spends its core on the wire.
-- usage: wrk -s bench/wrk_paths.lua http://127.0.0.1:PORT -- PATHS_FILE API_KEY

local threads = {}
local paths = {}
local counter = 0

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  if args[2] and #args[2] > 0 then wrk.headers["Api-Key"] = args[2] end
  for i, path in ipairs(paths) do paths[i] = wrk.format("GET", path) end
  counter = (thread_id or 0) * 7919 -- threads start at different places in the list
end

function request()
  counter = counter + 1
  return paths[(counter % #paths) + 1]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "errors": %d, ' ..
    '"non_2xx": %d, "timeouts": %d, "p50_us": %d, "p99_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.timeout, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
