"""English through Django's i18n: Accept-Language, the footer language switcher, and a
committed catalogue that is complete and compiled (a fresh machine has no GNU gettext)."""

import ast
import datetime
import gettext
import re
from pathlib import Path

import pytest

from django.conf import settings
from django.core.cache import cache
from django.test import Client

from campaigns.models import Campaign, Channel
from cms.demo import ensure_home_page
from cms.models import Industry
from surveys.awareness import build_awareness_survey

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdif%]|\{[a-z_0-9]*\}")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    return ensure_home_page()


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def switch_language(client, html: str, language: str, next_url: str):
    """Submit the footer form the way a browser without JavaScript does."""
    form = re.search(r'<form class="lang-switch" action="([^"]+)" method="post">(.*?)</form>', html, re.S)
    assert form, "language switcher missing"
    action, body = form.groups()
    assert re.search(rf'name="next" value="{re.escape(next_url)}"', body)
    return client.post(action, {"language": language, "next": next_url, "csrfmiddlewaretoken": csrf_token(html)})


# --- pages in English -----------------------------------------------------------------

def test_default_without_header_stays_chinese(client, home):
    html = html_of(client.get("/"))
    assert '<html lang="zh-hans">' in html
    assert "缴费测算" in html and "东至县人力资源和社会保障局" in html
    assert "Contribution estimator" not in html


def test_home_page_in_english_from_accept_language(client, home):
    html = html_of(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en">' in html
    assert ">Home</a>" in html and ">Contribution estimator</a>" in html and ">Policy explained</a>" in html
    assert '<h2 id="survey-call">Policy awareness survey</h2>' in html and "Contact us" in html
    assert "Dongzhi County Human Resources and Social Security Bureau" in html
    assert " · Dongzhi County work-injury insurance campaign</title>" in html
    assert "最新政策解读" not in html  # page content stays as edited; the template's own words do not


def test_estimator_in_english_with_result_and_errors(client, db):
    catering = Industry.objects.get(name="餐饮业")
    html = html_of(client.get("/estimate/", {"industry": catering.pk, "payroll": "50000", "headcount": "8"},
                              HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en">' in html
    assert "Work-injury insurance contribution estimator" in html
    assert "Total monthly payroll (yuan)" in html and "Monthly contribution" in html
    assert "× 0.4% (餐饮业, base rate for industry risk class 2)" in html
    html = html_of(client.get("/estimate/", {"industry": catering.pk, "payroll": "abc", "headcount": "-1"},
                              HTTP_ACCEPT_LANGUAGE="en"))
    assert "Payroll must be a number (in yuan), without words or letters." in html
    assert "The number of employees cannot be negative." in html


def test_login_page_in_english_and_chinese(client, db):
    english = html_of(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en">' in english and "Sign In" in english and ">Home</a>" in english
    chinese = html_of(client.get("/accounts/login/"))
    assert '<html lang="zh-hans">' in chinese and "登录" in chinese and "Sign In" not in chinese


def test_survey_answering_page_has_english_layout(client, townships):
    campaign = Campaign.objects.create(
        name="2024年小微企业参保扩面行动", starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 6, 30), deadline=datetime.date(2024, 6, 30), survey=build_awareness_survey(),
    )
    channel = Channel.objects.create(campaign=campaign, township=townships["尧渡镇"], kind=Channel.Kind.POSTER)
    html = html_of(client.get(f"/s/{channel.code}/", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en">' in html and "Skip to main content" in html and ">Home</a>" in html
    assert "<h2>Enterprise details</h2>" in html and ">Submit</button>" in html
    # An empty submission is refused with English messages and a count in the right plural.
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    response = client.post(f"/s/{channel.code}/", {"form_token": token, "csrfmiddlewaretoken": csrf_token(html)},
                           HTTP_ACCEPT_LANGUAGE="en")
    refused = response.content.decode()
    assert response.status_code == 400
    assert re.search(r"Not submitted: \d+ answers need correcting", refused)
    assert "Please enter the enterprise name (as on the business licence)." in refused
    assert "提交未成功" not in refused
    # The switcher keeps the respondent on the survey they scanned.
    client.cookies.clear()
    html = html_of(client.get(f"/s/{channel.code}/"))
    assert '<html lang="zh-hans">' in html
    response = switch_language(client, html, "en", f"/s/{channel.code}/")
    assert response.status_code == 302 and response["Location"] == f"/s/{channel.code}/"
    assert '<html lang="en">' in html_of(client.get(f"/s/{channel.code}/"))


# --- the footer switcher --------------------------------------------------------------

def test_switcher_form_is_labelled_and_lists_the_languages(client, home):
    html = html_of(client.get("/"))
    form = re.search(r'<form class="lang-switch".*?</form>', html, re.S).group(0)
    assert 'action="/i18n/setlang/"' in form and 'name="csrfmiddlewaretoken"' in form
    assert '<label for="lang-select">语言</label>' in form and '<select id="lang-select" name="language">' in form
    assert re.search(r'<option value="zh-hans" lang="zh-hans" selected>简体中文</option>', form)
    assert '<option value="en" lang="en">English</option>' in form
    assert '<button type="submit">切换语言</button>' in form
    english = html_of(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<label for="lang-select">Language</label>' in english and ">Change language</button>" in english
    assert '<option value="en" lang="en" selected>English</option>' in english


def test_switcher_sets_the_language_cookie_and_back(home):
    client = Client(enforce_csrf_checks=True)
    html = html_of(client.get("/"))
    response = switch_language(client, html, "en", "/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = html_of(client.get("/"))  # no Accept-Language: the cookie decides
    assert '<html lang="en">' in english and "Policy awareness survey" in english
    response = switch_language(client, english, "zh-hans", "/")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert '<html lang="zh-hans">' in html_of(client.get("/"))


def test_switcher_works_on_a_page_served_from_the_page_cache(home):
    first = Client(enforce_csrf_checks=True)
    assert first.get("/")["X-Page-Cache"] == "miss"
    visitor = Client(enforce_csrf_checks=True)
    cached = visitor.get("/")
    assert cached["X-Page-Cache"] == "hit"
    response = switch_language(visitor, html_of(cached), "en", "/")
    assert response.status_code == 302  # not 403: the cached form carries this visitor's token
    assert '<html lang="en">' in html_of(visitor.get("/"))


def test_switcher_refuses_a_foreign_next_url(home):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


# --- the committed catalogue ----------------------------------------------------------

def parse_po(path: Path) -> list[dict]:
    """A tiny .po reader: entries with flags, msgctxt, msgid, msgid_plural and msgstr[n]."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "obsolete": False, "msgctxt": None, "msgid": "", "msgid_plural": None,
                     "msgstr": {}}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        else:
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
            if match:
                keyword, index, value = match.groups()
                field = ("msgstr", int(index or 0)) if keyword.startswith("msgstr") else (keyword, None)
                text = ast.literal_eval(value)
            else:
                text = ast.literal_eval(line.strip())
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] = entry["msgstr"].get(field[1], "") + text
            else:
                entry[field[0]] = (entry[field[0]] or "") + text
    return entries


@pytest.fixture(scope="module")
def po_entries():
    entries = parse_po(LOCALE_DIR / "django.po")
    assert entries[0]["msgid"] == "" and "Language: en" in entries[0]["msgstr"][0]
    return [e for e in entries[1:] if not e["obsolete"]]


def test_every_msgid_is_translated_and_keeps_its_placeholders(po_entries):
    assert len(po_entries) > 400
    problems = []
    for entry in po_entries:
        sources = [entry["msgid"]] + ([entry["msgid_plural"]] * (len(entry["msgstr"]) - 1))
        if "fuzzy" in entry["flags"]:
            problems.append(("fuzzy", entry["msgid"]))
        for index, source in enumerate(sources):
            translation = entry["msgstr"].get(index, "")
            if not translation.strip():
                problems.append(("empty", entry["msgid"]))
            elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                problems.append(("placeholders", entry["msgid"]))
            elif re.search(r"[\u4e00-\u9fff]", translation) and "〔" not in translation:
                problems.append(("untranslated Chinese", entry["msgid"]))
    assert problems == []


def test_plural_forms_are_english(po_entries):
    plurals = [e for e in po_entries if e["msgid_plural"] is not None]
    assert plurals and all(len(e["msgstr"]) == 2 for e in plurals)


def test_compiled_mo_matches_the_po(po_entries):
    with open(LOCALE_DIR / "django.mo", "rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    expected = {}
    for entry in po_entries:
        key = f"{entry['msgctxt']}\x04{entry['msgid']}" if entry["msgctxt"] else entry["msgid"]
        if entry["msgid_plural"] is None:
            expected[key] = entry["msgstr"][0]
        else:
            for index, text in entry["msgstr"].items():
                expected[(key, index)] = text
    compiled = {key: value for key, value in catalog._catalog.items() if key != ""}
    assert compiled == expected
    assert catalog.ngettext("x", "y", 1) == "x"  # sanity: unknown ids fall through
    plural = next(e for e in po_entries if e["msgid_plural"])
    assert catalog.ngettext(plural["msgid"], plural["msgid_plural"], 1) == plural["msgstr"][0]
    assert catalog.ngettext(plural["msgid"], plural["msgid_plural"], 3) == plural["msgstr"][1]


def test_staff_report_method_page_in_english(client, reviewer):
    client.force_login(reviewer)
    html = html_of(client.get("/admin/reports/method/", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en"' in html and "What is counted" in html
    assert "95% confidence intervals are Wilson intervals" in html and "rates near 0 or 100%." in html
    assert re.search(r"fewer than \d+ valid responses are marked “\*”", html)
    assert "统计口径" not in html


def test_simplified_chinese_catalogue_repeats_every_msgid_of_the_english_one():
    """msgids are Chinese; the zh_Hans catalogue only makes their lookup fast. It must
    never change a string, and must hold every string the English catalogue holds."""
    zh_dir = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
    with open(zh_dir / "django.mo", "rb") as fh:
        zh = gettext.GNUTranslations(fh)
    with open(LOCALE_DIR / "django.mo", "rb") as fh:
        en = gettext.GNUTranslations(fh)
    zh_catalog = {k: v for k, v in zh._catalog.items() if k}
    assert zh_catalog, "the zh_Hans catalogue is empty"
    for key, value in zh_catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        assert value == msgid, (key, value)
    def msgids(catalog):
        return {k[0] if isinstance(k, tuple) else k for k in catalog if k}

    missing = msgids(en._catalog) - msgids(zh._catalog)
    assert not missing, sorted(missing)[:5]


def test_consultation_follow_up_screen_in_english(client, reviewer):
    client.force_login(reviewer)
    html = html_of(client.get("/admin/surveys/consultations/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "No consultation requests." in html and "Respondents who asked to be called back" in html
    assert "暂无咨询请求" not in html
    chinese = html_of(client.get("/admin/surveys/consultations/", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "暂无咨询请求。" in chinese
