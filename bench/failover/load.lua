-- wrk script for bench/failover/run.sh: GET, or POST with a small body when FAILOVER_METHOD=POST,
-- and a count of responses per status code, printed by done() as "status <code> <count>" lines.
method = os.getenv("FAILOVER_METHOD") or "GET"
wrk.method = method
if method == "POST" then
    wrk.body = string.rep("p", 128)
    wrk.headers["Content-Type"] = "application/octet-stream"
end

statuses = {}

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function done(summary, latency, requests)
    local total = {}
    for _, thread in ipairs(threads) do
        for code, count in pairs(thread:get("statuses")) do
            total[code] = (total[code] or 0) + count
        end
    end
    for code, count in pairs(total) do
        io.write(string.format("status %d %d\n", code, count))
    end
    io.write(string.format("latency_max_ms %.1f\n", latency.max / 1000))
end
