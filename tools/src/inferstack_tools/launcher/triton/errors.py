"""Launcher errors. Each carries a one-line message meant for a person, not a traceback."""


class TritonError(Exception):
    """Base class: something stopped Triton from starting or serving."""


class TritonSetupError(TritonError):
    """The platform or the installation cannot run the bundled Triton."""


class PortInUseError(TritonError):
    """A port Triton needs is already taken."""
