"""`inferstack-stack`: the whole stack on this machine, printing where to open it.

Ports: Triton from TRITON_* (8000/8001/8002), the gateway from STACK_GATEWAY_PORT (8080).
"""

from __future__ import annotations

import os

from inferstack_tools.gateway import GatewayServer
from inferstack_tools.supervisor import supervise
from inferstack_tools.triton.server import TritonServer
from inferstack_tools.triton.settings import TritonSettings


def main() -> int:
    triton = TritonServer(TritonSettings())
    gateway = GatewayServer(
        host=os.environ.get("STACK_HOST", "127.0.0.1"),
        port=int(os.environ.get("STACK_GATEWAY_PORT", "8080")),
        log_file=triton.settings.work_dir.parent / "gateway.log",
        env={"GATEWAY_TRITON_URL": triton.grpc_url},
    )
    return supervise([triton, gateway])


if __name__ == "__main__":
    raise SystemExit(main())
