"""Same and nearly the same texts among many, without comparing every pair (pure Python).

    key = exact_key(normalised(text))           # sha256 of the normalised text: the same-text key
    finder = NearDuplicates(threshold=0.6)
    for key, text in texts:                     # one text per distinct key, earliest first
        finder.add(key, normalised(text))
    finder.groups()                             # [[key, ...], ...]: groups of two or more

normalised(): NFKC, casefolded, punctuation and symbols taken out, whitespace collapsed, so that
"Save our  PARKS!" and "save our parks" are the same text.

Near-duplicates: each text becomes a set of word shingles (runs of SHINGLE_WORDS words, hashed
with CRC-32) and its bottom-k MinHash sketch: the KEYS smallest hashes. Two sets with a Jaccard
similarity J share the smallest hash of their union with probability J, so nearly the same texts
share a sketch value almost surely (they miss all KEYS of them about (1 - J)^KEYS of the time:
0.4^8 = 0.0007 at J = 0.6), and each value is a bucket (locality-sensitive hashing with one
hash function, computed in O(words): no NUM_PERM hash functions per shingle in pure Python).
Each text is checked only against the first text of each of its buckets (its "leader"), by the
exact Jaccard similarity of the two shingle sets: at most KEYS comparisons per text, so the
work grows with the number of texts, never with its square. Texts found alike are joined
(union-find): a group is every text linked to another by a check that passed.

With word pairs (SHINGLE_WORDS = 2), one word changed in a 30-word text keeps a Jaccard
similarity of about 0.87, two texts each with a different word changed about 0.76; unrelated
texts are near 0. THRESHOLD 0.6 groups the first two and not the last.
"""

import hashlib
import heapq
import re
import unicodedata
import zlib
from array import array

SHINGLE_WORDS = 2
KEYS = 8
THRESHOLD = 0.6
MIN_WORDS = 5  # shorter texts ("I agree.") are only ever grouped when exactly the same


_NOT_WORD = re.compile(r"[^\w\s]+|_+")  # punctuation and symbols (whitespace: split() below)


def _separator(match):
    # A run of non-word characters is a space, except the combining marks in it (a Hindi vowel sign).
    run = match.group()
    if not any(unicodedata.category(ch)[0] == "M" for ch in run):
        return " "
    return "".join(ch if unicodedata.category(ch)[0] == "M" else " " for ch in run)


def normalised(text):
    """NFKC, casefold, punctuation and symbols to spaces, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(_NOT_WORD.sub(_separator, text).split())


def exact_key(normalised_text):
    """The same-text key: the sha256 (hex) of a normalised text."""
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()


def shingles(normalised_text, size=SHINGLE_WORDS):
    """The set of hashed runs of `size` words (a shorter text: its words as one run)."""
    words = normalised_text.split()
    if not words:
        return frozenset()
    if len(words) <= size:
        return frozenset((zlib.crc32(" ".join(words).encode("utf-8")),))
    return frozenset(zlib.crc32(" ".join(words[i:i + size]).encode("utf-8")) for i in range(len(words) - size + 1))


def jaccard(a, b):
    """|a ∩ b| / |a ∪ b| of two sets (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    a, b = set(a), set(b)
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def sketch(hashed, keys=KEYS):
    """The `keys` smallest values of a set of hashes (a bottom-k MinHash sketch): two sets with a
    Jaccard similarity J share the smallest value of their union with probability J."""
    return heapq.nsmallest(keys, hashed)


class NearDuplicates:
    """Groups keys whose texts are nearly the same (see the module docstring). add() each text
    once, earliest first (the first text of a bucket is what later ones are checked against)."""

    def __init__(self, threshold=THRESHOLD, keys=KEYS, min_words=MIN_WORDS, size=SHINGLE_WORDS):
        self.threshold, self.keys_per_text, self.min_words, self.size = threshold, keys, min_words, size
        self.buckets = {}  # sketch value -> the index of the first text that had it (its leader)
        self.keys = []  # index -> key
        self.sets = []  # index -> sorted array of shingle hashes (compact), or None if never a leader
        self.parent = []
        self.checks = 0  # Jaccard comparisons made (for the benchmark)

    def _find(self, i):
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def _union(self, i, j):
        ri, rj = self._find(i), self._find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)

    def add(self, key, normalised_text):
        """Take one text in; returns False if it is too short to be compared."""
        if len(normalised_text.split()) < self.min_words:
            return False
        mine = shingles(normalised_text, self.size)
        index = len(self.keys)
        self.keys.append(key)
        self.parent.append(index)
        self.sets.append(None)
        leads = False
        for bucket in sketch(mine, self.keys_per_text):
            leader = self.buckets.get(bucket)
            if leader is None:
                self.buckets[bucket] = index
                leads = True
                continue
            if self._find(leader) == self._find(index):
                continue
            self.checks += 1
            if jaccard(mine, self.sets[leader]) >= self.threshold:
                self._union(leader, index)
        if leads:
            self.sets[index] = array("L", sorted(mine))
        return True

    def groups(self):
        """The groups of two or more keys, each in the order added."""
        found = {}
        for index, key in enumerate(self.keys):
            found.setdefault(self._find(index), []).append(key)
        return [keys for keys in found.values() if len(keys) > 1]


def group_texts(items, **options):
    """[(key, text)] -> the groups of keys whose texts are the same or nearly the same (each
    group in the order given; texts with no words are never grouped). A convenience for small
    sets and tests; the campaigns job feeds NearDuplicates itself, a batch at a time."""
    by_exact = {}
    order = []
    for key, text in items:
        norm = normalised(text)
        if not norm:
            continue
        digest = exact_key(norm)
        if digest not in by_exact:
            by_exact[digest] = (norm, [])
            order.append(digest)
        by_exact[digest][1].append(key)
    finder = NearDuplicates(**options)
    for digest in order:
        finder.add(digest, by_exact[digest][0])
    grouped = []
    seen = set()
    for digests in finder.groups():
        seen.update(digests)
        grouped.append([key for digest in digests for key in by_exact[digest][1]])
    grouped += [by_exact[d][1] for d in order if d not in seen and len(by_exact[d][1]) > 1]
    return grouped
