"""`inferstack-classify-folder`: classify every image file in a folder through the gateway,
resumably.

Each image file (.png .jpg .jpeg .gif .bmp .webp, any case) under FOLDER is sent to the gateway's
image-classification endpoint through this sdk, a few requests at a time on a pool of threads
(`--concurrency`), and gets exactly ONE line in the output file (CSV or JSON Lines, chosen by the
output's extension):

    path         the file's path relative to FOLDER (the key used to resume)
    status       ok | error
    label        the most probable label            (ok only)
    probability  its probability                    (ok only)
    model        the model asked for / that answered
    version      the model version that answered    (ok only)
    top_k        the top-k labels as JSON: [{"label": "3", "probability": 0.97}, ...]
    error        why it failed (HTTP status and the gateway's problem detail, or the network
                 error)                             (error only)

Resuming: lines are appended and flushed one by one, never rewritten. Run the same command again
after an interruption or a partial failure: inputs that already have an `ok` line are skipped,
inputs that failed are tried again (unless --skip-errors) and get a new line; the latest line of
a path is its current result. Lines come in the order the requests finish, not in file order.

Failures (the sdk's `BatchClassifier`): a batch request that the gateway rejects because of some
of its images (a 4xx problem whose `errors` point at ["body", "images", i]) marks exactly those
images as failed, and the other images of that batch are retried one by one, so one bad file
never fails its batch-mates. A batch that is too large (413) is retried one image at a time too.
Transient failures (429, 502, 503, 504, connection errors, timeouts) are retried with
exponential backoff, --retries times. Once the gateway stays unreachable or silent through the
retries, or refuses the API key, nothing more is sent: the inputs left get an error line
("not sent: ...") and are tried again on the next run.

Exit status: 0 when every input is ok, 1 when some input failed (its line says why), 2 on a usage
error (missing folder, unusable output file, gateway unreachable or refusing at start), 130 when
interrupted.

Why the base64 JSON operation (`classify_images`) rather than the multipart one
(`Gateway.classify_uploads`, which the UI uses): this program's results and resume files were
built around it and its problems name images by their index in `images`; the multipart route
names them in `files` just as well, and saves base64's one-third size overhead, which is small
next to the inference for scans of this size.
"""

from inferstack_sdk.folder.run import main

__all__ = ["main"]
