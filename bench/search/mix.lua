-- wrk script of the search benchmark: replays the "kind<TAB>path" lines of the mix file in random
-- order with the bearer token and prints one line for run.sh:
--   BENCH rps=… p50_ms=… p99_ms=… p999_ms=… max_ms=… requests=… non2xx=… errors=… statuses=…
--
--   MIX_FILE=mix.tsv TOKEN=… [MIX_KIND=near] [MIX_STATUSES=1] wrk -t2 -c64 -d20s -s bench/search/mix.lua http://127.0.0.1:18090
--
-- MIX_KIND keeps the lines of one kind only (the per-kind runs). non2xx is wrk's own count of
-- answers of 400 and above; MIX_STATUSES=1 counts every answer by status (statuses=200:n,503:n).

local threads = {}
-- Read in every Lua state wrk makes (the main one and each thread's).
local counting = os.getenv("MIX_STATUSES") == "1"

-- Runs in wrk's main Lua state once per thread, before init() runs in the thread's own state.
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local function load_requests(file, kind, token)
  local list = {}
  local headers = { ["Authorization"] = "Bearer " .. token }
  -- ACCEPT_ENCODING (gzip, br, ...) for the compression scenario; unset: no compression asked.
  local encoding = os.getenv("ACCEPT_ENCODING")
  if encoding and encoding ~= "" then
    headers["Accept-Encoding"] = encoding
  end
  for line in io.lines(file) do
    local k, path = line:match("^([^\t]+)\t(.+)$")
    if path and (kind == nil or kind == "" or kind == k) then
      -- Formatted once here, so request() is a table lookup and wrk stays cheap.
      table.insert(list, wrk.format("GET", path, headers))
    end
  end
  return list
end

function init(args)
  requests = load_requests(os.getenv("MIX_FILE"), os.getenv("MIX_KIND"), os.getenv("TOKEN"))
  if #requests == 0 then
    error("no requests in " .. tostring(os.getenv("MIX_FILE")) .. " of kind " .. tostring(os.getenv("MIX_KIND")))
  end
  math.randomseed(os.time() * 100 + id)
  statuses = {}
end

function request()
  return requests[math.random(#requests)]
end

-- wrk hands every response's headers and body to Lua only when the script defines response(). On
-- the mix's ~25 KB answers that cost wrk about a seventh of its CPU (75 -> 65 µs a request,
-- 2026-11-30), CPU the server on a two-core box does not get: statuses are counted only when asked.
if counting then
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end
end

local function ms(microseconds)
  return string.format("%.2f", microseconds / 1000)
end

function done(summary, latency, requests)
  local e = summary.errors
  local merged, codes, parts, non2xx = {}, {}, {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + count
    end
  end
  for status in pairs(merged) do
    table.insert(codes, status)
  end
  table.sort(codes)
  for _, status in ipairs(codes) do
    table.insert(parts, status .. ":" .. merged[status])
    if status < 200 or status > 299 then
      non2xx = non2xx + merged[status]
    end
  end
  local breakdown = #parts > 0 and table.concat(parts, ",") or "none"
  if not counting then
    -- The mix asks nothing a server answers 1xx or 3xx, so 400 and above are all the non-2xx.
    non2xx, breakdown = e.status, "uncounted(MIX_STATUSES=1)"
  end
  io.write(string.format(
    "BENCH rps=%.2f p50_ms=%s p99_ms=%s p999_ms=%s max_ms=%s requests=%d non2xx=%d errors=%d statuses=%s\n",
    summary.requests / (summary.duration / 1e6),
    ms(latency:percentile(50)), ms(latency:percentile(99)), ms(latency:percentile(99.9)), ms(latency.max),
    summary.requests, non2xx, e.connect + e.read + e.write + e.timeout, breakdown))
end
