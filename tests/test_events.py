"""The event coder on constructions a user expects it to handle (sentences written for these
tests; accuracy on gold standards is measured by `eventwire evaluate` and bench/, not here)."""
from __future__ import annotations

import pytest


def events_of(code_text, text, pub="2019-05-20"):
    return code_text(text, pub_date=pub).events


def countries(actors):
    return {a.country for a in actors if a.country}


def one(evs, etype):
    found = [e for e in evs if e.event_type == etype]
    assert found, f"no {etype} in {[(e.event_type, e.trigger.text) for e in evs]}"
    return found[0]


def test_subject_object_and_why(code_text):
    ev = one(events_of(code_text, "Pakistan accused India of violating the ceasefire in Kashmir."), "ACCUSE")
    assert countries(ev.actors) == {"PAK"} and countries(ev.recipients) == {"IND"}
    assert ev.mode == "allege"
    assert any("accused" in w for w in ev.why) and ev.cameo and -10 <= ev.score <= 10


def test_passive_by_agent(code_text):
    ev = one(events_of(code_text, "The convoy was attacked by Houthi rebels near the Saudi border on Sunday."),
             "ASSAULT")
    assert "YEM" in countries(ev.actors)


def test_coordinated_actors_agree(code_text):
    ev = one(events_of(code_text, "Egypt and Sudan agreed to resume talks on the dam next month."), "AGREE")
    assert countries(ev.actors) == {"EGY", "SDN"}
    # the talks are the content of the agreement, not a second event
    assert not [e for e in events_of(code_text, "Egypt and Sudan agreed to resume talks on the dam next month.")
                if e.event_type == "CONSULT"]


def test_negation_is_flagged(code_text):
    ev = one(events_of(code_text, "Israeli troops did not withdraw from the Lebanese border villages."), "RETREAT")
    assert "negated" in ev.context and "ISR" in countries(ev.actors)


def test_cooperation_that_did_not_happen_is_a_rejection(code_text):
    ev = one(events_of(code_text, "Serbia did not recognize Kosovo's independence."), "REJECT")
    assert countries(ev.actors) == {"SRB"} and "negated" not in ev.context
    assert any("negated SUPPORT" in w for w in ev.why)


def test_reported_obligation_is_a_request(code_text):
    ev = one(events_of(code_text, "Germany said on Monday that Poland must respect the court's ruling."), "REQUEST")
    assert countries(ev.actors) == {"DEU"} and countries(ev.recipients) == {"POL"}


def test_conditional_warning_is_a_threat(code_text):
    ev = one(events_of(code_text, "Kenya warned it would withdraw its troops from Somalia unless it received more funding."),
             "THREATEN")
    assert "KEN" in countries(ev.actors)


def test_future_meeting_is_agree(code_text):
    evs = events_of(code_text, "The Japanese prime minister will visit China next week, officials said.")
    ev = one(evs, "AGREE")
    assert "future" in ev.context and "JPN" in countries(ev.actors)
    assert any("future" in w for w in ev.why)


def test_hypothetical_is_flagged(code_text):
    ev = one(events_of(code_text, "Washington could impose sanctions on Turkey over the purchase."), "SANCTION")
    assert "hypothetical" in ev.context
    assert countries(ev.recipients) == {"TUR"}


def test_historical_background(code_text):
    evs = events_of(code_text, "In December 2016, the United States expelled 35 Russian diplomats.", pub="2019-05-20")
    ev = one(evs, "SANCTION")
    assert "historical" in ev.context and ev.date == "2016-12" and ev.date_source == "text"


def test_nominal_event_with_light_verb(code_text):
    ev = one(events_of(code_text, "The European Union imposed new sanctions on Belarus on Monday."), "SANCTION")
    assert countries(ev.recipients) == {"BLR"}
    assert "IGO" in {s for a in ev.actors for s in a.sectors}


def test_reference_to_an_earlier_event_is_not_a_new_one(code_text):
    evs = events_of(code_text, "Prices rose sharply after the attack, traders said.")
    assert not [e for e in evs if e.event_type == "ASSAULT"]


def test_commentary_is_not_an_event(code_text):
    evs = events_of(code_text, "Analysts said the economy was likely to grow slowly this year.")
    assert evs == []


def test_pronoun_subject(code_text):
    text = ("Indian Prime Minister Narendra Modi arrived in Washington on Monday. "
            "He met President Donald Trump at the White House on Tuesday.")
    evs = events_of(code_text, text, pub="2017-06-27")
    ev = one(evs, "CONSULT")
    assert {"IND", "USA"} <= countries(ev.actors) | countries(ev.recipients)


@pytest.mark.parametrize("text,etype", [
    ("Thousands of protesters marched through Santiago on Friday demanding pension reform.", "PROTEST"),
    ("Police arrested the opposition leader in Minsk.", "COERCE"),
    ("Russia deployed additional troops to the Ukrainian border.", "MOBILIZE"),
    ("Germany sent humanitarian aid to Syria.", "AID"),
    ("Israel released 20 Palestinian prisoners on Tuesday.", "RETREAT"),
    ("North Korea threatened to strike Guam.", "THREATEN"),
    ("Iran rejected the European proposal.", "REJECT"),
    ("The United States urged China to release the detained journalists.", "REQUEST"),
    ("France praised Tunisia's new constitution.", "SUPPORT"),
    ("The government apologized to the victims' families.", "CONCEDE"),
    ("India and Japan held joint naval exercises in the Bay of Bengal.", "COOPERATE"),
    ("Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Sochi.", "CONSULT"),
])
def test_each_type_in_a_plain_sentence(code_text, text, etype):
    one(events_of(code_text, text), etype)


def test_exercises_of_one_country_mobilize_of_two_cooperate(code_text):
    ev = one(events_of(code_text, "Greek troops began large-scale military exercises on Crete on Monday."), "MOBILIZE")
    assert countries(ev.actors) == {"GRC"}
    ev = one(events_of(code_text, "Greek and Cypriot warships began military exercises off Crete on Monday."),
             "COOPERATE")
    assert countries(ev.actors) == {"GRC", "CYP"}


def test_a_domestic_action_acts_on_the_place_where_it_happens(code_text):
    ev = one(events_of(code_text, "Kenya's government lifted the curfew in Mombasa on Friday."), "CONCEDE")
    assert countries(ev.actors) == {"KEN"} and countries(ev.recipients) == {"KEN"}
    assert ev.recipients[0].resolved_from == "place of the event"
    # a recipient named in the sentence is kept
    ev = one(events_of(code_text, "Israeli jets struck Hamas positions in Gaza on Sunday."), "ASSAULT")
    assert countries(ev.recipients) == {"PSE"} and ev.recipients[0].resolved_from != "place of the event"


def test_what_talks_are_about_is_not_an_event(code_text):
    evs = events_of(code_text, "Armenia and Azerbaijan resumed negotiations on a withdrawal of troops from the border.")
    assert {e.event_type for e in evs} == {"CONSULT"}


def test_a_demand_with_its_clause(code_text):
    evs = events_of(code_text, "The World Health Organization repeated its demand that Sudan lift the blockade of the hospital.")
    ev = one(evs, "REQUEST")
    assert "SDN" in countries(ev.recipients) and not [e for e in evs if e.event_type in ("CONCEDE", "RETREAT")]


def test_subject_the_parser_left_behind_a_fronted_phrase(code_text):
    text = ("With the signing of a memorandum on the return of refugees, the Malian government and the rebels "
            "have agreed to reopen the northern roads.")
    ev = one(events_of(code_text, text), "AGREE")
    assert "MLI" in countries(ev.actors)


def test_opinions_are_not_events(code_text):
    evs = events_of(code_text, "Analysts believe Russia attacked the pipeline last month.")
    assert not [e for e in evs if e.event_type == "ASSAULT"]
    evs = events_of(code_text, "An economist said the central bank had rejected the government's request.")
    assert not [e for e in evs if e.event_type == "REJECT"]
    # what officials say happened is reported as an event
    evs = events_of(code_text, "Ukrainian officials said Russia attacked the pipeline on Monday.")
    assert "RUS" in countries(one(evs, "ASSAULT").actors)


def test_accidents_and_references_are_not_attacks(code_text):
    assert not [e for e in events_of(code_text, "Five people were killed in the crash near Nairobi on Monday.")
                if e.event_type == "ASSAULT"]
    assert not [e for e in events_of(code_text, "The rebels' attack has frightened foreign investors.")
                if e.event_type == "ASSAULT"]


def test_word_senses_outside_plover(code_text):
    assert not [e for e in events_of(code_text, "The Kenyan interior ministry refused to comment.")
                if e.event_type == "REJECT"]
    ev = one(events_of(code_text, "Brazil's president attacked the newspaper for its reporting on the fires."),
             "ACCUSE")
    assert "BRA" in countries(ev.actors)
    ev = one(events_of(code_text, "Myanmar's military prohibited the UN envoy from entering the country."), "REJECT")
    assert "MMR" in countries(ev.actors)


def test_an_organizations_role_can_change_with_the_date(code_text):
    text = "The Taliban closed girls' schools in Herat on Monday."
    later = one(events_of(code_text, text, pub="2023-03-20"), "COERCE").actors[0]
    earlier = one(events_of(code_text, text, pub="2010-03-22"), "COERCE").actors[0]
    assert (later.country, later.sectors) == ("AFG", ["GOV"])
    assert (earlier.country, earlier.sectors) == ("AFG", ["REB"])


def test_an_international_envoy_has_no_country(code_text):
    ev = one(events_of(code_text, "The U.N. special envoy for Libya called for an immediate ceasefire."), "REQUEST")
    a = ev.actors[0]
    assert a.country is None and "IGO" in a.sectors


def test_not_yet_is_not_a_refusal(code_text):
    evs = events_of(code_text, "Serbia has not agreed to the ceasefire, but its envoys are on their way to Geneva.")
    assert not [e for e in evs if e.event_type == "REJECT"]
    ev = one(events_of(code_text, "Serbia did not agree to the ceasefire on Monday."), "REJECT")
    assert "SRB" in countries(ev.actors)


def test_hopes_and_aims_are_not_events(code_text):
    evs = events_of(code_text, "She said she hopes Canada and Mexico can work together to secure the journalist's release.")
    assert not [e for e in evs if e.event_type == "RETREAT"]
    evs = events_of(code_text, "Ghanaian lawmakers expressed hope that trade cooperation with Togo could resume.")
    assert not [e for e in evs if e.event_type in ("COOPERATE", "AGREE")]
    evs = events_of(code_text, "The Kenyan foreign minister flew to Addis Ababa on Monday to sign the agreement.")
    assert not [e for e in evs if e.event_type in ("SUPPORT", "AGREE")]


def test_a_stated_opposition_is_a_rejection(code_text):
    ev = one(events_of(code_text, "The Kenyan finance minister said he does not support the new tax."), "REJECT")
    assert "KEN" in countries(ev.actors)


def test_a_persons_description_gives_the_country(code_text):
    text = ("Mamadou Barry, the former director of Guinea's national archives, criticized the new law. "
            "Barry accused the government of erasing history.")
    ev = one(events_of(code_text, text), "ACCUSE")
    assert "GIN" in countries(ev.actors)


def test_what_is_allowed_or_stopped_has_not_happened(code_text):
    evs = events_of(code_text, "The new law allows the Sudanese government to seize the party's assets.")
    assert not [e for e in evs if e.event_type == "COERCE"]
    evs = events_of(code_text, "Rights groups said Greece must stop detaining migrants on the islands.")
    assert not [e for e in evs if e.event_type == "COERCE"]


@pytest.mark.parametrize("text, types", [
    # what a question asks, and the asking itself
    ("The judge asked the defendant if he had ordered the attack on the convoy.", ("ASSAULT", "REQUEST")),
    ("The ministers discussed whether to impose new sanctions on Iran.", ("SANCTION",)),
    # a reporter's request for comment
    ("The Kenyan interior ministry did not reply to an email requesting comment on the arrests.", ("REQUEST",)),
    # a classification of a thing
    ("The governor noted that Vietnam does not recognize cat meat as food.", ("REJECT", "SUPPORT")),
    # the aim of an action
    ("Norway hosted talks in Oslo to reach a ceasefire between the two sides.", ("AGREE", "RETREAT")),
    # a yearly count of events
    ("According to the index, the rebel group carried out 312 attacks in 2023, up from 90 in 2022.", ("ASSAULT",)),
    # "any" + an event noun
    ("The president refused to discuss any easing of sanctions before the prisoners were freed.", ("CONCEDE",)),
    # forecasts and conditions
    ("An economist said Vietnam will likely increase cooperation with Japan next year.", ("AGREE", "COOPERATE")),
    ("Iran is expected to sign the agreement with Russia next week.", ("AGREE",)),
    ("Tehran appears to be preparing to launch a satellite.", ("MOBILIZE",)),
    ("The minister warned that Turkish bases are at risk if Turkey is sanctioned by Washington.", ("SANCTION",)),
    # a body meeting itself
    ("Kenyan officials will convene on Saturday to study the report.", ("CONSULT", "AGREE")),
])
def test_not_events(code_text, text, types):
    evs = events_of(code_text, text)
    assert not [e for e in evs if e.event_type in types], [(e.event_type, e.trigger.text) for e in evs]


@pytest.mark.parametrize("text, etype, actor, recipient", [
    # the same forms when they do report an event
    ("France asked Germany to send more troops to Mali.", "REQUEST", "FRA", "DEU"),
    ("Spain does not recognize Kosovo's independence.", "REJECT", "ESP", None),
    ("Washington kept its tariffs on Brazil in place to pressure Brasilia to free the activists.", "REQUEST", "USA", "BRA"),
    ("Hamas militants fired 40 rockets at Israeli towns on Tuesday.", "ASSAULT", None, None),
    ("Iran will sign the agreement with Russia next week, its foreign minister said.", "AGREE", "IRN", None),
    ("Kenyan officials met with Somali envoys in Nairobi on Saturday.", "CONSULT", "KEN", "SOM"),
])
def test_still_events(code_text, text, etype, actor, recipient):
    ev = one(events_of(code_text, text, pub="2021-05-12"), etype)
    # a meeting's sides may be coded as co-actors or as actor and recipient
    acts, recs = (ev.actors + ev.recipients,) * 2 if etype == "CONSULT" else (ev.actors, ev.recipients)
    if actor:
        assert actor in countries(acts)
    if recipient:
        assert recipient in countries(recs)
