"""Shared pieces of the fuzz suite: hostile text, the example budget, a counter that the
session summary (tests/conftest.py) reports, and a memory check."""

import resource

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = 1000
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)
MAX_RSS_GROWTH_MB = 200

NASTY = [
    "", " ", "\x00", "nul\x00name", "\x1b[31m", "\r\n", "\u202e", "\ufeff", "\ud7ff", "\U0010ffff", "1e999999999",
    "-1e999999999", "1E+99999999999999999999", "NaN", "sNaN", "Infinity", "-0", "０.５", "１２０００", "1,000,000",
    "9" * 60, "=HYPERLINK(\"http://x\")", "+86", "@SUM(A1)", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "%ff",
    "名" * 201, "x" * 2100, "91341721MA2NBT6Q1D", "91341721ma2nbt6q1d", "9134172", "null", "None", "[]", "{}",
]
hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.text(st.characters(max_codepoint=0x9F), max_size=30),  # ASCII, C0 and C1 controls
)


class Counter:
    """Examples run by one fuzz test, recorded on the test's report so that the
    controller process (xdist) can add them up."""

    def __init__(self, node):
        self.node, self.n, self.rss_baseline = node, 0, None

    def tick(self):
        self.n += 1
        if self.n == 2:  # after one warm-up example: first-use imports and caches are not growth
            self.rss_baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def record(self):
        self.node.user_properties.append(("fuzz_examples", self.n))

    def check(self):
        assert self.n >= EXAMPLES, f"only {self.n} examples ran"


@pytest.fixture
def fuzz_counter(request):
    counter = Counter(request.node)
    yield counter
    counter.record()
    growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - (counter.rss_baseline or 0)) / 1024
    assert growth_mb < MAX_RSS_GROWTH_MB, f"peak memory grew by {growth_mb:.0f} MB"


@pytest.fixture
def no_limits(settings):
    for name in ("SUBMIT_LIMIT_PER_IP", "FORM_LIMIT_PER_IP", "SUBMIT_LIMIT_PER_TOKEN", "SUBMIT_LIMIT_PER_ENTERPRISE"):
        setattr(settings, f"SURVEYS_{name}", 10**9)
