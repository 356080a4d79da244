"""lazy_parts: a context-building function runs once if any part is read, never if none."""

from commissioning.lib.lazy_context import lazy_parts


def test_the_build_runs_once_for_every_part_read_and_never_if_none_is():
    runs = []

    def build():
        runs.append(1)
        return {"a": [1, 2], "b": "text"}

    unread = lazy_parts(build, ["a", "b"])
    assert runs == [] and set(unread) == {"a", "b"}

    parts = lazy_parts(build, ["a", "b"])
    assert list(parts["a"]) == [1, 2]
    assert str(parts["b"]) == "text"
    assert len(parts["a"]) == 2
    assert runs == [1]
