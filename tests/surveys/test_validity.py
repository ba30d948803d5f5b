"""Measurement validity through HTTP: knowledge options in a per-form order, "不清楚" as
not known, the builder's switches, and demo facts whose right answer is not always first."""

from html.parser import HTMLParser

from django.core.cache import cache

from campaigns.models import Enterprise
from campaigns.uscc import make_uscc
from reports.questions import answer_counts
from surveys.definition import build_definition
from surveys.models import Answer, AnswerChoice, Option, Question, Response, Survey

from .conftest import VALID_USCC, form_token, open_form, valid_answers
from .test_admin import answer_once, edit_url, survey_form_data


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.shown: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            self.shown.setdefault(attrs["name"], []).append(attrs["value"])


def displayed(html: str) -> dict[str, list[str]]:
    """Question field -> the values of its choices, in the order the page shows them."""
    parser = _Inputs()
    parser.feed(html)
    return parser.shown


def stored_order(q) -> list[str]:
    return [o.value for o in q.options]


def test_first_option_guesser_scores_about_chance_and_forms_differ(client, channel, survey):
    definition = build_definition(survey)
    knowledge = definition.knowledge_questions
    orders = set()
    for i in range(20):
        html = open_form(client, channel)
        shown = displayed(html)
        orders.add(tuple(tuple(shown[q.field]) for q in knowledge))
        data = valid_answers(survey, uscc=make_uscc("91341721", f"{20000000 + i}")) | {"form_token": form_token(html)}
        for q in knowledge:
            assert sorted(shown[q.field][:-1]) == sorted(stored_order(q)) and shown[q.field][-1] == "unsure"
            data[q.field] = shown[q.field][0]  # always the first option shown
        assert client.post(f"/s/{channel.code}/", data).status_code == 302
    scores = list(Response.objects.filter(survey=survey).values_list("score", flat=True))
    assert len(scores) == 20
    assert sum(scores) / (20 * len(knowledge)) <= 0.40
    assert len(orders) >= 2


def test_order_is_kept_when_the_form_is_shown_again_with_errors(client, channel, survey):
    knowledge = build_definition(survey).knowledge_questions
    open_form(client, channel)  # the blank form is now kept; the next one is filled in from it
    html = open_form(client, channel)
    first = displayed(html)
    data = valid_answers(survey) | {"form_token": form_token(html), "uscc": "91341721MA2NBT6Q1E"}  # bad check character
    for q in knowledge:
        data[q.field] = first[q.field][1]
    again = client.post(f"/s/{channel.code}/", data)
    assert again.status_code == 400 and "校验位" in again.content.decode()
    page = again.content.decode()
    assert all(displayed(page)[q.field] == first[q.field] for q in knowledge)
    assert all(f'value="{first[q.field][1]}" checked' in page for q in knowledge)  # choices kept
    data["uscc"] = VALID_USCC[0]
    done = client.post(f"/s/{channel.code}/", data)
    assert done.status_code == 302
    assert Response.objects.get().score == sum(
        1 for q in knowledge if int(first[q.field][1]) in q.correct_ids
    )


def test_unsure_scores_zero_and_counts_as_not_known(client, channel, survey, campaign):
    # Registered micro firms of the channel's township: their answers count in the figures.
    for uscc in VALID_USCC[:2]:
        Enterprise.objects.create(name=f"小店{uscc[-4:]}", uscc=uscc, township_id=channel.township_id, industry_code="5211",
                                  employees=5, revenue=50)
    knowledge = build_definition(survey).knowledge_questions
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    data[knowledge[0].field] = "unsure"
    response = client.post(f"/s/{channel.code}/", data)
    assert response.status_code == 302
    stored = Response.objects.get()
    assert (stored.score, stored.max_score) == (14, 15)
    answer = Answer.objects.get(response=stored, question_id=knowledge[0].id)
    assert (answer.is_correct, answer.text_value) == (False, "unsure")
    assert not AnswerChoice.objects.filter(answer=answer).exists()
    assert "您的选择：不清楚" in client.get(response.url).content.decode()
    cache.clear()  # the result page rebuilt from the rows says the same
    assert "您的选择：不清楚" in client.get(response.url).content.decode()
    counts = answer_counts(campaign).set_index("question_id")
    assert (counts.loc[knowledge[0].id, "answered"], counts.loc[knowledge[0].id, "correct"]) == (1, 0)
    assert (counts.loc[knowledge[1].id, "answered"], counts.loc[knowledge[1].id, "correct"]) == (1, 1)

    everything_unsure = valid_answers(survey, uscc=VALID_USCC[1]) | {"form_token": form_token(open_form(client, channel))}
    everything_unsure |= {q.field: "unsure" for q in knowledge}
    assert client.post(f"/s/{channel.code}/", everything_unsure).status_code == 302
    second = Response.objects.get(uscc=VALID_USCC[1])
    assert (second.score, second.passed) == (0, False)


def test_unsure_cannot_be_combined_with_an_option(client, channel, survey):
    multi = Question.objects.create(survey=survey, position=50, kind=Question.Kind.MULTIPLE,
                                    role=Question.Role.KNOWLEDGE, text="工伤保险基金支付哪些费用？")
    right = [Option.objects.create(question=multi, position=i, label=label, is_correct=True)
             for i, label in enumerate(["医疗费", "伤残补助金"], start=1)]
    survey.save()
    data = valid_answers(survey) | {"form_token": form_token(open_form(client, channel))}
    data[f"q{multi.pk}"] = [str(right[0].pk), "unsure"]
    page = client.post(f"/s/{channel.code}/", data)
    assert page.status_code == 400 and "不清楚" in page.content.decode()
    assert Response.objects.count() == 0
    data[f"q{multi.pk}"] = [str(o.pk) for o in right]
    assert client.post(f"/s/{channel.code}/", data).status_code == 302
    assert Response.objects.get().score == 16


def test_switches_off_keep_the_stored_order_and_drop_unsure(client, reviewer, channel, survey):
    client.force_login(reviewer)

    def switches_off(questions):
        for q in questions:
            q.pop("shuffle_options", None)
            q.pop("offer_unsure", None)

    assert client.post(edit_url(survey), survey_form_data(survey, switches_off)).status_code == 302
    assert not Question.objects.filter(survey=survey).filter(shuffle_options=True).exists()
    client.logout()
    knowledge = build_definition(Survey.objects.get(pk=survey.pk)).knowledge_questions
    for _ in range(3):
        shown = displayed(open_form(client, channel))
        assert all(shown[q.field] == stored_order(q) for q in knowledge)


def test_new_questions_default_to_shuffled_with_unsure(survey):
    q = Question.objects.create(survey=survey, kind=Question.Kind.SINGLE, role=Question.Role.KNOWLEDGE, text="新题")
    assert q.shuffle_options and q.offer_unsure
    general = next(d for d in build_definition(survey).questions if d.kind == Question.Kind.NUMBER)
    assert general.shuffle_options and not general.shuffles and not general.offers_unsure  # knowledge only
    assert not general.shuffles and not general.offers_unsure


def test_answered_survey_may_change_the_order_switch_but_not_unsure(client, reviewer, channel, survey):
    answer_once(client, channel, survey)
    client.force_login(reviewer)

    def order_off(questions):
        questions[2].pop("shuffle_options")

    assert client.post(edit_url(survey), survey_form_data(survey, order_off)).status_code == 302
    assert not Question.objects.get(pk=survey_form_data(survey)["questions-2-id"]).shuffle_options

    def unsure_off(questions):
        questions[3].pop("offer_unsure")

    refused = client.post(edit_url(survey), survey_form_data(survey, unsure_off))
    assert refused.status_code == 200 and "不清楚" in refused.content.decode() and "创建新版本" in refused.content.decode()
    assert Question.objects.get(pk=survey_form_data(survey)["questions-3-id"]).offer_unsure

    client.post(f"/admin/surveys/new-version/{survey.pk}/")
    copied = Survey.objects.get(previous_version=survey).questions.order_by("position", "id")
    assert [(q.shuffle_options, q.offer_unsure) for q in copied] == [
        (q.shuffle_options, q.offer_unsure) for q in survey.questions.order_by("position", "id")
    ]


def test_builder_refuses_a_hand_made_unsure_option(client, reviewer, survey):
    client.force_login(reviewer)

    def hand_made(questions):
        questions[2]["options"].append({"position": 9, "label": "不清楚"})

    page = client.post(edit_url(survey), survey_form_data(survey, hand_made))
    assert page.status_code == 200 and "已自动提供“不清楚”选项" in page.content.decode()


def test_demo_facts_do_not_always_put_the_right_answer_first(survey):
    knowledge = build_definition(survey).knowledge_questions
    positions = [next(i for i, o in enumerate(q.options) if o.is_correct) for q in knowledge]
    assert len(set(positions)) == 3
    assert sum(1 for p in positions if p == 0) / len(knowledge) <= 0.40


def test_every_order_is_balanced_within_a_form_and_uniform_across_forms(survey):
    """The rule itself (surveys.option_order): per form, the right answer of the fifteen
    three-option questions sits 5 times at each position; across forms, every position
    is as likely for each question."""
    from collections import Counter

    from surveys.option_order import display_orders
    from surveys.tokens import new_form_token

    definition = build_definition(survey)
    knowledge = definition.knowledge_questions
    seen = Counter()
    for _ in range(300):
        token = new_form_token(survey.pk, None)
        orders = display_orders(definition, token)
        assert orders == display_orders(definition, token)  # the token decides
        places = [next(i for i, o in enumerate(orders[q.id]) if o.is_correct) for q in knowledge]
        assert Counter(places) == {0: 5, 1: 5, 2: 5}
        seen.update((q.id, place) for q, place in zip(knowledge, places, strict=True))
    for q in knowledge:
        assert all(55 <= seen[(q.id, place)] <= 145 for place in range(3)), seen  # 100 expected each


def test_method_page_says_how_knowledge_is_measured(client, reviewer):
    from django.urls import reverse

    client.force_login(reviewer)
    page = client.get(reverse("reports:method")).content.decode()
    assert "知识题怎样计分" in page and "随机顺序" in page and "选“不清楚”、选错或未作答，都计为不知晓" in page
