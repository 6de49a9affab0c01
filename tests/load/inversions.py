"""The order of arrival under overload: inversions of the first-come rule.

The rule (issue 19): a candidate whose first claim was sent more than
`gap_ms` before another's never gets the worse rank. An inversion is a pair
(a, b) with first(a) + gap_ms < first(b) and rank(a) > rank(b).

count(candidates) takes (first_ms, rank) pairs and returns a dict:
  pairs:      the number of inversions;
  affected:   the candidates a ranked behind at least one such b;
  worst_gap_ms:  the largest first(b) - first(a) over inversions (how much
              earlier the worst-treated candidate had started);
  worst_ranks:   the largest rank(a) - rank(b) over inversions.
O(n log n): sorted by first attempt, swept from the latest, with a Fenwick
tree over ranks of those who started more than gap_ms later (count and the
latest start among ranks below a's), and the best rank among them.
"""
import bisect


def count(candidates, gap_ms=1000):
    items = sorted(candidates)
    n = len(items)
    result = {"pairs": 0, "affected": 0, "worst_gap_ms": 0, "worst_ranks": 0, "candidates": n}
    if n == 0:
        return result
    ranks = sorted({rank for _, rank in items})
    index = {rank: i + 1 for i, rank in enumerate(ranks)}  # 1-based positions in the tree
    size = len(ranks)
    counts = [0] * (size + 1)
    latest = [None] * (size + 1)  # prefix maximum of first_ms

    def insert(position, first):
        while position <= size:
            counts[position] += 1
            if latest[position] is None or first > latest[position]:
                latest[position] = first
            position += position & -position

    def below(position):  # over tree positions 1..position
        total, most = 0, None
        while position > 0:
            total += counts[position]
            if latest[position] is not None and (most is None or latest[position] > most):
                most = latest[position]
            position -= position & -position
        return total, most

    firsts = [first for first, _ in items]
    best_later = None  # the best rank among those inserted
    inserted = n       # items[inserted:] are in the tree
    for i in range(n - 1, -1, -1):
        first, rank = items[i]
        # Insert everyone who started more than gap_ms after this candidate.
        start = bisect.bisect_right(firsts, first + gap_ms)
        while inserted > start:
            inserted -= 1
            f, r = items[inserted]
            insert(index[r], f)
            best_later = r if best_later is None else min(best_later, r)
        if best_later is None or best_later >= rank:
            continue
        behind, most = below(index[rank] - 1)
        result["pairs"] += behind
        result["affected"] += 1
        result["worst_gap_ms"] = max(result["worst_gap_ms"], most - first)
        result["worst_ranks"] = max(result["worst_ranks"], rank - best_later)
    return result


def count_slowly(candidates, gap_ms=1000):  # the definition, O(n²): for the test
    result = {"pairs": 0, "affected": 0, "worst_gap_ms": 0, "worst_ranks": 0, "candidates": len(candidates)}
    for fa, ra in candidates:
        hit = False
        for fb, rb in candidates:
            if fa + gap_ms < fb and ra > rb:
                hit = True
                result["pairs"] += 1
                result["worst_gap_ms"] = max(result["worst_gap_ms"], fb - fa)
                result["worst_ranks"] = max(result["worst_ranks"], ra - rb)
        result["affected"] += hit
    return result
