"""`inferstack-stack`: the whole stack on this machine, printing where to open it."""

from __future__ import annotations

from inferstack_tools.supervisor import supervise
from inferstack_tools.triton.server import TritonServer
from inferstack_tools.triton.settings import TritonSettings


def main() -> int:
    return supervise([TritonServer(TritonSettings())])


if __name__ == "__main__":
    raise SystemExit(main())
