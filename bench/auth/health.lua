-- GET /health/live: no database, no auth; the HTTP floor of this machine with wrk on the same box.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua").install()

wrk.method = "GET"
wrk.path = "/health/live"
