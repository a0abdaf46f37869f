"""Run the real Triton Inference Server shipped in the nvidia-pytriton wheel, on the CPU."""

from inferstack_tools.launcher.triton.errors import PortInUseError, TritonError, TritonSetupError
from inferstack_tools.launcher.triton.server import TritonServer
from inferstack_tools.launcher.triton.settings import TritonSettings

__all__ = ["PortInUseError", "TritonError", "TritonServer", "TritonSettings", "TritonSetupError"]
