import pytest

from django.core.exceptions import ValidationError

from campaigns.uscc import CHARSET, check_uscc, make_uscc, normalize_uscc, organisation_check_character, validate_uscc

from .conftest import VALID_CODES


@pytest.mark.parametrize("code", VALID_CODES)
def test_published_and_dongzhi_style_codes_pass_both_checks(code):
    result = check_uscc(code)
    assert result.valid, result.message
    assert validate_uscc(code) == code


def test_pre_2016_code_with_wrong_check_character_fails():
    result = check_uscc("91350203M0001QKT19")
    assert result.well_formed and not result.check_ok
    with pytest.raises(ValidationError) as exc:
        validate_uscc("91350203M0001QKT19")
    assert exc.value.code == "check"
    assert "请核对" in exc.value.messages[0]


@pytest.mark.parametrize(("raw", "expected"), [
    ("９１３１０１１０６６６００７２１７Ｔ", "91310110666007217T"),  # full-width digits and letter
    ("91310110666007217t", "91310110666007217T"),
    (" 9131 0110 6660 0721 7T ", "91310110666007217T"),
    ("91430111-MA4L41YT-1U", "91430111MA4L41YT1U"),
    ("\u300091341721ma2nbt6q1d\t", "91341721MA2NBT6Q1D"),  # ideographic space, lower case
])
def test_normalisation_before_validation(raw, expected):
    assert normalize_uscc(raw) == expected
    assert validate_uscc(raw) == expected


@pytest.mark.parametrize(("raw", "fragment"), [
    ("", "请填写"),
    ("9131011066600721", "18位"),
    ("91310110666007217TT", "18位"),
    ("91310110666007217I", "不允许的字符"),  # I never occurs
    ("9131011066600721OS", "不允许的字符"),
    ("91310110666007217中", "不允许的字符"),
])
def test_malformed_codes_are_rejected_with_a_reason(raw, fragment):
    result = check_uscc(raw)
    assert not result.well_formed
    assert fragment in result.message
    with pytest.raises(ValidationError) as exc:
        validate_uscc(raw)
    assert exc.value.code == "malformed"


def test_every_single_character_change_of_a_valid_code_is_caught():
    code = "91341721MA2NBT6Q1D"
    for position in range(18):
        for ch in CHARSET:
            if ch == code[position]:
                continue
            changed = code[:position] + ch + code[position + 1:]
            assert not check_uscc(changed).valid, changed


def test_organisation_code_check_is_enforced_separately():
    # A code whose 18th character is right for its first 17, but whose organisation code is wrong.
    from campaigns.uscc import uscc_check_character

    first17 = "91341721MA2NBT6Q2"  # organisation check character should be 1
    code = first17 + uscc_check_character(first17)
    result = check_uscc(code)
    assert result.well_formed and not result.check_ok
    assert "组织机构代码" in result.message


def test_organisation_check_maps_10_to_x_and_11_to_0():
    # Find prefixes that hit both special values, so the mapping is exercised.
    seen = {organisation_check_character(f"{n:08d}") for n in range(200)}
    assert {"X", "0"} <= seen


def test_make_uscc_builds_codes_that_pass():
    for n in range(50):
        assert check_uscc(make_uscc("92341700", f"MA{n:06d}")).valid
