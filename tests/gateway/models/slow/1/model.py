"""Waits as long as asked, in 5 ms steps, and stops early when its request is cancelled."""

import time

import numpy as np
import triton_python_backend_utils as pb_utils

STEP_S = 0.005


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            delay = pb_utils.get_input_tensor_by_name(request, "delay_ms").as_numpy()
            delay_s = int(delay[0][0]) / 1000
            start = time.monotonic()
            cancelled = False
            while time.monotonic() - start < delay_s:
                if request.is_cancelled():
                    cancelled = True
                    break
                time.sleep(STEP_S)
            if cancelled:
                error = pb_utils.TritonError("cancelled", pb_utils.TritonError.CANCELLED)
                responses.append(pb_utils.InferenceResponse(error=error))
                continue
            waited = np.array([[int((time.monotonic() - start) * 1000)]], dtype=np.int32)
            responses.append(pb_utils.InferenceResponse([pb_utils.Tensor("waited_ms", waited)]))
        return responses
