"""No word of any language that wordfreq knows, and no name CLDR gives in any locale, is
changed by repair: alone, in capitals, capitalised, doubled, quoted, or in lines of random
words of its language.

wordfreq and babel (test dependencies) list the everyday words of some forty languages and
the names of languages, countries, scripts, currencies, months and days in every locale;
faker makes people's names, addresses, companies and jobs for each of its locales; accents,
capitals and CJK included: the clean text a repair must leave alone, far beyond
what the benchmark's clean set holds. A word that one codec reads as another's mojibake
(Icelandic ``Óþægindum`` as GBK, Chinese ``迪拜`` as UTF-8 read as Shift-JIS, Inari Sami
``DEMOKRAATTISÂŠ`` as UTF-8 read as cp1252 twice) shows up here.
"""

from __future__ import annotations

import random

import pytest

from textkeep.repair import repair

wordfreq = pytest.importorskip("wordfreq", reason="wordfreq lists the words to check")
babel = pytest.importorskip("babel", reason="babel holds CLDR's names")
faker = pytest.importorskip("faker", reason="faker makes names and addresses")

WORDS_PER_LANGUAGE = 3000


def _languages() -> list[str]:
    return sorted(wordfreq.available_languages())


def _forms(words: list[str], rng: random.Random) -> list[str]:
    texts: list[str] = []
    for word in words:
        texts += [word, word.upper(), word.capitalize(), f"{word} {word}", f"“{word}”"]
        texts += [f"{word.upper()} {word.upper()}", f"「{word}」", f"{word}, {word.capitalize()}."]
    for _ in range(len(words) // 5):
        line = " ".join(rng.choice(words) for _ in range(rng.randint(3, 8)))
        texts += [line, line.upper()]
    return texts


@pytest.mark.parametrize("language", _languages())
def test_no_everyday_word_is_changed(language: str) -> None:
    try:
        words = wordfreq.top_n_list(language, WORDS_PER_LANGUAGE)
    except LookupError:
        pytest.skip(f"wordfreq has no word list for {language!r}")
    with_accents = [word for word in words if not word.isascii()]
    changed = [
        (text, fixed)
        for text in _forms(with_accents, random.Random(language))
        if (fixed := repair(text)) != text
    ]
    assert changed == []


def _cldr_names(identifier: str) -> list[str]:
    locale = babel.Locale.parse(identifier)
    names: set[str] = set()
    for table in (locale.languages, locale.territories, locale.scripts, locale.currencies):
        names.update(name for name in table.values() if isinstance(name, str))
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            names.update(locale.months[context][width].values())
            names.update(locale.days[context][width].values())
    return sorted(name for name in names if not name.isascii())


LOCALES = sorted(babel.localedata.locale_identifiers())


@pytest.mark.parametrize("initial", sorted({identifier[0] for identifier in LOCALES}))
def test_no_cldr_name_is_changed(initial: str) -> None:
    changed = []
    for identifier in LOCALES:
        if not identifier.startswith(initial):
            continue
        for name in _cldr_names(identifier):
            for text in (name, name.upper(), f"{name} {name}"):
                if (fixed := repair(text)) != text:
                    changed.append((identifier, text, fixed))
    assert changed == []


FAKES_PER_LOCALE = 100


@pytest.mark.parametrize("locale", sorted(faker.config.AVAILABLE_LOCALES))
def test_no_fake_name_or_address_is_changed(locale: str) -> None:
    fake = faker.Faker(locale)
    fake.seed_instance(locale)
    texts: list[str] = []
    for _ in range(FAKES_PER_LOCALE):
        for make in (fake.name, fake.address, fake.company, fake.city, fake.street_name, fake.job):
            text = make()
            if not text.isascii():
                texts += [text, text.upper(), f"Contact {text} for details."]
    changed = [(text, fixed) for text in texts if (fixed := repair(text)) != text]
    assert changed == []
