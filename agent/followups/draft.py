"""Follow-up drafts: sandboxed template rendering and reply composition (pure).

Nothing here sends mail: :func:`build_draft` returns RFC 5322 bytes that ``mailbox.py`` APPENDs to the
Drafts folder with ``\\Draft``. Three properties matter more than anything else:

* **Determinism.** The due date is derived from a seed (the rejection's Message-ID) and the draft's
  Message-ID from the follow-up id, so a crash between APPEND and the database commit can be detected
  by searching Drafts for the same Message-ID, and re-running a pass never reshuffles due dates.
* **No header injection.** Every header value is passed through :func:`clean_header_text` (CR, LF,
  NUL, U+2028/U+2029/U+0085 and other controls folded to spaces) and message ids must match the
  strict :data:`agent.mail.headers.MSGID_RE` or they are dropped.
* **Templates cannot execute anything.** User templates run in Jinja2's ``SandboxedEnvironment``;
  values are inserted as plain strings, so "{{ 7*7 }}" in a company name stays literal text.
"""

from __future__ import annotations

import base64
import dataclasses
import email.parser
import email.policy
import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from agent.config import FollowupSettings
from agent.followups import grammar, notes
from agent.followups.notes import NoteFacts
from agent.followups.schedule import aware
from agent.followups.templates import Template
from agent.mail.headers import MSGID_RE, clean_header_text, decode_header_value
from agent.mail.types import Address

if TYPE_CHECKING:  # Jinja2 is imported on first use (see _env)
    from jinja2.sandbox import SandboxedEnvironment

__all__ = [
    "TemplateError",
    "followup_message_id",
    "followup_tag",
    "render_body",
    "write_note",
    "Note",
    "reply_subject",
    "safe_header_text",
    "build_draft",
    "check_draft",
    "checked_draft",
    "CheckedDraft",
    "DraftRefused",
    "draft_header_names",
    "draft_recipient",
    "MAX_REFERENCES",
]

MAX_REFERENCES = 20



class TemplateError(ValueError):
    """The follow-up template is broken (syntax error, sandbox violation, render failure)."""


# --------------------------------------------------------------------------------------------------
# ids and subjects
# --------------------------------------------------------------------------------------------------

_DOMAIN_RE = re.compile(r"(?=.{1,253}\Z)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\Z")


def followup_message_id(followup_id: int, domain: str, install_id: str = "") -> str:
    """Deterministic Message-ID for a follow-up draft: ``<onward-followup-{id}-{hash}@{domain}>``.

    The same id, domain and install id always give the same id, so after a crash between APPEND and
    the DB commit the daemon can search Drafts for it instead of appending a duplicate. The hash
    covers the database's random ``install_id`` (made once, see :meth:`agent.record.store.Store.install_id`),
    so two databases against one mailbox (a reinstall, a demo) never produce the same Message-ID.
    An invalid domain falls back to "onward.invalid".
    """
    if isinstance(followup_id, bool) or not isinstance(followup_id, int) or followup_id < 0:
        raise ValueError(f"followup_id must be a non-negative int, got {followup_id!r}")
    dom = clean_header_text(domain or "").lower().strip(".")
    try:
        dom = dom.encode("idna").decode("ascii") if dom and not dom.isascii() else dom
    except UnicodeError:
        dom = ""
    if not _DOMAIN_RE.match(dom):
        dom = "onward.invalid"
    seed = f"{followup_id}:{dom}" if not install_id else f"{followup_id}:{dom}:{install_id}"
    digest = hashlib.sha256(seed.encode()).hexdigest()[:8 if not install_id else 16]
    return f"<onward-followup-{followup_id}-{digest}@{dom}>"


_TAG_RE = re.compile(r"[A-Za-z0-9-]{1,80}")


def followup_tag(followup_id: int, install_id: str) -> str:
    """The ``X-Onward-Followup`` value of a draft: which database's which follow-up it is."""
    return f"{install_id}-{followup_id}" if install_id else str(followup_id)


def safe_header_text(value: str | None) -> str:
    """Text that is safe as (part of) one header line, for any email library that touches it.

    Beyond folding CR/LF/controls, literal RFC 2047 encoded words are decoded (repeatedly) and cleaned
    again, and any "=?" left over is broken up. Why: Python's header folder re-parses and *decodes*
    encoded words it finds in display names and unstructured values, so a display name that is the
    literal text "=?utf-8?b?DQpCY2M6IHg=?=" would otherwise come out as a real "\r\nBcc: x" line
    (CPython gh-121650, unfixed in 3.11.7).
    """
    text = clean_header_text(value or "")
    for _ in range(3):
        if "=?" not in text:
            break
        try:
            decoded = clean_header_text(decode_header_value(text))
        except Exception:  # noqa: BLE001
            break
        if decoded == text:
            break
        text = decoded
    return text.replace("=?", "= ?")


_REPLY_PREFIX_RE = re.compile(
    r"^\s*(?:(?:re|aw|antw|antwort|sv|vs|rv|ref|réf|rif|r|i|odp|tr|wg|fw|fwd|res|enc|doorst)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+",
    re.IGNORECASE,
)
MAX_SUBJECT_CHARS = 300
FOLD_AT, MAX_LINE = 78, 998  # RFC 5322: lines SHOULD stay within 78 characters and MUST within 998

_WORDS_RE = re.compile(r"[ \t]*[^ \t]+|[ \t]+$")


def fold_header(name: str, value: str) -> str | None:
    """``Name: value`` folded so that it reads back exactly as ``value`` (CRLF ends each line), or None
    when the value holds a CR or LF, or an ASCII word too long for one line.

    ASCII: folded at word boundaries, each break before a space or tab, which starts the continuation
    line, so unfolding (removing the CRLFs) gives back the value unchanged; the first word stays on the
    name's line.  Otherwise the whole value is written as RFC 2047 encoded words (UTF-8, base64, at
    most 75 characters each, split between characters, one per line): the white space between encoded
    words is not part of the text, so every space of the value is kept, inside the words.  Why not
    Python's folder: a value that fits on a line of its own but not after ``Subject: `` is moved whole
    to the next line and read back with a leading space, and the space between an ASCII word and an
    encoded word can be lost.
    """
    if "\r" in value or "\n" in value:
        return None
    lines = [f"{name}:"]
    if value.isascii():
        for n, word in enumerate(_WORDS_RE.findall(value)):
            if n == 0 or len(lines[-1]) + len(word) <= FOLD_AT:
                lines[-1] += f" {word}" if n == 0 else word
            else:
                lines.append(word)
        if any(len(line) > MAX_LINE for line in lines):
            return None
    else:
        for n, chunk in enumerate(_utf8_chunks(value, EW_BYTES)):
            word = "=?utf-8?b?" + base64.b64encode(chunk.encode()).decode("ascii") + "?="
            lines[-1:] = [lines[-1] + f" {word}"] if n == 0 else [lines[-1], f" {word}"]
    return "\r\n".join(lines) + "\r\n"


EW_BYTES = 45  # UTF-8 bytes per encoded word: 12 + base64 of 45 bytes (60) = 72 characters <= 75


def _utf8_chunks(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` UTF-8 bytes, never inside a character."""
    chunks, current, size = [], "", 0
    for ch in text:
        n = len(ch.encode())
        if current and size + n > limit:
            chunks.append(current)
            current, size = "", 0
        current, size = current + ch, size + n
    return [*chunks, current] if current else chunks


class DraftPolicy(EmailPolicy):
    """``email.policy.SMTP`` except that the Subject is folded by :func:`fold_header`."""

    def fold(self, name: str, value: str) -> str:
        folded = fold_header(name, str(value)) if name.lower() == "subject" else None
        return folded.replace("\r\n", self.linesep) if folded is not None else super().fold(name, value)

    def fold_binary(self, name: str, value: str) -> bytes:
        folded = fold_header(name, str(value)) if name.lower() == "subject" else None
        return folded.encode("ascii") if folded is not None else super().fold_binary(name, value)


DRAFT_POLICY = DraftPolicy(linesep="\r\n")  # SMTP's settings (email.policy.SMTP is default + CRLF)


def reply_subject(original: str) -> str:
    """"Re: <original>" with existing reply/forward prefixes (Re:, RE:, Aw:, Antw:, SV:, TR:, WG:,
    Fwd:, Italian R: and I:, Portuguese RES: and ENC:, Dutch Doorst: ...) collapsed into one "Re: ", and the
    result safe for a single header line."""
    subject = safe_header_text(original)
    subject = _REPLY_PREFIX_RE.sub("", subject).strip()
    subject = subject[:MAX_SUBJECT_CHARS]
    return f"Re: {subject}" if subject else "Re:"


# --------------------------------------------------------------------------------------------------
# template rendering
# --------------------------------------------------------------------------------------------------

@functools.cache
def _env() -> SandboxedEnvironment:
    """The sandbox, built on first use: Jinja2 is imported only by a process that renders a draft (a
    backfill never does; importing it cost every pass ~20 ms of start-up)."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(autoescape=False, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True, undefined=jinja2.Undefined)
    env.filters["prep"] = jinja2.pass_context(_prep_filter)
    env.filters["org"] = jinja2.pass_context(_org_filter)
    return env


def _prep_filter(context: Any, word: object, preposition: str) -> str:
    """``{{ role|prep("de") }}``: the preposition joined to the word as the draft's language does
    ("d'Ingénieur", "del Corte Inglés"); see :mod:`agent.followups.grammar`."""
    return grammar.prep(str(context.get("lang") or "en"), str(preposition), "" if word is None else str(word))


def _org_filter(context: Any, company: object, preposition: str) -> str:
    """``{{ company|org("em") }}``: like ``prep``, for a company ("no Boticário", "na empresa Natura")."""
    return grammar.org(str(context.get("lang") or "en"), str(preposition), "" if company is None else str(company))


def _one_line(value: object) -> str:
    return clean_header_text("" if value is None else str(value))


def _multi_line(value: object) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\x85]", "", text)
    return text.strip("\n")


# What a note may say beyond names (agent.followups.notes.template_context), when the caller knows nothing.
NOTE_DEFAULTS: dict[str, object] = {
    "lang": "en", "variant": "en", "plural": False, "interviews": 0, "interview_on": "", "interview_of": "",
    "applied_on": "", "check_in": 1, "previous_on": "", "previous_of": "", "role_closed": False,
}


def render_body(template_text: str, *, company: str | None, role: str | None,
                contact_name: str | None, your_name: str, signature: str | None = "",
                salutation: str | None = None, extra: Mapping[str, object] | None = None) -> str:
    """Render a follow-up body in a Jinja2 sandbox (plain text, no autoescape).

    Variables: ``salutation`` (the greeting line in the draft's language, see
    :func:`agent.followups.language.salutation`; default "Dear <contact_name>,"), ``company`` (fallback
    "your company"), ``role`` (fallback "the role"), ``contact_name`` (fallback "Hiring Team"),
    ``your_name``, ``signature`` (may be multi-line) and the booleans ``company_known``, ``role_known``,
    ``contact_known`` for conditionals; ``extra``: more variables (what the note may say, see
    :func:`agent.followups.notes.template_context`; ``lang`` chooses the grammar of the ``prep`` and ``org``
    filters). Single-line values have CR/LF/control characters folded to spaces. Raises
    :class:`TemplateError` if the template does not compile or fails to render.
    """
    company_s, role_s, contact_s = _one_line(company), _one_line(role), _one_line(contact_name)
    context = {
        "salutation": _one_line(salutation) or f"Dear {contact_s or 'Hiring Team'},",
        "company": company_s or "your company",
        "role": role_s or "the role",
        "contact_name": contact_s or "Hiring Team",
        "your_name": _one_line(your_name),
        "signature": _multi_line(signature),
        "company_known": bool(company_s),
        "role_known": bool(role_s),
        "contact_known": bool(contact_s),
    }
    notes_context = {**NOTE_DEFAULTS, "plural": not contact_s, **(extra or {})}
    for key, value in notes_context.items():
        if key not in context:
            context[key] = _one_line(value) if isinstance(value, str) else value
    import jinja2

    try:
        template = _env().from_string(template_text)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"follow-up template syntax error on line {exc.lineno}: {exc.message}") from exc
    except Exception as exc:  # noqa: BLE001
        raise TemplateError(f"follow-up template could not be loaded: {exc}") from exc
    try:
        text = template.render(**context)
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"follow-up template tried something unsafe: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - UndefinedError, TypeError, ZeroDivisionError...
        raise TemplateError(f"follow-up template failed to render: {type(exc).__name__}: {exc}") from exc
    if company_s.endswith("."):  # "joining Van Dijk B.V.": the legal form's dot ends the sentence too
        text = text.replace(company_s + ".", company_s)
    return _tidy_body(text)


class Note(NamedTuple):
    """A follow-up's text: its body, and the subject Onward wrote itself (None: "Re: " the email's)."""

    body: str
    subject: str | None


def write_note(facts: NoteFacts, template: Template, settings: FollowupSettings, *, answers_email: bool) -> Note:
    """The note for ``facts`` written with ``template`` (:func:`agent.followups.templates.load` for its kind,
    stage and language); a note that answers no email gets a subject in its language."""
    if template.language != facts.language:  # no template in the draft's language: written in English
        facts = dataclasses.replace(facts, language=template.language)
    context = notes.template_context(facts)
    body = render_body(template.text, company=notes.note_company(facts), role=notes.note_role(facts),
                       contact_name=context["contact_name"], your_name=settings.your_name,
                       signature=settings.signature, salutation=context["salutation"], extra=context)
    return Note(body, None if answers_email else notes.own_subject(facts))


def _tidy_body(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text + "\n"


# --------------------------------------------------------------------------------------------------
# the draft
# --------------------------------------------------------------------------------------------------

_ADDR_SPEC_RE = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?\Z")


def _msgid(value: str | None) -> str | None:
    if not value:
        return None
    value = clean_header_text(value)
    return value if MSGID_RE.match(value) else None


_NAME_DROP_RE = re.compile(r"[^\w '-]|_")
MAX_NAME_CHARS = 60


def _reduced_name(name: str | None) -> str:
    """A display name that needs no quoting, so no folding can turn it into more addresses or a group:
    letters, digits, spaces, "'" and "-" only ("Miller, Jane: EMEA" -> "Miller Jane EMEA"), at most
    :data:`MAX_NAME_CHARS`; "" when it spells out an address (the bare addr-spec is written then).

    Why: Python's folder drops the quotes of a long quoted display name, so "Smith, attacker@evil.test,
    Jane ..." <jane@...> came out as three recipients.
    """
    text = unicodedata.normalize("NFC", safe_header_text(name))
    if "@" in text:
        return ""
    text = " ".join(_NAME_DROP_RE.sub(" ", text).split())
    if len(text) > MAX_NAME_CHARS:
        cut = text[:MAX_NAME_CHARS + 1]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_NAME_CHARS]
    return text.strip(" '-")


def draft_recipient(addr: Address | None) -> Address | None:
    """The address exactly as a draft writes it (reduced display name, plain ASCII addr-spec), or None
    when the addr-spec cannot go into a header. What ``onward followups`` shows is this address."""
    if addr is None:
        return None
    spec = clean_header_text(addr.email).strip("<>")
    if not _ADDR_SPEC_RE.match(spec) or ".." in spec or "=?" in spec:
        return None
    try:
        HeaderAddress(addr_spec=spec)
    except Exception:  # noqa: BLE001 - odd but valid-looking specs the stdlib refuses
        return None
    return Address(_reduced_name(addr.name), spec)


def _references(references: Sequence[str], in_reply_to: str | None) -> list[str]:
    """Original References + In-Reply-To, valid ids only, de-duplicated, at most MAX_REFERENCES.

    The thread root (first id) is kept when trimming, as RFC 5322 suggests.
    """
    ids: list[str] = []
    seen: set[str] = set()
    for raw in [*(references or ()), in_reply_to]:
        mid = _msgid(raw)
        if mid and mid not in seen:
            seen.add(mid)
            ids.append(mid)
    if len(ids) > MAX_REFERENCES:
        ids = [ids[0], *ids[-(MAX_REFERENCES - 1):]]
    return ids


def draft_header_names(*, with_to: bool = True, with_from: bool = True, threaded: bool = True,
                       followup_id: bool = False) -> set[str]:
    """The header names :func:`build_draft` may emit (for tests and for mailbox sanity checks)."""
    names = {"Subject", "Message-ID", "Date", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"}
    if with_to:
        names.add("To")
    if with_from:
        names.add("From")
    if threaded:
        names |= {"In-Reply-To", "References"}
    if followup_id:
        names.add("X-Onward-Followup")
    return names


def build_draft(*, to: Address | None, from_addr: Address | None, original_subject: str,
                in_reply_to: str | None, references: Sequence[str], message_id: str, date: datetime,
                body: str, followup_id: int | str | None = None, own_subject: bool = False) -> bytes:
    """Compose the reply draft as CRLF RFC 5322 bytes (:data:`DRAFT_POLICY`: ``email.policy.SMTP``
    with a Subject folded at word boundaries, so it reads back exactly as written).

    Threading: In-Reply-To is the answered email's id; References is its References plus that id.
    If `to` is None (or not a usable address), no To header is written and the body is the note as
    it is - no instruction in it: a mail client refuses to send without a recipient, and ``onward
    followups`` says why there is none and how to add one. Without an email to answer (an
    application added by hand), or with a subject Onward wrote itself (``own_subject``: the answered email
    was a job board's notice), the subject is `original_subject` itself, not "Re: ...".
    The To is :func:`draft_recipient` of `to`: one mailbox whose display name needs no quoting; should
    it still not read back as exactly that one address, it is written as the bare addr-spec.
    The body is text/plain utf-8, 7bit when ASCII with short lines, quoted-printable otherwise.
    Raises ValueError if `message_id` is not a valid "<...>" id (it is ours, so that is a bug).
    """
    mid = _msgid(message_id)
    if mid is None:
        raise ValueError(f"invalid draft Message-ID {message_id!r}")
    recipient = draft_recipient(to)
    parent = _msgid(in_reply_to)
    subject = reply_subject(original_subject) if in_reply_to and not own_subject else \
        safe_header_text(original_subject)[:MAX_SUBJECT_CHARS]
    compose = functools.partial(
        _compose, from_addr=draft_recipient(from_addr), subject=subject, mid=mid,
        parent=parent, references=references, date=date, body=body, followup_id=followup_id)
    raw = compose(recipient)
    if recipient is not None and recipient.name and check_draft(raw, recipient.email) is not None:
        raw = compose(Address("", recipient.email))
    return raw


def _compose(recipient: Address | None, *, from_addr: Address | None, subject: str, mid: str,
             parent: str | None, references: Sequence[str], date: datetime, body: str,
             followup_id: int | str | None) -> bytes:
    msg = EmailMessage(policy=DRAFT_POLICY)
    if from_addr is not None:
        msg["From"] = HeaderAddress(display_name=from_addr.name, addr_spec=from_addr.email)
    if recipient is not None:
        msg["To"] = HeaderAddress(display_name=recipient.name, addr_spec=recipient.email)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(aware(date))
    msg["Message-ID"] = mid
    if parent:
        msg["In-Reply-To"] = parent
    refs = _references(references, parent)
    if refs:
        msg["References"] = " ".join(refs)
    if isinstance(followup_id, str) and _TAG_RE.fullmatch(followup_id):
        msg["X-Onward-Followup"] = followup_id
    elif followup_id is not None and not isinstance(followup_id, bool) and isinstance(followup_id, int):
        msg["X-Onward-Followup"] = str(followup_id)

    text = _multi_line(body).rstrip("\n") + "\n"
    long_lines = any(len(line) > 900 for line in text.split("\n"))
    cte = "7bit" if text.isascii() and not long_lines else "quoted-printable"
    msg.set_content(text, subtype="plain", charset="utf-8", cte=cte)
    return msg.as_bytes(policy=DRAFT_POLICY)


# --------------------------------------------------------------------------------------------------
# the check before APPEND
# --------------------------------------------------------------------------------------------------

def check_draft(raw: bytes, recipient: str | None) -> str | None:
    """Why the draft ``raw`` must not be saved, or None when it may.

    It is re-parsed the way a mail client would (Python's parser, ``policy=default``) and refused
    unless its To holds exactly one mailbox, ``recipient`` (no To at all when ``recipient`` is None),
    with no group; From, if any, is one mailbox; and it has only the headers Onward writes, each once.
    """
    try:
        msg = email.parser.BytesParser(policy=email.policy.default).parsebytes(raw)
        names = [name.lower() for name in msg.keys()]
        allowed = {n.lower() for n in draft_header_names(with_to=recipient is not None, followup_id=True)}
        unexpected = sorted(set(names) - allowed)
        if unexpected:
            return f"unexpected header(s) {', '.join(unexpected)}"
        if len(names) != len(set(names)):
            return "a header appears twice"
        if recipient is not None:
            problem = _one_mailbox(msg, "To", recipient)
            if problem:
                return f"To {problem}"
        if "from" in names:
            problem = _one_mailbox(msg, "From", None)
            if problem:
                return f"From {problem}"
    except Exception as exc:  # noqa: BLE001 - a draft Python cannot read back is refused, whatever broke
        return f"the draft cannot be read back ({type(exc).__name__}: {exc})"
    return None


def _one_mailbox(msg: EmailMessage, name: str, expected: str | None) -> str | None:
    """Why header ``name`` is not exactly the one mailbox ``expected`` (any one mailbox when None)."""
    try:
        header = msg[name]
        groups = getattr(header, "groups", None)
    except Exception as exc:  # noqa: BLE001 - Python cannot read a group with a bare "<...>" in it
        return f"cannot be read as addresses ({type(exc).__name__})"
    if not groups:
        return "is missing or holds no address"
    if len(groups) != 1 or groups[0].display_name is not None:
        return "holds a group or several addresses"
    addresses = groups[0].addresses
    if len(addresses) != 1:
        return f"holds {len(addresses)} addresses"
    found = addresses[0].addr_spec
    if getattr(header, "defects", None):
        return "does not parse cleanly"
    if expected is not None and found.lower() != expected.lower():
        return f"is {found!r}, not {expected!r}"
    return None


class DraftRefused(ValueError):
    """Even the draft without a recipient failed :func:`check_draft`: nothing may be saved."""


class CheckedDraft(NamedTuple):
    """A draft that passed :func:`check_draft`: its bytes, its recipient as written (None: the user
    must add one) and, when the addressed draft was refused, why (for the follow-up's ``reason``)."""

    raw: bytes
    to: Address | None
    refused: str | None


def checked_draft(build: Callable[[Address | None], bytes], to: Address | None) -> CheckedDraft:
    """Build a draft with ``build(recipient)`` and check it before APPEND.

    An addressed draft that does not read back as exactly ``to`` is refused and built again without
    a recipient (the follow-up's reason says why), so nothing is ever addressed to anyone else.
    Raises :class:`DraftRefused` when that draft fails the check too.
    """
    recipient = draft_recipient(to)
    raw = build(recipient)
    problem = check_draft(raw, recipient.email if recipient else None)
    if problem is None:
        return CheckedDraft(raw, recipient, None)
    refused = f"the draft to {recipient.email} was refused ({problem})" if recipient else None
    if recipient is not None:
        raw = build(None)
        problem = check_draft(raw, None)
        if problem is None:
            return CheckedDraft(raw, None, refused)
    raise DraftRefused(f"draft refused: {problem}")
