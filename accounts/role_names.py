"""The names of canbao's four roles (Django groups)."""

EDITOR = "宣传编辑"
REVIEWER = "审核人"
OFFICER = "乡镇专干"
ADMINISTRATOR = "管理员"
ROLES = (EDITOR, REVIEWER, OFFICER, ADMINISTRATOR)
