"""The trained model in a form that predicts without scikit-learn: TF-IDF n-grams -> linear -> softmax.

Why this exists: the shipped pipeline (two ``TfidfVectorizer`` blocks in a ``ColumnTransformer`` feeding
a multinomial ``LogisticRegression``) is easy to train, but predicting with it costs ~1 s of imports
(scikit-learn, scipy, skops) per pass and ~0.7 ms per email, almost all of it scikit-learn's per-n-gram
Python loop.  Once trained, the model is just a few arrays - per block a vocabulary and its idf weights,
then a coefficient matrix and intercepts - so :class:`LinearTextScorer` holds those and recomputes the
same numbers with numpy over a whole batch (n-grams become exact integer keys looked up in numpy
hash tables; the only per-token Python work is one ``dict.get`` per word, run by ``map`` in C), and
a pass imports numpy only.

Exactness: the features are the ones scikit-learn's analyzers produce (tests compare the two on the
whole corpus; probabilities agree to ~1e-6, the labels exactly).  Two facts make the fast paths exact:

* word n-grams are ``token_pattern`` tokens joined by one space (``_word_ngrams``).  Here each token is
  looked up once in the *token universe* (every token of every vocabulary term) and an n-gram is the
  exact number made of its tokens' ids, so an n-gram with a token outside the universe cannot match -
  exactly as its joined string would not.  On ASCII text the tokens of the default pattern (runs of
  word characters) come from ``str.translate`` + ``split``, which gives the same list;
* ``char_wb`` n-grams are the substrings of each whitespace-separated word padded with one space on each
  side (``_char_wb_ngrams``).  Joining the padded words gives " w1  w2 ", whose substrings are the
  wanted n-grams plus ones that straddle two words; those contain two spaces in a row, which no
  vocabulary entry does, so looking every substring up and dropping misses yields exactly the
  per-word counts.  (The analyzer's only special case - a padded word shorter than the smallest n - needs
  ``min_n > 3``; :meth:`from_pipeline` refuses such a model.)

File format (``.npz``, read with ``allow_pickle=False``, so loading cannot run code): ``spec`` (UTF-8 JSON
as uint8: blocks with their column, analyzer, n-gram range, token pattern; sublinear_tf; classes),
per block ``terms_<name>`` (the vocabulary in column order, newline-joined UTF-8 as uint8) and
``idf_<name>``, then ``coef`` and ``intercept``.  The caller checks the file's sha256 (see classifier.py).
"""
from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

SPEC_VERSION = 1
Rows = Sequence[Sequence[str]] | np.ndarray  # per email [full text, short text] (classifier.model_inputs)


class ScorerError(ValueError):
    """A pipeline this scorer cannot reproduce, or a scorer file that is not one."""


class _Terms(Sequence[str]):
    """A vocabulary in column order, held as one newline-joined string and split on first use: as
    ~150,000 separate Python strings it would cost ~8 MB in every process that loads the model (and in
    each forked worker's RSS), for a list that only explanations and saving read - predicting reads the
    hash tables."""

    def __init__(self, terms: Sequence[str]) -> None:
        self._text = "\n".join(terms)
        self._n = len(terms)
        self._list: list[str] | None = None
        if self._n and self._text.count("\n") != self._n - 1:  # a term holds a newline: keep the list as is
            self._list, self._text = list(terms), ""

    @classmethod
    def from_joined(cls, text: str, n: int) -> _Terms:
        """``n`` terms joined by newlines, as a scorer file holds them (never split unless asked)."""
        terms = cls([])
        terms._text, terms._n = text, n
        return terms

    def joined(self) -> str:
        """The terms joined by newlines."""
        return "\n".join(self._list) if not self._text and self._list is not None else self._text

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        if self._list is None:
            self._list = self._text.split("\n") if self._n else []
        return self._list[i]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # (mutable-looking, like the list it stands for)


@dataclass
class Block:
    """One TF-IDF block: which input column it reads, how it cuts n-grams, its vocabulary and idf."""

    name: str
    column: int
    analyzer: str            # "word" or "char_wb"
    ngram_range: tuple[int, int]
    token_pattern: str | None
    terms: Sequence[str]     # vocabulary in column order (kept as a _Terms once the index is built)
    idf: np.ndarray          # float64, one per term
    offset: int = 0          # first column of this block in the stacked feature space
    weight: float = 1.0      # ColumnTransformer transformer_weights: the block's values are multiplied by it

    def __post_init__(self) -> None:
        terms = self.terms if isinstance(self.terms, _Terms) else _Terms(self.terms)
        self.terms = terms
        if self.analyzer == "word":
            self._index: _WordIndex | _CharIndex = _WordIndex(terms, self.ngram_range, self.token_pattern)
        else:
            self._index = _CharIndex(terms, self.ngram_range)

    def occurrences(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(document index, column) of every in-vocabulary n-gram occurrence in ``texts``."""
        return self._index.occurrences(texts)


class _KeyTable:
    """An open-addressing hash table in numpy arrays: exact integer keys (one or two uint64 words) ->
    column.  Lookups are vectorised; at a load factor <= 1/4 almost every query is settled by its first
    probe (one random memory access, against ~16 for a binary search of a 60,000-entry array).

    Linear probing, built in one vectorised step (this runs at every load): keys in order of their home
    slot each take the first free slot from their home on, which is ``max(home, previous slot + 1)``,
    a running maximum; the table has ``probes`` slots past the last home, so no run wraps around."""

    def __init__(self, words: list[np.ndarray], cols: np.ndarray) -> None:
        n = len(cols)
        bits = max(4, int(np.ceil(np.log2(max(n, 1) * 4))))
        self.shift = np.uint64(64 - bits)
        home = self._home(words)
        order = np.argsort(home)
        at = home[order]
        step = np.arange(n)
        slot = np.maximum.accumulate(at - step) + step if n else at
        self.probes = int((slot - at).max()) if n else 0
        size = (1 << bits) + self.probes
        self.words = [np.zeros(size, dtype=np.uint64) for _ in words]
        self.cols = np.full(size, -1, dtype=np.int32)  # (a model has far fewer than 2**31 features)
        self.cols[slot] = cols[order]
        for w, src in zip(self.words, words, strict=True):
            w[slot] = src[order]

    def _home(self, words: list[np.ndarray]) -> np.ndarray:
        with np.errstate(over="ignore"):
            h = words[0] * np.uint64(0x9E3779B97F4A7C15)
            for w in words[1:]:
                h = (h ^ ((w + np.uint64(0x632BE59BD9B4E019)) * np.uint64(0xBF58476D1CE4E5B9))) \
                    * np.uint64(0x94D049BB133111EB)
        return (h >> self.shift).astype(np.int64)

    def lookup(self, words: list[np.ndarray]) -> np.ndarray:
        """Column of each key, -1 where the key is not in the table."""
        home = self._home(words)
        out = self._probe(home, words)  # first probe on whole arrays: settles nearly every key
        if self.probes:
            # keys whose home slot holds another key walk on until a match or an empty slot
            active = np.flatnonzero((out < 0) & (self.cols[home] >= 0))
            for p in range(1, self.probes + 1):
                if not active.size:
                    break
                slot = home[active] + p
                col = self._probe(slot, [q[active] for q in words])
                found = col >= 0
                out[active[found]] = col[found]
                active = active[~found & (self.cols[slot] >= 0)]
        return out

    def _probe(self, slot: np.ndarray, words: list[np.ndarray]) -> np.ndarray:
        col = self.cols[slot]
        for w, q in zip(self.words, words, strict=True):
            col[w[slot] != q] = -1
        return col


class _WordIndex:
    """Word n-grams without building n-gram strings: each token becomes an id in the *token universe*
    (every token that occurs in a vocabulary term, 1-based; 0 = in no term), an n-gram becomes the
    number ``id1*M^(n-1) + ... + idn`` (exact, M = universe size + 1), looked up in a :class:`_KeyTable`
    per n; unigrams are a plain array lookup.  A token is known by the exact key of its UTF-8 bytes
    (:func:`_pack_bytes`), so the universe is built at load from the vocabulary's bytes with numpy."""

    def __init__(self, terms: _Terms, ngram_range: tuple[int, int], token_pattern: str | None) -> None:
        lo, hi = ngram_range
        if hi > 3:
            raise ScorerError("word n-grams longer than 3 are not supported")
        self.lo, self.hi = lo, hi
        self.tokens = _tokenizer(token_pattern or SKLEARN_TOKEN_PATTERN)
        # Vectorised, for this runs at every load (a model has ~100,000 terms). Terms are tokens joined by
        # single spaces, and the vocabulary is the terms joined by newlines.
        buf = terms.joined().encode("utf-8", "surrogatepass")
        b = np.frombuffer(buf, dtype=np.uint8)
        cut = np.flatnonzero((b == 32) | (b == 10))
        starts = np.concatenate(([0], cut + 1))
        lens = np.concatenate((cut, [len(b)])) - starts  # token lengths in bytes
        term_of = np.concatenate(([0], np.cumsum(b[cut] == 10)))  # each token's term
        per_term = np.bincount(term_of, minlength=len(terms)) if len(terms) else np.zeros(0, dtype=np.int64)
        # a universe id per distinct token; every token's id (tokens hold no NUL: 0-padded keys are exact)
        ids = np.zeros(len(starts), dtype=np.uint64)
        keys: dict[int, list[np.ndarray]] = {}
        words = (lens + 7) >> 3
        buf += bytes(8)
        m = 1
        for k in sorted(set(words.tolist()) - {0}):
            sel = np.flatnonzero(words == k)
            packed = _pack_bytes(buf, starts[sel], lens[sel], k)
            keys[k], which = _unique_keys(packed)
            ids[sel] = m + which.astype(np.uint64)
            m += len(keys[k][0])
        self.m = m  # (universe size + 1)
        self._keys = keys
        self._universe: dict[str, int] | None = None
        # \w+ tokens are cut from UTF-8 bytes with numpy; the other pattern goes through the regex
        self._bytes = _ByteTokens(keys) if (token_pattern or SKLEARN_TOKEN_PATTERN) == _WORD_RUNS else None
        # a term with an empty token (no vectoriser writes one) can never match: it gets no key
        whole = np.bincount(term_of[lens == 0], minlength=len(per_term)) == 0
        term_starts = np.cumsum(per_term) - per_term
        self.unigram_col = np.full(self.m, -1, dtype=np.int64)
        one = np.flatnonzero((per_term == 1) & whole)
        self.unigram_col[ids[term_starts[one]].astype(np.int64)] = one
        self.tables: dict[int, _KeyTable] = {}
        big = np.uint64(self.m)
        for n in sorted(set(per_term.tolist()) - {1}):
            cols = np.flatnonzero((per_term == n) & whole)
            key = np.zeros(len(cols), dtype=np.uint64)
            for k in range(n):
                key = key * big + ids[term_starts[cols] + k]
            self.tables[n] = _KeyTable([key], cols.astype(np.int64))

    @property
    def universe(self) -> dict[str, int]:
        """token -> id, for the regex tokenizer (built on first use: the \\w+ pattern never needs it)."""
        if self._universe is None:
            self._universe = {}
            first = 1
            for k in sorted(self._keys):
                rows = np.stack(self._keys[k], axis=1).astype("<u8").view(np.uint8).reshape(-1, 8 * k)
                for i, row in enumerate(rows):
                    self._universe[row.tobytes().rstrip(b"\0").decode("utf-8", "surrogatepass")] = first + i
                first += len(rows)
        return self._universe

    def occurrences(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        a, lens = self._ids(texts)
        doc = np.repeat(np.arange(len(texts), dtype=np.int64), lens)
        docs, cols = [], []
        if self.lo <= 1:
            c = self.unigram_col[a.astype(np.int64)]
            hit = c >= 0
            docs.append(doc[hit])
            cols.append(c[hit])
        m = np.uint64(self.m)
        for n in range(max(self.lo, 2), self.hi + 1):
            if n not in self.tables or len(a) < n:
                continue
            size = len(a) - n + 1
            key = a[:size].copy()
            for k in range(1, n):
                key *= m
                key += a[k:k + size]
            c = self.tables[n].lookup([key])
            hit = c >= 0
            docs.append(doc[:size][hit])
            cols.append(c[hit])
        return _cat(docs), _cat(cols)

    def _ids(self, texts: Sequence[str]) -> tuple[np.ndarray, list[int] | np.ndarray]:
        """The universe id of every token of ``texts`` in order, each text followed by a 0 (a document
        separator: no n-gram spans two documents), and each text's length in that array."""
        if self._bytes is not None:
            ids, per_text = self._bytes.ids(texts)
            pos = np.arange(len(ids)) + np.repeat(np.arange(len(texts)), per_text)
            a = np.zeros(len(ids) + len(texts), dtype=np.uint64)
            a[pos] = ids
            return a, per_text + 1
        get = self.universe.get
        lens: list[int] = []
        every: list[str] = []
        for t in texts:
            toks = self.tokens(t)
            every += toks
            every.append("")  # (no token is empty: the separator's id is 0)
            lens.append(len(toks) + 1)
        return np.fromiter(map(get, every, repeat(0)), dtype=np.uint64, count=len(every)), lens


class _ByteTokens:
    """The token universe looked up straight from UTF-8 bytes, for the ``\\w+`` token pattern: a whole
    batch of texts is one byte array, word bytes are found with a table, runs of them are the tokens,
    and a token is the exact key of its bytes (eight per uint64 word, zero-padded: no token holds a NUL
    byte, and UTF-8 is one-to-one), looked up in one :class:`_KeyTable` per word count.  No Python string
    is made per token, which is what the per-text ``split`` + ``dict.get`` cost.  A byte >= 0x80 belongs
    to a multi-byte character: those characters are decoded with numpy and classified once per distinct
    character with the token pattern's own ``\\w``."""

    def __init__(self, keys: dict[int, list[np.ndarray]]) -> None:
        """``keys``: per word count k, the universe's tokens of 8(k-1) < length <= 8k bytes as k key
        arrays, in id order (ids run on from one word count to the next, from 1)."""
        self.tables: dict[int, _KeyTable] = {}
        first = 1
        for k in sorted(keys):
            n = len(keys[k][0])
            self.tables[k] = _KeyTable(keys[k], np.arange(first, first + n, dtype=np.int64))
            first += n

    def ids(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(universe id of every token, 0 = none; tokens per text) for ``texts`` in order."""
        joined = "\n".join(texts)
        if joined.isascii():  # (the common case: one encode, and a text's bytes are its characters)
            buf = b"\n" + joined.encode("ascii") + bytes(9)
            sizes = [len(t) for t in texts]
        else:
            enc = [t.encode("utf-8", "surrogatepass") for t in texts]
            buf = b"\n" + b"\n".join(enc) + bytes(9)
            sizes = [len(e) for e in enc]
        # "\n" and NUL are no word bytes: every token starts after and ends before one
        word = np.frombuffer(buf.translate(_WORD_BYTES), dtype=bool)
        if not buf.isascii():
            word = word.copy()
            _mark_multibyte_words(np.frombuffer(buf, dtype=np.uint8), word)
        edges = np.flatnonzero(word[1:] != word[:-1]) + 1
        starts, ends = edges[0::2], edges[1::2]
        text_starts = (np.cumsum([1] + [n + 1 for n in sizes[:-1]], dtype=np.int64) if texts
                       else np.zeros(0, dtype=np.int64))
        per_text = np.diff(np.append(np.searchsorted(starts, text_starts), len(starts)))
        lens = ends - starts
        words = (lens + 7) >> 3
        out = np.zeros(len(starts), dtype=np.uint64)
        for k, table in self.tables.items():
            sel = np.flatnonzero(words == k)
            if sel.size:
                col = table.lookup(_pack_bytes(buf, starts[sel], lens[sel], k))
                out[sel] = np.maximum(col, 0).astype(np.uint64)
        return out, per_text


def _unique_keys(words: list[np.ndarray]) -> tuple[list[np.ndarray], np.ndarray]:
    """The distinct keys (one or more uint64 words each) in sorted order, and each key's index among them."""
    if len(words) == 1:
        uniq, which = np.unique(words[0], return_inverse=True)
        return [uniq], which.reshape(-1)
    order = np.lexsort(words[::-1])
    ordered = [w[order] for w in words]
    new = np.ones(len(order), dtype=bool)
    if len(order):
        new[1:] = np.logical_or.reduce([w[1:] != w[:-1] for w in ordered])
    which = np.empty(len(order), dtype=np.int64)
    which[order] = np.cumsum(new) - 1
    return [w[new] for w in ordered], which


def _pack_bytes(buf: bytes, starts: np.ndarray, lens: np.ndarray, k: int) -> list[np.ndarray]:
    """The ``k`` little-endian uint64 words of each byte string ``buf[start:start + len]``, zero-padded
    (``len`` in (8(k-1), 8k]; ``buf`` has 8 readable bytes past every string)."""
    window = np.ndarray(shape=(len(buf) - 7,), dtype="<u8", buffer=buf, strides=(1,))
    out = [window[starts + 8 * j] for j in range(k)]
    out[-1] &= _LOW_BYTES[lens - 8 * (k - 1)]
    return out


_LOW_BYTES = np.asarray([(1 << (8 * m)) - 1 for m in range(9)], dtype=np.uint64)  # the low m bytes of a word
# bytes.translate table: 1 for the ASCII word characters [0-9A-Za-z_], 0 for every other byte
_WORD_BYTES = bytes(int(c < 128 and (chr(c).isalnum() or chr(c) == "_")) for c in range(256))
_WORD_CHAR = re.compile(r"\w")


def _mark_multibyte_words(b: np.ndarray, word: np.ndarray) -> None:
    """Set ``word`` on every byte of each multi-byte UTF-8 character that ``\\w`` matches."""
    lead = np.flatnonzero(b >= 0xC0)
    if not lead.size:
        return
    first = b[lead].astype(np.uint32)
    n = 2 + (first >= 0xE0).astype(np.int64) + (first >= 0xF0)
    cp = first & np.where(n == 2, 0x1F, np.where(n == 3, 0x0F, 0x07)).astype(np.uint32)
    for k in range(1, 4):
        more = np.flatnonzero(n > k)
        cp[more] = (cp[more] << np.uint32(6)) | (b[lead[more] + k] & np.uint8(0x3F))
    chars, which = np.unique(cp, return_inverse=True)
    is_word = np.fromiter((_WORD_CHAR.match(chr(c)) is not None for c in chars.tolist()), dtype=bool,
                          count=len(chars))[which]
    for k in range(4):
        at = np.flatnonzero((n > k) & is_word)
        word[lead[at] + k] = True


class _CharIndex:
    """``char_wb`` n-grams as exact integer keys computed with numpy over a whole batch.

    An n-gram (n <= 6) of code points c0..c5 is the pair (c0<<42 | c1<<21 | c2, c3<<42 | c4<<21 | c5),
    exact since code points have 21 bits; one :class:`_KeyTable` per n maps pairs to columns."""

    MAX_N = 6

    def __init__(self, terms: _Terms, ngram_range: tuple[int, int]) -> None:
        self.lo, self.hi = ngram_range
        if self.hi > self.MAX_N:
            raise ScorerError(f"char n-grams longer than {self.MAX_N} are not supported")
        self.tables: dict[int, _KeyTable] = {}
        every = _codepoints(terms.joined())  # (vectorised: this runs at every load)
        cut = np.flatnonzero(every == 10)
        starts = np.concatenate(([0], cut + 1))
        lens = np.concatenate((cut, [len(every)])) - starts if len(terms) else np.zeros(0, dtype=np.int64)
        for n in sorted(set(lens.tolist())):
            if self.lo <= n <= self.hi:  # other lengths cannot occur
                cols = np.flatnonzero(lens == n)
                cp = every[starts[cols][:, None] + np.arange(n)]
                self.tables[n] = _KeyTable(self._pack([cp[:, k] for k in range(n)], n), cols.astype(np.int64))

    @staticmethod
    def _pack(chars: list[np.ndarray], n: int) -> list[np.ndarray]:
        size = len(chars[0])
        words = [np.zeros(size, dtype=np.uint64), np.zeros(size, dtype=np.uint64)]
        for k in range(n):
            w = words[k // 3]
            w <<= np.uint64(21)
            w |= chars[k]
        return words

    def occurrences(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        padded = [" " + "  ".join(t.split()) + " " for t in texts]
        cp = _codepoints("".join(padded))
        doc = np.repeat(np.arange(len(texts), dtype=np.int64), [len(p) for p in padded])
        docs, cols = [], []
        for n, table in self.tables.items():
            size = len(cp) - n + 1
            if size > 0:
                c = table.lookup(self._pack([cp[k:k + size] for k in range(n)], n))
                hit = c >= 0
                docs.append(doc[:size][hit])
                cols.append(c[hit])
        return _cat(docs), _cat(cols)


# scikit-learn's default-style pattern: maximal runs of word characters.  On ASCII text (the common
# case, and O(1) to test) the runs are what str.split() leaves after every ASCII non-word character is
# turned into a space, which runs in C about 3x faster than the regex; other text uses the regex.
_WORD_RUNS = WORD_TOKEN_PATTERN = r"(?u)\b\w+\b"  # what agent.model.training uses
SKLEARN_TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # scikit-learn's default (used when a block names none)
# A model file is data from disk: a token pattern it names is compiled and run over every email, so a
# catastrophic regex (``(a+)+$``) would hang ``classify``.  Only these fixed, linear-time patterns load.
TOKEN_PATTERNS = (WORD_TOKEN_PATTERN, SKLEARN_TOKEN_PATTERN)
_ASCII_NON_WORD = str.maketrans({chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")})


def _tokenizer(token_pattern: str):
    if token_pattern not in TOKEN_PATTERNS:
        raise ScorerError(f"token_pattern {str(token_pattern)[:80]!r} is not one Onward's training writes "
                          f"(allowed: {', '.join(TOKEN_PATTERNS)}); retrain the model with onward train")
    findall = re.compile(token_pattern).findall
    if token_pattern != _WORD_RUNS:
        return findall

    def tokens(text: str) -> list[str]:
        return text.translate(_ASCII_NON_WORD).split() if text.isascii() else findall(text)

    return tokens


def _codepoints(s: str) -> np.ndarray:
    return np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of linear scores, in place (``z`` is overwritten and returned)."""
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


def _cat(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


class LinearTextScorer:
    """Predicts class probabilities for rows of input strings (one string per block column)."""

    def __init__(self, blocks: list[Block], coef: np.ndarray, intercept: np.ndarray, classes: list[str],
                 sublinear_tf: bool = True) -> None:
        self.blocks = blocks
        off = 0
        for b in blocks:
            b.offset = off
            off += len(b.terms)
        coef = np.asarray(coef, dtype=np.float64)
        if coef.shape != (len(classes), off) or len(intercept) != len(classes):
            raise ScorerError(f"coefficients {coef.shape} do not fit {len(classes)} classes x {off} features")
        self.coef_t = np.ascontiguousarray(coef.T)  # (features, classes): rows gathered per active feature
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.classes = list(classes)
        self.sublinear_tf = sublinear_tf
        self.n_features = off
        self.idf = np.concatenate([b.idf for b in blocks]) if blocks else np.zeros(0)
        self.block_ends = np.asarray([b.offset + len(b.terms) for b in blocks], dtype=np.int64)
        self.block_weights = np.asarray([b.weight for b in blocks], dtype=np.float64)
        self.extra: dict[str, bytes] = {}  # named byte strings stored in the same file (see to_bytes)

    # -- prediction ---------------------------------------------------------------------------
    def sparse_rows(self, rows: Rows, blocks: Sequence[int] | None = None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The TF-IDF matrix as (row, column, value) arrays sorted by row, each block L2-normalised;
        ``blocks``: only the features of these blocks (indexes into :attr:`blocks`; default all)."""
        n = len(rows)
        docs, cols = [], []
        for b in self.blocks if blocks is None else [self.blocks[i] for i in blocks]:
            d, c = b.occurrences([row[b.column] for row in rows])
            docs.append(d)
            cols.append(c + b.offset)
        key = _cat(docs) * self.n_features + _cat(cols)
        if n * self.n_features < 2**31:
            key = key.astype(np.int32)  # sorts faster
        key, counts = np.unique(key, return_counts=True)
        r, c = np.divmod(key.astype(np.int64), self.n_features)
        tf = counts.astype(np.float64)
        if self.sublinear_tf:
            tf = np.log(tf) + 1.0
        val = tf * self.idf[c]
        group = r * len(self.blocks) + np.searchsorted(self.block_ends, c, side="right")
        norms = np.sqrt(np.bincount(group, weights=val * val, minlength=n * len(self.blocks)))
        val /= norms[group]
        if (self.block_weights != 1.0).any():
            val *= self.block_weights[group % len(self.blocks)]
        return r, c, val

    def decision(self, rows: Rows, blocks: Sequence[int] | None = None, *, intercept: bool = True) -> np.ndarray:
        """The linear scores. Each block is normalised on its own, so the scores are a sum over the
        blocks: ``blocks`` (default all) gives the part of some of them, ``intercept=False`` leaves the
        intercept out - a caller whose input changes in one column adds that column's part to the rest."""
        n = len(rows)
        r, c, v = self.sparse_rows(rows, blocks)
        out = np.zeros((n, len(self.classes)))
        if len(r):  # r is sorted: sum each row's run of contributions
            starts = np.flatnonzero(np.concatenate(([True], r[1:] != r[:-1])))
            weighted = self.coef_t[c]
            weighted *= v[:, None]  # (in place: the gathered rows are a copy)
            out[r[starts]] = np.add.reduceat(weighted, starts, axis=0)
        return out + self.intercept if intercept else out

    def blocks_reading(self, columns: Sequence[int]) -> list[int]:
        """Indexes of the blocks that read one of the input ``columns``."""
        return [i for i, b in enumerate(self.blocks) if b.column in columns]

    def predict_proba(self, rows: Rows) -> np.ndarray:
        """Softmax of the linear scores (multinomial logistic regression), columns in ``classes`` order."""
        if len(rows) == 0:
            return np.zeros((0, len(self.classes)))
        return softmax(self.decision(rows))

    def active_features(self, row: Sequence[str]) -> list[tuple[str, str, float, np.ndarray]]:
        """(block, n-gram, tf-idf value, coefficients per class) for the features of one row."""
        r, c, v = self.sparse_rows([row])
        out = []
        for col, val in zip(c.tolist(), v.tolist(), strict=True):
            b = self.blocks[int(np.searchsorted(self.block_ends, col, side="right"))]
            out.append((b.name, b.terms[col - b.offset], val, self.coef_t[col]))
        return out

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def from_pipeline(cls, pipe) -> LinearTextScorer:
        """Extract the arrays from a fitted Pipeline(ColumnTransformer(TfidfVectorizer...), LogisticRegression).

        Raises :class:`ScorerError` for any setting whose effect this class does not reproduce."""
        try:
            feats = pipe.steps[0][1]
            clf = pipe.steps[-1][1]
            transformers = feats.transformers_
        except (AttributeError, IndexError, TypeError) as e:
            raise ScorerError(f"not a fitted text pipeline ({type(e).__name__})") from None
        blocks: list[Block] = []
        sublinear = None
        weights = getattr(feats, "transformer_weights", None) or {}
        for name, vec, col in transformers:
            if name == "remainder" and vec == "drop":
                continue
            _check_vectorizer(name, vec)
            if sublinear is None:
                sublinear = bool(vec.sublinear_tf)
            elif sublinear != bool(vec.sublinear_tf):
                raise ScorerError("blocks disagree on sublinear_tf")
            inv = [""] * len(vec.vocabulary_)
            for term, i in vec.vocabulary_.items():
                inv[i] = term
            blocks.append(Block(name=name, column=int(col), analyzer=vec.analyzer,
                                ngram_range=tuple(vec.ngram_range),
                                token_pattern=vec.token_pattern if vec.analyzer == "word" else None,
                                terms=inv, idf=np.asarray(vec.idf_, dtype=np.float64),
                                weight=float(weights.get(name, 1.0))))
        coef = np.asarray(clf.coef_, dtype=np.float64)
        intercept = np.asarray(clf.intercept_, dtype=np.float64)
        classes = [str(c) for c in clf.classes_]
        if len(classes) == 2 and coef.shape[0] == 1:
            # a binary logistic regression, sigmoid(z), is the softmax of (-z/2, z/2)
            coef, intercept = np.vstack([-coef / 2, coef / 2]), np.concatenate([-intercept / 2, intercept / 2])
        elif coef.shape[0] != len(classes) or len(classes) < 3:
            raise ScorerError("only a binary or a multinomial logistic regression is supported")
        return cls(blocks, coef, intercept, classes, sublinear_tf=bool(sublinear))

    def to_bytes(self, extra: dict[str, bytes] | None = None) -> bytes:
        """The scorer file; ``extra`` byte strings (e.g. a second scorer's file) travel inside it as
        ``extra_<name>`` uint8 arrays and come back in :attr:`extra`."""
        spec = {"version": SPEC_VERSION, "classes": self.classes, "sublinear_tf": self.sublinear_tf,
                "blocks": [{"name": b.name, "column": b.column, "analyzer": b.analyzer,
                            "ngram_range": list(b.ngram_range), "token_pattern": b.token_pattern,
                            "weight": b.weight}
                           for b in self.blocks]}
        arrays: dict[str, Any] = {"spec": _text_array(json.dumps(spec)), "coef": self.coef_t.T.copy(),
                  "intercept": self.intercept}
        for b in self.blocks:
            if any("\n" in t for t in b.terms):  # the file joins terms with newlines
                raise ScorerError(f"block {b.name}: a vocabulary term contains a newline")
            arrays[f"terms_{b.name}"] = _text_array("\n".join(b.terms))
            arrays[f"idf_{b.name}"] = b.idf
        for name, blob in (extra or {}).items():
            arrays[f"extra_{name}"] = np.frombuffer(blob, dtype=np.uint8)
        buf = io.BytesIO()
        np.savez_compressed(buf, **arrays)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> LinearTextScorer:
        """Parse a scorer file; never unpickles (``allow_pickle=False``)."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as z:
                spec = json.loads(_array_text(z["spec"]))
                if spec.get("version") != SPEC_VERSION:
                    raise ScorerError(f"unsupported scorer version {spec.get('version')!r}")
                blocks = []
                for s in spec["blocks"]:
                    text = _array_text(z[f"terms_{s['name']}"])
                    terms = _Terms.from_joined(text, text.count("\n") + 1 if text else 0)
                    blocks.append(Block(name=str(s["name"]), column=int(s["column"]),
                                        analyzer=_analyzer(s["analyzer"]),
                                        ngram_range=_ngram_range(s["ngram_range"]),
                                        token_pattern=s.get("token_pattern"), terms=terms,
                                        idf=np.asarray(z[f"idf_{s['name']}"], dtype=np.float64),
                                        weight=float(s.get("weight", 1.0))))
                    if len(blocks[-1].idf) != len(terms):
                        raise ScorerError(f"block {s['name']}: {len(terms)} terms but {len(blocks[-1].idf)} idf values")
                scorer = cls(blocks, z["coef"], z["intercept"], [str(c) for c in spec["classes"]],
                             sublinear_tf=bool(spec["sublinear_tf"]))
                for key in z.files:
                    if key.startswith("extra_"):
                        blob = z[key]  # (each z[key] decompresses again)
                        if blob.dtype != np.uint8:
                            raise ScorerError(f"{key} has the wrong type")
                        scorer.extra[key[len("extra_"):]] = blob.tobytes()
                return scorer
        except ScorerError:
            raise
        except Exception as e:  # zip/npz/JSON/key errors: all mean "not a scorer file"
            raise ScorerError(f"not a valid scorer file ({type(e).__name__}: {e})") from None

    @classmethod
    def load(cls, path: str | Path) -> LinearTextScorer:
        return cls.from_bytes(Path(path).read_bytes())


def _check_vectorizer(name: str, vec) -> None:
    want = {"lowercase": False, "strip_accents": None, "preprocessor": None, "tokenizer": None,
            "stop_words": None, "binary": False, "use_idf": True, "norm": "l2", "input": "content"}
    for attr, value in want.items():
        if getattr(vec, attr, value) != value:
            raise ScorerError(f"block {name}: {attr}={getattr(vec, attr)!r} is not supported")
    if not hasattr(vec, "idf_") or not hasattr(vec, "vocabulary_"):
        raise ScorerError(f"block {name} is not a fitted TfidfVectorizer")
    _analyzer(vec.analyzer)
    lo, _hi = _ngram_range(vec.ngram_range)
    if vec.analyzer == "char_wb" and lo > 3:
        raise ScorerError(f"block {name}: char_wb with min n {lo} > 3 is not supported")


def _analyzer(a: str) -> str:
    if a not in ("word", "char_wb"):
        raise ScorerError(f"analyzer {a!r} is not supported")
    return a


def _ngram_range(r) -> tuple[int, int]:
    lo, hi = (int(x) for x in r)
    if not 1 <= lo <= hi <= 8:
        raise ScorerError(f"n-gram range {r!r} is not supported")
    return lo, hi


def _text_array(s: str) -> np.ndarray:
    return np.frombuffer(s.encode("utf-8"), dtype=np.uint8)


def _array_text(a: np.ndarray) -> str:
    if a.dtype != np.uint8:
        raise ScorerError("text array has the wrong type")
    return a.tobytes().decode("utf-8")
