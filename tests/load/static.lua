-- The static home page's sampler during the burst (bench.sh): each of wrk's
-- connections waits 20 ms between its requests, so 8 connections ask for at
-- most 400 pages a second. It measures the page's latency while the crowd
-- claims; flat out, it would itself take a third of the machine's CPU from
-- the claims it is meant to observe.
function delay()
    return 20
end
