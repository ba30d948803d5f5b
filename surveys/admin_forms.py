"""The survey builder's form: refuses meaning-changing edits of an answered survey."""

from wagtail.admin.forms import WagtailAdminModelForm

from .models import Question, Response
from .versioning import meaning_changes, refusal_message


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
                problems.append(f"参保情况题“{text}”的题型须为“是/否/不确定”。")
            if data.get("kind") in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
                options = [
                    f.cleaned_data for f in form.formsets["options"].forms
                    if f.cleaned_data and f not in form.formsets["options"].deleted_forms
                ]
                if len(options) < 2:
                    problems.append(f"选择题“{text}”至少需要两个选项。")
                elif data.get("role") == Question.Role.KNOWLEDGE and not any(o.get("is_correct") for o in options):
                    problems.append(f"知识题“{text}”须标出正确答案。")
            elif data.get("role") == Question.Role.KNOWLEDGE:
                problems.append(f"知识题“{text}”须为单选题或多选题。")
        for problem in problems:
            self.add_error(None, problem)
        return not problems
