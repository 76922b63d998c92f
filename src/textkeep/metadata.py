"""Describe a clean text: title, date, author, publisher, URL, language and scripts.

This is the ``describe`` stage. It reads text that is already decoded, repaired and
normalised (NFC, LF line ends) and never touches files. Field names follow trafilatura and
Dublin Core (``title``, ``date``, ``author``, ``publisher``/``sitename``, ``url``,
``language``) so sidecars can be merged with other tools' metadata.

Every extractor is a small pure function with an example in its docstring; the label
lists, month names and script table sit at the top so that supporting a new form means
adding a row, not a branch. Only labelled forms are trusted: a number in running text
never becomes a date and a link in the body never becomes the ``url``.

Speed: labels are searched with compiled regexes in the first and last
:data:`LABEL_SCAN_CHARS` characters only (see :func:`label_scope`: metadata sits in a
document's header or footer); script counting looks at the first :data:`SCRIPT_SCAN_LIMIT`
characters only (a longer document's language does not change after 100,000 characters)
and counts with :class:`collections.Counter`, so Python code runs once per distinct
character, not once per character.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

# ---------------------------------------------------------------------------
# Data tables
# ---------------------------------------------------------------------------

#: Labels that introduce the publication date, in no particular order (the first labelled
#: date in the text wins). Matching ignores case.
PUBLISHED_LABELS_EN = (
    "published on",
    "published",
    "publication date",
    "date published",
    "posted on",
    "posted",
    "date",
)
PUBLISHED_LABELS_ZH = (
    "发布时间",
    "发布日期",
    "发表时间",
    "发表日期",
    "发稿时间",
    "發布時間",
    "發佈時間",
    "發布日期",
    "發表時間",
    "日期",
)
#: Update labels only count when the text has no publication label.
UPDATED_LABELS_EN = ("last updated", "updated on", "updated", "last modified", "modified")
UPDATED_LABELS_ZH = ("更新时间", "更新日期", "更新時間")

AUTHOR_LABELS_EN = ("authors", "author", "written by", "posted by")
AUTHOR_LABELS_ZH = ("作者", "撰文")

PUBLISHER_LABELS_EN = ("original source", "source", "publisher", "published by")
PUBLISHER_LABELS_ZH = ("来源", "來源", "新闻来源", "稿源", "出处", "出處")

URL_LABELS_EN = ("source url", "original url", "url")
URL_LABELS_ZH = ("原文链接", "原文地址", "原文網址", "原文連結", "来源链接")

_MONTH_NAMES_FULL = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTHS = (
    {name: number for number, name in enumerate(_MONTH_NAMES_FULL, start=1)}
    | {name[:3]: number for number, name in enumerate(_MONTH_NAMES_FULL, start=1)}
    | {"sept": 9}
)
WEEKDAYS = tuple(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
    ]
)

#: Lowercase surname particles allowed inside a "By ..." name.
NAME_PARTICLES = frozenset(
    {"and", "van", "von", "de", "der", "den", "da", "del", "di", "du", "la", "le", "bin", "al"}
)

#: First lines that are site navigation, not the document's title (compared casefolded with
#: spaces removed). Only leading lines are skipped.
BOILERPLATE_LINES = frozenset(
    [
        "home",
        "homearticle",
        "homenews",
        "skiptocontent",
        "skiptomaincontent",
        "menu",
        "mainmenu",
        "navigation",
        "advertisement",
        "share",
        "首页",
        "首頁",
        "返回首页",
    ]
)

#: Words that make Latin text English: frequent in any English prose, rare as words in
#: other Latin-script languages (so "a", "in", "on", "die" are left out).
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "is",
        "that",
        "for",
        "with",
        "was",
        "are",
        "this",
        "from",
        "by",
        "be",
        "have",
        "has",
        "it",
        "its",
        "which",
        "were",
        "been",
        "their",
        "they",
        "not",
        "or",
        "at",
        "as",
        "an",
        "will",
        "would",
        "can",
        "but",
    ]
)
#: Frequent words of French, German, Spanish, Italian, Portuguese and Dutch that are not
#: English words. They are only counter-evidence: textkeep never tags those languages.
OTHER_LATIN_FUNCTION_WORDS = (
    frozenset(
        [
            "le",
            "la",
            "les",
            "des",
            "du",
            "et",
            "est",
            "une",
            "dans",
            "pour",
            "qui",
            "que",
            "pas",
            "sur",
            "avec",
            "ce",
            "il",
            "elle",
            "sont",
            "der",
            "das",
            "und",
            "ist",
            "nicht",
            "ein",
            "eine",
            "mit",
            "zu",
            "von",
            "den",
            "dem",
            "sich",
            "auf",
            "für",
            "el",
            "los",
            "las",
            "del",
            "y",
            "por",
            "con",
            "para",
            "se",
            "lo",
            "como",
            "más",
            "pero",
            "es",
            "di",
            "che",
            "non",
            "per",
            "della",
            "gli",
            "sono",
            "o",
            "os",
            "da",
            "do",
            "em",
            "não",
            "uma",
            "com",
            "são",
            "het",
            "een",
            "en",
            "van",
            "niet",
            "op",
            "te",
            "voor",
            "met",
            "zijn",
        ]
    )
    - ENGLISH_FUNCTION_WORDS
)
#: ``en`` needs English function words to be at least this share of the Latin words (telegraphic
#: English, bullet lists included, stays above it; a list of names does not)...
ENGLISH_FUNCTION_WORD_SHARE = 0.05
#: ...and to outnumber the other languages' function words this many times over.
ENGLISH_DOMINANCE = 2

#: First word of a character's Unicode name -> script name (ISO 15924 English names).
SCRIPT_BY_NAME_WORD = {
    "LATIN": "Latin",
    "CYRILLIC": "Cyrillic",
    "GREEK": "Greek",
    "ARABIC": "Arabic",
    "HEBREW": "Hebrew",
    "THAI": "Thai",
    "HIRAGANA": "Hiragana",
    "KATAKANA": "Katakana",
    "HANGUL": "Hangul",
    "BOPOMOFO": "Bopomofo",
    "DEVANAGARI": "Devanagari",
    "BENGALI": "Bengali",
    "GURMUKHI": "Gurmukhi",
    "GUJARATI": "Gujarati",
    "TAMIL": "Tamil",
    "TELUGU": "Telugu",
    "KANNADA": "Kannada",
    "MALAYALAM": "Malayalam",
    "SINHALA": "Sinhala",
    "TIBETAN": "Tibetan",
    "MYANMAR": "Myanmar",
    "KHMER": "Khmer",
    "LAO": "Lao",
    "GEORGIAN": "Georgian",
    "ARMENIAN": "Armenian",
    "ETHIOPIC": "Ethiopic",
    "MONGOLIAN": "Mongolian",
    "SYRIAC": "Syriac",
    "THAANA": "Thaana",
}
HAN_NAME_PREFIXES = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "IDEOGRAPHIC ")

#: Script -> language, for scripts that (nearly) belong to one language.
LANGUAGE_BY_SCRIPT = {"Greek": "el", "Arabic": "ar", "Hebrew": "he", "Thai": "th"}

#: Letters used by Ukrainian but never by Russian.
UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")

#: Only the head of a document is read for scripts and language.
SCRIPT_SCAN_LIMIT = 100_000
#: Labels are looked for in this many characters at each end of a document.
LABEL_SCAN_CHARS = 20_000
#: A header line holding a name and a date is short; longer lines are prose.
NAME_DATE_LINE_MAX_CHARS = 80
#: A name glued to a date ("晓曦2026-01-26 18:44") is only looked for in the first lines.
HEADER_LINES = 20
#: The first Markdown heading is the title only if it is among the first lines.
TITLE_HEADING_LINES = 20
TITLE_MAX_CHARS = 200
FIELD_MAX_CHARS = 100

# ---------------------------------------------------------------------------
# Compiled patterns
# ---------------------------------------------------------------------------

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_BULLETS = r"[ \t>*_\-•·]*"
_EMPHASIS = r"(?:\*\*|__)?"
# A value ends at a hard separator: a bar, a tab, an ideographic space or two spaces.
_SEPARATOR_RE = re.compile(r"\s*[|丨｜│]\s*|\t|\u3000|\s{2,}")


def _alternation(labels: tuple[str, ...]) -> str:
    # Longest first, so "published on" wins over "published".
    return "|".join(re.escape(label) for label in sorted(set(labels), key=len, reverse=True))


def _label_pattern(
    labels_en: tuple[str, ...], labels_zh: tuple[str, ...], colon: bool
) -> re.Pattern[str]:
    """A labelled line: an English label at a line start (after bullets, ``**``) or after a
    hard separator; a Chinese label anywhere not glued to another Han or Latin letter."""
    colon_part = r"[:：]" if colon else r"[:：]?"
    return re.compile(
        rf"(?:(?:^|(?<=[|丨｜│\t\u3000])|(?<=\S  )){_BULLETS}{_EMPHASIS}"
        rf"(?P<en>{_alternation(labels_en)})"
        rf"|(?<![{_HAN}A-Za-z]){_EMPHASIS}(?P<zh>{_alternation(labels_zh)}))"
        rf"{_EMPHASIS}[ \t]*{colon_part}[ \t]*{_EMPHASIS}[ \t]*(?P<value>[^\n]*)",
        re.MULTILINE | re.IGNORECASE,
    )


PUBLISHED_RE = _label_pattern(PUBLISHED_LABELS_EN, PUBLISHED_LABELS_ZH, colon=False)
UPDATED_RE = _label_pattern(UPDATED_LABELS_EN, UPDATED_LABELS_ZH, colon=False)
AUTHOR_RE = _label_pattern(AUTHOR_LABELS_EN, AUTHOR_LABELS_ZH, colon=True)
PUBLISHER_RE = _label_pattern(PUBLISHER_LABELS_EN, PUBLISHER_LABELS_ZH, colon=True)
URL_LABEL_RE = _label_pattern(URL_LABELS_EN, URL_LABELS_ZH, colon=True)

_COLON = re.compile("[:：]")


def colon_label_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a label pattern whose colon is required, searching
    only the lines that hold a colon.

    Such a match never crosses a line break, so the lines without a colon cannot hold one;
    the pattern opens with alternatives the regex engine must try at every position, while
    a colon is found at the speed of a substring search.

    >>> [m.group("value") for m in colon_label_matches(AUTHOR_RE, "x\\nAuthor: Jane\\nBy me")]
    ['Jane']
    """
    position = 0
    while (colon := _COLON.search(text, position)) is not None:
        start = text.rfind("\n", 0, colon.start()) + 1
        end = text.find("\n", colon.start())
        end = len(text) if end < 0 else end
        yield from pattern.finditer(text, start, end)
        position = end + 1


BYLINE_RE = re.compile(rf"^{_BULLETS}{_EMPHASIS}by[ \t]+(?P<value>[^\n]+)", re.MULTILINE | re.I)
REPORTER_RE = re.compile(
    rf"(?:(?<![{_HAN}])(?:本报|本台|新华社|中新社|特约)?记者(?:[ \t]*[:：][ \t]*|[ \t]+)"
    rf"(?P<name>[{_HAN}·]{{2,6}})"
    rf"|[（(]记者(?P<glued>[{_HAN}]{{2,4}})(?=[ \t）)、]))"
)
REPORTER_SUFFIXES = ("报道", "摄影", "摄", "电")

_MONTH_NAMES = _alternation(tuple(MONTHS))
_WEEKDAY_PREFIX = rf"(?:(?:{_alternation(WEEKDAYS)})\.?,?[ \t]+)?"
_TIME = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2})?(?:[ \t]*(?P<ampm>[ap]\.?m\.?))?"
DATE_FORMS = (
    re.compile(
        rf"(?P<y>(?:1[89]|20)\d{{2}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?!\d)"
        rf"(?:(?:T|[ \t]+){_TIME})?(?!\d)"
    ),
    re.compile(
        r"(?P<y>\d{4})[ \t]*年[ \t]*(?P<m>\d{1,2})[ \t]*月[ \t]*(?P<d>\d{1,2})[ \t]*[日号]?"
        r"(?:[ \t]*(?P<H>\d{1,2})[:：时](?P<M>\d{2})分?)?(?!\d)"
    ),
    re.compile(
        rf"{_WEEKDAY_PREFIX}(?P<mon>{_MONTH_NAMES})\.?[ \t]+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?"
        rf"[ \t]+(?P<y>\d{{4}})(?!\d)(?:,?[ \t]+(?:at[ \t]+)?{_TIME})?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"{_WEEKDAY_PREFIX}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?"
        rf"(?P<mon>{_MONTH_NAMES})"
        rf"\.?,?[ \t]+(?P<y>\d{{4}})(?!\d)(?:,?[ \t]+(?:at[ \t]+)?{_TIME})?",
        re.IGNORECASE,
    ),
)

URL_RE = re.compile(r"https?://[^\s<>\"'）)\]】]+", re.IGNORECASE)
URL_TRAILING = ".,;:!?。，；：！？"
HEADING_RE = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
MARKDOWN_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
BREADCRUMB_RE = re.compile(r"^(?:home|首页|首頁)\s*[>/»›|]", re.IGNORECASE)
LATIN_WORD_RE = re.compile(r"[a-z]+")
CJK_NAME_RE = re.compile(rf"[{_HAN}][{_HAN}·]{{1,7}}")


# ---------------------------------------------------------------------------
# Result type
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TextDescription:
    """What :func:`describe_text` found. ``None`` (or an empty ``scripts``) means not found.

    ``scripts`` is a tuple of ``(script, share)`` pairs, largest share first, so the
    description stays hashable; :meth:`to_dict` turns it into a JSON object.
    """

    title: str | None = None
    author: str | None = None
    date: str | None = None
    publisher: str | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None
    scripts: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict:
        d: dict = {}
        for name in ("title", "author", "date", "publisher", "sitename", "url", "language"):
            value = getattr(self, name)
            if value is not None:
                d[name] = value
        if self.scripts:
            d["scripts"] = dict(self.scripts)
        return d


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def parse_date_prefix(value: str) -> tuple[str, int] | None:
    """Read a date at the very start of ``value``; return its ISO 8601 form and length.

    The time is kept (as ``THH:MM``) only when the text states one.

    >>> parse_date_prefix("2026-01-30")
    ('2026-01-30', 10)
    >>> parse_date_prefix("January 30, 2026 at 6:44 pm")[0]
    '2026-01-30T18:44'
    >>> parse_date_prefix("2026年1月30日 10:05")[0]
    '2026-01-30T10:05'
    >>> parse_date_prefix("300 employees") is None
    True
    """
    for form in DATE_FORMS:
        match = form.match(value)
        if match is None:
            continue
        parts = match.groupdict()
        month = MONTHS[parts["mon"].lower()] if parts.get("mon") else int(parts["m"])
        try:
            day = datetime.date(int(parts["y"]), month, int(parts["d"]))
        except ValueError:
            continue
        iso = day.isoformat()
        time = _time_of(parts)
        if time is not None:
            iso += "T" + time
            return iso, match.end()
        # A time that did not validate is not part of the date.
        end = match.start("H") if parts.get("H") is not None else match.end()
        return iso, len(value[:end].rstrip(" \t,"))
    return None


def _time_of(parts: dict[str, str | None]) -> str | None:
    if parts.get("H") is None or parts.get("M") is None:
        return None
    hour, minute = int(parts["H"] or 0), int(parts["M"] or 0)
    ampm = (parts.get("ampm") or "").replace(".", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def labelled_date(text: str, pattern: re.Pattern[str]) -> str | None:
    """The first date after one of ``pattern``'s labels.

    >>> labelled_date("Intro\\nPublished: 2026-01-30\\n", PUBLISHED_RE)
    '2026-01-30'
    >>> labelled_date("发布时间：2026年1月30日 来源：新华社", PUBLISHED_RE)
    '2026-01-30'
    """
    for match in pattern.finditer(text):
        found = parse_date_prefix(match.group("value"))
        if found is not None:
            return found[0]
    return None


def header_date_line(text: str) -> str | None:
    """A header line that starts with a date followed by a labelled field, as Chinese news
    pages print them: ``2026-01-30 10:20 来源：新华社``.

    >>> header_date_line("标题\\n2026-01-30 10:20 来源：新华社 作者：张三\\n正文")
    '2026-01-30T10:20'
    >>> header_date_line("2026-01-30 was a Friday.") is None
    True
    """
    for line in _head_lines(text, HEADER_LINES):
        found = parse_date_prefix(line)
        if found is None:
            continue
        rest = line[found[1] :].strip()
        if any(pattern.match(rest) for pattern in (PUBLISHER_RE, AUTHOR_RE)):
            return found[0]
    return None


def author_date_line(text: str) -> tuple[str, str] | None:
    """A header line holding only a name and a date, glued or spaced: ``(author, date)``.

    >>> author_date_line("Some title\\n\\n晓曦2026-01-26 18:44\\nBody.")
    ('晓曦', '2026-01-26T18:44')
    >>> author_date_line("Jane Doe 2026-01-26")
    ('Jane Doe', '2026-01-26')
    >>> author_date_line("Revenue 2026-01-26") is None
    True
    """
    for line in _head_lines(text, HEADER_LINES):
        if len(line) > NAME_DATE_LINE_MAX_CHARS:
            continue
        digit = next((i for i, ch in enumerate(line) if ch.isdigit()), None)
        if not digit:
            continue
        name, rest = line[:digit].strip(), line[digit:].strip()
        found = parse_date_prefix(rest)
        if found is None or found[1] != len(rest):
            continue
        # One capitalised word ("Revenue", "Total") is too weak for an unlabelled name.
        if _looks_like_name(name, min_latin_words=2):
            return name, found[0]
    return None


# ---------------------------------------------------------------------------
# Author, publisher, URL
# ---------------------------------------------------------------------------


def _looks_like_name(name: str, min_latin_words: int = 1) -> bool:
    """A 2-8 character Han name, or capitalised words (at most 5) that are not label/date words."""
    if CJK_NAME_RE.fullmatch(name):
        return True
    words = name.split()
    if not min_latin_words <= len(words) <= 5:
        return False
    if not (words[0][0].isupper() and words[-1][0].isupper()):
        return False
    blocked = {w.casefold() for w in words} & _NOT_NAME_WORDS
    return not blocked and all(
        (w[0].isupper() and all(ch.isalpha() or ch in ".-'’" for ch in w) and not w.endswith("'s"))
        or w.lower() in NAME_PARTICLES
        for w in words
    )


_NOT_NAME_WORDS = (
    frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | frozenset(
        word
        for label in PUBLISHED_LABELS_EN
        + UPDATED_LABELS_EN
        + AUTHOR_LABELS_EN
        + PUBLISHER_LABELS_EN
        for word in label.split()
    )
    | frozenset({"the", "total", "as", "since", "until", "before", "after", "from", "at"})
)


def _first_segment(value: str) -> str:
    """The part of a label's value before the next hard separator."""
    return _SEPARATOR_RE.split(value.strip(), maxsplit=1)[0].strip()


def _clean_value(value: str, cjk_label: bool) -> str | None:
    value = _first_segment(value).replace("**", "").replace("__", "")
    if cjk_label:
        # Chinese headers separate fields by single spaces: 作者：张三 来源：新华社.
        value = value.split(maxsplit=1)[0] if value.split() else ""
    value = value.strip(" \t,;:：，；。.")
    if not value or len(value) > FIELD_MAX_CHARS or not any(ch.isalpha() for ch in value):
        return None
    return value


def byline_author(value: str) -> str | None:
    """The name in a ``By ...`` line, or ``None`` when the line is a sentence.

    >>> byline_author("Jane Doe, Reuters")
    'Jane Doe'
    >>> byline_author("2030, most firms will use AI.") is None
    True
    >>> byline_author("aligning software with hardware, the firm grew.") is None
    True
    """
    name = re.split(r"\s*[,|丨·—–]\s*|\s+-\s+|\s{2,}", value.strip(), maxsplit=1)[0]
    name = name.replace("**", "").strip()
    return name if name and _looks_like_name(name) else None


def labelled_author(text: str) -> str | None:
    """The first author given by a label, a ``By`` line or a ``记者`` credit.

    >>> labelled_author("Title\\nBy Jane Doe | January 30, 2026\\n")
    'Jane Doe'
    >>> labelled_author("来源：新华社 作者：张三\\n")
    '张三'
    >>> labelled_author("本报记者 李明\\n记者了解到，……")
    '李明'
    """
    candidates: list[tuple[int, str]] = []
    for match in colon_label_matches(AUTHOR_RE, text):
        value = _clean_value(match.group("value"), cjk_label=match.group("zh") is not None)
        if value is not None:
            candidates.append((match.start(), value))
            break
    for match in BYLINE_RE.finditer(text):
        value = byline_author(match.group("value"))
        if value is not None:
            candidates.append((match.start(), value))
            break
    # Both of its forms hold the word; without it the pattern's scan is skipped.
    reporters = REPORTER_RE.finditer(text) if "记者" in text else ()
    for match in reporters:
        value = _reporter_name(match.group("name") or match.group("glued"))
        if value is not None:
            candidates.append((match.start(), value))
            break
    return min(candidates)[1] if candidates else None


def _reporter_name(name: str) -> str | None:
    for suffix in REPORTER_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name if len(name) >= 2 else None


def labelled_publisher(text: str) -> str | None:
    """The first publisher or source name given by a label (not a URL).

    >>> labelled_publisher("Body.\\n\\nOriginal Source: TechNode\\n")
    'TechNode'
    >>> labelled_publisher("2026-01-30 10:20　来源：新华社　编辑：王五")
    '新华社'
    >>> labelled_publisher("Source code is on GitHub.") is None
    True
    """
    for match in colon_label_matches(PUBLISHER_RE, text):
        value = _clean_value(match.group("value"), cjk_label=match.group("zh") is not None)
        if value is None or URL_RE.match(value) or len(value.split()) > 6:
            continue
        return value
    return None


def labelled_url(text: str) -> str | None:
    """The first http(s) URL after a ``Source URL:``/``URL:``/``原文链接：`` label.

    >>> labelled_url("See https://example.com/other\\nSource URL: <https://example.com/a?b=1>.")
    'https://example.com/a?b=1'
    """
    for match in colon_label_matches(URL_LABEL_RE, text):
        found = URL_RE.search(match.group("value"))
        if found is not None:
            return found.group().rstrip(URL_TRAILING)
    return None


# ---------------------------------------------------------------------------
# Title
# ---------------------------------------------------------------------------


def _head_lines(text: str, limit: int) -> list[str]:
    """The first ``limit`` non-empty lines, stripped, after leading navigation lines."""
    lines: list[str] = []
    for raw in text.split("\n", maxsplit=limit * 4)[: limit * 4]:
        line = raw.strip()
        if not line:
            continue
        if not lines and is_boilerplate_line(line):
            continue
        lines.append(line)
        if len(lines) >= limit:
            break
    return lines


def is_boilerplate_line(line: str) -> bool:
    """Whether a leading line is site navigation rather than content.

    >>> is_boilerplate_line("HomeArticle"), is_boilerplate_line("Home > Tech > AI")
    (True, True)
    >>> is_boilerplate_line("Homes for sale in Shanghai")
    False
    """
    key = "".join(line.split()).casefold()
    return key in BOILERPLATE_LINES or bool(BREADCRUMB_RE.match(line))


def _clean_title(title: str) -> str | None:
    # Cleaning only shortens a line, so a very long one can be cut first.
    title = title[: TITLE_MAX_CHARS * 4]
    title = MARKDOWN_LINK_RE.sub(r"\1", title).replace("**", "").replace("__", "")
    title = " ".join(title.split())
    if len(title) >= 2 and title[0] == title[-1] and title[0] in "*_":
        title = title[1:-1].strip()
    if not any(ch.isalnum() for ch in title):
        return None
    if len(title) > TITLE_MAX_CHARS:
        cut = title[:TITLE_MAX_CHARS]
        space = cut.rfind(" ")
        # Cut at a word when there is one in the second half; CJK titles have none.
        title = (cut[:space] if space > TITLE_MAX_CHARS // 2 else cut).rstrip() + "…"
    return title


def markdown_heading_title(text: str) -> str | None:
    """The first ATX Markdown heading (any level) among the first lines, markers removed.

    >>> markdown_heading_title("# StepFun (阶跃星辰) - **Deep** Dive\\n\\nBody")
    'StepFun (阶跃星辰) - Deep Dive'
    >>> markdown_heading_title("#hashtag is not a heading") is None
    True
    """
    for line in _head_lines(text, TITLE_HEADING_LINES):
        match = HEADING_RE.match(line)
        if match is not None:
            title = _clean_title(match.group("text"))
            if title is not None:
                return title
    return None


def first_line_title(text: str) -> str | None:
    """The first content line: not navigation, not a metadata label, with a letter or digit.

    >>> first_line_title("HomeArticle\\n\\nThe Real Title\\nBody")
    'The Real Title'
    """
    for line in _head_lines(text, TITLE_HEADING_LINES):
        if _is_label_line(line):
            continue
        title = _clean_title(line)
        if title is not None:
            return title
    return None


def _is_label_line(line: str) -> bool:
    return any(
        pattern.match(line)
        for pattern in (PUBLISHED_RE, UPDATED_RE, AUTHOR_RE, PUBLISHER_RE, URL_LABEL_RE)
    ) or (BYLINE_RE.match(line) is not None and byline_author(line[3:]) is not None)


def extract_title(text: str) -> str | None:
    """The first Markdown heading near the top, else the first content line.

    >>> extract_title("Intro line\\n## Section\\n")
    'Section'
    >>> extract_title("Plain title\\nBody text.")
    'Plain title'
    """
    return markdown_heading_title(text) or first_line_title(text)


# ---------------------------------------------------------------------------
# Scripts and language
# ---------------------------------------------------------------------------

_SCRIPT_CACHE: dict[str, str | None] = {}
_HAN_FORM_CACHE: dict[str, int] = {}


def script_of(char: str) -> str | None:
    """The script a letter is written in, from its Unicode name; ``None`` for the rest.

    >>> script_of("中"), script_of("Ａ"), script_of("ー"), script_of("5")
    ('Han', 'Latin', 'Katakana', None)
    """
    if char in _SCRIPT_CACHE:
        return _SCRIPT_CACHE[char]
    script: str | None = None
    if char.isalpha():
        name = unicodedata.name(char, "")
        name = name.removeprefix("FULLWIDTH ").removeprefix("HALFWIDTH ")
        if name.startswith(HAN_NAME_PREFIXES):
            script = "Han"
        else:
            script = SCRIPT_BY_NAME_WORD.get(re.split(r"[ -]", name, maxsplit=1)[0])
    _SCRIPT_CACHE[char] = script
    return script


def count_letters(text: str) -> tuple[Counter[str], Counter[str]]:
    """Letters per script, and the counts of each distinct character, in the scanned head.

    >>> count_letters("Hi 你好!")[0]
    Counter({'Latin': 2, 'Han': 2})
    """
    chars = Counter(text[:SCRIPT_SCAN_LIMIT])
    scripts: Counter[str] = Counter()
    for char, count in chars.items():
        script = script_of(char)
        if script is not None:
            scripts[script] += count
    return scripts, chars


def script_shares(scripts: Counter[str]) -> tuple[tuple[str, float], ...]:
    """Each script's share of all counted letters, 3 decimals, largest first then by name.

    A script that is present but rounds to 0.0 is kept: its presence is information.

    >>> script_shares(Counter({"Latin": 62, "Han": 38}))
    (('Latin', 0.62), ('Han', 0.38))
    """
    total = sum(scripts.values())
    if not total:
        return ()
    shares = [(name, round(count / total, 3)) for name, count in scripts.items()]
    return tuple(sorted(shares, key=lambda pair: (-pair[1], pair[0])))


def han_form(char: str) -> int:
    """+1 if the character exists only in simplified form, -1 only traditional, 0 both/neither.

    Derived from the legacy charsets (no data file): GB2312 holds simplified characters,
    Big5 traditional ones; a character in just one of them leans that way. Built lazily,
    one character at a time.

    >>> han_form("这"), han_form("這"), han_form("的")
    (1, -1, 0)
    """
    form = _HAN_FORM_CACHE.get(char)
    if form is None:
        form = int(_encodable(char, "gb2312")) - int(_encodable(char, "big5"))
        _HAN_FORM_CACHE[char] = form
    return form


def _encodable(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def chinese_variant(chars: Counter[str]) -> str:
    """``zh-Hans`` or ``zh-Hant`` by which form-specific characters are more frequent;
    plain ``zh`` when the text has none or as many of each.

    >>> chinese_variant(Counter("这是简体中文的句子"))
    'zh-Hans'
    >>> chinese_variant(Counter("這是繁體中文的句子"))
    'zh-Hant'
    """
    balance = sum(
        han_form(char) * count for char, count in chars.items() if script_of(char) == "Han"
    )
    if balance > 0:
        return "zh-Hans"
    if balance < 0:
        return "zh-Hant"
    return "zh"


def is_english(text: str) -> bool:
    """Whether English function words are frequent and dominate other languages' ones.

    >>> is_english("The company said that it was raising money for its models.")
    True
    >>> is_english("La empresa dijo que estaba recaudando dinero para sus modelos y más.")
    False
    >>> is_english("StepFun Deep Dive")
    False
    """
    words = Counter(LATIN_WORD_RE.findall(text[:SCRIPT_SCAN_LIMIT].lower()))
    total = sum(words.values())
    if not total:
        return False
    english = sum(words[word] for word in ENGLISH_FUNCTION_WORDS)
    other = sum(words[word] for word in OTHER_LATIN_FUNCTION_WORDS)
    return english >= ENGLISH_FUNCTION_WORD_SHARE * total and english >= ENGLISH_DOMINANCE * other


def detect_language(text: str, scripts: Counter[str], chars: Counter[str]) -> str | None:
    """A BCP 47 tag from the letters' scripts, ``und`` when unsure, ``None`` with no letters.

    The writing system with the most letters decides: CJK (Han, kana and Hangul together),
    Latin, Cyrillic, Greek, Arabic, Hebrew, Thai. Counting letters means English prose
    with Chinese names in brackets, even 20-40% Han letters, stays ``en``: Latin letters
    are still the majority. Within CJK: ``ko`` when Hangul is at least half, else ``ja``
    when kana are at least 10% of Han plus kana, else Chinese (see
    :func:`chinese_variant`). Latin is ``en`` only when :func:`is_english` agrees, never
    another Latin language. Cyrillic is ``ru`` unless Ukrainian-only letters (іїєґ) make
    up 1% of it (then ``uk``). Arabic script is reported as ``ar`` and Hebrew script as
    ``he`` even for Persian or Yiddish.

    >>> text = "東京の天気は晴れです。"
    >>> detect_language(text, *count_letters(text))
    'ja'
    """
    total = sum(scripts.values())
    if not total:
        return None
    kana = scripts["Hiragana"] + scripts["Katakana"]
    han, hangul = scripts["Han"], scripts["Hangul"]
    families = Counter(
        {
            name: count
            for name, count in scripts.items()
            if name not in ("Han", "Hiragana", "Katakana", "Hangul", "Bopomofo")
        }
    )
    families["CJK"] = han + kana + hangul + scripts["Bopomofo"]
    family = max(families.items(), key=lambda pair: (pair[1], pair[0]))[0]
    if family == "CJK":
        if hangul * 2 >= families["CJK"]:
            return "ko"
        if kana * 10 >= han + kana:
            return "ja"
        return chinese_variant(chars)
    if family == "Latin":
        return "en" if is_english(text) else "und"
    if family == "Cyrillic":
        ukrainian = sum(chars[char] for char in UKRAINIAN_LETTERS)
        return "uk" if ukrainian * 100 >= scripts["Cyrillic"] else "ru"
    return LANGUAGE_BY_SCRIPT.get(family, "und")


# ---------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------


def label_scope(text: str) -> str:
    """The part of ``text`` searched for labels: its head and its tail, whole lines only.

    A document longer than twice :data:`LABEL_SCAN_CHARS` keeps its first and last
    ``LABEL_SCAN_CHARS`` characters (the tail from its first full line), joined by a line
    break, so labels keep their order and a cut line never looks like a line start.

    >>> label_scope("short text")
    'short text'
    """
    if len(text) <= 2 * LABEL_SCAN_CHARS:
        return text
    head = text[:LABEL_SCAN_CHARS]
    tail = text[-LABEL_SCAN_CHARS:]
    newline = tail.find("\n")
    tail = tail[newline + 1 :] if newline >= 0 else ""
    return head + "\n" + tail


def describe_text(text: str) -> TextDescription:
    """Describe clean text (decoded, repaired, NFC, LF). Pure and deterministic.

    Dates, in order of trust: the first labelled publication date (``Published:``,
    ``Date:``, ``发布时间：``, ``日期：``...); a header line starting with a date and a label
    (``2026-01-30 10:20 来源：新华社``); a header line that is just a name and a date
    (``晓曦2026-01-26 18:44``, whose name is also the author when no label gave one); the
    first ``Updated:`` date. Unlabelled dates in running text are never taken.

    >>> describe_text("# Title\\n\\nBy Jane Doe\\n\\nIt is an English text.").to_dict()
    {'title': 'Title', 'author': 'Jane Doe', 'language': 'en', 'scripts': {'Latin': 1.0}}
    """
    scope = label_scope(text)
    author = labelled_author(scope)
    date = labelled_date(scope, PUBLISHED_RE) or header_date_line(scope)
    if date is None or author is None:
        glued = author_date_line(scope)
        if glued is not None:
            author = author or glued[0]
            date = date or glued[1]
    date = date or labelled_date(scope, UPDATED_RE)
    publisher = labelled_publisher(scope)
    scripts, chars = count_letters(text)
    return TextDescription(
        title=extract_title(text),
        author=author,
        date=date,
        publisher=publisher,
        sitename=publisher,
        url=labelled_url(scope),
        language=detect_language(text, scripts, chars),
        scripts=script_shares(scripts),
    )
