"""Quotations on constructions a user expects (stories written for these tests; the founding
page is checked by test_seed_acceptance, real news by the hand review in docs/reviews/)."""
from __future__ import annotations

import pytest


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



def _speaker_words(q):
    return f"{q.speaker.name or ''} {q.speaker.text}" if q.speaker is not None else ""


def test_she_said_goes_to_the_person_the_sentence_before_introduces(code_text):
    # the parser reads "Like Reis, Joana Prates, ..." with Reis as the subject: the person named
    # with him is the one the sentence is about, and the last speaker (Reis) is not "she"
    text = ('"Exports fell sharply in the first quarter," Finance Minister Paulo Reis said on Monday. Like Reis, '
            'Joana Prates, head of the exporters\' federation, stressed the role of the strong currency in a '
            'radio interview. She said factories were already cutting shifts. "We cannot sell abroad at these '
            'prices," she said.')
    qs = quotes_of(code_text, text)
    for start in ("factories were", "We cannot sell"):
        q = next(q for q in qs if q.text.startswith(start))
        assert "Prates" in _speaker_words(q), (start, q.speaker)


@pytest.mark.parametrize("text, quote_start, speaker, not_speaker", [
    # "He said that ...": the person the sentence before introduces, not the last speaker
    ('"Small shops are the heart of this city," said Carla Mendes, who runs the merchants\' association. '
     'Rafael Ortega opened a bakery near the harbor last spring. He said that tourists keep his ovens '
     'busy from dawn until late at night.', "tourists keep", "Ortega", ["Mendes"]),
    # a pronoun is not given to a person (or an office) named inside the quotation
    ('Historian Ana Ribeiro has studied the old fortress for a decade. "When Captain Duarte saw the '
     'enemy fleet, he ordered the gates closed and the governor fled by night," she said.',
     "When Captain Duarte", "Ribeiro", ["Duarte", "governor"]),
    # a quotation without a cue goes on with the speaker before: a person ...
    ('Farmer Joseph Mwangi lost half of his maize crop to the floods. "The river rose faster than anyone '
     'expected," Mwangi said. "We moved the goats to higher ground before sunset and slept in the '
     'church."', "We moved the goats", "Mwangi", []),
    # ... or an institution
    ('"We will review every contract signed since 2019," the ministry said in a statement. "Any '
     'official found to have taken bribes will be dismissed and prosecuted."', "Any official", "ministry", []),
    # "he" is not given to an office when a named person is nearer
    ('The finance minister announced new fuel taxes on Monday. The plan drew sharp criticism from '
     'economist Karim Haddad. "Families will cut back on food first," he said.',
     "Families will cut", "Haddad", ["minister"]),
])
def test_the_speaker_of_a_pronoun_cue_or_a_cue_less_quotation(code_text, text, quote_start, speaker, not_speaker):
    q = next(q for q in quotes_of(code_text, text) if q.text.startswith(quote_start))
    words = _speaker_words(q)
    assert speaker in words and not any(w.lower() in words.lower() for w in not_speaker), q.speaker


def test_a_run_in_subheading_is_not_a_cue(code_text):
    # the VOA stories come without line breaks: a subheading runs into the paragraph after it
    for heading, body in (("Union demands", "The workers at the port want a shorter week and better pay."),
                          ("Rebel claims", "The fighting in the north has displaced thousands of families.")):
        text = f"The ministry released the new figures on Friday. {heading} {body}"
        qs = quotes_of(code_text, text)
        assert not qs, [(q.cue.text if q.cue else None, q.text) for q in qs]
    # a name with capitalized small words is no subheading
    qs = quotes_of(code_text, "Press group Reporters Without Borders said the two reporters had been held "
                              "without charge.")
    assert any(q.text.startswith("the two reporters") for q in qs), [q.text for q in qs]


def test_reaffirmed_introduces_reported_speech(code_text):
    qs = quotes_of(code_text, "A Foreign Ministry spokesperson reaffirmed that Ghana would not recognize the vote.")
    q = next(q for q in qs if q.form == "indirect")
    assert q.text.startswith("Ghana would not recognize") and q.cue and q.cue.text == "reaffirmed"
