"""Follow-up questions: rewrite a question that leans on the conversation into one that stands alone.
(The chat UI is ui.py; this package only rewrites questions.)

No generative model is available offline, so this is rule based, over the previous (interpreted)
question, its answer, the paragraphs read, and the language layer's parse and entity types. Its parts:
- ``state``: the conversation state (the turns, their entities with type and gender, the dates in play);
- ``frames``: the last question's frame (its noun phrases, subject, verb, object);
- ``choice``: which entity a reference means ("he", "the company", "the second one"), or ask back;
- ``operations``: the ordered, named list of operations a follow-up is read by (OPERATIONS);
- ``words``: the words and patterns they match, in one place.
A question that stands on its own is returned unchanged.
"""
from .choice import _role_holders
from .frames import _base_form
from .operations import OPERATIONS, resolve, resolve_turn
from .state import (Entity, Resolution, TurnState, continues, conversation_state, entities, is_body,
                    person_candidates, topic_lead)
from .words import AMOUNT, BODIES, QUESTION_WORDS, _DETERMINERS as DETERMINERS

__all__ = ["AMOUNT", "BODIES", "DETERMINERS", "OPERATIONS", "QUESTION_WORDS", "Entity", "Resolution", "TurnState",
           "continues", "conversation_state", "entities", "is_body", "person_candidates", "resolve", "resolve_turn",
           "topic_lead",
           "_base_form", "_role_holders"]
