"""The survey builder's form: refuses meaning-changing edits of an answered survey."""

from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminModelForm

from .models import Question, Response
from .versioning import meaning_changes, refusal_message

UNSURE_LABEL = "不清楚"


class SurveyAdminForm(WagtailAdminModelForm):
    def is_valid(self):
        valid = super().is_valid()
        if not valid or self.instance.pk is None:
            return valid
        if not Response.objects.filter(survey=self.instance).exists():
            return self._check_kinds()
        changes = meaning_changes(self.instance, self.formsets["questions"])
        if changes:
            self.add_error(None, refusal_message(self.instance, changes))
            return False
        return self._check_kinds()

    def _check_kinds(self) -> bool:
        """Knowledge questions need options with a correct one; coverage is a yes/no question."""
        problems = []
        questions = self.formsets["questions"]
        for form in questions.forms:
            if form in questions.deleted_forms or not form.cleaned_data:
                continue
            data = form.cleaned_data
            text = data.get("text", "")
            if data.get("role") == Question.Role.COVERAGE and data.get("kind") != Question.Kind.YES_NO:
                problems.append(_("参保情况题“%(question)s”的题型须为“是/否/不确定”。") % {"question": text})
            if data.get("kind") in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
                options = [
                    f.cleaned_data for f in form.formsets["options"].forms
                    if f.cleaned_data and f not in form.formsets["options"].deleted_forms
                ]
                if len(options) < 2:
                    problems.append(_("选择题“%(question)s”至少需要两个选项。") % {"question": text})
                elif data.get("role") == Question.Role.KNOWLEDGE and not any(o.get("is_correct") for o in options):
                    problems.append(_("知识题“%(question)s”须标出正确答案。") % {"question": text})
                elif data.get("role") == Question.Role.KNOWLEDGE and data.get("offer_unsure") and any(
                    o.get("label", "").strip() == UNSURE_LABEL for o in options
                ):
                    problems.append(_("知识题“%(question)s”已自动提供“不清楚”选项，请删除自设的同名选项。") % {"question": text})
            elif data.get("role") == Question.Role.KNOWLEDGE:
                problems.append(_("知识题“%(question)s”须为单选题或多选题。") % {"question": text})
        for problem in problems:
            self.add_error(None, problem)
        return not problems
