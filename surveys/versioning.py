"""Keeping earlier answers meaningful: once a survey has responses, edits that would
change what those answers mean are refused; a new version is created instead."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.channels import forget_channels
from campaigns.models import Campaign, Channel

from .models import Option, Question, Response, Survey


def meaning_changes(survey: Survey, questions_formset) -> list[str]:
    """What the submitted admin formsets would change in the meaning of a survey's
    existing answers (empty when the edit is harmless)."""
    changes: list[str] = []
    deleted = set(questions_formset.deleted_forms)
    for form in questions_formset.forms:
        question = form.instance
        number = form.cleaned_data.get("text") or question.text or _("新题目")
        if question.pk is None:
            if form.has_changed() and form not in deleted and form.cleaned_data.get("role") == Question.Role.KNOWLEDGE:
                changes.append(_("新增计分的知识题“%(question)s”") % {"question": number})
            continue
        if form in deleted:
            changes.append(_("删除题目“%(question)s”") % {"question": question.text})
            continue
        if "kind" in form.changed_data:
            changes.append(_("修改“%(question)s”的题型") % {"question": question.text})
        if "role" in form.changed_data:
            changes.append(_("修改“%(question)s”的用途") % {"question": question.text})
        # Offering "不清楚" or not changes what a wrong answer means; the option order does not.
        if "offer_unsure" in form.changed_data:
            changes.append(_("为“%(question)s”增加或取消“不清楚”选项") % {"question": question.text})
        options = getattr(form, "formsets", {}).get("options")
        if options is None:
            continue
        removed = set(options.deleted_forms)
        for option_form in options.forms:
            option = option_form.instance
            if option.pk is None:
                if option_form.has_changed() and option_form not in removed:
                    changes.append(_("为“%(question)s”新增选项") % {"question": question.text})
            elif option_form in removed:
                changes.append(_("删除“%(question)s”的选项“%(option)s”") % {"question": question.text, "option": option.label})
            elif {"label", "is_correct"} & set(option_form.changed_data):
                changes.append(_("修改“%(question)s”的选项或正确答案") % {"question": question.text})
    return list(dict.fromkeys(changes))


def refusal_message(survey: Survey, changes: list[str]) -> str:
    count = Response.objects.filter(survey=survey).count()
    return _(
        "该问卷已有 %(count)s 份答卷，以下修改会改变已有答案的含义，未予保存：%(changes)s。"
        "如确需修改，请在问卷列表中使用“创建新版本”：新版本可自由修改，旧版本及其答卷完整保留。"
        "修改题目文字、提示、解析、依据和开放时间不受此限制。"
    ) % {"count": count, "changes": _("；").join(changes)}


COPIED_QUESTION_FIELDS = (
    "position", "kind", "role", "text", "help_text", "required", "explanation", "source", "policy_page_id", "fact_code",
    "shuffle_options", "offer_unsure",
)


@transaction.atomic
def create_new_version(survey: Survey) -> Survey:
    """Copy a survey with its questions and options as version+1, and point the
    campaigns that used it at the copy. The old version and its answers stay as they are."""
    latest = Survey.objects.filter(title=survey.title).order_by("-version").values_list("version", flat=True).first()
    new = Survey.objects.create(
        title=survey.title, intro=survey.intro, opens_at=survey.opens_at, closes_at=survey.closes_at,
        pass_mark=survey.pass_mark, allow_replace=survey.allow_replace,
        version=max(survey.version, latest or 0) + 1, previous_version=survey,
    )
    for question in Question.objects.filter(survey=survey).order_by("position", "id"):
        options = list(Option.objects.filter(question=question).order_by("position", "id"))
        copy = Question.objects.create(
            survey=new, **{f: getattr(question, f) for f in COPIED_QUESTION_FIELDS},
        )
        Option.objects.bulk_create(
            Option(question=copy, position=o.position, label=o.label, is_correct=o.is_correct) for o in options
        )
    codes = list(Channel.objects.filter(campaign__survey=survey).values_list("code", flat=True))
    Campaign.objects.filter(survey=survey).update(survey=new)
    # A queryset update sends no save signal: forget the cached channel lookups now, and
    # again on commit in case a request cached the old survey in between.
    forget_channels(codes)
    transaction.on_commit(lambda: forget_channels(codes))
    return new
