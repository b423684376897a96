"""A connection's budget: a burst, then its rate; handlers in flight; refusals forgiven at its rate."""

from __future__ import annotations

from judging.realtime.limits import REFUSALS_BEFORE_DISCONNECT, Budget, Limits

LIMITS = Limits(rate=2, burst=5, in_flight=2)


def test_a_burst_then_the_rate():
    budget = Budget(LIMITS, now=0.0)
    assert [budget.admit(0.0, handler=False) for _ in range(6)] == [True] * 5 + [False]
    assert budget.admit(0.5, handler=False) is True  # half a second at 2 a second: one more
    assert budget.admit(0.5, handler=False) is False
    assert [budget.admit(100.0, handler=False) for _ in range(6)] == [True] * 5 + [False]  # never more than the burst


def test_handlers_in_flight_are_bounded_and_released():
    budget = Budget(LIMITS, now=0.0)
    assert budget.admit(0.0, handler=True) and budget.admit(0.0, handler=True)
    assert budget.admit(0.0, handler=True) is False
    assert budget.admit(0.0, handler=False) is True  # a message that starts no handler still may
    budget.finished()
    assert budget.admit(0.0, handler=True) is True


def test_refusals_lead_to_a_disconnect_unless_the_client_slows_down():
    budget = Budget(LIMITS, now=0.0)
    assert not any(budget.refuse() for _ in range(REFUSALS_BEFORE_DISCONNECT))
    budget.admit(10.0, handler=False)  # ten quiet seconds forgive twenty refusals at 2 a second
    assert not any(budget.refuse() for _ in range(REFUSALS_BEFORE_DISCONNECT))
    assert budget.refuse() is True
