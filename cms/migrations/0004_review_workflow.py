"""The 宣传审核 workflow on the whole site: reviewers (审核人) approve or reject what
publicity editors submit. Replaces Wagtail's default moderators' workflow on the root."""

from django.db import migrations

WORKFLOW = "宣传审核"
REVIEWERS = "审核人"


def create_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=WORKFLOW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW, content_type=task_type, active=True)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_seed_risk_classes"),
        ("accounts", "0003_role_groups"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
