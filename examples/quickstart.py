import base64
import os
import sys
from pathlib import Path

from inferstack_client import AuthenticatedClient, models
from inferstack_client.api.image_classification import classify_images

client = AuthenticatedClient(  # a gateway without API keys ignores the token
    base_url=os.environ.get("INFERSTACK_GATEWAY_URL", "http://127.0.0.1:8080"),
    token=os.environ.get("INFERSTACK_API_KEY", "none"),
)
image = models.ImageInput(data=base64.b64encode(Path(sys.argv[1]).read_bytes()).decode())
request = models.ImageClassificationRequest(images=[image], top_k=3)
answer = classify_images.sync(client=client, body=request)
if not isinstance(answer, models.ImageClassificationResponse):
    sys.exit(f"error: {answer.detail if answer else 'unexpected answer'}")
for guess in answer.results[0].predictions:
    print(f"{guess.label}  {guess.probability:.1%}")
