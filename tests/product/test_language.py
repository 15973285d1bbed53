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
