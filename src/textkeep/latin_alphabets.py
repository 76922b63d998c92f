"""Which accented Latin letters each language writes with, for judging a decoding.

A wrong single-byte reading of Western European text often yields letters that are real
but belong to no one language together: Mac Roman's ``für`` read as cp1250 is ``fźr``, its
``schön`` is ``schšn``; Polish has ź but not š, Czech š but not ź. :func:`alphabet_misfit`
counts the letters that the best-fitting language cannot explain.
"""

from __future__ import annotations

import re

# Lowercase non-ASCII letters of each language's alphabet (dotless ı for Turkish).
ALPHABETS: dict[str, str] = {
    "af": "éèêëîïôûŉ",
    "ca": "àçèéíïòóúü",
    "cs": "áčďéěíňóřšťúůýž",
    "cy": "âêîôûŵŷ",
    "da": "æøåé",
    "de": "äöüß",
    "eo": "ĉĝĥĵŝŭ",
    "es": "áéíñóúü",
    "et": "äöõüšž",
    "fi": "äöåšž",
    "fr": "àâæçéèêëîïôœùûüÿ",
    "hr": "čćđšž",
    "hu": "áéíóöőúüű",
    "is": "áðéíóúýþæö",
    "it": "àèéìíîòóùú",
    "lt": "ąčęėįšųūž",
    "lv": "āčēģīķļņšūž",
    "mt": "ċġħżàèìòù",
    "nl": "áàâéèêëíïîóöôúüû",
    "pl": "ąćęłńóśźż",
    "pt": "áâãàçéêíóôõú",
    "ro": "ăâîșțşţ",
    "se": "áčđŋšŧž",  # Northern Sami
    "smn": "âáäčđšž",  # Inari Sami
    "sk": "áäčďéíĺľňóôŕšťúýž",
    "sq": "çë",
    "sv": "åäöé",
    "tr": "çğıöşüâîû",
}
# Letters that loanwords carry into most languages written in Latin script (café, crème).
# Only these: borrowed names (Zürich, São Paulo) cost every reading of the same bytes
# alike, while a wrong reading's stray letter (German ü read as Polish ź) must not hide
# behind a loan set.
LOANS = frozenset("éè")

_ALPHABET_SETS = {code: frozenset(letters) for code, letters in ALPHABETS.items()}
# Accented Latin letters: Latin-1's and Latin Extended-A and B.
ACCENTED_LATIN = "[À-ÖØ-öø-ɏ]"
_EXTRA_LATIN = re.compile(ACCENTED_LATIN)


def alphabet_misfit(text: str) -> int:
    """Distinct accented Latin letters in ``text`` that no single language (with the usual
    borrowed letters) explains.

    >>> alphabet_misfit("Grüße aus München, schön"), alphabet_misfit("Grź§e aus Mšnchen")
    (0, 1)
    >>> alphabet_misfit("Łódź, Kraków"), alphabet_misfit("Žluťoučký kůň")
    (0, 0)
    """
    letters = {char.lower() for char in _EXTRA_LATIN.findall(text)} - LOANS
    if not letters:
        return 0
    return min(len(letters - alphabet) for alphabet in _ALPHABET_SETS.values())
