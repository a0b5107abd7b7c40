"""Language identification (ISO 639-1) with langid, restricted to languages news is written in.

Restricting the candidates keeps short texts from being labelled with rare languages (Latin,
Volapük, Luxembourgish...). The model loads once, on first use (about 1.5 s).
"""
from __future__ import annotations

import functools
import re

NEWS_LANGUAGES = (
    "en", "fr", "es", "de", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "sk", "hu", "ro",
    "bg", "sr", "hr", "sl", "mk", "sq", "el", "ru", "uk", "tr", "az", "ka", "hy", "ar", "fa", "ur",
    "ps", "he", "hi", "bn", "ta", "zh", "ja", "ko", "vi", "th", "id", "ms", "sw", "am", "ca",
)
MIN_LETTERS = 12  # fewer letters than this: too little to tell
# English function words: in real English prose they make up a third or more of the words, and
# in other languages almost none; on short texts this is steadier than langid (which can call a
# one-line English sentence full of names Indonesian)
_EN_WORDS = frozenset("""the of and to in a is that for on with as was by at from it his her their
has have had be been are were will would said says not this which who an or but its they he she
after over into than also""".split())
_WORD_RE = re.compile(r"[A-Za-z]+")
SHORT_TEXT = 600
SHORT_TEXT_MARGIN = 8.0  # langid log-probability
SAMPLE_CHARS = 3000
_LETTER_RE = re.compile(r"[^\W\d_]")


@functools.lru_cache(maxsize=1)
def _identifier():  # noqa: ANN202
    from langid.langid import LanguageIdentifier, model

    ident = LanguageIdentifier.from_modelstring(model, norm_probs=False)
    ident.set_languages(list(NEWS_LANGUAGES))
    return ident


# English words that are rare in every other language written in Latin letters (no "in", "is",
# "a", "an", "was", "die", which French, Dutch or German also use)
_EN_DISTINCT = frozenset("""the of and to that for with said from by has have been which their they
were would after its this will who not but also than more about""".split())
EN_DISTINCT_SHARE = 0.12  # English news prose: about 0.2; other languages: near 0


def _plainly_english(text: str) -> bool:
    """Long Latin-script text in which a good share of the words are distinctly English."""
    words = _WORD_RE.findall(text)
    if len(words) < 50:
        return False
    letters = len(_LETTER_RE.findall(text))
    if letters > 1.1 * sum(map(len, words)):  # letters outside A-Z: another script, or accents
        return False
    return sum(w.lower() in _EN_DISTINCT for w in words) / len(words) >= EN_DISTINCT_SHARE


def detect_language(text: str, min_letters: int = MIN_LETTERS) -> str | None:
    """ISO 639-1 code of ``text`` among ``NEWS_LANGUAGES``; None when it has fewer than
    ``min_letters`` letters."""
    if not text:
        return None
    if len(text) > SAMPLE_CHARS:  # the opening and a middle piece are enough and keep it fast
        half = SAMPLE_CHARS // 2
        mid = len(text) // 2
        text = text[:half] + "\n" + text[mid: mid + half]
    if len(_LETTER_RE.findall(text[:400])) < min_letters and len(_LETTER_RE.findall(text)) < min_letters:
        return None
    if len(text) < SHORT_TEXT:
        words = _WORD_RE.findall(text)
        if len(words) >= 5 and sum(w.lower() in _EN_WORDS for w in words) / len(words) >= 0.15 and \
                len(_LETTER_RE.findall(text)) <= 1.15 * sum(map(len, words)):
            return "en"
    if len(text) >= SHORT_TEXT and _plainly_english(text):
        return "en"  # fast path: most news is English, and langid costs ~1.5 ms a story
    try:
        if len(text) < SHORT_TEXT:
            # a short text full of names: English when langid finds it nearly as likely as its pick
            ranked = _identifier().rank(text)
            best, best_score = ranked[0]
            en = next((s for lang, s in ranked if lang == "en"), None)
            if best != "en" and en is not None and best_score - en < SHORT_TEXT_MARGIN:
                return "en"
            return best
        lang, _score = _identifier().classify(text)
    except Exception:  # langid on odd input; no language rather than a crash
        return None
    return lang
