/* Checks a receipt's entry in the public log of claims (docs/claims.md, "The
   public log of claims") in the browser, from the published files alone:
   /log/checkpoint.json (signed with the receipt key), then only the segments
   /log/entries/NNNNNN.jsonl from the one holding the receipt's entry (or an
   older checkpoint's, if earlier) to the checkpoint's count. Each line is
   hashed as bytes (SHA-256, WebCrypto); index, prev, rank and time are checked
   in order, and every signed head where it belongs. The same checks as
   `guichet-verify log`. G.logChain.check(...) resolves with
   {included, ...}, {notYet, ...}, {unpublished} or {problem: code, args}. */
(function () {
  'use strict';
  var G = window.Guichet;
  var PER_SEGMENT = 1000;
  var ZERO = new Array(65).join('0');
  var TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
  var decoder = new TextDecoder('utf-8', { fatal: true });

  function problem(code, args) { return { problem: code, args: args || {} }; }
  function isHash(text) { return typeof text === 'string' && /^[0-9a-f]{64}$/.test(text); }
  function isCount(n) { return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0; }
  function segmentStart(index) { return Math.floor((index - 1) / PER_SEGMENT) * PER_SEGMENT + 1; }
  function segmentName(index) {
    var name = String(Math.floor((index - 1) / PER_SEGMENT) + 1);
    while (name.length < 6) name = '0' + name;
    return 'entries/' + name + '.jsonl';
  }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }
  function base64Bytes(text) {
    try {
      var binary = atob(text);
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      return bytes;
    } catch (e) { return new Uint8Array(0); }
  }

  /* A {checkpoint, signature} file's text; `which` is "checkpoint" or "older". */
  function readCheckpoint(fileText, key, which) {
    var outer = G.parseReceipt(fileText);
    if (!outer || typeof outer.checkpoint !== 'string' || typeof outer.signature !== 'string') {
      return Promise.reject(problem(which + '_unreadable'));
    }
    var signature = base64Bytes(outer.signature);
    if (signature.length !== 64) return Promise.reject(problem(which + '_signature'));
    return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, new TextEncoder().encode(outer.checkpoint))
      .then(function (valid) {
        if (!valid) throw problem(which + '_signature');
        var c = G.parseReceipt(outer.checkpoint);
        if (!c || c.log !== 'guichet-claims-1' || !isCount(c.count) || !isHash(c.head)) throw problem(which + '_unreadable');
        return c;
      });
  }

  /* The segment's whole lines as byte arrays, and whether bytes follow the last newline. */
  function splitLines(bytes) {
    var lines = [], start = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 10) { lines.push(bytes.subarray(start, i)); start = i + 1; }
    }
    return { lines: lines, rest: start < bytes.length };
  }
  function parseEntry(bytes) {
    var e;
    try { e = JSON.parse(decoder.decode(bytes)); } catch (x) { return null; }
    if (!e || typeof e !== 'object' || !Number.isSafeInteger(e.index) || !Number.isSafeInteger(e.rank) || !isHash(e.prev) ||
        typeof e.claim_id !== 'string' || typeof e.dossier_sha256 !== 'string' || !TIME.test(e.received_at)) return null;
    return e;
  }
  /* Line p holds entry `found` where `expected` belongs: missing, moved or repeated. */
  function misplaced(lines, p, expected, found) {
    if (found < expected) return problem('repeated', { k: found, after: expected - 1 });
    for (var q = p + 1; q < lines.length; q++) {
      var later = parseEntry(lines[q]);
      if (later && later.index === expected) return problem('order', { k: expected, before: found });
    }
    return problem('missing', { k: expected, before: expected - 1, after: found });
  }

  function checkEntry(state, e, hash, k) {
    if (state.prev !== null && e.prev !== state.prev) return problem(k === 1 ? 'first_prev' : 'link', { k: k });
    if (e.rank !== k) return problem('rank', { k: k, rank: e.rank });
    if (e.received_at < state.time) return problem('time', { k: k });
    var r = state.receipt;
    if (k === r.log_index) {
      if (hash !== r.log_hash) return problem('entry_changed', { k: k });
      var arrival = r.arrival_rank != null ? r.arrival_rank : r.rank;
      if (e.claim_id !== r.claim_id || e.dossier_sha256 !== r.dossier_sha256 || e.received_at !== r.received_at || e.rank !== arrival) {
        return problem('entry_differs', { k: k });
      }
    }
    var anchor = state.anchors[k];
    if (anchor && anchor.head !== hash) return problem(anchor.which === 'checkpoint' ? 'head' : 'older_head', { k: k });
    return null;
  }

  function checkSegment(state, start, bytes) {
    var split = splitLines(bytes);
    var lines = split.lines;
    if (lines.length > PER_SEGMENT) return Promise.reject(problem('too_long', { file: segmentName(start) }));
    var wanted = Math.min(lines.length, state.through - start + 1);
    return Promise.all(lines.slice(0, wanted).map(function (line) { return crypto.subtle.digest('SHA-256', line); }))
      .then(function (digests) {
        for (var p = 0; p < wanted; p++) {
          var k = start + p;
          var e = parseEntry(lines[p]);
          if (!e) throw problem('unreadable', { k: k });
          if (e.index !== k) throw misplaced(lines, p, k, e.index);
          var hash = hex(digests[p]);
          var wrong = checkEntry(state, e, hash, k);
          if (wrong) throw wrong;
          state.prev = hash;
          state.time = e.received_at;
        }
        var next = start + wanted;
        if (next <= state.through && wanted < PER_SEGMENT) {
          throw problem(split.rest ? 'cut' : 'missing_end', { k: next, before: next - 1 });
        }
      });
  }

  function fetchSegment(start) {
    return fetch('/log/' + segmentName(start), { credentials: 'omit', cache: 'no-cache' }).then(function (response) {
      if (response.status === 404) throw problem('no_segment', { k: start, file: segmentName(start) });
      if (!response.ok) throw problem('network');
      return response.arrayBuffer();
    }, function () { throw problem('network'); });
  }

  /* Segments one after the other: a phone holds one at a time. */
  function walk(state, start) {
    if (start > state.through) return Promise.resolve();
    return fetchSegment(start).then(function (buffer) {
      return checkSegment(state, start, new Uint8Array(buffer));
    }).then(function () { return walk(state, start + PER_SEGMENT); });
  }

  /* receipt: the signed receipt's members; key: the receipt key (CryptoKey);
     olderText: a checkpoint file kept from earlier, or ''. */
  function check(receipt, key, olderText) {
    return fetch('/log/checkpoint.json', { credentials: 'omit', cache: 'no-store' }).then(function (response) {
      if (response.status === 404) return { unpublished: true };
      if (!response.ok) throw problem('network');
      return response.text().then(function (text) {
        return Promise.all([readCheckpoint(text, key, 'checkpoint'), olderText ? readCheckpoint(olderText, key, 'older') : null]);
      }).then(function (both) {
        var latest = both[0], older = both[1];
        var i = receipt.log_index;
        if (older && older.count > latest.count) throw problem('shrank', { m: older.count, n: latest.count });
        if (i > latest.count) return { notYet: true, index: i, count: latest.count };
        var anchors = {};
        anchors[latest.count] = { head: latest.head, which: 'checkpoint' };
        var from = i;
        if (older && older.count > 0) {
          if (anchors[older.count] && anchors[older.count].head !== older.head) throw problem('older_head', { k: older.count });
          anchors[older.count] = anchors[older.count] || { head: older.head, which: 'older' };
          from = Math.min(from, older.count);
        }
        var start = segmentStart(from);
        var state = { through: latest.count, anchors: anchors, receipt: receipt, prev: start === 1 ? ZERO : null, time: '' };
        return walk(state, start).then(function () {
          return { included: true, index: i, count: latest.count, publishedAt: latest.published_at, window: latest.window,
                   older: older ? older.count : null, from: start };
        });
      });
    }, function () { throw problem('network'); }).catch(function (failure) {
      return failure && failure.problem ? failure : problem('network');
    });
  }

  G.logChain = { check: check, isHash: isHash };
})();
