import os
import sys
from pathlib import Path

from inferstack_sdk import Gateway, GatewayConfig, GatewayError, Upload

config = GatewayConfig(
    url=os.environ.get("INFERSTACK_GATEWAY_URL", "http://127.0.0.1:8080"),
    api_key=os.environ.get("INFERSTACK_API_KEY"),  # None: no key, for a gateway without keys
)
image = Path(sys.argv[1])
with Gateway(config) as gateway:
    answer = gateway.classify([Upload(image.name, image.read_bytes())], model="digits", top_k=3)
if isinstance(answer, GatewayError):  # calls never raise: down, slow, refusing, ...
    sys.exit(f"error: {answer.message}")
for guess in answer.response.results[0].predictions:
    print(f"{guess.label}  {guess.probability:.1%}")
