-- GET /api/v1/me, rotating through access tokens obtained by real logins.
-- Environment (set by run.sh): BENCH_TOKENS_FILE, a Lua file returning a list of tokens.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua").install()

local requests = {}
local next_index

function init(args)
  local tokens = dofile(assert(os.getenv("BENCH_TOKENS_FILE"), "BENCH_TOKENS_FILE is not set"))
  for i, token in ipairs(tokens) do
    requests[i] = wrk.format("GET", "/api/v1/me", { Authorization = "Bearer " .. token })
  end
  next_index = (id * 31) % #requests
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
