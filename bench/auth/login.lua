-- POST /api/v1/auth/login with the right password, rotating through the seeded members.
-- Environment (set by run.sh): BENCH_MEMBERS, BENCH_EMAIL_PAD, BENCH_PASSWORD.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua").install()

local members = tonumber(os.getenv("BENCH_MEMBERS") or "10000")
local pad = tonumber(os.getenv("BENCH_EMAIL_PAD") or "6")
local password = os.getenv("BENCH_PASSWORD") or "bench-password-1"

local requests = {}
local next_index

function init(args)
  -- Built once per thread, so wrk spends its time sending, not formatting.
  local headers = { ["Content-Type"] = "application/json" }
  for i = 0, members - 1 do
    local email = string.format("bench-%0" .. pad .. "d@example.com", i)
    local body = string.format('{"email":"%s","password":"%s"}', email, password)
    requests[i + 1] = wrk.format("POST", "/api/v1/auth/login", headers, body)
  end
  -- Threads start far apart so they rarely log the same member in at the same moment.
  next_index = (id * 7919) % members
end

function request()
  next_index = next_index % members + 1
  return requests[next_index]
end

-- BENCH_RETRY_AFTER=honour: a refused login (503) waits its Retry-After before this connection
-- sends again, as the app does; unset, it is sent again at once (the auth benchmark's flood).
if os.getenv("BENCH_RETRY_AFTER") == "honour" then
  local count_response = response
  local wait_ms = 0

  function response(status, headers, body)
    count_response(status, headers, body)
    if status == 503 then
      wait_ms = 1000 * (tonumber(headers["Retry-After"] or headers["retry-after"]) or 1)
    end
  end

  -- wrk asks for the delay when this connection is ready to send its next request.
  function delay()
    local ms = wait_ms
    wait_ms = 0
    return ms
  end
end
