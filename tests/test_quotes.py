"""Quotations on constructions a user expects (stories written for these tests; the founding
page is checked by test_seed_acceptance, real news by the hand review in docs/reviews/)."""
from __future__ import annotations


def quotes_of(code_text, text, pub="2021-03-10"):
    return code_text(text, pub_date=pub).quotes


def test_direct_quote_with_its_speaker(code_text):
    qs = quotes_of(code_text, 'Kenyan Foreign Minister Alfred Mutua told reporters: "We will not accept '
                              'foreign troops on our soil."')
    q = next(q for q in qs if q.form == "direct")
    assert q.text.startswith("We will not accept") and q.speaker is not None and q.speaker.country == "KEN"


def test_mixed_straight_and_curly_marks_do_not_run_on(code_text):
    text = ('\u201cThe border will stay open," Interior Minister Jana Novak said on Monday.\n\n'
            'Opposition leaders disagreed. \u201cThis is a dangerous gamble with our security," '
            'said Petr Dvorak, who leads the largest opposition party.\n\n'
            'The debate will continue in parliament next week.')
    qs = [q for q in quotes_of(code_text, text) if q.form == "direct"]
    texts = [q.text for q in qs]
    assert any(t.startswith("The border will stay open") for t in texts), texts
    assert any(t.startswith("This is a dangerous gamble") for t in texts), texts
    # no quotation swallows the narration between them
    assert not any("Opposition leaders disagreed" in t for t in texts), texts


def test_a_participle_cue_takes_the_subject_of_its_verb(code_text):
    text = ('The Nigerian army denied the reports on Tuesday, saying "no civilians were harmed in the '
            'operation near the border."')
    qs = quotes_of(code_text, text)
    assert qs and any(q.speaker is not None and q.speaker.country == "NGA" for q in qs), \
        [(q.form, q.text, q.speaker) for q in qs]


def test_told_someone_then_a_clause(code_text):
    qs = quotes_of(code_text, "Kenyan lawyer Grace Wanjiru told VOA the new law punishes anyone who criticizes "
                              "the police. The minister told reporters the news on Monday.")
    found = [q for q in qs if q.form == "indirect"]
    assert any(q.text.startswith("the new law punishes") and q.speaker is not None and q.speaker.country == "KEN"
               for q in found), [(q.text, q.speaker) for q in found]
    assert not any("the news" in q.text for q in found)


def test_he_said_goes_to_the_person_named_last(code_text):
    text = ('President Donald Trump said on Monday that the tariffs would stay. "They are working," Trump said.\n\n'
            'Kevin Hassett, the director of the National Economic Council, defended the policy in an interview '
            'on Tuesday. "We launched a drug war, not a trade war," he said.')
    q = next(q for q in quotes_of(code_text, text) if q.text.startswith("We launched"))
    assert q.speaker is not None and q.speaker.name == "Kevin Hassett", q.speaker


def test_she_is_not_given_to_an_office_of_unknown_holder(code_text):
    text = ('Amina Yusuf runs a clinic in Kano. The deputy health minister visited the clinic on Monday. '
            '"We still have no medicine," she said.')
    q = next(q for q in quotes_of(code_text, text) if q.text.startswith("We still have"))
    assert q.speaker is None or "minister" not in (q.speaker.text or "").lower(), q.speaker
