-- wrk script for the benchmark (bench/load.py runs it): wrk -s bench/load.lua URL -- MODE ARG RUN_ID
--   get    ARG is a Bearer token; every request GETs URL.
--   login  ARG is a JSON body; every request POSTs it to URL.
--   write  ARG is an admin's Bearer token; POST a widget with a unique name to URL (the list), then
--          DELETE it, alternately. A DELETE trails its POST by LAG requests, more than a thread
--          has connections, so the POST has been answered by then. wrk calls request() once
--          before the run to inspect it and never sends that one, so the first widget of each
--          thread is not queued for deletion (bench/run.py removes what is left).
-- done() prints one line, "BENCH_RESULT {json}", with every thread's non-2xx count (wrk's own
-- count leaves out 3xx).
local LAG = 16
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

non2xx = 0
first_bad = ""
local mode, static_request
local created, head, tail, serial, delete_turn = {}, 1, 0, 0, false

function init(args)
  mode = args[1]
  wrk.headers["Accept"] = "application/json"
  if mode == "login" then
    wrk.headers["Content-Type"] = "application/json"
    static_request = wrk.format("POST", nil, nil, args[2])
    return
  end
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  if mode == "get" then
    static_request = wrk.format("GET")
  else
    wrk.headers["Content-Type"] = "application/json"
    run_id = args[3]
  end
end

local function write_request()
  delete_turn = not delete_turn
  if delete_turn and tail - head >= LAG then
    local name = created[head]
    created[head] = nil
    head = head + 1
    return wrk.format("DELETE", wrk.path .. name .. "/")
  end
  serial = serial + 1
  local name = string.format("bench-%s-%d-%d", run_id, id, serial)
  if serial > 1 then
    tail = tail + 1
    created[tail] = name
  end
  local body = string.format(
    '{"name": "%s", "info_url": "https://example.com/%s", "deadline": "2099-12-31"}', name, name)
  return wrk.format("POST", nil, nil, body)
end

function request()
  if static_request then
    return static_request
  end
  return write_request()
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_bad == "" then
      first_bad = status .. " " .. string.sub(body or "", 1, 160)
    end
  end
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', " ") .. '"'
end

function done(summary, latency, requests)
  local bad, sample = 0, ""
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
    if sample == "" then
      sample = thread:get("first_bad")
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"non2xx": %d, "socket_errors": %d, "first_non2xx": %s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    bad, e.connect + e.read + e.write + e.timeout, json_string(sample)))
end
