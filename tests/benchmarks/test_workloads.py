import json

import numpy as np

from inferstack_bench.workloads import INPUTS_PER_WORKLOAD, load, sentences


def test_every_form_of_a_workload_carries_the_same_inputs() -> None:
    for model in ("digits", "minilm"):
        workload = load(model)
        v2 = workload.v2_bodies()
        assert len(workload.task_bodies) == len(workload.tensors) == len(v2) == INPUTS_PER_WORKLOAD
        first = json.loads(v2[0])
        for sent, (name, array) in zip(first["inputs"], workload.tensors[0].items(), strict=True):
            assert sent["name"] == name
            assert sent["shape"] == list(array.shape)
            assert np.array_equal(np.asarray(sent["data"]).reshape(array.shape), array)


def test_the_sentences_differ() -> None:
    assert len(set(sentences(64))) == 64
