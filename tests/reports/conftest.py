import pytest

from . import dataset


@pytest.fixture
def ds(townships):
    return dataset.build(townships)
