"""The one registry every plug-in point uses (core/registry.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.registry import Registry


def test_entries_come_back_in_the_order_they_were_registered():
    things = Registry("things")
    things.register("b", 2)
    things.register("a", 1)
    assert things.keys() == ["b", "a"]
    assert things.values() == [2, 1]
    assert things.get("a") == 1
    assert things.get("missing") is None
    assert "a" in things and len(things) == 2


def test_registering_a_key_again_replaces_it_in_its_place():
    things = Registry("things")
    things.register("a", 1)
    things.register("b", 2)
    things.register("a", 10)
    assert things.items() == [("a", 10), ("b", 2)]


def test_order_and_after_state_the_order_instead_of_registration():
    things = Registry("things")
    things.register("listener", "theirs", after="casework")
    things.register("last", "z", order=100)
    things.register("casework", "ours")
    things.register("first", "a", order=-1)
    assert things.keys() == ["first", "casework", "listener", "last"]


def test_after_a_key_nobody_registered_is_no_constraint():
    things = Registry("things")
    things.register("a", 1, after="absent")
    assert things.keys() == ["a"]


def test_a_circle_of_afters_is_refused_plainly():
    things = Registry("things")
    things.register("a", 1, after="b")
    things.register("b", 2, after="a")
    with pytest.raises(ImproperlyConfigured, match="circle"):
        things.keys()


def test_a_test_replaces_the_contents_and_gets_them_back():
    things = Registry("things")
    things.register("real", 1)
    with things.replaced({"fake": 2}) as swapped:
        assert swapped.items() == [("fake", 2)]
        things.register("extra", 3)
        assert things.keys() == ["fake", "extra"]
    assert things.items() == [("real", 1)]


def test_a_test_adds_an_entry_beside_the_real_ones_for_a_while():
    things = Registry("things")
    things.register("real", 1)
    with things.added({"extra": 2}):
        assert things.keys() == ["real", "extra"]
    assert things.keys() == ["real"]
