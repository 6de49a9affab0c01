#!/usr/bin/env python3
"""tests/load/inversions.py against its O(n²) definition (python3 tests/load/inversions_test.py)."""
import random, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inversions

assert inversions.count([])["pairs"] == 0
# In order, or within the second: no inversion.
assert inversions.count([(0, 1), (500, 3), (1000, 2), (2500, 4)])["pairs"] == 0
# a started 1.5 s before b and got the worse rank.
one = inversions.count([(0, 2), (1500, 1)])
assert (one["pairs"], one["affected"], one["worst_gap_ms"], one["worst_ranks"]) == (1, 1, 1500, 1), one
rng = random.Random(19)
for trial in range(300):
    n = rng.randint(1, 60)
    firsts = [rng.randint(0, 8000) for _ in range(n)]
    ranks = list(range(1, n + 1))
    rng.shuffle(ranks)
    if trial % 3 == 0:  # mostly in order, with some retried late
        ranks = sorted(ranks, key=lambda r: firsts[r - 1] + rng.choice([0, 0, 0, 3000]))
    data = list(zip(firsts, ranks))
    fast, slow = inversions.count(data), inversions.count_slowly(data)
    assert fast == slow, (data, fast, slow)
print("inversions: ok (300 random crowds against the definition)")
