"""Classify every image file in a folder through the inferstack gateway, resumably.

The batch script to copy is one line: it runs the sdk's `inferstack-classify-folder` (the same
program, installed as a console script by
`pip install ./packages/client "./packages/sdk[folder]"`), whose
`--help` and module docstring (`inferstack_sdk.folder`) say everything: one CSV or JSONL line per
image, resume by running the same command again, bounded concurrency, retries with backoff,
exit status 0 all ok / 1 some failed / 2 usage error / 130 interrupted.

    python examples/classify_folder.py ./scans --recursive --output results.csv --concurrency 8

To write a batch script of your own, start from `inferstack_sdk.folder.run`: a `Gateway`, a
`BatchClassifier` with a `RetryPolicy`, and `in_threads` to run its chunks on a few threads.
"""

import sys

from inferstack_sdk.folder import main

if __name__ == "__main__":
    sys.exit(main())
