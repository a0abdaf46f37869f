"""Conventions of the gateway package, as tests: small modules, one module that knows Triton."""

from __future__ import annotations

import ast
from pathlib import Path

import inferstack_gateway

PACKAGE = Path(inferstack_gateway.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 300
#: Field names of Triton's model configuration and repository messages (config.pbtxt / JSON).
TRITON_FIELDS = {
    "data_type",
    "dims",
    "string_value",
    "max_batch_size",
    "version_policy",
    "instance_group",
    "label_filename",
    "raw_output_contents",
}


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def test_no_module_is_over_the_line_limit() -> None:
    long = {
        _relative(path): lines
        for path in MODULES
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def _imports_tritonclient(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            alias.name.split(".")[0] == "tritonclient" for alias in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tritonclient":
            return True
    return False


def test_exactly_one_module_imports_tritonclient() -> None:
    importers = [
        _relative(path)
        for path in MODULES
        if _imports_tritonclient(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert importers == ["triton/grpc_backend.py"]


def test_no_module_reads_a_triton_field_by_name() -> None:
    """Triton's messages are read into typed values by the adapter alone (as attributes of its
    protobuf messages); no module looks a Triton field up by its name as a string."""
    found = {}
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        if hits := names & TRITON_FIELDS:
            found[_relative(path)] = sorted(hits)
    assert not found, f"Triton field names as strings: {found}"


def test_the_adapter_check_can_fail() -> None:
    tree = ast.parse("from tritonclient.grpc import InferInput\nx = {'dims': [1]}")
    assert _imports_tritonclient(tree)
