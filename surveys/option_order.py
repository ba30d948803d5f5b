"""The order in which one form shows the options of its knowledge questions.

The order follows from the form token alone: a form shown again (after a validation error)
keeps its order, and different forms differ. Answers are stored by option id, so the order
never matters after submission.

Each question's order is uniformly random, and within one form the orders are balanced:
among the single-answer questions with the same number of options, the right answer sits
at each position equally often (within one), through a random question order and a random
starting position per form. So a respondent who always taps the first (or any one) position
scores chance on every form, not only on average.
"""

from __future__ import annotations

import hashlib
import random

from .definition import OptionDef, QuestionDef, SurveyDef

SALT = b"canbao.surveys.option-order:"


def form_random(token: str) -> random.Random:
    """A generator seeded by the form token (itself unguessable: random part and HMAC)."""
    return random.Random(int.from_bytes(hashlib.sha256(SALT + token.encode()).digest()[:8], "big"))


def display_orders(survey: SurveyDef, token: str) -> dict[int, tuple[OptionDef, ...]]:
    """Question id -> options in the order this form shows them, for every question
    that shuffles (QuestionDef.shuffles); other questions keep their stored order."""
    rng = form_random(token)
    orders: dict[int, tuple[OptionDef, ...]] = {}
    balanced: dict[int, list[QuestionDef]] = {}
    for q in survey.questions:
        if not q.shuffles:
            continue
        if len(q.correct_ids) == 1:
            balanced.setdefault(len(q.options), []).append(q)
        else:
            options = list(q.options)
            rng.shuffle(options)
            orders[q.id] = tuple(options)
    for size, questions in sorted(balanced.items()):
        rng.shuffle(questions)
        start = rng.randrange(size)
        for i, q in enumerate(questions):
            wrong = [o for o in q.options if not o.is_correct]
            rng.shuffle(wrong)
            wrong.insert((start + i) % size, next(o for o in q.options if o.is_correct))
            orders[q.id] = tuple(wrong)
    return orders
