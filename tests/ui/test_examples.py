"""The examples: what each digit is, and the model card's story of the shifted ones."""

from __future__ import annotations

from inferstack_sdk import Classified, Gateway, GatewayConfig
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_ui.examples import ALL_DIGITS, DIGITS, digit_uploads


def test_versions_2_and_3_read_every_example_and_version_1_fails_the_shifted_ones(
    gateway_server: GatewayServer,
) -> None:
    uploads = digit_uploads(ALL_DIGITS)
    assert [u.name for u in uploads] == [d.name for d in DIGITS]
    with Gateway(GatewayConfig(gateway_server.url)) as gateway:
        answers = {v: gateway.classify_uploads(uploads, model="digits", version=v) for v in "123"}
    best = {}
    for version, answer in answers.items():
        assert isinstance(answer, Classified)
        best[version] = [r.predictions[0].label for r in answer.response.results]
    assert best["2"] == best["3"] == [d.truth for d in DIGITS]
    for example, v1 in zip(DIGITS, best["1"], strict=True):
        assert (v1 == example.truth) is not example.shifted, example


def test_one_example_by_its_title() -> None:
    (upload,) = digit_uploads(DIGITS[0].title)
    assert upload.name == DIGITS[0].name
    assert upload.data.startswith(b"\x89PNG")
