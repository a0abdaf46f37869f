"""The catalog laid out for the Models page: tensor shapes, parameters, limits."""

from __future__ import annotations

from inferstack_ui import catalog as cat
from tests.ui.conftest import catalog_model as model


def test_only_the_first_variable_dimension_of_a_batching_model_is_the_batch() -> None:
    """Defect 3: [batch, batch] was shown for a text model's [-1, -1]."""
    text = model()
    assert cat.tensor_rows(text, "inputs")[0]["shape"] == "[batch, tokens (≤ 256)]"
    assert cat.tensor_rows(text, "outputs")[0]["shape"] == "[batch, 384]"
    image = model(
        task="image-classification",
        inputs=[{"name": "x", "datatype": "FP32", "shape": [-1, -1, 3]}],
    )
    assert cat.tensor_rows(image, "inputs")[0]["shape"] == "[batch, any, 3]"
    unbatched = model(task="image-classification", max_batch_size=0)
    assert cat.dimension_names(unbatched, [-1, 10]) == ["any", "10"], "no batch dimension at all"


def test_an_image_models_versions_say_what_each_reads() -> None:
    image = model(
        task="image-classification",
        versions=[
            {"version": "1", "state": "READY", "ready": True},
            {
                "version": "3",
                "state": "READY",
                "ready": True,
                "image_input": {"height": 28, "width": 28, "normalisation": "mnist"},
            },
        ],
        default_version="3",
    )
    rows = cat.version_rows(image)
    assert [(row["version"], row["input"]) for row in rows] == [("1", ""), ("3", "28x28 (mnist)")]
    assert "input" not in cat.version_rows(model())[0], "no column for a model without images"


def test_parameters_leave_the_card_to_its_own_table() -> None:
    rows = cat.parameter_rows(model())
    assert [row["parameter"] for row in rows] == ["max_sequence_length", "task"]


def test_limits_with_units() -> None:
    rows = cat.limit_rows(model())
    assert rows == [
        {"limit": "Request body", "at most": "1 KiB (1,024 bytes)"},
        {"limit": "Characters per text", "at most": "100 characters"},
    ]
