"""Issue #33's numbered breaks (1-12) and issue #46's (13-22), replayed against a real server (qa_lab/attack.py; the report with its
counts is benchmarks/attack.py): each must hold, with no loss and no exposure."""
import pytest

from qa_lab import attack, attack4


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    work = tmp_path_factory.mktemp("attack")
    outcomes = attack.run_all(work, quick=True) + attack4.run_round4(work / "round4", quick=True)
    return {o.number: o for o in outcomes}


@pytest.mark.slow
@pytest.mark.parametrize("number", range(1, 23))
def test_the_break_holds(outcomes, number):
    o = outcomes[number]
    assert o.requests > 0 and o.losses == 0 and o.exposures == 0 and o.held, (o.name, o.detail)
