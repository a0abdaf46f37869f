"""Each model's GPU configuration (``configs/gpu.pbtxt``, chosen by ``--model-config-name=gpu``)
is its CPU default with GPU instances, and the runners put a GPU instance on onnxruntime's CUDA
provider, on the CPU provider otherwise. No GPU here: the CUDA path is checked up to onnxruntime's
provider list; a GPU instance on this CPU-only onnxruntime must still load, on the CPU."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any, ClassVar

import numpy as np
import onnxruntime as ort
import pytest
from google.protobuf import text_format
from tritonclient.grpc import model_config_pb2

from inferstack_tools.launcher.process import free_ports
from inferstack_tools.launcher.triton.installation import find_installation
from model_repository.digits import onnx_batch_model
from model_repository.minilm import text_embedding_model
from tests.deploy.validators import ROOT

REPOSITORY = ROOT / "model_repository"
MODELS = sorted(p.parent.name for p in REPOSITORY.glob("*/config.pbtxt"))
RUNNERS = {"digits": onnx_batch_model, "minilm": text_embedding_model}
CPU, CUDA = "CPUExecutionProvider", "CUDAExecutionProvider"


def model_config(path: Path) -> Any:
    """Parse a config.pbtxt with Triton's own ModelConfig message (unknown fields fail)."""
    return text_format.Parse(path.read_text(encoding="utf-8"), model_config_pb2.ModelConfig())


def test_every_model_has_a_runner_under_test() -> None:
    assert sorted(RUNNERS) == MODELS


@pytest.mark.parametrize("model", MODELS)
def test_the_gpu_configuration_is_the_default_with_gpu_instances(model: str) -> None:
    default = model_config(REPOSITORY / model / "config.pbtxt")
    gpu = model_config(REPOSITORY / model / "configs" / "gpu.pbtxt")
    assert default.instance_group
    assert gpu.instance_group
    kinds = model_config_pb2.ModelInstanceGroup.Kind
    assert {group.kind for group in default.instance_group} == {kinds.Value("KIND_CPU")}
    assert {group.kind for group in gpu.instance_group} == {kinds.Value("KIND_GPU")}
    default.ClearField("instance_group")
    gpu.ClearField("instance_group")
    assert gpu == default, "configs/gpu.pbtxt differs from config.pbtxt beyond instance_group"


@pytest.mark.skipif(Path("/dev/nvidia0").exists(), reason="a GPU is here: Triton would serve")
def test_triton_reads_the_gpu_configuration_with_model_config_name(tmp_path: Path) -> None:
    """The real Triton 2.51 (nvidia-pytriton's) started with --model-config-name=gpu reads every
    model's configs/gpu.pbtxt: without a GPU it refuses each model's KIND_GPU instance group."""
    installation = find_installation()
    http, grpc, metrics = free_ports(3)
    command = [
        str(installation.binary),
        f"--model-repository={REPOSITORY}",
        f"--backend-directory={installation.prepare_backend_dir(tmp_path)}",
        "--model-config-name=gpu",
        "--http-address=127.0.0.1",
        f"--http-port={http}",
        "--grpc-address=127.0.0.1",
        f"--grpc-port={grpc}",
        "--metrics-address=127.0.0.1",
        f"--metrics-port={metrics}",
        "--exit-timeout-secs=5",
    ]
    env = {"PATH": str(Path(sys.executable).parent), "LD_LIBRARY_PATH": installation.library_path()}
    completed = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0, output
    for model in MODELS:
        refusal = f"instance group {model}_0 of model {model} has kind KIND_GPU but no GPUs"
        assert refusal in output, output


def test_a_misspelt_field_in_a_model_configuration_fails_to_parse(tmp_path: Path) -> None:
    text = (REPOSITORY / "minilm" / "configs" / "gpu.pbtxt").read_text(encoding="utf-8")
    broken = tmp_path / "gpu.pbtxt"
    broken.write_text(
        text.replace("\ninstance_group [", "\ninstance_groups [", 1), encoding="utf-8"
    )
    with pytest.raises(text_format.ParseError, match="instance_groups"):
        model_config(broken)


@pytest.mark.parametrize("runner", RUNNERS.values(), ids=RUNNERS.keys())
@pytest.mark.parametrize(
    ("kind", "device", "available", "expected"),
    [
        ("GPU", 1, [CUDA, CPU], [(CUDA, {"device_id": "1"}), CPU]),
        ("GPU", 0, [CPU], [CPU]),  # a CPU-only onnxruntime: fall back
        ("CPU", 0, [CUDA, CPU], [CPU]),  # the CPU default, even with onnxruntime-gpu
        ("MODEL", 0, [CUDA, CPU], [CPU]),
    ],
)
def test_execution_providers_follow_the_instance_kind(
    runner: ModuleType, kind: str, device: int, available: list[str], expected: list[Any]
) -> None:
    assert runner.execution_providers(kind, device, available) == expected


@pytest.mark.parametrize("runner", RUNNERS.values(), ids=RUNNERS.keys())
def test_no_runner_hard_codes_the_cpu_provider(runner: ModuleType) -> None:
    source = Path(str(runner.__file__)).read_text(encoding="utf-8")
    assert source.count('"CPUExecutionProvider"') == 1  # its one definition, CPU_PROVIDER
    assert "providers=providers" in source


class Logger:
    """Stands in for pb_utils.Logger: records what the runner logs."""

    messages: ClassVar[list[tuple[str, str]]] = []

    @classmethod
    def log_info(cls, message: str) -> None:
        cls.messages.append(("info", message))

    @classmethod
    def log_warn(cls, message: str) -> None:
        cls.messages.append(("warn", message))


@pytest.mark.parametrize(("kind", "level"), [("GPU", "warn"), ("CPU", "info")])
def test_a_gpu_instance_without_cuda_loads_on_the_cpu_and_says_so(
    monkeypatch: pytest.MonkeyPatch, kind: str, level: str
) -> None:
    assert CUDA not in ort.get_available_providers()  # the workspace's onnxruntime is CPU-only
    to_numpy = {"TYPE_FP32": np.float32}.__getitem__
    pb = SimpleNamespace(triton_string_to_numpy=to_numpy, Logger=Logger)
    monkeypatch.setitem(sys.modules, "triton_python_backend_utils", pb)
    Logger.messages = []
    config = {
        "name": "digits",
        "max_batch_size": 64,
        "input": [{"name": "pixels", "data_type": "TYPE_FP32", "dims": [8, 8]}],
        "output": [{"name": "probabilities", "data_type": "TYPE_FP32", "dims": [10]}],
    }
    model = onnx_batch_model.TritonPythonModel()
    model.initialize(
        {
            "model_config": json.dumps(config),
            "model_repository": str(REPOSITORY / "digits"),
            "model_version": "1",
            "model_instance_kind": kind,
            "model_instance_device_id": "0",
        }
    )
    assert model._session.get_providers() == [CPU]
    ((logged_level, message),) = Logger.messages
    assert logged_level == level
    assert f"{kind} instance, onnxruntime providers ['{CPU}']" in message
