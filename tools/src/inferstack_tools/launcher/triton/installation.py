"""Find the Triton bundled in the nvidia-pytriton wheel and check this platform can run it."""

from __future__ import annotations

import importlib.util
import os
import platform
import shutil
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from inferstack_tools.launcher.triton.errors import TritonSetupError

# The wheel is tagged manylinux_2_35_x86_64.
_MIN_GLIBC = (2, 35)
_BACKEND_FILES = ("libtriton_python.so", "triton_python_backend_utils.py")
_STUB = "triton_python_backend_stub"


@dataclass(frozen=True)
class TritonInstallation:
    """Paths inside the installed wheel that the launcher needs."""

    binary: Path
    python_backend: Path
    stub: Path
    libs: Path

    def library_path(self) -> str:
        """LD_LIBRARY_PATH for Triton and its stub: the wheel's libs, then this libpython's dir."""
        parts = [str(self.libs)]
        libdir = sysconfig.get_config_var("LIBDIR")
        if libdir:
            parts.append(str(libdir))
        if existing := os.environ.get("LD_LIBRARY_PATH"):
            parts.append(existing)
        return os.pathsep.join(parts)

    def prepare_backend_dir(self, work_dir: Path) -> Path:
        """Fill `<work_dir>/backends/python/` for this interpreter; return `<work_dir>/backends`."""
        target = work_dir / "backends" / "python"
        target.mkdir(parents=True, exist_ok=True)
        for name in _BACKEND_FILES:
            _copy_if_changed(self.python_backend / name, target / name)
        _copy_if_changed(self.stub, target / _STUB)
        return target.parent


def _copy_if_changed(source: Path, target: Path) -> None:
    if target.exists() and target.stat().st_size == source.stat().st_size:
        return
    shutil.copy2(source, target)  # copy2 keeps the stub's run bit


def _python_tag() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def _check_platform() -> None:
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        raise TritonSetupError(
            f"the bundled Triton runs on Linux x86-64 only (this is {sys.platform} "
            f"{platform.machine()}); use the official Triton container instead (see compose.yaml)"
        )
    libc, version = platform.libc_ver()
    if libc != "glibc":
        raise TritonSetupError("the bundled Triton needs glibc; use the official Triton container")
    found = tuple(int(part) for part in version.split(".")[:2])
    if found < _MIN_GLIBC:
        raise TritonSetupError(
            f"the bundled Triton needs glibc >= {'.'.join(map(str, _MIN_GLIBC))}, this machine has "
            f"{version}; use a newer distribution or the official Triton container"
        )


def _check_libpython() -> None:
    if not sysconfig.get_config_var("Py_ENABLE_SHARED"):
        name = f"libpython{_python_tag()}.so.1.0"
        system_dirs = [Path("/lib/x86_64-linux-gnu"), Path("/usr/lib/x86_64-linux-gnu")]
        if not any((d / name).exists() for d in system_dirs):
            raise TritonSetupError(
                f"Triton's Python backend needs the shared library {name}; install it "
                f"(Debian/Ubuntu: apt-get install libpython{_python_tag()}) or use a Python built "
                "with --enable-shared"
            )


def find_installation() -> TritonInstallation:
    """Locate the bundled Triton or raise `TritonSetupError` saying what to do."""
    _check_platform()
    spec = importlib.util.find_spec("pytriton")
    if spec is None or not spec.submodule_search_locations:
        raise TritonSetupError(
            "the nvidia-pytriton wheel is not installed in this environment; "
            "run the project's commands through ./dev so hatch installs it"
        )
    package = Path(next(iter(spec.submodule_search_locations)))
    root = package / "tritonserver"
    stub = root / "python_backend_stubs" / _python_tag() / _STUB
    if not stub.exists():
        available = sorted(p.name for p in (root / "python_backend_stubs").iterdir())
        raise TritonSetupError(
            f"Triton's Python backend has no stub for Python {_python_tag()} "
            f"(available: {', '.join(available)}); use one of those Python versions"
        )
    _check_libpython()
    installation = TritonInstallation(
        binary=root / "bin" / "tritonserver",
        python_backend=root / "backends" / "python",
        stub=stub,
        libs=package.parent / "nvidia_pytriton.libs",
    )
    for path in (installation.binary, installation.python_backend, installation.libs):
        if not path.exists():
            raise TritonSetupError(
                f"the nvidia-pytriton installation is incomplete: {path} is missing"
            )
    return installation
