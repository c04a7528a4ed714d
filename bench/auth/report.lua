-- Shared by the wrk scripts: counts responses by status in every thread and, when the run ends,
-- prints one machine-readable line that run.sh turns into the summary table:
--   BENCH rps=… p50_ms=… p99_ms=… p999_ms=… requests=… non2xx=… errors=… statuses=200:n,401:n
local report = {}

local threads = {}

-- Runs in wrk's main Lua state, once per thread; ids let the scripts give each thread its own
-- starting point in the rotation.
function report.setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- Each thread has its own Lua state, so these counts are per thread until done() gathers them.
statuses = {}

function report.response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local function ms(microseconds)
  return string.format("%.2f", microseconds / 1000)
end

function report.done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + count
    end
  end
  local codes, non2xx = {}, 0
  for status in pairs(merged) do
    table.insert(codes, status)
  end
  table.sort(codes)
  local parts = {}
  for _, status in ipairs(codes) do
    table.insert(parts, status .. ":" .. merged[status])
    if status < 200 or status > 299 then
      non2xx = non2xx + merged[status]
    end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH rps=%.2f p50_ms=%s p99_ms=%s p999_ms=%s requests=%d non2xx=%d errors=%d statuses=%s\n",
    summary.requests / (summary.duration / 1e6),
    ms(latency:percentile(50)), ms(latency:percentile(99)), ms(latency:percentile(99.9)),
    summary.requests, non2xx, e.connect + e.read + e.write + e.timeout,
    #parts > 0 and table.concat(parts, ",") or "none"))
end

-- Installs the hooks as the globals wrk looks for.
function report.install()
  setup, response, done = report.setup, report.response, report.done
end

return report
