"""Demo staff users, one per role (two officers; reviewers of the deployment, 南阳市, 方城县 and
唐河县), for `load_demo`."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from campaigns.models import Township
from regions.tree import load_reference_regions

from . import roles
from .models import Profile

DEMO_PASSWORD = "canbao-demo-2024"  # noqa: S105 (demo data only)
# Demo only: the TOTP secret of every demo user who must use MFA, so a newcomer can
# add it to an authenticator app (and browser tests can compute codes).
DEMO_TOTP_SECRET = "CANBAODEMOTOTPSECRETKEY7"  # noqa: S105

DEMO_USERS = [
    # email, display name, role, township name, region code (a reviewer's county or city; None = everything)
    ("editor@canbao.local", "宣传编辑（演示）", roles.EDITOR, None, None),
    ("reviewer@canbao.local", "审核人（演示）", roles.REVIEWER, None, None),
    ("nanyang@canbao.local", "南阳市审核人（演示）", roles.REVIEWER, None, "411300000000"),
    ("fangcheng@canbao.local", "方城县审核人（演示）", roles.REVIEWER, None, "411322000000"),
    ("tanghe@canbao.local", "唐河县审核人（演示）", roles.REVIEWER, None, "411328000000"),
    ("yaodu@canbao.local", "尧渡镇专干（演示）", roles.OFFICER, "尧渡镇", None),
    ("dongliu@canbao.local", "东流镇专干（演示）", roles.OFFICER, "东流镇", None),
    ("admin@canbao.local", "管理员（演示）", roles.ADMINISTRATOR, None, None),
]


def load_demo_users() -> list[tuple[str, str, str]]:
    """Create the demo users if missing; returns (email, password, role and region) rows."""
    User = get_user_model()
    rows = []
    for email, display_name, role, township_name, region_code in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                username=email.split("@")[0], email=email, password=DEMO_PASSWORD,
                is_superuser=(role == roles.ADMINISTRATOR), is_staff=(role == roles.ADMINISTRATOR),
            )
            user.groups.add(Group.objects.get(name=role))
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        township = Township.objects.get(name=township_name) if township_name else None
        region = load_reference_regions(codes={region_code})[region_code] if region_code else None
        Profile.objects.get_or_create(user=user, defaults={"display_name": display_name, "township": township,
                                                           "region": region})
        if roles.requires_mfa(user) and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        rows.append((email, DEMO_PASSWORD, f"{role}（{region.name}）" if region else role))
    return rows
