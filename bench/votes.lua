-- wrk script for the vote load: every request is a new, valid vote. As on a real network there
-- are CLIENTS validators and each votes once on every proposal, so vote n is validator
-- (n mod CLIENTS) on proposal (n div CLIENTS), read from the proposals file in order; wrk's
-- threads take the numbers n = i * THREADS + thread so that no two requests are the same vote.
-- A run that outlives the proposals file wraps around and its repeated votes come back 409,
-- which the summary counts as refused: make enough proposals (bench/load-votes-wrk.sh does).
--
-- usage: wrk -t THREADS -c CLIENTS -d 20s -s bench/votes.lua URL -- PROPOSALS_FILE CLIENTS THREADS PREFIX

local next_thread = 0

function setup(thread)
    thread:set("thread_number", next_thread)
    next_thread = next_thread + 1
end

function init(args)
    proposals = {}
    for line in io.lines(args[1]) do
        proposals[#proposals + 1] = line
    end
    clients = tonumber(args[2])
    threads = tonumber(args[3])
    prefix = args[4]
    sent = 0
    wrk.method = "POST"
    wrk.path = "/decentralized/approve-proposal"
    wrk.headers["Content-Type"] = "application/json"
end

function request()
    local n = sent * threads + thread_number
    sent = sent + 1
    local proposal = proposals[math.floor(n / clients) % #proposals + 1]
    local body = '{"proposal_hash":"' .. proposal .. '","validator_id":"' .. prefix .. '-validator-'
        .. (n % clients) .. '"}'
    return wrk.format(nil, nil, nil, body)
end

-- Runs in wrk's main Lua state, which has none of init()'s globals: the script prints the clients.
function done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local refused = summary.errors.status + summary.errors.connect + summary.errors.read
        + summary.errors.write + summary.errors.timeout
    io.write(string.format("votes:            %d (%d refused or failed)\n", summary.requests, refused))
    io.write(string.format("votes per second: %.0f\n", summary.requests / seconds))
    io.write(string.format("latency ms:       p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n",
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
        latency.max / 1000))
    io.write(string.format("elapsed:          %.2f s\n", seconds))
end
