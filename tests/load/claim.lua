-- wrk script for the opening-day burst: each candidate claims exactly once.
--
--   wrk -t T -c C -d MAX --latency -s claim.lua URL -- TOKENS LOGDIR T ORIGIN [STALE]
--
-- TOKENS holds one session cookie value per line (line n = candidate n).
-- Thread k takes the lines n with (n - 1) % T == k. A request carries its
-- candidate's number in X-Request-Id, which nginx echoes, so an answer is
-- matched to its candidate whatever the connection. 503, 429 and 425 are
-- retried after a jittered pause, as the candidate site does; any other
-- answer is definitive and written to LOGDIR/thread-k.log as
-- "number status rank outcome". A thread stops when all its candidates have
-- a definitive answer.
--
-- wrk does not call response() for a request lost at the socket level (a
-- server killed mid-request): a claim with no answer after STALE seconds
-- (default 30) is sent again. Claims are idempotent, so a repeat gets the
-- same receipt (200), and only the first definitive answer is logged. Each
-- thread also writes LOGDIR/thread-k.stats ("name count" lines: the retried
-- statuses and the claims sent again) when it is done.

local next_thread = 0
function setup(thread)
   thread:set("thread_id", next_thread)
   next_thread = next_thread + 1
end

local tokens, fresh, retry = {}, {}, {}
local fresh_pos, retry_head, retry_tail = 1, 1, 0
local remaining = 0
local log, logdir
local origin
local stale_after = 30
local dry_run = false
local in_flight, sent, sent_head, sent_tail, sends = {}, {}, 1, 0, 0
local stats = { retried_503 = 0, retried_429 = 0, retried_425 = 0, sent_again = 0 }

function init(args)
   local path, threads = args[1], tonumber(args[3])
   logdir, origin = args[2], args[4]
   stale_after = tonumber(args[5] or "") or stale_after
   local n = 0
   for line in io.lines(path) do
      n = n + 1
      if (n - 1) % threads == thread_id then
         tokens[n] = line
         fresh[#fresh + 1] = n
      end
   end
   remaining = #fresh
   -- wrk calls thread 0's request() once right after init() to check it, and
   -- throws that request away: it must not take a candidate.
   dry_run = thread_id == 0
   log = io.open(logdir .. "/thread-" .. thread_id .. ".log", "w")
   math.randomseed(os.time() + thread_id * 7919)
end

local function pending_retry() return retry_head <= retry_tail end

function delay()
   -- A fresh candidate goes at once; a retry waits 100-600 ms (jittered back-off).
   if fresh_pos <= #fresh then return 0 end
   if pending_retry() then return math.random(100, 600) end
   return 100  -- everyone of this thread is in flight: poll the window meanwhile
end

-- The oldest claim still in flight after stale_after seconds, if any.
local function lost_claim(now)
   while sent_head <= sent_tail do
      local entry = sent[sent_head]
      if tokens[entry.n] ~= nil and in_flight[entry.n] == entry.send then
         if now - entry.at < stale_after then return nil end
         sent[sent_head] = nil
         sent_head = sent_head + 1
         stats.sent_again = stats.sent_again + 1
         return entry.n
      end
      sent[sent_head] = nil  -- answered, or sent again since
      sent_head = sent_head + 1
   end
   return nil
end

local function poll()
   return wrk.format("GET", "/api/window", { ["X-Request-Id"] = "poll" })
end

function request()
   if dry_run then
      dry_run = false
      return poll()
   end
   local now = os.time()
   local n = lost_claim(now)
   while n == nil do
      if fresh_pos <= #fresh then
         n = fresh[fresh_pos]
         fresh_pos = fresh_pos + 1
      elseif pending_retry() then
         n = retry[retry_head]
         retry[retry_head] = nil
         retry_head = retry_head + 1
         if tokens[n] == nil then n = nil end  -- answered meanwhile by a repeat
      else
         break
      end
   end
   if n == nil then return poll() end
   sends = sends + 1
   in_flight[n] = sends
   sent_tail = sent_tail + 1
   sent[sent_tail] = { n = n, send = sends, at = now }
   return wrk.format("POST", "/api/claim", {
      ["Cookie"] = "guichet_session=" .. tokens[n],
      ["Origin"] = origin,
      ["X-Request-Id"] = tostring(n),
      ["Content-Length"] = "0",
   })
end

function response(status, headers, body)
   local n = tonumber(headers["X-Request-Id"])
   if n == nil or tokens[n] == nil then return end
   in_flight[n] = nil
   if status == 503 or status == 429 or status == 425 then
      local key = "retried_" .. status
      stats[key] = stats[key] + 1
      retry_tail = retry_tail + 1
      retry[retry_tail] = n
      return
   end
   local rank = body:match('\\"rank\\":(%d+)') or "-"
   local outcome = body:match('\\"outcome\\":\\"(%a+)\\"') or "-"
   log:write(n, " ", status, " ", rank, " ", outcome, "\n")
   tokens[n] = nil
   remaining = remaining - 1
   if remaining == 0 then
      log:close()
      local out = io.open(logdir .. "/thread-" .. thread_id .. ".stats", "w")
      for name, count in pairs(stats) do out:write(name, " ", count, "\n") end
      out:close()
      wrk.thread:stop()
   end
end
