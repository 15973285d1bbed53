"""The language layer (qa/language.py): entity types from spaCy's small English pipeline, on
sentences of several genres, and the rule that no place or people is "he" or "she"."""
import pytest

from qa import language

pytestmark = pytest.mark.skipif(language.pipeline() is None, reason="spaCy's English pipeline is not installed")


@pytest.mark.parametrize("name, sentence, label", [
    ("Boris Johnson", "Boris Johnson was elected leader of the Conservative Party on Tuesday.", "PERSON"),  # politics
    ("Ford", "Ford will cut 30,000 jobs and close 14 plants by 2012.", "ORG"),  # business
    ("Wuhan", "The first cases were reported in Wuhan, a city in central China.", "GPE"),  # health
    ("Paul Manafort", "Judge Amy Berman Jackson sentenced Paul Manafort to 73 months.", "PERSON"),  # courts
    ("Puerto Rico", "A magnitude 5.2 earthquake shook Puerto Rico on Saturday.", "GPE"),  # weather
])
def test_entity_types_come_from_the_model(name, sentence, label):
    assert language.entity_label(name, sentence) == label


def test_no_place_or_people_is_he_or_she_but_one_short_sentence_is_not_trusted_alone():
    assert language.not_a_person("Charlottesville", ["Who did Fields kill when he drove into protesters in Charlottesville?"])
    assert language.not_a_person("Chinese", ["Which Chinese ophthalmologist warned people about the outbreak?"])
    assert not language.not_a_person("Stoltenberg", ["When did Blinken and Stoltenberg hold phone talks?"])
    assert not language.not_a_person("Tim Cook", ["Who did Steve Jobs put in charge? Tim Cook"])


def test_a_pronoun_is_never_resolved_to_a_place():
    from qa.followups import resolve

    history = [("Who did James Alex Fields kill when he drove into counter-protesters in Charlottesville?",
                "Heather Heyer")]
    assert "Charlottesville" not in resolve("Who is her mother?", history)


@pytest.mark.parametrize("text", [
    "Corvex Capital raised its offer for Halvard Foods to 455 pence a share on Thursday.",  # business
    "An Australian, Brenton Tarrant, aged 28, appeared in Christchurch District Court yesterday.",  # courts
    "Labour lost 42 seats, and Jo Swinson lost her seat in East Dunbartonshire.",  # politics
])
def test_the_entity_recogniser_alone_finds_what_the_whole_pipeline_finds(text):
    whole = [(e.text, e.label_) for e in language.analyse(text).ents]
    assert whole and [(e.text, e.label_) for e in language.entities_of(text).ents] == whole


def test_a_name_is_typed_in_the_sentence_that_says_it():
    text = "The storm hit the coast on Monday. Officials said Governor Ron DeSantis would visit. Power was cut."
    assert language.sentence_with("DeSantis", text) == "Officials said Governor Ron DeSantis would visit."
    assert language.labels_of("Ron DeSantis", [text]) == ["PERSON"]


def test_something_a_pronoun_can_refer_to_is_named_or_not():
    """A paragraph's words before a "he" or "it": a person, a company or a place can be what it refers to
    (courts, business, weather); a date or an amount alone cannot, nor can nothing."""
    from qa.language import names_anything

    assert names_anything("Judge Amy Berman Jackson said ")
    assert names_anything("Shares of Airbus fell 5% after ")
    assert names_anything("In Puerto Rico, ")
    assert not names_anything("On Monday, 42 ")
    assert not names_anything("")
    assert not names_anything("On Monday, Dmitry Peskov said", len("On Monday, "))  # only what is before `end`
