#!/usr/bin/env python3
"""The siege's load generator (tests/siege/run.sh): legitimate candidates claim at
opening while attackers, each from a loopback address of its own, hold slow
bodies on every pool, spray wrong passwords at known victims, and sign up and
upload junk to fill the data disk. Writes its observations as JSON; run.sh
checks them against the database.

    siege.py CONFIG.json RESULT.json

CONFIG: port, opens_at_ms, seeded (file of "<id> <email> <token>" lines: the
legitimate candidates), victims ([email, password] pairs), slow_per_route,
sprayers, spray_failures (wrong passwords each victim gets before logging in),
fillers, cookie (the session cookie's name), max_seconds.
"""
import asyncio
import email
import email.policy
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "documents"))
import make_fixtures  # noqa: E402  (the PDF writer the fixtures are made with)

ROUTES = [  # (pool, method, path): every pool that reads a body
    ("accounts", "POST", "/api/session"),
    ("accounts", "POST", "/api/accounts"),
    ("dossier", "PUT", "/api/dossier"),
    ("claim", "POST", "/api/claim"),
    ("upload", "PUT", "/api/documents/passport"),
]


def verification_token(mail_dir, address_to, deadline_s=30.0):
    """The token of the newest verification link the mailer wrote to `address_to`
    (the local site writes each message as an .eml file): what the owner of the
    mailbox, or an attacker who owns many, follows."""
    started = time.time()
    while time.time() - started < deadline_s:
        found = []
        for name in os.listdir(mail_dir):
            # The mailer writes NAME.eml.tmp.PID and renames it: only whole messages count.
            if not name.startswith("verify_email.") or not name.endswith(".eml"):
                continue
            try:
                with open(os.path.join(mail_dir, name), "rb") as f:
                    message = email.message_from_binary_file(f, policy=email.policy.default)
            except FileNotFoundError:
                continue  # gone since the listing
            if message["To"].addresses[0].addr_spec != address_to:
                continue
            text = message.get_body(("plain",)).get_content()
            for line in text.splitlines():
                if "/verify-email.html?token=" in line:
                    found.append((int(name.split(".")[1]), line.split("?token=", 1)[1].strip()))
        if found:
            return max(found)[1]
        time.sleep(0.1)
    return None


async def verify(site, source, mail_dir, address_to):
    """Follows the verification link sent to `address_to`; the answer's status."""
    token = await asyncio.get_running_loop().run_in_executor(None, verification_token, mail_dir, address_to)
    if token is None:
        return 0
    status, _, _ = await site.request(source, "POST", "/api/accounts/verify", json.dumps({"token": token}).encode())
    return status


def address(block, n):
    """A loopback address of its own: 127.<block>.<n // 250>.<n % 250 + 1>."""
    return "127.%d.%d.%d" % (block, n // 250, n % 250 + 1)


def valid_pdf(size):
    """A structurally valid PDF (header, objects, xref table, trailer, %%EOF) of
    about `size` bytes: what a filler must send once uploads are parsed."""
    payload = os.urandom(max(0, size - 600))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(payload) + payload + b"\nendstream"]
    return make_fixtures.with_xref_table(objects)


class Site:
    def __init__(self, port, cookie_name):
        self.port = port
        self.cookie_name = cookie_name
        self.origin = "http://127.0.0.1:%d" % port

    async def request(self, source, method, path, body=b"", cookie=None, content_type="application/json",
                      timeout=30.0):
        """One request on its own connection from `source`: (status, headers, body);
        status 0 when the connection failed or timed out."""
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", self.port, local_addr=(source, 0)), timeout)
        except (OSError, asyncio.TimeoutError):
            return 0, {}, b""
        head = ["%s %s HTTP/1.1" % (method, path), "Host: 127.0.0.1", "Origin: " + self.origin,
                "Connection: close", "Content-Length: %d" % len(body)]
        if body:
            head.append("Content-Type: " + content_type)
        if cookie:
            head.append("Cookie: %s=%s" % (self.cookie_name, cookie))
        try:
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
            raw = await asyncio.wait_for(reader.read(-1), timeout)
        except (OSError, asyncio.TimeoutError):
            raw = b""
        finally:
            writer.close()
        return parse(raw)


def parse(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return 0, {}, b""
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    if "chunked" in ",".join(headers.get("transfer-encoding", [])):
        body = dechunk(body)
    return status, headers, body


def dechunk(data):
    out = bytearray()
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2:]
    return bytes(out)


def retry_after(headers):
    try:
        return min(5.0, max(0.2, float(headers.get("retry-after", ["1"])[0])))
    except ValueError:
        return 1.0


async def slow_body(site, source, method, path, stop, stats):
    """Announces a body and sends it one byte every 3 s (below every body timeout)."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", site.port, local_addr=(source, 0))
    except OSError:
        stats["connect_failed"] += 1
        return
    writer.write(("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: %s\r\nContent-Type: application/json\r\n"
                  "Content-Length: 900\r\n\r\n" % (method, path, site.origin)).encode())
    # The answer's head is enough: after a refusal nginx keeps reading (and
    # discarding) the announced body, so the connection does not end at once.
    answer = asyncio.ensure_future(reader.readuntil(b"\r\n\r\n"))
    held = False
    try:
        while not stop.is_set():
            done, _ = await asyncio.wait([answer], timeout=3.0)
            if done:
                try:
                    status, _, _ = parse(answer.result())
                except (asyncio.IncompleteReadError, OSError):
                    status = 0
                stats["answered_%d" % status] = stats.get("answered_%d" % status, 0) + 1
                break
            if not held:
                held = True
                stats["holding"] += 1
                stats["held_max"] = max(stats["held_max"], stats["holding"])
            writer.write(b" ")
            await writer.drain()
    except OSError:
        stats["dropped"] += 1
    finally:
        if held:
            stats["holding"] -= 1
        answer.cancel()
        writer.close()


async def sprayer(site, source, victims, failures, stop, stats):
    """Wrong passwords, always at the victim that has had the fewest so far."""
    while not stop.is_set():
        v = min(range(len(victims)), key=lambda i: failures[i])
        failures[v] += 0.5  # taken: the other sprayers move on while this attempt is answered
        body = json.dumps({"email": victims[v][0], "password": "wrong-%d" % random.randrange(10 ** 9)}).encode()
        status, headers, _ = await site.request(source, "POST", "/api/session", body)
        failures[v] += 0.5 if status in (401, 429) else -0.5
        stats[str(status)] = stats.get(str(status), 0) + 1
        if status in (429, 503):
            await asyncio.sleep(retry_after(headers))


async def filler(site, block, index, stop, stats, mail_dir):
    """Signs up, verifies the address (the attacker owns the mailboxes), logs in and
    uploads junk, one account after another, from its own address."""
    source = address(block, index)
    account = 0
    while not stop.is_set():
        account += 1
        email = "filler-%d-%d@example.test" % (index, account)
        password = "filler password %d %d" % (index, account)
        status, headers, _ = await site.request(source, "POST", "/api/accounts", json.dumps(
            {"email": email, "password": password, "name": "Filler", "lang": "fr"}).encode())
        stats["signup_%d" % status] = stats.get("signup_%d" % status, 0) + 1
        if status != 202:
            await asyncio.sleep(retry_after(headers))
            continue
        verified = await verify(site, source, mail_dir, email)
        stats["verify_%d" % verified] = stats.get("verify_%d" % verified, 0) + 1
        status, headers, _ = await site.request(source, "POST", "/api/session",
                                                json.dumps({"email": email, "password": password}).encode())
        cookie = None
        for value in headers.get("set-cookie", []):
            if value.startswith(site.cookie_name + "="):
                cookie = value.split(";")[0].split("=", 1)[1]
        if status != 200 or not cookie:
            stats["login_%d" % status] = stats.get("login_%d" % status, 0) + 1
            await asyncio.sleep(1.0)
            continue
        for kind in ("passport", "birth_certificate", "french_test", "english_test", "diploma"):
            if stop.is_set():
                break
            status, headers, body = await site.request(source, "PUT", "/api/documents/" + kind,
                                                       valid_pdf(5 * 1024 * 1024 - 4096), cookie,
                                                       "application/pdf")
            key = "upload_%d" % status
            if status == 503 and b"uploads_paused" in body:
                key = "upload_503_uploads_paused"
            stats[key] = stats.get(key, 0) + 1
            if status == 201:
                stats["bytes_stored"] = stats.get("bytes_stored", 0) + 5 * 1024 * 1024 - 4096
            elif status in (429, 503):
                await asyncio.sleep(retry_after(headers))


async def candidate(site, source, token, opens_at, result, started):
    """One legitimate claim at opening, retried as the page retries (Retry-After)."""
    await asyncio.sleep(max(0.0, opens_at - time.time()) + random.random() * 0.5)
    first = time.time()
    attempts = 0
    while True:
        attempts += 1
        status, headers, body = await site.request(source, "POST", "/api/claim", cookie=token)
        if status in (200, 201):
            answer = json.loads(body)
            receipt = json.loads(answer["receipt"])
            result.update(status=status, claim_id=receipt["claim_id"], rank=receipt["rank"],
                          outcome=receipt["outcome"], attempts=attempts, first=first - started,
                          last=time.time() - started)
            return
        if status in (0, 425, 503, 429):  # not yet, or busy: wait as told and try again
            await asyncio.sleep(retry_after(headers) if status else 1.0)
            if time.time() - first > 120:
                result.update(status=status, attempts=attempts, last=time.time() - started, gave_up=True)
                return
            continue
        result.update(status=status, attempts=attempts, body=body.decode("utf-8", "replace")[:200],
                      last=time.time() - started)
        return


async def victim_login(site, source, email, password, result):
    """The victim logs in with the right password, from their own address, during the spray."""
    for attempt in range(5):
        status, headers, body = await site.request(source, "POST", "/api/session",
                                                   json.dumps({"email": email, "password": password}).encode())
        result.update(email=email, status=status, attempts=attempt + 1, body=body.decode("utf-8", "replace")[:200])
        if status != 503:  # a busy pool may be retried; a 401 or 429 is a refusal
            return
        await asyncio.sleep(retry_after(headers))


async def main(config_path, result_path):
    config = json.load(open(config_path))
    site = Site(config["port"], config["cookie"])
    started = time.time()
    stop = asyncio.Event()
    seeded = [line.split() for line in open(config["seeded"]) if line.strip()]
    victims = config["victims"]
    slow = {"%s %s" % (method, path): {"holding": 0, "held_max": 0, "connect_failed": 0, "dropped": 0}
            for _, method, path in ROUTES}
    spray, fill = {}, {}
    attackers = []
    for r, (_, method, path) in enumerate(ROUTES):  # one address per route's slow attacker
        stats = slow["%s %s" % (method, path)]
        for _ in range(config["slow_per_route"]):
            attackers.append(slow_body(site, address(200, r), method, path, stop, stats))
    failures = [0.0] * len(victims)  # wrong passwords answered (401 or 429) per victim
    for s in range(config["sprayers"]):
        attackers.append(sprayer(site, address(201, s), victims, failures, stop, spray))
    for f in range(config["fillers"]):
        attackers.append(filler(site, 202, f, stop, fill, config["mail_dir"]))
    attack = [asyncio.ensure_future(a) for a in attackers]

    opens_at = config["opens_at_ms"] / 1000.0
    claims = [dict(account_id=int(c[0])) for c in seeded]
    # Five candidates per address: families and internet cafés.
    legit = [candidate(site, address(1, i // 5), c[2], opens_at, claims[i], started) for i, c in enumerate(seeded)]
    logins = [dict() for _ in victims]
    # The victims log in once each has had `spray_failures` wrong passwords
    # from the sprayers (past the per-account throttle's threshold), and the
    # window is open; they log in from addresses of their own.
    async def victims_later():
        while min(failures) < config["spray_failures"] and time.time() - started < config["max_seconds"] / 2:
            await asyncio.sleep(0.2)
        await asyncio.sleep(max(0.0, opens_at - time.time()))
        before = [int(f) for f in failures]
        await asyncio.gather(*[victim_login(site, address(2, v), email, password, logins[v])
                               for v, (email, password) in enumerate(victims)])
        for v, count in enumerate(before):
            logins[v]["failures_before"] = count
    try:
        await asyncio.wait_for(asyncio.gather(*legit, victims_later()), config["max_seconds"])
    except asyncio.TimeoutError:
        pass
    held = {route: dict(stats) for route, stats in slow.items()}  # while still held
    stop.set()
    await asyncio.wait(attack, timeout=10)
    for task in attack:
        task.cancel()
    json.dump({"claims": claims, "victims": logins, "slow": held, "spray": spray, "fill": fill,
               "seconds": time.time() - started, "opens_after": opens_at - started}, open(result_path, "w"))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
