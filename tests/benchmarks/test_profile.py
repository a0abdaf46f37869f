from inferstack_bench.profile import top_functions


def test_collapsed_stacks_count_inclusive_and_own_samples() -> None:
    collapsed = "main (a.py:1);handle (b.py:2);decode (c.py:3) 6\nmain (a.py:1);handle (b.py:2) 4\n"
    inclusive, own, total = top_functions(collapsed)
    assert total == 10
    assert dict(inclusive)["main (a.py:1)"] == 10
    assert dict(inclusive)["decode (c.py:3)"] == 6
    assert dict(own) == {"decode (c.py:3)": 6, "handle (b.py:2)": 4}
