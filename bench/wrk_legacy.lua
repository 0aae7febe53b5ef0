-- wrk script: POSTs legacy Connect envelopes, one JSON body per line of a file,
-- each thread cycling through them. setup() and the JSON summary come from
-- wrk_paths.lua, named by the WRK_PATHS_LUA environment variable.
-- usage: WRK_PATHS_LUA=bench/wrk_paths.lua wrk -s bench/wrk_legacy.lua URL -- BODIES_FILE

dofile(os.getenv("WRK_PATHS_LUA"))

local bodies = {}

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  counter = (thread_id or 0) * 7919
end

function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, bodies[(counter % #bodies) + 1])
end
