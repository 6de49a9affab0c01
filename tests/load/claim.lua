-- wrk script for the opening-day burst: each candidate claims exactly once.
--
--   wrk -t T -c C -d MAX --latency -s claim.lua URL -- TOKENS LOGDIR T ORIGIN [FIRST [STALE_S]]
--
-- TOKENS holds one session cookie value per line (line n = candidate n).
-- Thread k takes the lines n with (n - 1) % T == k. With several wrk
-- processes (one wrk holds at most ~10,000 connections here), T counts the
-- threads of all of them and FIRST is this process's first thread number, so
-- its thread j is thread FIRST + j. A request carries its
-- candidate's number in X-Request-Id, which nginx echoes, so an answer is
-- matched to its candidate whatever the connection. 503, 429 and 425 are
-- retried after a jittered pause, as the candidate site does (a request
-- lost at the socket level is sent again after STALE_S, 5 s by default); any other
-- answer is definitive and written to LOGDIR/thread-k.log as
-- "number status rank outcome first_ms": first_ms is when this load generator
-- sent the candidate's first attempt (Unix ms). The server keeps no trace of a
-- first attempt it turned away with 503 (nginx answers it before any handler),
-- so the order of arrival under overload is measured from the client's send
-- times (tests/load/analyse.py, "inversions"). A thread stops when all its candidates have
-- a definitive answer, and leaves LOGDIR/thread-k.done holding its counts
-- ("name count" lines: the statuses it retried, the claims it sent again).

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } guichet_timespec;
int clock_gettime(int clock_id, guichet_timespec *tp);
]]
local now_ts = ffi.new("guichet_timespec")
local function now_ms()  -- CLOCK_REALTIME, as the server's received_at
   ffi.C.clock_gettime(0, now_ts)
   return tonumber(now_ts.tv_sec) * 1000 + math.floor(tonumber(now_ts.tv_nsec) / 1000000)
end

local next_thread = 0
local STALE_S = 5  -- requeue_stale(): the sixth argument replaces it
function setup(thread)
   thread:set("thread_id", next_thread)
   next_thread = next_thread + 1
end

local tokens, fresh, retry, sent_at, first_ms = {}, {}, {}, {}, {}
local fresh_pos, retry_head, retry_tail = 1, 1, 0
local remaining = 0
local log
local origin
local logdir
local dry_run = false
local counts = { retried_503 = 0, retried_429 = 0, retried_425 = 0, sent_again = 0 }

function init(args)
   local path, threads = args[1], tonumber(args[3])
   logdir = args[2]
   origin = args[4]
   -- wrk calls this process's first thread's request() once right after
   -- init() to check it, and throws that request away: it must not take a candidate.
   dry_run = thread_id == 0
   thread_id = thread_id + tonumber(args[5] or "0")
   STALE_S = tonumber(args[6] or STALE_S)
   local n = 0
   for line in io.lines(path) do
      n = n + 1
      if (n - 1) % threads == thread_id then
         tokens[n] = line
         fresh[#fresh + 1] = n
      end
   end
   remaining = #fresh
   log = io.open(logdir .. "/thread-" .. thread_id .. ".log", "w")
   math.randomseed(os.time() + thread_id * 7919)
end

local function pending_retry() return retry_head <= retry_tail end

-- A request that failed at the socket level (reset, timeout) never reaches
-- response(): its candidate would wait forever. When nothing else is left,
-- candidates unanswered for STALE_S or more are sent again; a claim is
-- idempotent, so a repeat only gets the same receipt back (200). A claim
-- may wait in the site's queue for up to its read timeout (60 s,
-- tools/lib/capacity.sh), and a claim still waiting there is not lost: sent
-- again sooner, it would only lengthen the queue. So STALE_S is the sixth
-- argument (bench.sh: 65 s), 5 s when not given (the chaos runs).
local function requeue_stale()
   local now = os.time()
   for n, at in pairs(sent_at) do
      if now - at >= STALE_S then
         sent_at[n] = nil
         counts.sent_again = counts.sent_again + 1
         retry_tail = retry_tail + 1
         retry[retry_tail] = n
      end
   end
end

function delay()
   -- A fresh candidate goes at once. A retry waits a random 1 to 5 s: the 503's
   -- Retry-After says 5 s and the candidate site waits at least that (with
   -- exponential back-off); this client is more impatient than the site. A
   -- fixed sub-second retry from 10,000 connections is a storm of 50,000
   -- rejections a second that starves the claim pool of CPU (measured).
   if fresh_pos <= #fresh then return 0 end
   if not pending_retry() then requeue_stale() end
   if pending_retry() then return math.random(1000, 5000) end
   return 250  -- everyone of this thread is in flight: poll the window meanwhile
end

-- Each candidate is a client of its own address, forwarded in X-Forwarded-For
-- (the benchmark and chaos sites trust the loopback as a proxy), so the
-- site's per-client caps see the crowd it would see, not one client.
local function address_of(n)
   return string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
end
local function poller_address()
   return string.format("10.250.%d.%d", math.random(0, 255), math.random(1, 254))
end

function request()
   if dry_run then
      dry_run = false
      return wrk.format("GET", "/api/window", { ["X-Request-Id"] = "poll", ["X-Forwarded-For"] = poller_address() })
   end
   local n
   if fresh_pos <= #fresh then
      n = fresh[fresh_pos]
      fresh_pos = fresh_pos + 1
   end
   -- (a candidate sent again may have had its answer meanwhile: skip it)
   while n == nil and pending_retry() do
      n = retry[retry_head]
      retry[retry_head] = nil
      retry_head = retry_head + 1
      if tokens[n] == nil then n = nil end
   end
   if n == nil then
      return wrk.format("GET", "/api/window", { ["X-Request-Id"] = "poll", ["X-Forwarded-For"] = poller_address() })
   end
   sent_at[n] = os.time()
   if first_ms[n] == nil then first_ms[n] = now_ms() end
   return wrk.format("POST", "/api/claim", {
      ["Cookie"] = "guichet_session=" .. tokens[n],
      ["Origin"] = origin,
      ["X-Request-Id"] = tostring(n),
      ["X-Forwarded-For"] = address_of(n),
      ["Content-Length"] = "0",
   })
end

function response(status, headers, body)
   -- Header names are case-insensitive: haproxy (make cluster-check) sends them in lower case.
   local n = tonumber(headers["X-Request-Id"] or headers["x-request-id"])
   if n == nil or tokens[n] == nil then return end
   sent_at[n] = nil
   if status == 503 or status == 429 or status == 425 then
      counts["retried_" .. status] = counts["retried_" .. status] + 1
      retry_tail = retry_tail + 1
      retry[retry_tail] = n
      return
   end
   local rank = body:match('\\"rank\\":(%d+)') or "-"
   local outcome = body:match('\\"outcome\\":\\"(%a+)\\"') or "-"
   log:write(n, " ", status, " ", rank, " ", outcome, " ", first_ms[n] or "-", "\n")
   tokens[n] = nil
   remaining = remaining - 1
   if remaining == 0 then
      log:close()
      -- wrk's main thread sleeps for the whole -d; bench.sh ends it (SIGINT)
      -- once every thread has left its done file.
      local done = io.open(logdir .. "/thread-" .. thread_id .. ".done", "w")
      for name, count in pairs(counts) do done:write(name, " ", count, "\n") end
      done:close()
      wrk.thread:stop()
   end
end
