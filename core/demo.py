from django.conf import settings

from accounts.demo import DEMO_TOTP_SECRET, load_demo_users
from accounts.roles import sync_role_permissions


def load_users(stdout, seed: int) -> None:
    sync_role_permissions()
    rows = load_demo_users()
    if settings.CANBAO_SHOW_DEMO_LOGINS:
        stdout.write(f"演示账号 / demo logins (password for all: {rows[0][1]}):")
        for email, _password, role in rows:
            stdout.write(f"  {role}: {email}")
        stdout.write(f"  审核人、乡镇专干、管理员登录需两步验证，TOTP 密钥 / TOTP secret: {DEMO_TOTP_SECRET}")
