"""Export a fitted scikit-learn classifier to ONNX with an image-shaped input contract.

The exported graph takes ``[N, *image_shape]`` float32 pixels, flattens them inside the graph and
returns only the class probabilities (no label output, no ZipMap), so a runtime needs no
preprocessing of its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType

PROBABILITIES = "probabilities"  # skl2onnx's name for the class-probability output
# Upper bounds: skl2onnx uses the lowest opsets that suffice, never newer ones than these.
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}
_FLAT_INPUT = "features"


def to_onnx(
    classifier: Any,
    *,
    image_shape: Sequence[int],
    input_name: str,
    graph_name: str,
    doc_string: str = "",
) -> onnx.ModelProto:
    """Convert a fitted sklearn classifier or pipeline to a checked ONNX model.

    Input: ``input_name``, float32 ``[N, *image_shape]``. Output: ``probabilities``, float32
    ``[N, n_classes]``.
    """
    n_features = math.prod(image_shape)
    final_step = classifier.steps[-1][1] if hasattr(classifier, "steps") else classifier
    converted = convert_sklearn(
        classifier,
        initial_types=[(_FLAT_INPUT, FloatTensorType([None, n_features]))],
        options={id(final_step): {"zipmap": False}},
        target_opset=TARGET_OPSET,
    )
    _prepend_reshape(converted.graph, input_name, image_shape, n_features)
    model = onnx.utils.Extractor(converted).extract_model([input_name], [PROBABILITIES])
    _sort_opset_imports(model)
    model.graph.name = graph_name
    model.doc_string = doc_string
    model.producer_name = converted.producer_name
    model.producer_version = converted.producer_version
    onnx.checker.check_model(model, full_check=True)
    return model


def _prepend_reshape(
    graph: onnx.GraphProto, input_name: str, image_shape: Sequence[int], n_features: int
) -> None:
    """Replace the flat ``[N, n_features]`` graph input by ``[N, *image_shape]`` plus a Reshape."""
    # 0 copies the batch dimension (Reshape's allowzero=0), which also works for an empty batch.
    shape = numpy_helper.from_array(np.array([0, n_features], dtype=np.int64), "flatten_shape")
    graph.initializer.append(shape)
    reshape = helper.make_node(
        "Reshape", [input_name, shape.name], [_FLAT_INPUT], name="flatten_pixels"
    )
    graph.node.insert(0, reshape)
    del graph.input[:]
    graph.input.append(
        helper.make_tensor_value_info(input_name, TensorProto.FLOAT, ["N", *image_shape])
    )


def _sort_opset_imports(model: onnx.ModelProto) -> None:
    """Order opset imports by domain: skl2onnx emits them in set order, which varies by run."""
    imports = sorted((entry.domain, entry.version) for entry in model.opset_import)
    del model.opset_import[:]
    model.opset_import.extend(helper.make_opsetid(domain, version) for domain, version in imports)


def opsets(model: bytes) -> dict[str, int]:
    """The opset version of each domain an ONNX model imports ("" is the default domain)."""
    return {entry.domain: entry.version for entry in onnx.load_from_string(model).opset_import}


def run_onnx(model: bytes, input_name: str, batch: npt.NDArray[np.float32]) -> npt.NDArray[Any]:
    """Run an ONNX model's first output on ``batch`` with onnxruntime on one CPU thread."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    (result,) = session.run([session.get_outputs()[0].name], {input_name: batch})
    return np.asarray(result)
