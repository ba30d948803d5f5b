"""Write the committed registry fixtures (run from the repository root, needs xlwt):

    .venv/bin/python tests/campaigns/files/make_registry_files.py

The same three firms in every format, each file shaped as offices send them: a title row,
a two-row header with a merged parent label over the size columns, a footer, and the
header spelled the way that office spells it (money in 元 in the .xls)."""

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()

from campaigns.imports.samples import registry_layout, write_sheet  # noqa: E402
from campaigns.uscc import make_uscc  # noqa: E402

HERE = Path(__file__).resolve().parent
TITLE = "东至县2024年度市场主体名录（县市场监督管理局提供）"


def code(n: int) -> str:
    return make_uscc("91341721", f"MA{n:06d}")


FIRMS = [
    ("东至县尧城百货有限公司", code(1), "尧渡镇", "5211", 8, 120, 50, datetime.date(2019, 5, 1), "13905660001"),
    ("东至县秋浦粮油商行", code(2), "东流镇", "5221 粮油零售", 12, 600.5, 200, datetime.date(2020, 6, 1), "05665551234"),
    ("东至县金诚机械制造有限公司", code(3), "大渡口镇", "C3311", 350, 2500, 3000, datetime.date(2015, 3, 20), "13800000003"),
]

# Each office's spelling: (labels after 序号, the size group's parent label, money factor)
SPELLINGS = {
    "xlsx": (["企业名称", "统一社会信用代码", "所属乡镇", "行业代码", "从业人员（人）", "营业收入（万元）", "资产总额（万元）", "成立日期", "联系电话"], "规模信息", 1),
    "xls": (["单位名称", "社会信用代码", "乡镇（街道）", "所属行业", "从业人数", "营业收入（元）", "资产总额（元）", "注册日期", "联系方式"], "规模信息", 10000),
    "ods": (["市场主体名称", "信用代码", "所在地", "国民经济行业代码", "从业人员", "营业收入", "资产总额（万元）", "成立日期", "电话"], "规模情况", 1),
    "csv": (["企业名称", "统一社会信用代码", "所属乡镇", "行业", "从业人员（人）", "营业收入（万元）", "资产总额（万元）", "成立日期", "联系电话"], "规模信息", 1),
    "csv-utf8": (["企业名称", "信用代码", "乡镇（街道）", "行业代码", "从业人数", "营业收入（万元）", "资产总额", "成立日期", "联系电话"], "企业规模信息", 1),
}
FILES = {"xlsx": "registry.xlsx", "xls": "registry.xls", "ods": "registry.ods", "csv": "registry-gbk.csv", "csv-utf8": "registry-utf8-bom.csv"}


def registry_file(fmt: str) -> bytes:
    labels, parent, factor = SPELLINGS[fmt]
    header, merges = registry_layout(TITLE, ["序号", *labels], (parent, 5, 7))
    text_dates = fmt.startswith("csv")
    rows = list(header)
    for n, (name, uscc, township, industry, people, revenue, assets, founded, phone) in enumerate(FIRMS, start=1):
        rows.append([n, name, uscc, township, industry, people, revenue * factor, assets * factor,
                     founded.isoformat() if text_dates else founded, phone])
    rows.append(["合计", None, None, None, None, sum(f[4] for f in FIRMS), sum(f[5] for f in FIRMS) * factor, None, None, None])
    rows.append(["制表人：张三", None, None, "审核人：李四", None, None, None, "填报日期：2025年1月10日", None, None])
    return write_sheet(fmt, rows, [] if fmt.startswith("csv") else merges)


if __name__ == "__main__":
    for fmt, filename in FILES.items():
        (HERE / filename).write_bytes(registry_file(fmt))
        print(filename, (HERE / filename).stat().st_size)
