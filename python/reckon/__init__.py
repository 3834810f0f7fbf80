"""reckon: the numbers news articles give about one event, who gives them
and for when, and where the sources disagree.

A thin layer over librk (include/reckon.h) through ctypes. Results are
plain dicts and lists, parsed from the JSON the library renders, so they
carry every key the command line's JSON has (and any a later librk adds):

    import reckon
    a = reckon.extract("قالت وزارة الداخلية إن 18 من أفراد الأمن قتلوا",
                       language="ar", published="2022-01-06")
    b = reckon.extract("State TV said 13 police officers were killed.",
                       language="en", published="2022-01-06")
    rep = reckon.report([a, b])
    print([(g["id"], g["verdict"]) for g in rep["groups"]])

The library is found through $RECKON_LIBRARY when set, else as librk.so.0
by the dynamic loader, else where `meson install` put it. The rule set is
the one given (Rules(path)), else $RECKON_RULES when set, else the one
installed with the library.
"""
import ctypes
import hashlib
import json
import os
import threading

__all__ = ["Error", "Rules", "Corpus", "extract", "extract_file", "report", "version",
           "librk_version"]

_c_size_p = ctypes.POINTER(ctypes.c_size_t)
_c_char_pp = ctypes.POINTER(ctypes.c_void_p)


class Error(Exception):
    """A librk call failed. code is the library's code name ("parse",
    "rules", "utf8", ...); the message reads "path:line:col: message"."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def _candidates():
    env = os.environ.get("RECKON_LIBRARY")
    if env:
        yield env
    yield "librk.so.0"
    try:
        from ._paths import LIBRARY
        yield LIBRARY
    except ImportError:
        pass


def _load():
    errors = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(str(e))
    raise ImportError("reckon: cannot load librk: " + "; ".join(errors))


_lib = _load()


def _fn(name, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_version = _fn("rk_version", ctypes.c_char_p)
_code_name = _fn("rk_code_name", ctypes.c_char_p, ctypes.c_int)
_free = _fn("rk_free", None, ctypes.c_void_p)
_ruleset_open = _fn("rk_ruleset_open", ctypes.c_int, ctypes.c_char_p, _c_char_pp, _c_char_pp)
_ruleset_open_event = _fn("rk_ruleset_open_event", ctypes.c_int, ctypes.c_char_p,
                          ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, _c_char_pp,
                          _c_char_pp)
_ruleset_open_memory = _fn("rk_ruleset_open_memory", ctypes.c_int,
                           ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p),
                           _c_size_p, ctypes.c_size_t, _c_char_pp, _c_char_pp)
_corpus_new = _fn("rk_corpus_new", ctypes.c_int, ctypes.c_void_p, _c_char_pp)
_add_text = _fn("rk_corpus_add_text", ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p,
                ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_char_p), _c_char_pp)
_add_file = _fn("rk_corpus_add_file", ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, _c_char_pp)
_add_claims = _fn("rk_corpus_add_claims", ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p,
                  ctypes.c_char_p, ctypes.c_size_t, _c_char_pp)
_set_reviews = _fn("rk_corpus_set_reviews", ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p,
                   _c_char_pp)
_reconcile = _fn("rk_corpus_reconcile", ctypes.c_int, ctypes.c_void_p, _c_char_pp)
_render = _fn("rk_corpus_render", ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, _c_char_pp,
              _c_size_p, _c_char_pp)

# The metadata rk_corpus_add_text() takes.
META_KEYS = ("source", "published", "url", "language", "title", "byline", "dateline")


def librk_version():
    """The version of the librk in use, "MAJOR.MINOR.PATCH"."""
    return _version().decode()


version = librk_version()


def _take_string(ptr, length=None):
    """The bytes of a string librk returned, which it then frees."""
    if not ptr:
        return None
    try:
        return ctypes.string_at(ptr, length) if length is not None else ctypes.string_at(ptr)
    finally:
        _free(ptr)


def _check(code, err):
    if code != 0:
        message = _take_string(err.value)
        name = _code_name(code).decode()
        raise Error(name, message.decode("utf-8", "replace") if message else name)


def _bytes(s):
    if s is None:
        return None
    if isinstance(s, (bytes, bytearray)):
        return bytes(s)
    return os.fsencode(s) if isinstance(s, os.PathLike) else str(s).encode("utf-8")


class Rules:
    """A rule set, loaded, validated and compiled once; share it between
    threads and corpora freely."""

    def __init__(self, path=None, event=()):
        """path: the rule set's folder (default $RECKON_RULES, then the
        installed one); event: folders of an event's own rules read over it
        ("corpus/rules"), one path or a list."""
        if path is None:
            path = os.environ.get("RECKON_RULES") or None
        if isinstance(event, (str, os.PathLike)):
            event = [event]
        handle, err = ctypes.c_void_p(), ctypes.c_void_p()
        if event:
            dirs = [_bytes(os.fspath(e)) for e in event]
            _check(_ruleset_open_event(_bytes(path), (ctypes.c_char_p * len(dirs))(*dirs),
                                       len(dirs), ctypes.byref(handle), ctypes.byref(err)), err)
        else:
            _check(_ruleset_open(_bytes(path), ctypes.byref(handle), ctypes.byref(err)), err)
        self._handle = handle

    @classmethod
    def from_memory(cls, files):
        """A rule set from {relative name: text} ("en/numbers.xml": "<rules
        ...>"); "schema/rules.rng" and the files it includes may be among
        them, else the installed schema is used."""
        self = cls.__new__(cls)
        self._handle = ctypes.c_void_p()
        names = [_bytes(n) for n in files]
        texts = [_bytes(t) for t in files.values()]
        n = len(names)
        handle, err = ctypes.c_void_p(), ctypes.c_void_p()
        _check(_ruleset_open_memory((ctypes.c_char_p * n)(*names), (ctypes.c_char_p * n)(*texts),
                                    (ctypes.c_size_t * n)(*[len(t) for t in texts]), n,
                                    ctypes.byref(handle), ctypes.byref(err)), err)
        self._handle = handle
        return self

    def __del__(self, _free=_free):  # bound now: module globals go first at exit
        if getattr(self, "_handle", None):
            _free(self._handle)
            self._handle = None


_default = None
_default_lock = threading.Lock()


def _default_rules():
    global _default
    with _default_lock:
        if _default is None:
            _default = Rules()
        return _default


class Corpus:
    """Documents and their claims; once reconciled, groups with verdicts and
    estimates. One thread at a time per corpus."""

    def __init__(self, rules=None):
        self.rules = rules or _default_rules()  # kept alive with the corpus
        handle = ctypes.c_void_p()
        code = _corpus_new(self.rules._handle, ctypes.byref(handle))
        if code != 0:
            raise Error(_code_name(code).decode(), "cannot make a corpus")
        self._handle = handle

    def __del__(self, _free=_free):  # bound now: module globals go first at exit
        if getattr(self, "_handle", None):
            _free(self._handle)
            self._handle = None

    def add_text(self, text, id=None, **meta):
        """Adds an article's text with its metadata (source, published, url,
        language, title, byline, dateline) and extracts its claims; spans
        are UTF-8 byte offsets into text."""
        unknown = set(meta) - set(META_KEYS)
        if unknown:
            raise TypeError("unknown metadata: %s (%s)" % (", ".join(sorted(unknown)),
                                                            ", ".join(META_KEYS)))
        pairs = []
        for k in META_KEYS:
            if meta.get(k) is not None:
                pairs += [k.encode(), _bytes(meta[k])]
        arr = (ctypes.c_char_p * (len(pairs) + 1))(*pairs, None)
        data = _bytes(text)
        err = ctypes.c_void_p()
        _check(_add_text(self._handle, _bytes(id), data, len(data), arr, ctypes.byref(err)), err)
        return self

    def add_file(self, path):
        """Adds the articles of a file (text with its sidecar, JSON, JSON
        Lines, HTML, NITF, NewsML-G2), read as the command line reads it."""
        err = ctypes.c_void_p()
        _check(_add_file(self._handle, _bytes(os.fspath(path)), ctypes.byref(err)), err)
        return self

    def add_claims(self, claims, name=None):
        """Adds claims: JSON Lines text as `reckon extract --format jsonl`
        writes it, or a dict as extract() returns. Documents and claims
        already here (by id) are kept once."""
        if isinstance(claims, dict):
            claims = _claims_jsonl(claims)
        data = _bytes(claims)
        err = ctypes.c_void_p()
        _check(_add_claims(self._handle, _bytes(name), data, len(data), ctypes.byref(err)), err)
        return self

    def set_reviews(self, path):
        """Uses the review file at path (`reckon review set` writes it)."""
        err = ctypes.c_void_p()
        _check(_set_reviews(self._handle, _bytes(os.fspath(path)), ctypes.byref(err)), err)
        return self

    def reconcile(self):
        """Groups the claims and decides verdicts, estimates and links."""
        err = ctypes.c_void_p()
        _check(_reconcile(self._handle, ctypes.byref(err)), err)
        return self

    def render(self, format="json"):
        """The corpus as the command line writes it in format (json, jsonl,
        xml, csv, csv-groups, html, text, claimreview), as str."""
        out, size, err = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
        _check(_render(self._handle, format.encode(), ctypes.byref(out), ctypes.byref(size),
                       ctypes.byref(err)), err)
        return _take_string(out.value, size.value).decode("utf-8")

    def to_dict(self):
        """The JSON rendering as plain dicts and lists: "documents",
        "claims", and once reconciled "groups", "links", "summary"."""
        return json.loads(self.render("json"))


def _claims_jsonl(result):
    """The JSON Lines of an extract() result (documents, each followed by
    its claims), which Corpus.add_claims() reads back."""
    by_doc = {}
    for c in result.get("claims", []):
        by_doc.setdefault(c["document"], []).append(c)
    lines = []
    for d in result.get("documents", []):
        lines.append(json.dumps(dict(type="document", **d), ensure_ascii=False,
                                separators=(",", ":")))
        for c in by_doc.get(d["id"], []):
            lines.append(json.dumps(dict(type="claim", **c), ensure_ascii=False,
                                    separators=(",", ":")))
    return "\n".join(lines) + "\n"


def _text_id(text):
    return "text-" + hashlib.sha256(_bytes(text)).hexdigest()[:16]


def extract(text, language=None, published=None, source=None, url=None, title=None, id=None,
            rules=None):
    """The claims of one article given as text: {"documents": [...],
    "claims": [...]}, as `reckon extract --format json` prints them. Without
    an id the document is named from its text ("text-" and 16 hex digits of
    its SHA-256), so that results made anywhere merge by id."""
    if id is None:
        id = _text_id(text)
    c = Corpus(rules)
    c.add_text(text, id=id, language=language, published=published, source=source, url=url,
               title=title)
    return c.to_dict()


def extract_file(path, rules=None):
    """The claims of the articles of a file, as extract() gives them."""
    return Corpus(rules).add_file(path).to_dict()


def report(docs, format=None, rules=None, reviews=None):
    """The report over docs: a dict (the JSON report parsed), or with format
    the text of that format ("json" too, byte for byte the command line's). Each item of docs is an extract() or extract_file() result (its
    claims are merged by id), a path (os.PathLike) of an article file, a dict
    with "text" and metadata keys (and optionally "id"), or a str: an
    article's text. A text without an id is named as extract() names it."""
    c = Corpus(rules)
    for d in docs:
        if isinstance(d, dict) and "claims" in d:
            c.add_claims(d)
        elif isinstance(d, dict):
            meta = {k: v for k, v in d.items() if k not in ("text", "id")}
            c.add_text(d["text"], id=d.get("id") or _text_id(d["text"]), **meta)
        elif isinstance(d, os.PathLike):
            c.add_file(d)
        else:
            c.add_text(d, id=_text_id(d))
    if reviews is not None:
        c.set_reviews(reviews)
    c.reconcile()
    return c.to_dict() if format is None else c.render(format)
